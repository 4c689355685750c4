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
        /// An uploaded video, played in the page with its captions (issue 23).
        public var isVideo = false
        /// Who made it; shown with it.
        public var credit = ""
        /// For staff: whether a young person is shown and how their consent was recorded.
        public var consent = ""
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
                    item.isVideo,
                    player(
                        video: SiteURL.publicResourceFile(slug: slug, id: item.id).path + "?view=inline",
                        captions: SiteURL.publicResourceCaptions(slug: slug, id: item.id).path,
                        download: SiteURL.publicResourceFile(slug: slug, id: item.id).path)),
                .if(!item.credit.isEmpty, .p(.class("resource-credit"), .text("Made by \(item.credit)"))),
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

    /// An in-page player for an uploaded video, with its captions on by default (no third-party player or asset);
    /// without a player the link downloads it.
    static func player(video: String, captions: String, download: String) -> Node<HTML.BodyContext> {
        .element(
            named: "video",
            nodes: [
                .class("resource-video"), .attribute(named: "controls"),
                .attribute(named: "preload", value: "metadata"), .attribute(named: "src", value: video),
                .element(
                    named: "track",
                    nodes: [
                        .attribute(named: "kind", value: "captions"), .attribute(named: "src", value: captions),
                        .attribute(named: "srclang", value: "en"), .attribute(named: "label", value: "English"),
                        .attribute(named: "default"),
                    ]),
                .p(.text("Your browser cannot play this video here. "), .a(.href(download), .text("Download it"))),
            ])
    }

    // MARK: staff

    public static func staffList(
        slug: String, items: [Item], canAdd: Bool, status: String,
        counts: [(status: String, label: String, count: Int)],
        chrome: Chrome, canMakeLinks: Bool = false
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
                .if(
                    canMakeLinks,
                    .p(
                        .a(
                            .href(SiteURL.partnership(slug: slug, .submissionLinks).path),
                            .text("Links for students to send their own work")))),
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
                    : TableScroll.region(
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
}
