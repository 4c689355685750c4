import Plot

/// The resource library: what residents see (published items, filtered by tag) and what staff see (everything,
/// adding an item, approving it).
public enum ResourcePages {
    public struct Item: Sendable {
        public var id: String
        public var title: String
        public var description: String
        public var kind: String
        /// "PDF, 1.2 MB" or "Link to another website".
        public var format: String
        public var tags: [String]
        public var altText: String
        public var transcript: String
        public var isImage: Bool
        public var isLink: Bool
        public var status: String
        public var statusLabel: String
        public var note: String
        public var addedBy: String
        public var added: String
        public var moderated: String
        public var views: Int
        public var downloads: Int
        public init(
            id: String, title: String, description: String, kind: String, format: String, tags: [String],
            altText: String, transcript: String,
            isImage: Bool, isLink: Bool, status: String, statusLabel: String, note: String, addedBy: String,
            added: String, moderated: String,
            views: Int, downloads: Int
        ) {
            self.id = id
            self.title = title
            self.description = description
            self.kind = kind
            self.format = format
            self.tags = tags
            self.altText = altText
            self.transcript = transcript
            self.isImage = isImage
            self.isLink = isLink
            self.status = status
            self.statusLabel = statusLabel
            self.note = note
            self.addedBy = addedBy
            self.added = added
            self.moderated = moderated
            self.views = views
            self.downloads = downloads
        }
    }

    public typealias Options = [(value: String, label: String)]

    public struct Filters: Sendable {
        public var themes: Options, audiences: Options, objectives: Options, kinds: Options
        public var theme: String, audience: String, objective: String, kind: String
        public init(
            themes: Options, audiences: Options, objectives: Options, kinds: Options, theme: String, audience: String,
            objective: String, kind: String
        ) {
            self.themes = themes
            self.audiences = audiences
            self.objectives = objectives
            self.kinds = kinds
            self.theme = theme
            self.audience = audience
            self.objective = objective
            self.kind = kind
        }
    }

    // MARK: public

    public static func publicList(slug: String, partnershipName: String, items: [Item], filters: Filters) -> String {
        let any = [(value: "", label: "Any")]
        let filtered = !(filters.theme + filters.audience + filters.objective + filters.kind).isEmpty
        return Page.render(
            title: "Resources – \(partnershipName)", chrome: .publicPage(slug: slug),
            content: .div(
                .p(.a(.class("back-link"), .href(SiteURL.publicHome(slug: slug).path), .text("Back"))),
                .h1(.text("Resources")),
                .p(
                    .class("lead"),
                    .text(
                        "Videos, posters, leaflets and lesson plans made by the partnership and local people, free to use and share."
                    )),
                .form(
                    .method(.get), .action(SiteURL.publicResources(slug: slug).path), .class("filter-form"),
                    .element(
                        named: "div",
                        nodes: [
                            Form.select(
                                name: "theme", label: "Theme", options: any + filters.themes, selected: filters.theme,
                                errors: []),
                            Form.select(
                                name: "audience", label: "Who it is for", options: any + filters.audiences,
                                selected: filters.audience, errors: []),
                            Form.select(
                                name: "objective", label: "Aim", options: any + filters.objectives,
                                selected: filters.objective, errors: []),
                            Form.select(
                                name: "kind", label: "Kind", options: any + filters.kinds, selected: filters.kind,
                                errors: []),
                            .button(.type(.submit), .class("button secondary"), .text("Show resources")),
                        ])),
                .p(
                    .attribute(named: "role", value: "status"),
                    .text(
                        "\(items.count) resource\(items.count == 1 ? "" : "s")"
                            + (filtered ? " match" + (items.count == 1 ? "es" : "") + " your choices." : "."))),
                .if(filtered, .p(.a(.href(SiteURL.publicResources(slug: slug).path), .text("Show all resources")))),
                .ul(
                    .class("resource-list"),
                    .forEach(items) { item in
                        .li(
                            .h2(.a(.href(SiteURL.publicResource(slug: slug, id: item.id).path), .text(item.title))),
                            .p(.text(item.description)),
                            .p(
                                .class("hint"),
                                .text(
                                    "\(item.kind) · \(item.format)"
                                        + (item.tags.isEmpty ? "" : " · " + item.tags.joined(separator: ", ")))))
                    })
            ))
    }

