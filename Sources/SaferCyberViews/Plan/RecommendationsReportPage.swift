import Plot

/// The progress-of-recommendations report for the scrutiny committee on a chosen date, laid out like a
/// committee paper's appendix and printable on A4.
public enum RecommendationsReportPage {
    public struct Model: Sendable {
        public var slug: String
        public var reviewID: String
        public var reviewTitle: String
        public var partnershipName: String
        public var asOf: String
        public var asOfValue: String
        /// (label, figure) lines of the summary.
        public var summary: [(label: String, value: String)]
        public var rows: [Row]
        public var error: String?
        public init(
            slug: String, reviewID: String, reviewTitle: String, partnershipName: String, asOf: String,
            asOfValue: String,
            summary: [(label: String, value: String)], rows: [Row], error: String?
        ) {
            self.slug = slug
            self.reviewID = reviewID
            self.reviewTitle = reviewTitle
            self.partnershipName = partnershipName
            self.asOf = asOf
            self.asOfValue = asOfValue
            self.summary = summary
            self.rows = rows
            self.error = error
        }
    }

    public struct Row: Sendable {
        public var number: Int, text: String, owner: String, response: String, status: String, target: String,
            slipped: String, overdue: Bool, latest: String
        public init(
            number: Int, text: String, owner: String, response: String, status: String, target: String, slipped: String,
            overdue: Bool, latest: String
        ) {
            self.number = number
            self.text = text
            self.owner = owner
            self.response = response
            self.status = status
            self.target = target
            self.slipped = slipped
            self.overdue = overdue
            self.latest = latest
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        let errors = model.error.map { [FormError(field: "date", message: $0)] } ?? []
        return Page.render(
            title: (errors.isEmpty ? "" : "Error: ") + "Progress of recommendations: \(model.reviewTitle)",
            chrome: chrome,
            content: .div(
                .class("report"),
                Form.errorSummary(errors),
                .p(
                    .class("no-print"),
                    .a(
                        .href(SiteURL.partnership(slug: model.slug, .scrutinyReview(id: model.reviewID)).path),
                        .text("Back to the review"))),
                .form(
                    .method(.get),
                    .action(SiteURL.partnership(slug: model.slug, .scrutinyProgress(id: model.reviewID)).path),
                    .class("no-print filters"),
                    .element(
                        named: "div",
                        nodes: [
                            Form.input(
                                .init(
                                    name: "date", label: "Progress as at", hint: "Any date, for example 31/3/2026.",
                                    value: model.asOfValue, width: "width-third"),
                                errors: errors),
                            .button(.type(.submit), .class("button secondary"), .text("Show")),
                        ])),
                .p(.class("caption"), .text("\(model.partnershipName) · Appendix")),
                .h1(.text("Progress of recommendations: \(model.reviewTitle)")),
                .p(.text("Position as at \(model.asOf).")),
                .h2(.text("Summary")),
                .element(
                    named: "dl",
                    nodes: [.class("summary-list")]
                        + model.summary.flatMap { line -> [Node<HTML.BodyContext>] in
                            [
                                .element(named: "dt", nodes: [.text(line.label)]),
                                .element(named: "dd", nodes: [.text(line.value)]),
                            ]
                        }),
                .h2(.text("Recommendations")),
                table(model.rows)
            ))
    }

    static func table(_ rows: [Row]) -> Node<HTML.BodyContext> {
        TableScroll.region(
            .table(
                .caption(.class("visually-hidden"), .text("Each recommendation's response, status and target date")),
                .thead(
                    .tr(
                        .th(.attribute(named: "scope", value: "col"), .class("numeric"), .text("No.")),
                        .th(.attribute(named: "scope", value: "col"), .text("Recommendation and owner")),
                        .th(.attribute(named: "scope", value: "col"), .text("Response")),
                        .th(.attribute(named: "scope", value: "col"), .text("Status")),
                        .th(.attribute(named: "scope", value: "col"), .text("Target date")),
                        .th(.attribute(named: "scope", value: "col"), .text("Latest progress")))),
                .tbody(
                    .forEach(rows) { r in
                        .tr(
                            .td(.class("numeric"), .text("\(r.number)")),
                            .td(.text(r.text), .br(), .span(.class("hint"), .text(r.owner))),
                            .td(.text(r.response)),
                            .td(.text(r.status), .if(r.overdue, .group(.br(), .strong(.text("Overdue"))))),
                            .td(
                                .text(r.target),
                                .if(!r.slipped.isEmpty, .group(.br(), .span(.class("hint"), .text(r.slipped))))),
                            .td(.text(r.latest)))
                    })))
    }
}
