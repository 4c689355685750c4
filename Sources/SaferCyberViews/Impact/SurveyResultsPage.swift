import Plot

/// What a survey's answers show: per question, the counts at each stage and, for before/after surveys,
/// the test result in a sentence, with the figures behind it.
public enum SurveyResultsPage {
    public struct Finding: Sendable {
        /// Which comparison: "The same people before and after" or "Everyone who answered (unpaired)".
        public var title: String
        public var sentence: String
        public var facts: [(String, String)]
        public var warning: String?
        public init(title: String, sentence: String, facts: [(String, String)], warning: String?) {
            self.title = title
            self.sentence = sentence
            self.facts = facts
            self.warning = warning
        }
    }

    public struct Question: Sendable {
        public var key: String
        public var text: String
        public var kind: String
        public var table: CrimePicturePage.Table?
        public var chart: [BarChart.Bar]
        public var finding: Finding?
        public var otherFinding: Finding?
        public var words: [(String, Int)]
        public var texts: [(stage: String, text: String)]
        public init(
            key: String, text: String, kind: String, table: CrimePicturePage.Table?, chart: [BarChart.Bar],
            finding: Finding?,
            otherFinding: Finding?, words: [(String, Int)], texts: [(stage: String, text: String)]
        ) {
            self.key = key
            self.text = text
            self.kind = kind
            self.table = table
            self.chart = chart
            self.finding = finding
            self.otherFinding = otherFinding
            self.words = words
            self.texts = texts
        }
    }

    public struct Model: Sendable {
        public var slug: String
        public var id: String
        public var title: String
        public var summary: [(String, String)]
        public var questions: [Question]
        public var canExport: Bool
        public var suppressed: Bool
        /// The partnership's small-number threshold, for the sentence that explains it.
        public var threshold = 5
        /// How counts are rounded for this reader (nil: exact counts).
        public var rounding: String?
        /// The quarters a role without exact counts may choose (empty: every answer so far), and the one shown.
        public var quarterOptions: [(value: String, label: String)] = []
        public var quarter: String?
        /// Which answers the figures count, for a role that sees one quarter at a time.
        public var counted: String?
        public init(
            slug: String, id: String, title: String, summary: [(String, String)], questions: [Question],
            canExport: Bool, suppressed: Bool
        ) {
            self.slug = slug
            self.id = id
            self.title = title
            self.summary = summary
            self.questions = questions
            self.canExport = canExport
            self.suppressed = suppressed
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        Page.render(
            title: "Results – \(model.title)", chrome: chrome,
            content: .div(
                .p(
                    .a(
                        .href(SiteURL.partnership(slug: model.slug, .survey(id: model.id)).path),
                        .text("Back to the survey"))),
                .h1(.text("Results: \(model.title)")),
                .if(
                    !model.quarterOptions.isEmpty,
                    Form.quarterPicker(
                        action: .partnership(slug: model.slug, .surveyResults(id: model.id)),
                        why:
                            "Your role sees one complete quarter's answers at a time: a survey counted again with a few more answers would give how those few answered.",
                        options: model.quarterOptions, selected: model.quarter)),
                .unwrap(model.counted) { .p(.class("hint"), .text($0)) },
                .div(
                    .class("inline-figures"),
                    .forEach(model.summary) { .dl(.class("figures"), .dt(.text($0.0)), .dd(.text($0.1))) }),
                .p(
                    .class("hint"),
                    .text(
                        "Before/after change is tested on the people who answered both times (paired by their code): McNemar's test for yes/no answers and the Wilcoxon signed-rank test for agree–disagree answers."
                            + (model.quarterOptions.isEmpty
                                ? " Where answers cannot be paired, the groups are compared instead (Fisher's exact or chi-square test; Mann–Whitney test), which is weaker evidence."
                                : "")
                            + " A p-value under 0.05 means the change is unlikely to be chance. With fewer than 10 people the result is shown with a warning, not a conclusion."
                    )),
                .if(
                    model.suppressed,
                    .p(
                        .class("hint"),
                        .text(
                            "Counts from 1 to \(model.threshold - 1) are shown as “<\(model.threshold)”."
                                + (model.rounding.map { " " + $0 } ?? "")))),
                .if(
                    model.canExport,
                    .p(
                        .a(
                            .href(SiteURL.partnership(slug: model.slug, .surveyExport(id: model.id)).path),
                            .text("Download every response (CSV, anonymous)")))),
                .forEach(model.questions.enumerated()) { index, q in question(q, index: index, model: model) }
            ))
    }

    static func question(_ q: Question, index: Int, model: Model) -> Node<HTML.BodyContext> {
        .section(
            .id("q-\(q.key)"),
            .h2(.text("\(index + 1). \(q.text)")),
            .unwrap(q.finding) { finding($0, primary: true) },
            .unwrap(q.otherFinding) { other in
                Form.disclosure(
                    "Also: " + other.title.lowercased(), hidden: " for question \(index + 1)",
                    finding(other, primary: false))
            },
            .if(
                !q.chart.isEmpty,
                BarChart.render(
                    id: "chart-\(q.key)", title: "Share answering yes, \(q.text)",
                    description: q.chart.map { "\($0.label): \($0.display)" }.joined(separator: "; "), bars: q.chart)),
            .unwrap(q.table) { table in
                TableScroll.region(
                    .table(
                        .caption(.class("visually-hidden"), .text(table.title)),
                        .thead(
                            .tr(
                                .forEach(table.columns.enumerated()) { i, c in
                                    .th(
                                        .attribute(named: "scope", value: "col"), .if(i > 0, .class("numeric")),
                                        .text(c))
                                })),
                        .tbody(
                            .forEach(table.rows) { cells in
                                .tr(
                                    .forEach(cells.enumerated()) { i, cell in
                                        i == 0
                                            ? .th(.attribute(named: "scope", value: "row"), .text(cell))
                                            : .td(.class("numeric"), .text(cell))
                                    })
                            })))
            },
            .if(
                !q.words.isEmpty,
                .group(
                    .h3(.text("Words used most")),
                    .ul(.class("inline-list"), .forEach(q.words) { .li(.text("\($0.0) (\($0.1))")) }))),
            .if(
                !q.texts.isEmpty,
                Form.disclosure(
                    "Read the \(q.texts.count) answers", hidden: " to question \(index + 1)",
                    .ul(.forEach(q.texts) { .li(.strong(.text("\($0.stage): ")), .text($0.text)) }))),
            .if(
                q.kind == "text" && q.texts.isEmpty && model.suppressed,
                .p(
                    .class("hint"),
                    .text(
                        "Written answers are shown to staff with exact counts: they can name someone, and how many used a word is a count of people."
                    )))
        )
    }

    static func finding(_ f: Finding, primary: Bool) -> Node<HTML.BodyContext> {
        .div(
            .class(primary ? "panel panel-finding" : "panel"),
            .p(.strong(.text(f.title))),
            .p(.class(primary ? "lead" : ""), .text(f.sentence)),
            .unwrap(f.warning) { .p(.strong(.text("Warning: ")), .text($0)) },
            .dl(.class("facts"), .forEach(f.facts) { .group(.dt(.text($0.0)), .dd(.text($0.1))) }))
    }
}