    public static func publicItem(slug: String, item: Item) -> String {
        Page.render(
            title: "\(item.title) – Resources", chrome: .publicPage(slug: slug),
            content: .div(
                .p(
                    .a(.class("back-link"), .href(SiteURL.publicResources(slug: slug).path), .text("Back to resources"))
                ),
                .span(.class("caption"), .text(item.kind)),
                .h1(.text(item.title)),
                .p(.class("lead"), .text(item.description)),
                .if(
                    item.isImage,
                    .p(
                        .img(
                            .class("resource-image"),
                            .src(SiteURL.publicResourceFile(slug: slug, id: item.id).path + "?view=inline"),
                            .alt(item.altText)))),
                .if(
                    !item.isImage && !item.altText.isEmpty, .group(.h2(.text("What it shows")), .p(.text(item.altText)))
                ),
                item.isLink
                    ? .p(
                        .a(
                            .class("button"), .href(SiteURL.publicResourceOpen(slug: slug, id: item.id).path),
                            .text("Open “\(item.title)”"),
                            .span(.class("visually-hidden"), .text(" (on another website)"))))
                    : .p(
                        .a(
                            .class("button"), .href(SiteURL.publicResourceFile(slug: slug, id: item.id).path),
                            .text("Download"),
                            .span(.class("visually-hidden"), .text(" “\(item.title)”")), .text(" (\(item.format))"))),
                .if(item.isLink, .p(.class("hint"), .text("This opens a page on another website."))),
                .if(
                    !item.transcript.isEmpty,
                    .group(
                        .h2(.text("Transcript")),
                        .details(
                            .summary(.text("Read the transcript")),
                            .element(
                                named: "div",
                                nodes: item.transcript.split(separator: "\n").map { .p(.text(String($0))) })))),
                .h2(.text("About this resource")),
                .dl(
                    .class("summary-list"),
                    .dt(.text("Topics")), .dd(.text(item.tags.joined(separator: ", "))),
                    .dt(.text("Added")), .dd(.text(item.added)))
            ))
    }

    // MARK: staff

    public static func staffList(
        slug: String, items: [Item], canAdd: Bool, status: String,
        counts: [(status: String, label: String, count: Int)],
        chrome: Chrome
    ) -> String {
        Page.render(
            title: "Resource library", chrome: chrome,
            content: .div(
                .h1(.text("Resource library")),
                .p(
                    .text(
                        "Items partners have added. Nothing is public until a coordinator approves it; residents see published items at "
                    ),
                    .a(
                        .href(SiteURL.publicResources(slug: slug).path), .text(SiteURL.publicResources(slug: slug).path)
                    ), .text(".")),
                .if(
                    canAdd,
                    .p(
                        .a(
                            .class("button"), .href(SiteURL.partnership(slug: slug, .resourceNew).path),
                            .text("Add a resource")))),
                .nav(
                    .attribute(named: "aria-label", value: "Show"),
                    .ul(
                        .class("inline-links"),
                        .li(
                            .a(
                                .href(SiteURL.partnership(slug: slug, .resources).path),
                                .if(status.isEmpty, .attribute(named: "aria-current", value: "page")),
                                .text("All (\(counts.reduce(0) { $0 + $1.count }))"))),
                        .forEach(counts) { entry in
                            .li(
                                .a(
                                    .href(SiteURL.partnership(slug: slug, .resources).path + "?status=\(entry.status)"),
                                    .if(status == entry.status, .attribute(named: "aria-current", value: "page")),
                                    .text("\(entry.label) (\(entry.count))")))
                        })),
                items.isEmpty
                    ? .p(.text("Nothing here yet."))
                    : .div(
                        .class("table-scroll"),
                        .table(
                            .class("table"),
                            .caption(.class("visually-hidden"), .text("Resources")),
                            .thead(
                                .tr(
                                    .th(.text("Title")), .th(.text("Kind")), .th(.text("Status")),
                                    .th(.text("Added by")),
                                    .th(.class("numeric"), .text("Views")),
                                    .th(.class("numeric"), .text("Downloads or opens")))),
                            .tbody(
                                .forEach(items) { item in
                                    .tr(
                                        .td(
                                            .a(
                                                .href(SiteURL.partnership(slug: slug, .resource(id: item.id)).path),
                                                .text(item.title))), .td(.text(item.kind)),
                                        .td(.strong(.class("tag tag-\(item.status)"), .text(item.statusLabel))),
                                        .td(.text(item.addedBy)),
                                        .td(.class("numeric"), .text("\(item.views)")),
                                        .td(.class("numeric"), .text("\(item.downloads)")))
                                })))
            ))
    }

