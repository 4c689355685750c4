import Plot

/// Import history and the upload form.
public enum CrimeImportsPage {
    public struct Entry: Sendable {
        public var id: String
        public var when: String
        public var who: String
        public var file: String
        public var profile: String
        public var status: String
        public var message: String
        public init(
            id: String, when: String, who: String, file: String, profile: String, status: String, message: String
        ) {
            self.id = id
            self.when = when
            self.who = who
            self.file = file
            self.profile = profile
            self.status = status
            self.message = message
        }
    }

    public struct Model: Sendable {
        public var slug: String
        public var profiles: [(value: String, label: String)]
        public var entries: [Entry]
        public var maxUpload: String
        public var errors: [FormError]
        public init(
            slug: String, profiles: [(value: String, label: String)], entries: [Entry], maxUpload: String,
            errors: [FormError] = []
        ) {
            self.slug = slug
            self.profiles = profiles
            self.entries = entries
            self.maxUpload = maxUpload
            self.errors = errors
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        Page.render(
            title: "Import crime records", chrome: chrome,
            content: .div(
                Form.errorSummary(model.errors),
                .h1(.text("Import crime records")),
                .p(
                    .text(
                        "Import a police extract as a CSV file. A file is imported whole or not at all: if any row has a problem nothing changes, and every problem is listed with its line and column. Importing the same records again changes nothing; a corrected record replaces the old one."
                    )),
                uploadForm(model, csrf: chrome.csrfToken),
                .p(
                    .text("Another force's export? "),
                    .a(
                        .href(SiteURL.partnership(slug: model.slug, .crimeMappings).path),
                        .text("Save a column mapping")),
                    .text(
                        " once, then choose it here. The expected columns of each kind of file are described in the guide to import formats."
                    )),
                .h2(.text("Import history")),
                .if(model.entries.isEmpty, .p(.text("Nothing has been imported yet."))),
                .if(
                    !model.entries.isEmpty,
                    TableScroll.region(
                        .table(
                            .caption(.class("visually-hidden"), .text("Import history, newest first")),
                            .thead(
                                .tr(
                                    .th(.text("When (UK time)")), .th(.text("Who")), .th(.text("File")),
                                    .th(.text("Result")))),
                            .tbody(
                                .forEach(model.entries) { entry in
                                    .tr(
                                        .td(.text(entry.when)), .td(.text(entry.who)),
                                        .td(
                                            .a(
                                                .href(
                                                    SiteURL.partnership(slug: model.slug, .crimeImport(id: entry.id))
                                                        .path), .text(entry.file)),
                                            .br(), .span(.class("hint"), .text(entry.profile))),
                                        .td(
                                            .strong(
                                                .class("tag tag-\(entry.status)"),
                                                .text(entry.status == "imported" ? "Imported" : "Refused")),
                                            .text(" " + entry.message)))
                                })
                        )))
            ))
    }

    static func uploadForm(_ model: Model, csrf: String) -> Node<HTML.BodyContext> {
        .div(
            .form(
                .action(SiteURL.partnership(slug: model.slug, .crimeImports).path), .method(.post),
                .enctype(.multipartData), .id("crime-upload"),
                .element(
                    named: "div",
                    nodes: [
                        Form.csrfField(csrf),
                        Form.select(
                            name: "profile", label: "Kind of file", options: model.profiles, selected: nil,
                            errors: model.errors),
                        Form.input(
                            .init(
                                name: "file", label: "CSV file",
                                hint: "Up to \(model.maxUpload). The first line must name the columns.",
                                type: .file), errors: model.errors),
                        .div(
                            .class("checkbox"),
                            .input(.type(.checkbox), .name("skip"), .value("yes"), .id("skip")),
                            .label(
                                .for("skip"),
                                .text(
                                    "Import the rows without problems and list the others (instead of refusing the whole file)"
                                ))),
                        .element(
                            named: "progress",
                            nodes: [
                                .id("upload-progress"), .attribute(named: "max", value: "100"),
                                .attribute(named: "value", value: "0"), .attribute(named: "hidden", value: "hidden"),
                                .attribute(named: "aria-label", value: "Upload progress"),
                            ]),
                        .p(
                            .id("upload-status"), .attribute(named: "role", value: "status"),
                            .attribute(named: "aria-live", value: "polite")),
                        Form.submit("Import file"),
                    ])),
            .script(.src(SiteURL.uploadScript.path)))
    }
}
