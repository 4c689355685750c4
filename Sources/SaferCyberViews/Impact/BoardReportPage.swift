import Plot

/// The quarterly board report: one page a councillor can read in five minutes, printable on A4.
public enum BoardReportPage {
    public struct Outcome: Sendable {
        public var title: String
        public var rag: String
        public var ragLabel: String
        public var reason: String
        public var sentences: [String]
        public init(title: String, rag: String, ragLabel: String, reason: String, sentences: [String]) {
            self.title = title
            self.rag = rag
            self.ragLabel = ragLabel
            self.reason = reason
            self.sentences = sentences
        }
    }

    public struct Model: Sendable {
        public var slug: String
        public var partnershipName: String
        public var quarter: String
        public var quarterLabel: String
        public var quarters: [(value: String, label: String)]
        public var produced: String
        public var atAGlance: [String]
        public var crimeFacts: [(String, String)]
        public var crimeSentences: [String]
        public var crimeTables: [CrimePicturePage.Table]
        public var crimeChart: [BarChart.Bar]
        public var deliveryFacts: [(String, String)]
        public var deliveryTable: CrimePicturePage.Table?
        public var outcomes: [Outcome]
        public var indicatorTable: CrimePicturePage.Table?
        public var surveyTable: CrimePicturePage.Table?
        public var isStaffPage: Bool
        public var planTable: CrimePicturePage.Table?
        public var referralTable: CrimePicturePage.Table?
        /// How small numbers are shown (the partnership's threshold), and how repeats are kept out of counts the
        /// public can add to: said on the page as well as in the CSV.
        public var disclosureNote =
            "Numbers from 1 to 4 are shown as \u{201C}<5\u{201D} so that nobody can be identified."
        public var countingNotes: [(measure: String, rule: String)] = []
        /// The partnership's reporting year to the report's quarter ("Q1 to Q3 2026–27 (Apr–Dec 2026)") and its
        /// figures (empty for a year's first quarter).
        public var yearToDateLabel = ""
        public var yearToDateFacts: [(String, String)] = []
        /// The coordinator's commentary, by section key (`IssuedReports.Section`), printed under each heading.
        public var comments: [String: String] = [:]
        /// Scrutiny recommendations and their progress at the quarter's end, one table per review.
        public var scrutinyTables: [CrimePicturePage.Table] = []
        /// The staff page's controls: may this person write commentary and issue the report; is it issued (then the
        /// page shows the frozen copy, `issuedHTML`); can the server make a PDF.
        public var canIssue = false
        public var issuedNote: String?
        public var issuedHTML: String?
        public var changesSinceIssue: [String] = []
        public var showingLive = false
        public var pdfAvailable = false
        public var errors: [FormError] = []
        public var notice: String?
        /// For roles with exact counts: quarters revised since they were published, which this report shows as
        /// published.
        public var revisions: [String] = []
        public init(
            slug: String, partnershipName: String, quarter: String, quarterLabel: String,
            quarters: [(value: String, label: String)],
            produced: String, atAGlance: [String], crimeFacts: [(String, String)], crimeSentences: [String],
            crimeTables: [CrimePicturePage.Table], crimeChart: [BarChart.Bar], deliveryFacts: [(String, String)],
            deliveryTable: CrimePicturePage.Table?, outcomes: [Outcome], indicatorTable: CrimePicturePage.Table?,
            surveyTable: CrimePicturePage.Table?, isStaffPage: Bool,
            planTable: CrimePicturePage.Table? = nil, referralTable: CrimePicturePage.Table? = nil
        ) {
            self.referralTable = referralTable
            self.slug = slug
            self.partnershipName = partnershipName
            self.quarter = quarter
            self.quarterLabel = quarterLabel
            self.quarters = quarters
            self.produced = produced
            self.atAGlance = atAGlance
            self.crimeFacts = crimeFacts
            self.crimeSentences = crimeSentences
            self.crimeTables = crimeTables
            self.crimeChart = crimeChart
            self.deliveryFacts = deliveryFacts
            self.deliveryTable = deliveryTable
            self.outcomes = outcomes
            self.indicatorTable = indicatorTable
            self.surveyTable = surveyTable
            self.isStaffPage = isStaffPage
            self.planTable = planTable
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        let title = "Board report, \(model.quarterLabel)"
        let frozen = model.showingLive ? nil : model.issuedHTML
        return Page.render(
            title: "\(title) – \(model.partnershipName)", chrome: chrome,
            content: .div(
                .class("report"),
                .if(model.isStaffPage, Form.errorSummary(model.errors)),
                .unwrap(model.notice) {
                    .div(.class("notice success no-print"), .attribute(named: "role", value: "status"), .p(.text($0)))
                },
                .if(
                    model.isStaffPage && !model.revisions.isEmpty,
                    .div(
                        .class("notice no-print"),
                        .p(
                            .text(
                                "This report shows crime figures as published. Later imports or rule changes revised: \(model.revisions.joined(separator: "; ")). "
                            ),
                            .a(
                                .href(SiteURL.partnership(slug: model.slug, .crimePicture).path),
                                .text("Publish the revision on the crime picture page"))))),
                .if(model.isStaffPage, controls(model, csrf: chrome.csrfToken)),
                .unwrap(frozen, { .raw($0) }, else: body(model))
            ))
    }