    public struct NewModel: Sendable {
        public var slug: String
        public var kinds: Options, themes: Options, audiences: Options, objectives: Options
        public var title = "", description = "", kind = "", link = "", altText = "", transcript = ""
        public var themeIDs: Set<String> = [], audienceIDs: Set<String> = [], objectiveIDs: Set<String> = []
        public var maxSize: String
        public var errors: [FormError] = []
        public init(
            slug: String, kinds: Options, themes: Options, audiences: Options, objectives: Options, maxSize: String
        ) {
            self.slug = slug
            self.kinds = kinds
            self.themes = themes
            self.audiences = audiences
            self.objectives = objectives
            self.maxSize = maxSize
        }
    }

    public static func new(_ m: NewModel, chrome: Chrome) -> String {
        Page.render(
            title: (m.errors.isEmpty ? "" : "Error: ") + "Add a resource", chrome: chrome,
            content: .div(
                .p(
                    .a(
                        .class("back-link"), .href(SiteURL.partnership(slug: m.slug, .resources).path),
                        .text("Back to the resource library"))),
                Form.errorSummary(m.errors),
                .h1(.text("Add a resource")),
                .p(
                    .text(
                        "A coordinator checks every item before it is public. Upload a file or link to where it is published (for example a video site)."
                    )),
                .form(
                    .action(SiteURL.partnership(slug: m.slug, .resourceNew).path), .method(.post),
                    .enctype(.multipartData),
                    .attribute(named: "novalidate"),
                    .element(
                        named: "div",
                        nodes: [
                            Form.csrfField(chrome.csrfToken),
                            Form.input(.init(name: "title", label: "Title", value: m.title), errors: m.errors),
                            Form.textarea(
                                "description", "Description",
                                hint: "What it is and who it is for, in a sentence or two.", value: m.description,
                                errors: m.errors, rows: 3),
                            Form.select(
                                name: "kind", label: "Kind of resource", options: [("", "Choose")] + m.kinds,
                                selected: m.kind, errors: m.errors),
                            Form.fileInput(
                                name: "file", label: "File (optional if you give a link)",
                                hint:
                                    "PDF, image (PNG, JPEG, GIF, WebP), video (MP4, WebM), MP3, Word, PowerPoint, Excel or text. Files are checked by their content; programs, scripts, web pages and documents with macros are refused. Largest: 20 MB, or 200 MB for video and audio.",
                                accept: nil, errors: m.errors),
                            Form.input(
                                .init(
                                    name: "link", label: "Or a link to it (optional if you upload a file)",
                                    hint: "A full address starting https://", value: m.link, type: .url),
                                errors: m.errors),
                            Form.textarea(
                                "altText", "What it shows (needed for images and posters)",
                                hint:
                                    "Describe the image for people who cannot see it, in a sentence or two: the main words and picture.",
                                value: m.altText, errors: m.errors, rows: 3),
                            Form.textarea(
                                "transcript", "Transcript (needed for video and audio)",
                                hint:
                                    "Everything said, and important sounds, so people who cannot hear it get the same message.",
                                value: m.transcript, errors: m.errors, rows: 6),
                            Form.checkboxes(
                                name: "themes", legend: "Themes", options: m.themes, selected: m.themeIDs,
                                errors: m.errors),
                            Form.checkboxes(
                                name: "audiences", legend: "Who it is for", options: m.audiences,
                                selected: m.audienceIDs, errors: m.errors),
                            Form.checkboxes(
                                name: "objectives", legend: "Objectives it supports", options: m.objectives,
                                selected: m.objectiveIDs, errors: m.errors),
                            Form.submit("Send for approval"),
                        ]))
            ))
    }

