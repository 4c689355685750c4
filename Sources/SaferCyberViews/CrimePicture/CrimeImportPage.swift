import Plot

/// One import: what happened, and every rejected row.
public enum CrimeImportPage {
    public struct Problem: Sendable {
        public var line: String
        public var column: String
        public var value: String
        public var reason: String
        public init(line: String, column: String, value: String, reason: String) {
            self.line = line
            self.column = column
            self.value = value
            self.reason = reason
        }
    }

    public struct Model: Sendable {
        public var slug: String
        public var id: String
        public var file: String
        public var imported: Bool
        public var message: String
        public var facts: [(String, String)]
        public var problems: [Problem]
        public var problemCount: Int
        /// Months the coordinator may confirm the file complete to (empty when the file covers no months).
        public var completeToOptions: [(value: String, label: String)]
        public var completeTo: String?
        /// The partnership's local authorities (code, name), when it has more than one, and those the file covers.
        public var areaOptions: [(value: String, label: String)] = []
        public var coveredAreas: Set<String> = []
        public var errors: [FormError]
        public init(
            slug: String, id: String, file: String, imported: Bool, message: String, facts: [(String, String)],
            problems: [Problem], problemCount: Int, completeToOptions: [(value: String, label: String)] = [],
            completeTo: String? = nil, errors: [FormError] = []
        ) {
            self.completeToOptions = completeToOptions
            self.completeTo = completeTo
            self.errors = errors
            self.slug = slug
            self.id = id
            self.file = file
            self.imported = imported
            self.message = message
            self.facts = facts
            self.problems = problems
            self.problemCount = problemCount
        }
    }

    /// Which months the file holds in full: only complete quarters are compared, so this decides what is.
    static func completeToForm(_ model: Model, csrf: String) -> Node<HTML.BodyContext> {
        .section(
            .h2(.text("Which months does this file hold in full?")),
            .p(
                .class("hint"),
                .text(
                    "Quarters are compared only when every month is complete. An extract is taken as complete up to the month before it was imported; confirm a later month if the force's system had every crime for it, or an earlier one if the extract was cut short."
                )),
            Form.post(
                to: .partnership(slug: model.slug, .crimeImport(id: model.id)), csrf: csrf,
                Form.select(
                    name: "complete-to", label: "Complete up to and including", options: model.completeToOptions,
                    selected: model.completeTo, errors: model.errors),
                .if(
                    model.areaOptions.count > 1,
                    Form.checkboxes(
                        name: "areas", legend: "Areas the file holds every crime for",
                        hint:
                            "Untick an area if this file is another area's extract (a district's own, or one force of two): its months then count as complete only for the areas ticked.",
                        options: model.areaOptions, selected: model.coveredAreas, errors: model.errors)),
                Form.submit("Save")))
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        Page.render(
            title: "Import of \(model.file)", chrome: chrome,
            content: .div(
                .p(.a(.href(SiteURL.partnership(slug: model.slug, .crimeImports).path), .text("Back to imports"))),
                Form.errorSummary(model.errors),
                .h1(.text("Import of \(model.file)")),
                .div(
                    .class(model.imported ? "panel panel-success" : "panel panel-problem"),
                    .attribute(named: "role", value: "status"),
                    .h2(.text(model.imported ? "Imported" : "Not imported: nothing was changed")),
                    .p(.text(model.message))),
                .dl(.class("facts"), .forEach(model.facts) { fact in .group(.dt(.text(fact.0)), .dd(.text(fact.1))) }),
                .if(!model.completeToOptions.isEmpty, completeToForm(model, csrf: chrome.csrfToken)),
                .if(
                    model.problemCount > 0,
                    .group(
                        .h2(.text("Rows with problems (\(model.problemCount))")),
                        .p(
                            .a(
                                .href(SiteURL.partnership(slug: model.slug, .crimeRejections(id: model.id)).path),
                                .text("Download every problem (CSV)"))),
                        .if(
                            model.problemCount > model.problems.count,
                            .p(
                                .class("hint"),
                                .text("The first \(model.problems.count) are shown here; the download has them all."))),
                        TableScroll.region(
                            .table(
                                .caption(.class("visually-hidden"), .text("Rows with problems")),
                                .thead(
                                    .tr(
                                        .th(.text("Line")), .th(.text("Column")), .th(.text("Value")),
                                        .th(.text("Problem")))),
                                .tbody(
                                    .forEach(model.problems) { problem in
                                        .tr(
                                            .td(.text(problem.line)), .td(.text(problem.column)),
                                            .td(.code(.text(problem.value))), .td(.text(problem.reason)))
                                    })
                            ))
                    ))
            ))
    }
}
