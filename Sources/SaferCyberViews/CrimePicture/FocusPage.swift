import Plot

/// Where to focus: theme × victim group and theme × area, ranked, with the method and editable weights.
public enum FocusPage {
    public struct Weight: Sendable {
        public var field: String
        public var label: String
        public var value: String
        public init(field: String, label: String, value: String) {
            self.field = field
            self.label = label
            self.value = value
        }
    }

    public struct Model: Sendable {
        public var slug: String
        public var period: String
        public var groupRows: [[String]]
        public var areaRows: [[String]]
        public var canManage: Bool
        public var harm: [Weight]
        public var vulnerability: [Weight]
        public var trendWeight: String
        public var errors: [FormError]
        /// The partnership's disclosure threshold, for the method note.
        public var threshold = 5
        public init(
            slug: String, period: String, groupRows: [[String]], areaRows: [[String]], canManage: Bool,
            harm: [Weight], vulnerability: [Weight], trendWeight: String, errors: [FormError] = []
        ) {
            self.slug = slug
            self.period = period
            self.groupRows = groupRows
            self.areaRows = areaRows
            self.canManage = canManage
            self.harm = harm
            self.vulnerability = vulnerability
            self.trendWeight = trendWeight
            self.errors = errors
        }
    }

    static let columns = [
        "Rank", "Theme", "Who", "Records (last 4 quarters)", "Previous 4 quarters", "Volume", "Trend", "Harm",
        "Vulnerability", "Score",
    ]

    public static func render(_ model: Model, chrome: Chrome) -> String {
        Page.render(
            title: "Where to focus", chrome: chrome,
            content: .div(
                Form.errorSummary(model.errors),
                .h1(.text("Where to focus")),
                .p(
                    .class("lead"),
                    .text(
                        "Which themes and groups of victims most need the partnership's limited effort, \(model.period)."
                    )),
                Form.disclosure(
                    "How the score is worked out", hidden: "method",
                    .p(
                        .text(
                            "Volume: the cell's cyber-related records in the last four quarters divided by the average of all cells that have any. Trend: 1 plus the trend weight times the change on the four quarters before (capped between a 50% fall and a 100% rise, and measured against at least 5 records so that tiny numbers do not swing). Score = volume × harm weight of the theme × vulnerability weight of the group × trend. For areas, volume uses the rate per 1,000 residents. The weights are the partnership's own judgement and can be changed below. Where counts are suppressed, a cell with fewer than \(model.threshold) records in either period is listed unranked (rank –) after the ranked cells: its figures and its place in the order would give the count away, and the average that volume divides by is then taken over the ranked cells only (an average over every cell would give the hidden ones' total back)."
                        ))),
                table("By theme and group of victims", rows: model.groupRows, columns: columns),
                table(
                    "By theme and local authority", rows: model.areaRows,
                    columns: [
                        "Rank", "Theme", "Area", "Records (last 4 quarters)", "Previous 4 quarters", "Rate per 1,000",
                        "Trend", "Harm", "Score",
                    ]),
                .if(model.canManage, weightsForm(model, csrf: chrome.csrfToken))
            ))
    }

    static func table(_ title: String, rows: [[String]], columns: [String]) -> Node<HTML.BodyContext> {
        .section(
            .h2(.text(title)),
            .if(rows.isEmpty, .p(.text("No records in the last eight quarters."))),
            .if(
                !rows.isEmpty,
                TableScroll.region(
                    .table(
                        .caption(.class("visually-hidden"), .text(title)),
                        .thead(
                            .tr(
                                .forEach(columns.enumerated()) { index, column in
                                    .th(
                                        .attribute(named: "scope", value: "col"), .if(index > 2, .class("numeric")),
                                        .text(column))
                                })),
                        .tbody(
                            .forEach(rows) { cells in
                                .tr(
                                    .forEach(cells.enumerated()) { index, cell in
                                        index == 1
                                            ? .th(.attribute(named: "scope", value: "row"), .text(cell))
                                            : .td(.if(index > 2, .class("numeric")), .text(cell))
                                    })
                            })
                    )))
        )
    }

    static func weightsForm(_ model: Model, csrf: String) -> Node<HTML.BodyContext> {
        .section(
            .h2(.text("Weights")),
            Form.post(
                to: .partnership(slug: model.slug, .crimeSettings), csrf: csrf,
                .input(.type(.hidden), .name("return"), .value("focus")),
                Form.fieldset(
                    "Harm weight of each theme (1 is ordinary, up to 10)",
                    model.harm.map {
                        Form.input(
                            .init(name: $0.field, label: $0.label, value: $0.value, width: "width-third"),
                            errors: model.errors)
                    }),
                Form.fieldset(
                    "Vulnerability weight of each group (1 is ordinary, up to 10)",
                    model.vulnerability.map {
                        Form.input(
                            .init(name: $0.field, label: $0.label, value: $0.value, width: "width-third"),
                            errors: model.errors)
                    }),
                Form.input(
                    .init(
                        name: "trendWeight", label: "Trend weight (0 ignores the trend, up to 5)",
                        value: model.trendWeight, width: "width-third"),
                    errors: model.errors),
                Form.submit("Save weights"))
        )
    }
}