    public static func staffItem(
        slug: String, item: Item, canModerate: Bool, canOpenFile: Bool, errors: [FormError], note: String,
        chrome: Chrome
    ) -> String {
        let moderation = SiteURL.partnership(slug: slug, .resourceModerate(id: item.id))
        return Page.render(
            title: (errors.isEmpty ? "" : "Error: ") + item.title + " – Resource library", chrome: chrome,
            content: .div(
                .p(
                    .a(
                        .class("back-link"), .href(SiteURL.partnership(slug: slug, .resources).path),
                        .text("Back to the resource library"))),
                Form.errorSummary(errors),
                .span(.class("caption"), .text(item.kind)),
                .h1(.text(item.title)),
                .p(.strong(.class("tag tag-\(item.status)"), .text(item.statusLabel))),
                .if(!item.note.isEmpty, .div(.class("notice"), .p(.text("Note from the coordinator: \(item.note)")))),
                .dl(
                    .class("summary-list"),
                    .dt(.text("Description")), .dd(.text(item.description)),
                    .dt(.text("Format")), .dd(.text(item.format)),
                    .dt(.text("Topics")), .dd(.text(item.tags.joined(separator: ", "))),
                    .dt(.text("What it shows")), .dd(.text(item.altText.isEmpty ? "Not given" : item.altText)),
                    .dt(.text("Transcript")),
                    .dd(.text(item.transcript.isEmpty ? "Not given" : "\(item.transcript.count) characters")),
                    .dt(.text("Added")), .dd(.text("\(item.added) by \(item.addedBy)")),
                    .dt(.text("Checked")), .dd(.text(item.moderated.isEmpty ? "Not yet" : item.moderated)),
                    .dt(.text("Views")), .dd(.text("\(item.views)")),
                    .dt(.text("Downloads or opens")), .dd(.text("\(item.downloads)"))),
                .if(
                    canOpenFile && !item.isLink,
                    .p(
                        .a(
                            .href(SiteURL.partnership(slug: slug, .resourceFile(id: item.id)).path),
                            .text("Download the file to check it")))),
                .if(
                    !item.transcript.isEmpty,
                    .details(
                        .summary(.text("Read the transcript")),
                        .element(
                            named: "div", nodes: item.transcript.split(separator: "\n").map { .p(.text(String($0))) }))),
                .if(
                    item.status == "published",
                    .p(.a(.href(SiteURL.publicResource(slug: slug, id: item.id).path), .text("See it as residents do")))
                ),
                .if(
                    canModerate,
                    .section(
                        .h2(.text(item.status == "published" ? "Withdraw it" : "Approve it")),
                        Form.post(
                            to: moderation, csrf: chrome.csrfToken,
                            Form.textarea(
                                "note", "Note for the partner who added it",
                                hint: "Needed when you turn it down or withdraw it: say what to change.",
                                value: note, errors: errors, rows: 3),
                            .div(
                                .class("button-group"),
                                .if(
                                    item.status != "published",
                                    .button(
                                        .type(.submit), .name("decision"), .value("publish"), .class("button"),
                                        .text("Publish"))),
                                .if(
                                    item.status == "pending",
                                    .button(
                                        .type(.submit), .name("decision"), .value("reject"), .class("button secondary"),
                                        .text("Turn down"))),
                                .if(
                                    item.status == "published",
                                    .button(
                                        .type(.submit), .name("decision"), .value("withdraw"),
                                        .class("button secondary"), .text("Withdraw")))))
                    ))
            ))
    }
}
