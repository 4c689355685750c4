import Plot

/// Outcomes (judged from before/after survey findings) and indicators (figures tracked by quarter),
/// each with a red/amber/green rating and the reason for it.
public enum OutcomesPage {
    public struct OutcomeRow: Sendable {
        public var id: String
        public var title: String
        public var objective: String?
        public var rag: String
        public var ragLabel: String
        public var reason: String
        public var measures: [(question: String, sentence: String)]
        public init(
            id: String, title: String, objective: String?, rag: String, ragLabel: String, reason: String,
            measures: [(question: String, sentence: String)]
        ) {
            self.id = id
            self.title = title
            self.objective = objective
            self.rag = rag
            self.ragLabel = ragLabel
            self.reason = reason
            self.measures = measures
        }
    }

    public struct IndicatorRow: Sendable {
        public var id: String
        public var title: String
        public var source: String
        public var direction: String
        public var isManual: Bool
        public var values: [(quarter: String, value: Double?, display: String)]
        public var rag: String
        public var ragLabel: String
        public var reason: String
        public init(
            id: String, title: String, source: String, direction: String, isManual: Bool,
            values: [(quarter: String, value: Double?, display: String)], rag: String, ragLabel: String, reason: String
        ) {
            self.id = id
            self.title = title
            self.source = source
            self.direction = direction
            self.isManual = isManual
            self.values = values
            self.rag = rag
            self.ragLabel = ragLabel
            self.reason = reason
        }
    }

    public struct Model: Sendable {
        public var slug: String
        public var quarterLabel: String
        public var outcomes: [OutcomeRow]
        public var indicators: [IndicatorRow]
        public var canManage: Bool
        public var objectives: [(value: String, label: String)]
        public var measures: [(value: String, label: String)]
        public var yesNoQuestions: [(value: String, label: String)]
        public var sources: [(value: String, label: String)]
        public var quarters: [(value: String, label: String)]
        public var values: [String: String]
        public var errors: [FormError]
        /// For a role without exact counts: the day up to which answers are counted ("30 September 2026").
        /// The quarter whose answers a role without exact counts sees ("Jul–Sep 2026"); nil for every answer so far.
        public var countedQuarter: String?
        /// The partnership's small-number threshold (5 by default).
        public var threshold = 5
        public init(
            slug: String, quarterLabel: String, outcomes: [OutcomeRow], indicators: [IndicatorRow], canManage: Bool,
            objectives: [(value: String, label: String)], measures: [(value: String, label: String)],
            yesNoQuestions: [(value: String, label: String)], sources: [(value: String, label: String)],
            quarters: [(value: String, label: String)], values: [String: String] = [:], errors: [FormError] = []
        ) {
            self.slug = slug
            self.quarterLabel = quarterLabel
            self.outcomes = outcomes
            self.indicators = indicators
            self.canManage = canManage
            self.objectives = objectives
            self.measures = measures
            self.yesNoQuestions = yesNoQuestions
            self.sources = sources
            self.quarters = quarters
            self.values = values
            self.errors = errors
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        let csrf = chrome.csrfToken
        return Page.render(
            title: (model.errors.isEmpty ? "" : "Error: ") + "Outcomes and indicators", chrome: chrome,
            content: .div(
                Form.errorSummary(model.errors),
                .h1(.text("Outcomes and indicators")),
                .p(
                    .class("lead"),
                    .text(
                        "Outcomes are changes in what people do, measured by before/after surveys. Indicators are figures tracked each quarter against the direction we want them to move."
                    )),
                .h2(.text("Outcomes")),
                .p(
                    .class("hint"),
                    .text(
                        "Green: every measure improved beyond chance. Amber: enough answers, but the change could be chance. Red: a measure got worse beyond chance."
                    )),
                .unwrap(model.countedQuarter) {
                    .p(
                        .class("hint"),
                        .text(
                            "Measured on the people who answered before and after with their second answer in \($0), the latest complete quarter: your role sees one complete quarter's answers at a time (a survey counted again with a few more answers would give how those few answered)."
                        ))
                },
                model.outcomes.isEmpty
                    ? .p(.text("No outcomes yet."))
                    : .div(
                        .forEach(model.outcomes) { outcome in
                            .section(
                                .class("question-slot"),
                                .h3(
                                    .text(outcome.title), .text(" "),
                                    .span(.class("rag rag-\(outcome.rag)"), .text(outcome.ragLabel))),
                                .unwrap(outcome.objective) { .p(.class("hint"), .text("Objective: \($0)")) },
                                .p(.text(outcome.reason)),
                                .ul(.forEach(outcome.measures) { .li(.text($0.sentence)) }),
                                .if(
                                    model.canManage,
                                    Form.postButton(
                                        to: .partnership(slug: model.slug, .outcomeRemove(id: outcome.id)),
                                        label: "Remove",
                                        csrf: csrf, context: "outcome \(outcome.title)")))
                        }),
                .h2(.text("Indicators to \(model.quarterLabel)")),
                .p(
                    .class("hint"),
                    .text(
                        "The latest quarter is compared with the average of the quarters before it; a move of less than 5% counts as no real change."
                    )),
                model.indicators.isEmpty ? .p(.text("No indicators yet.")) : indicatorTable(model, csrf: csrf),
                .if(model.canManage, forms(model, csrf: csrf))
            ))
    }

