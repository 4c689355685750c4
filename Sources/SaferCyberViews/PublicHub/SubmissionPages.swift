import Plot

/// Students' own work (issue 23): the coordinator's time-limited links, and the form a school or college uses
/// through one to send work into the resource library's moderation.
public enum SubmissionPages {
    public struct Link: Sendable {
        public var id: String
        public var label: String
        public var made: String
        public var closes: String
        public var uses: String
        public var isOpen: Bool
        public init(id: String, label: String, made: String, closes: String, uses: String, isOpen: Bool) {
            (self.id, self.label, self.made, self.closes, self.uses, self.isOpen) = (
                id, label, made, closes, uses, isOpen
            )
        }
    }

    public struct LinksModel: Sendable {
        public var slug: String
        public var links: [Link]
        /// The address of a link just made: shown once, never again.
        public var newLink: String?
        public var label = "", days = "14", uploads = "10"
        public var errors: [FormError] = []
        public init(slug: String, links: [Link]) {
            self.slug = slug
            self.links = links
        }
    }

    public static func links(_ m: LinksModel, chrome: Chrome) -> String {
        Page.render(
            title: (m.errors.isEmpty ? "" : "Error: ") + "Links for students\u{2019} work", chrome: chrome,
            content: .div(
                .p(
                    .a(
                        .class("back-link"), .href(SiteURL.partnership(slug: m.slug, .resources).path),
                        .text("Back to the resource library"))),
                Form.errorSummary(m.errors),
                .h1(.text("Links for students\u{2019} work")),
                .p(
                    .text(
                        "Give a school or college a link so its students can send their own films, posters and other work. Everything sent waits for approval like any other item; videos need captions, a credit and a record of consent for any young person shown. A link closes on its date, after its number of uploads, or when you close it."
                    )),
                .unwrap(m.newLink) { address in
                    .div(
                        .class("notice success"), .attribute(named: "role", value: "status"),
                        .p(.strong(.text("The link is ready. Copy it now: it is not shown again."))),
                        .p(.code(.text(address))))
                },
                .if(
                    !m.links.isEmpty,
                    TableScroll.region(
                        label: "Links (scrolls sideways on a small screen)",
                        .table(
                            .caption(.text("Links, newest first")),
                            .thead(
                                .tr(
                                    .forEach(["For", "Made", "Closes", "Uploads", ""]) {
                                        .th(.attribute(named: "scope", value: "col"), .text($0))
                                    })),
                            .tbody(
                                .forEach(m.links) { link in
                                    .tr(
                                        .th(.attribute(named: "scope", value: "row"), .text(link.label)),
                                        .td(.text(link.made)), .td(.text(link.isOpen ? link.closes : "Closed")),
                                        .td(.text(link.uses)),
                                        .td(
                                            .if(
                                                link.isOpen,
                                                Form.postButton(
                                                    to: .partnership(slug: m.slug, .submissionLinkRevoke(id: link.id)),
                                                    label: "Close", csrf: chrome.csrfToken, context: link.label))))
                                })))),
                .h2(.text("Make a link")),
                Form.post(
                    to: .partnership(slug: m.slug, .submissionLinks), csrf: chrome.csrfToken,
                    Form.input(
                        .init(
                            name: "label", label: "Who it is for", hint: "For example “Year 10 media, Hill Academy”.",
                            value: m.label),
                        errors: m.errors),
                    Form.input(
                        .init(
                            name: "days", label: "Days it stays open (1 to 30)", value: m.days, type: .number,
                            width: "width-third"),
                        errors: m.errors),
                    Form.input(
                        .init(
                            name: "uploads", label: "Most uploads it takes (1 to 50)", value: m.uploads, type: .number,
                            width: "width-third"), errors: m.errors),
                    Form.submit("Make the link"))
            ))
    }

    public struct FormModel: Sendable {
        public var slug: String
        public var token: String
        public var partnershipName: String
        public var label: String
        public var closes: String
        public var kinds: ResourcePages.Options
        public var title = "", description = "", kind = "", altText = "", transcript = "", submitter = ""
        public var themes: ResourcePages.Options = [], audiences: ResourcePages.Options = []
        public var themeIDs: Set<String> = [], audienceIDs: Set<String> = []
        public var video = ResourcePages.VideoDetails()
        public var errors: [FormError] = []
        public var thanks = false
        public init(
            slug: String, token: String, partnershipName: String, label: String, closes: String,
            kinds: ResourcePages.Options
        ) {
            (self.slug, self.token, self.partnershipName, self.label, self.closes, self.kinds) = (
                slug, token, partnershipName, label, closes, kinds
            )
        }
    }

    public static func form(_ m: FormModel, csrf: String) -> String {
        Page.render(
            title: (m.errors.isEmpty ? "" : "Error: ") + "Send your work to \(m.partnershipName)",
            chrome: .publicPage(slug: m.slug),
            content: .div(
                Form.errorSummary(m.errors),
                .h1(.text(m.thanks ? "Thank you: your work has been sent" : "Send your work to \(m.partnershipName)")),
                .if(
                    m.thanks,
                    .p(
                        .text(
                            "Someone at the partnership will check it before it is published. You can send another piece with the same link while it is open."
                        ))),
                .p(.class("lead"), .text("This link is for \(m.label). It closes on \(m.closes).")),
                .p(
                    .text(
                        "A teacher or youth worker should send the work. Do not give pupils\u{2019} full names. For a video, add captions (a .vtt file), say who made it, and confirm consent for any young person shown."
                    )),
                .form(
                    .action(SiteURL.publicSubmit(slug: m.slug, token: m.token).path), .method(.post),
                    .enctype(.multipartData), .attribute(named: "novalidate"),
                    .element(
                        named: "div",
                        nodes: [
                            Form.csrfField(csrf),
                            Form.input(
                                .init(
                                    name: "submitter", label: "Your name",
                                    hint: "The teacher or youth worker sending it, who confirms consent below.",
                                    value: m.submitter, autocomplete: "name"), errors: m.errors),
                            Form.input(.init(name: "title", label: "Title", value: m.title), errors: m.errors),
                            Form.textarea(
                                "description", "What it is",
                                hint: "A sentence or two: what it is about and who made it.",
                                value: m.description, errors: m.errors, rows: 3),
                            Form.select(
                                name: "kind", label: "Kind of work", options: [("", "Choose")] + m.kinds,
                                selected: m.kind, errors: m.errors),
                            Form.fileInput(
                                name: "file", label: "The file",
                                hint:
                                    "A video (MP4, WebM), image, PDF or PowerPoint. Largest: 200 MB for video, 20 MB otherwise.",
                                accept: nil, errors: m.errors),
                            .group(ResourcePages.videoFields(m.video, errors: m.errors)),
                            Form.textarea(
                                "transcript", "Transcript (needed for video and audio)",
                                hint: "Everything said, and important sounds.", value: m.transcript, errors: m.errors,
                                rows: 5),
                            Form.textarea(
                                "altText", "What it shows (needed for images and posters)", hint: nil, value: m.altText,
                                errors: m.errors, rows: 3),
                            Form.checkboxes(
                                name: "themes", legend: "What it is about", options: m.themes, selected: m.themeIDs,
                                errors: m.errors),
                            Form.checkboxes(
                                name: "audiences", legend: "Who it is for", options: m.audiences,
                                selected: m.audienceIDs, errors: m.errors),
                            Form.submit("Send for checking"),
                        ]))
            ))
    }
}
