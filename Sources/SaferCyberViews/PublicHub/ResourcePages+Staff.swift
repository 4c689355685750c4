import Plot

extension ResourcePages {
    public struct NewModel: Sendable {
        public var slug: String
        public var kinds: Options, themes: Options, audiences: Options, objectives: Options
        public var title = "", description = "", kind = "", link = "", altText = "", transcript = ""
        public var themeIDs: Set<String> = [], audienceIDs: Set<String> = [], objectiveIDs: Set<String> = []
        public var maxSize: String
        public var video = VideoDetails()
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
                            .group(videoFields(m.video, errors: m.errors)),
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

    /// What a video needs (issue 23): the person adding it fills these in; so does a teacher sending students' work.
    public struct VideoDetails: Sendable {
        public var credit = "", showsYoungPeople = "", consentNote = ""
        public var consentConfirmed = false
        public init() {}
    }

    static func videoFields(_ v: VideoDetails, errors: [FormError]) -> [Node<HTML.BodyContext>] {
        [
            Form.fileInput(
                name: "captions", label: "Captions (needed for an uploaded video)",
                hint:
                    "A WebVTT file (.vtt) of everything said and important sounds, timed to the video. Most video editors and captioning tools can save one.",
                accept: ".vtt,text/vtt", errors: errors),
            Form.input(
                .init(
                    name: "credit", label: "Who made it (needed for video)",
                    hint: "Shown with it, for example “Year 9 media students, Hill Academy”. No pupils’ full names.",
                    value: v.credit), errors: errors),
            Form.radios(
                name: "showsYoungPeople",
                legend: "Can a young person be seen, heard or named in it? (needed for video)",
                options: [("no", "No"), ("yes", "Yes")], selected: v.showsYoungPeople, errors: errors),
            Form.textarea(
                "consentNote", "If yes: how was consent recorded for each young person shown?",
                hint: "For example “signed parental consent forms, held by Hill Academy, March 2026”.",
                value: v.consentNote, errors: errors, rows: 3),
            Form.checkbox(
                name: "consentConfirmed", id: "consentConfirmed", value: "yes",
                label: "I confirm that consent was given for every young person shown", checked: v.consentConfirmed),
        ]
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
                    .dt(.text("Made by")), .dd(.text(item.credit.isEmpty ? "Not given" : item.credit)),
                    .dt(.text("Young people shown")), .dd(.text(item.consent.isEmpty ? "Not said" : item.consent)),
                    .dt(.text("Added")), .dd(.text("\(item.added) by \(item.addedBy)")),
                    .dt(.text("Checked")), .dd(.text(item.moderated.isEmpty ? "Not yet" : item.moderated)),
                    .dt(.text("Views")), .dd(.text("\(item.views)")),
                    .dt(.text("Downloads or opens")), .dd(.text("\(item.downloads)"))),
                .if(
                    canOpenFile && item.isVideo,
                    player(
                        video: SiteURL.partnership(slug: slug, .resourceFile(id: item.id)).path + "?view=inline",
                        captions: SiteURL.partnership(slug: slug, .resourceCaptions(id: item.id)).path,
                        download: SiteURL.partnership(slug: slug, .resourceFile(id: item.id)).path)),
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
                    )),
                .if(
                    canModerate && item.status != "published",
                    .section(
                        .h2(.text("Delete it")),
                        .p(
                            .text(
                                "Deletes the item and its file for good, for example when consent is withdrawn. The audit log keeps its title."
                            )),
                        Form.postButton(
                            to: .partnership(slug: slug, .resourceDelete(id: item.id)), label: "Delete it for good",
                            csrf: chrome.csrfToken, style: "button warning", context: item.title)))
            ))
    }
}