    static func indicatorTable(_ model: Model, csrf: String) -> Node<HTML.BodyContext> {
        let quarters = model.indicators.first?.values.map(\.quarter) ?? []
        return TableScroll.region(
            .table(
                .caption(.class("visually-hidden"), .text("Indicators by quarter")),
                .thead(
                    .tr(
                        .th(.attribute(named: "scope", value: "col"), .text("Indicator")),
                        .forEach(quarters) {
                            .th(.attribute(named: "scope", value: "col"), .class("numeric"), .text($0))
                        },
                        .th(.attribute(named: "scope", value: "col"), .text("Trend")),
                        .th(.attribute(named: "scope", value: "col"), .text("Rating")))),
                .tbody(
                    .forEach(model.indicators) { row in
                        .tr(
                            .th(
                                .attribute(named: "scope", value: "row"), .text(row.title), .br(),
                                .span(.class("hint"), .text(row.direction)),
                                .if(
                                    model.canManage,
                                    .div(
                                        .class("no-print"),
                                        Form.postButton(
                                            to: .partnership(slug: model.slug, .indicatorRemove(id: row.id)),
                                            label: "Remove", csrf: csrf,
                                            style: "link-button", context: "indicator \(row.title)")))),
                            .forEach(row.values) { .td(.class("numeric"), .text($0.display)) },
                            .td(Sparkline.render(row.values.map(\.value), label: "Trend of \(row.title)")),
                            .td(
                                .span(.class("rag rag-\(row.rag)"), .text(row.ragLabel)), .br(),
                                .span(.class("hint"), .text(row.reason))))
                    })))
    }