    /// The report itself, as printed and as frozen when issued.
    public static func body(_ model: Model) -> Node<HTML.BodyContext> {
        let title = "Board report, \(model.quarterLabel)"
        return .div(
            .class("report-body"),
            .p(.class("hint"), .text(model.partnershipName)),
            .h1(.text(title)),
            .p(
                .class("hint"),
                .text("Produced \(model.produced) by SaferCyber. \(model.disclosureNote)")),
            section("At a glance", .ul(.forEach(model.atAGlance) { .li(.text($0)) }), commentary(model, "summary")),
            .if(
                !model.yearToDateFacts.isEmpty,
                section(
                    "Year to date: \(model.yearToDateLabel)",
                    .dl(
                        .class("facts"),
                        .forEach(model.yearToDateFacts) { .group(.dt(.text($0.0)), .dd(.text($0.1))) }))),
            section(
                "The crime picture",
                model.crimeFacts.isEmpty
                    ? .p(.text("No crime records have been imported for this quarter."))
                    : .group(
                        .dl(
                            .class("facts"),
                            .forEach(model.crimeFacts) { .group(.dt(.text($0.0)), .dd(.text($0.1))) }),
                        .forEach(model.crimeSentences) { .p(.text($0)) },
                        .if(
                            !model.crimeChart.isEmpty,
                            BarChart.render(
                                id: "report-crime", title: "Cyber-related crimes recorded by quarter",
                                description: model.crimeChart.map { "\($0.label): \($0.display)" }.joined(
                                    separator: "; "),
                                bars: model.crimeChart)),
                        .forEach(model.crimeTables) { FigureTable.render($0, download: nil, level: 3) }),
                commentary(model, "crime")),
            section(
                "What we delivered",
                .group(
                    .dl(
                        .class("facts"),
                        .forEach(model.deliveryFacts) { .group(.dt(.text($0.0)), .dd(.text($0.1))) }),
                    .unwrap(model.deliveryTable) { FigureTable.render($0, download: nil, level: 3) },
                    .unwrap(model.planTable) { FigureTable.render($0, download: nil, level: 3) },
                    .unwrap(model.referralTable) { FigureTable.render($0, download: nil, level: 3) },
                    .if(
                        !model.countingNotes.isEmpty,
                        .group(
                            .h3(.text("How repeats are kept out of these counts")),
                            .ul(
                                .forEach(model.countingNotes) {
                                    .li(.strong(.text($0.measure + ": ")), .text($0.rule))
                                })))),
                commentary(model, "delivery")),
            section(
                "Outcomes: did behaviour change?",
                model.outcomes.isEmpty
                    ? .p(.text("No outcomes have been defined yet."))
                    : .group(
                        .p(
                            .class("hint"),
                            .text(
                                "Each outcome is measured by asking the same people before and after a session. Green: every measure improved beyond chance. Amber: the change could be chance. Red: a measure got worse."
                            )),
                        .forEach(model.outcomes) { outcome in
                            .div(
                                .class("report-block"),
                                .h3(
                                    .text(outcome.title), .text(" "),
                                    .span(.class("rag rag-\(outcome.rag)"), .text(outcome.ragLabel))),
                                .p(.text(outcome.reason)),
                                .ul(.forEach(outcome.sentences) { .li(.text($0)) }))
                        }),
                commentary(model, "outcomes")),
            section(
                "Indicators",
                .unwrap(
                    model.indicatorTable, { FigureTable.render($0, download: nil, level: 3) },
                    else: .p(.text("No indicators have been defined yet."))),
                commentary(model, "indicators")),
            .unwrap(model.surveyTable) {
                section("Surveys answered this quarter", FigureTable.render($0, download: nil, level: 3))
            },
            section(
                "Scrutiny recommendations",
                model.scrutinyTables.isEmpty
                    ? .p(.text("No scrutiny review has recommendations yet."))
                    : .forEach(model.scrutinyTables) { FigureTable.render($0, download: nil, level: 3) },
                commentary(model, "scrutiny"))
        )
    }

    /// The report's body as HTML, for freezing.
    public static func bodyHTML(_ model: Model) -> String { body(model).render() }

