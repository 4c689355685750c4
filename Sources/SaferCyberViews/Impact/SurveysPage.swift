import Plot

/// The partnership's surveys, with a form to start one from a template.
public enum SurveysPage {
    public struct Row: Sendable {
        public var id: String
        public var title: String
        public var design: String
        public var status: String
        public var responses: String
        public init(id: String, title: String, design: String, status: String, responses: String) {
            self.id = id
            self.title = title
            self.design = design
            self.status = status
            self.responses = responses
        }
    }

    public struct Model: Sendable {
        public var slug: String
        public var rows: [Row]
        public var templates: [(value: String, label: String)]
        public var canManage: Bool
        public var values: [String: String]
        public var errors: [FormError]
        /// What the responses column counts ("Responses"; for a role without exact counts, a quarter's, rounded).
        public var responsesHeading = "Responses"
        public init(
            slug: String, rows: [Row], templates: [(value: String, label: String)], canManage: Bool,
            values: [String: String] = [:],
            errors: [FormError] = []
        ) {
            self.slug = slug
            self.rows = rows
            self.templates = templates
            self.canManage = canManage
            self.values = values
            self.errors = errors
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        Page.render(
            title: (model.errors.isEmpty ? "" : "Error: ") + "Surveys", chrome: chrome,
            content: .div(
                Form.errorSummary(model.errors),
                .h1(.text("Surveys")),
                .p(
                    .class("lead"),
                    .text(
                        "Ask people before and after a session what they do, and see whether it changed. Answers are anonymous: a participant code pairs them."
                    )),
                .p(
                    .a(.href(SiteURL.partnership(slug: model.slug, .outcomes).path), .text("Outcomes and indicators")),
                    .text(" · "),
                    .a(.href(SiteURL.partnership(slug: model.slug, .report).path), .text("Quarterly board report"))),
                model.rows.isEmpty
                    ? .p(.text("No surveys yet."))
                    : TableScroll.region(
                        .table(
                            .caption(.class("visually-hidden"), .text("Surveys")),
                            .thead(
                                .tr(
                                    .th(.text("Survey")), .th(.text("Asked")), .th(.text("Status")),
                                    .th(.class("numeric"), .text(model.responsesHeading)), .th(.text("Results")))),
                            .tbody(
                                .forEach(model.rows) { row in
                                    .tr(
                                        .td(
                                            .a(
                                                .href(SiteURL.partnership(slug: model.slug, .survey(id: row.id)).path),
                                                .text(row.title))),
                                        .td(.text(row.design)), .td(.text(row.status)),
                                        .td(.class("numeric"), .text(row.responses)),
                                        .td(
                                            .a(
                                                .href(
                                                    SiteURL.partnership(slug: model.slug, .surveyResults(id: row.id))
                                                        .path), .text("Results"),
                                                .span(.class("visually-hidden"), .text(" of \(row.title)")))))
                                })
                        )),
                .if(
                    model.canManage,
                    .section(
                        .h2(.text("Start a survey")),
                        Form.post(
                            to: .partnership(slug: model.slug, .surveys), csrf: chrome.csrfToken,
                            Form.select(
                                name: "template", label: "Start from", options: model.templates,
                                selected: model.values["template"], errors: model.errors),
                            Form.input(
                                .init(
                                    name: "title", label: "Title (optional for a template)",
                                    hint: "People see this at the top of the survey.",
                                    value: model.values["title"] ?? ""), errors: model.errors),
                            Form.submit("Create survey"))
                    ))
            ))
    }
}