    static func forms(_ model: Model, csrf: String) -> Node<HTML.BodyContext> {
        let v = model.values
        let manual = model.indicators.filter(\.isManual)
        return .div(
            .class("no-print"),
            .h2(.text("Add an outcome")),
            model.measures.isEmpty
                ? .p(
                    .text(
                        "Outcomes are measured by yes/no or agree–disagree questions of before/after surveys. Create a survey first."
                    ))
                : Form.post(
                    to: .partnership(slug: model.slug, .outcomes), csrf: csrf,
                    Form.input(
                        .init(
                            name: "title", label: "Outcome",
                            hint: "A change in what people do, like “Residents use 2-step verification”.",
                            value: v["title"] ?? ""), errors: model.errors),
                    Form.select(
                        name: "objective", label: "Objective (optional)", options: [("", "None")] + model.objectives,
                        selected: v["objective"], errors: []),
                    .div(
                        .class(
                            model.errors.contains { $0.field == "measures" }
                                ? "form-group form-group-error" : "form-group"),
                        .element(
                            named: "fieldset",
                            nodes: [
                                .element(
                                    named: "legend",
                                    nodes: [.class("label"), .text("Survey questions that measure it")]),
                                .unwrap(model.errors.first { $0.field == "measures" }?.message) {
                                    .p(
                                        .class("error-message"), .span(.class("visually-hidden"), .text("Error: ")),
                                        .text($0))
                                },
                                .forEach(model.measures.enumerated()) { index, measure in
                                    .div(
                                        .class("checkbox"),
                                        .input(
                                            .type(.checkbox), .name("measure[]"),
                                            .value(measure.value),
                                            .id(index == 0 ? "measures" : "measures-\(index)")),
                                        .label(
                                            .for(index == 0 ? "measures" : "measures-\(index)"), .text(measure.label)))
                                },
                            ])),
                    Form.submit("Add outcome")),
            .h2(.text("Add an indicator")),
            Form.post(
                to: .partnership(slug: model.slug, .indicators), csrf: csrf,
                Form.input(
                    .init(
                        name: "name", label: "Indicator",
                        hint: "Like “Scams reported to police” or “Calls to the advice line”.",
                        value: v["name"] ?? ""), errors: model.errors),
                Form.select(
                    name: "source", label: "Where the figures come from", options: model.sources, selected: v["source"],
                    errors: model.errors),
                Form.select(
                    name: "direction", label: "Which way should it go?", options: [("up", "Up"), ("down", "Down")],
                    selected: v["direction"], errors: model.errors),
                .if(
                    !model.yesNoQuestions.isEmpty,
                    Form.select(
                        name: "question", label: "Survey question (for a share answering yes)",
                        options: [("", "Not a survey share")] + model.yesNoQuestions, selected: v["question"],
                        errors: model.errors)),
                Form.submit("Add indicator")),
            .if(
                !manual.isEmpty,
                .group(
                    .h2(.text("Enter a quarter's figure")),
                    .forEach(manual) { row in
                        Form.post(
                            to: .partnership(slug: model.slug, .indicatorValue(id: row.id)), csrf: csrf,
                            .h3(.text(row.title)),
                            Form.select(
                                name: "quarter", id: "quarter-\(row.id)", label: "Quarter", options: model.quarters,
                                selected: v["quarter"], errors: []),
                            Form.input(
                                .init(
                                    name: "value", label: "Figure (leave empty to clear)", value: "",
                                    width: "width-third", id: "value-\(row.id)"),
                                errors: model.errors),
                            Form.submit("Save figure"))
                    }))
        )
    }
}

/// A small line of the last few values, as SVG, labelled with the values for screen readers.
public enum Sparkline {
    public static func render(_ values: [Double?], label: String) -> Node<HTML.BodyContext> {
        let known = values.compactMap { $0 }
        guard known.count >= 2, let low = known.min(), let high = known.max() else { return .text("–") }
        let width = 100.0
        let height = 28.0
        let step = width / Double(max(values.count - 1, 1))
        let span = high - low == 0 ? 1 : high - low
        let points = values.enumerated().compactMap { index, value in
            value.map {
                String(format: "%.1f,%.1f", Double(index) * step, height - 3 - ($0 - low) / span * (height - 6))
            }
        }
        let description = values.map { $0.map { String(format: "%g", $0) } ?? "no figure" }.joined(separator: ", ")
        return .element(
            named: "svg",
            nodes: [
                .attribute(named: "viewBox", value: "0 0 \(Int(width)) \(Int(height))"),
                .attribute(named: "width", value: "100"),
                .attribute(named: "height", value: "28"), .attribute(named: "role", value: "img"),
                .attribute(named: "aria-label", value: "\(label): \(description)"),
                .element(
                    named: "polyline",
                    nodes: [
                        .attribute(named: "points", value: points.joined(separator: " ")),
                        .attribute(named: "fill", value: "none"),
                        .attribute(named: "stroke", value: "#1d70b8"), .attribute(named: "stroke-width", value: "2"),
                    ]),
            ])
    }
}