    /// A page holding only a report body (frozen or live), for printing to PDF or saving as a file.
    public static func document(title: String, bodyHTML: String) -> String {
        Page.render(title: title, chrome: Chrome(), content: .div(.class("report"), .raw(bodyHTML)))
    }

    static func commentary(_ model: Model, _ key: String) -> Node<HTML.BodyContext> {
        .unwrap(model.comments[key]) { text in
            .div(
                .class("commentary"),
                .h3(.text("Commentary")),
                .forEach(text.components(separatedBy: "\n\n")) { .p(.text($0)) })
        }
    }

    static func controls(_ model: Model, csrf: String) -> Node<HTML.BodyContext> {
        let quarterQuery = "?quarter=\(model.quarter)"
        return .div(
            .class("no-print"),
            .form(
                .action(SiteURL.partnership(slug: model.slug, .report).path), .method(.get), .class("filters"),
                .element(
                    named: "div",
                    nodes: [
                        Form.select(
                            name: "quarter", label: "Quarter", options: model.quarters, selected: model.quarter,
                            errors: []),
                        .div(
                            .class("form-group"),
                            .button(.type(.submit), .class("button secondary"), .text("Show report"))),
                    ])),
            .unwrap(model.issuedNote) { note in
                .div(
                    .class("notice"),
                    .p(.strong(.text(note))),
                    model.showingLive
                        ? .p(
                            .text("You are looking at today's figures, not the issued report. "),
                            .a(
                                .href(SiteURL.partnership(slug: model.slug, .report).path + quarterQuery),
                                .text("Show the issued report")))
                        : .group(
                            model.changesSinceIssue.isEmpty
                                ? .p(.text("No figure has changed since it was issued."))
                                : .group(
                                    .p(
                                        .text(
                                            "Changed since it was issued (later imports or records; the issued report keeps its figures):"
                                        )),
                                    .ul(.forEach(model.changesSinceIssue.prefix(50)) { .li(.text($0)) }),
                                    .if(
                                        model.changesSinceIssue.count > 50,
                                        .p(.text("and \(model.changesSinceIssue.count - 50) more (see the CSV)")))),
                            .p(
                                .a(
                                    .href(
                                        SiteURL.partnership(slug: model.slug, .report).path + quarterQuery
                                            + "&live=1"),
                                    .text("Show today's figures for this quarter")))))
            },
            .p(
                model.pdfAvailable
                    ? .a(
                        .class("button secondary"),
                        .href(SiteURL.partnership(slug: model.slug, .reportPDF).path + quarterQuery),
                        .text("Download as PDF (A4)"))
                    : .text(
                        "A PDF cannot be made on this server (it needs Chromium installed); use your browser's Print command and choose “Save as PDF”. "
                    ),
                .text(" "),
                .a(
                    .href(SiteURL.partnership(slug: model.slug, .reportExport).path + quarterQuery),
                    .text("Download the figures (CSV)"))),
            .if(model.canIssue && model.issuedNote == nil, commentaryForms(model, csrf: csrf))
        )
    }

    static func commentaryForms(_ model: Model, csrf: String) -> Node<HTML.BodyContext> {
        .section(
            .class("report-controls"),
            .h2(.text("Commentary and issuing")),
            .div(
                .p(
                    .text(
                        "Commentary is printed under each section's heading. Issuing freezes the report: its figures and text stay as they are when issued, whatever is imported later, and the page then lists what has changed since."
                    )),
                .forEach(sectionKeys) { key, heading in
                    Form.post(
                        to: .partnership(slug: model.slug, .reportComment), csrf: csrf,
                        Form.hidden("quarter", model.quarter), Form.hidden("section", key),
                        Form.textarea(
                            "comment", "Commentary on \(heading.lowercased())", hint: nil,
                            value: model.comments[key] ?? "", errors: model.errors, rows: 3, id: "comment-\(key)"),
                        .button(.type(.submit), .class("button secondary"), .text("Save commentary")))
                },
                Form.post(
                    to: .partnership(slug: model.slug, .reportIssue), csrf: csrf,
                    Form.hidden("quarter", model.quarter),
                    Form.submit("Issue this report"))
            ))
    }

    /// The sections that take commentary (`IssuedReports.Section`): key and heading.
    public static let sectionKeys: [(String, String)] = [
        ("summary", "At a glance"), ("crime", "The crime picture"), ("delivery", "What we delivered"),
        ("outcomes", "Outcomes"), ("indicators", "Indicators"), ("scrutiny", "Scrutiny recommendations"),
    ]

    static func section(
        _ title: String, _ body: Node<HTML.BodyContext>, _ comment: Node<HTML.BodyContext> = .empty
    ) -> Node<HTML.BodyContext> {
        .section(.class("report-section"), .h2(.text(title)), comment, body)
    }
}
