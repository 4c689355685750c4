import Plot

/// The reporting gap: reported crime against the estimated true number of incidents.
public enum ReportingGapPage {
    public struct ThemeGap: Sendable {
        public var name: String
        public var ratio: String
        public var source: String
        public var sourceURL: String
        public var rows: [[String]]
        public var bars: [BarChart.Bar]
        public init(
            name: String, ratio: String, source: String, sourceURL: String, rows: [[String]], bars: [BarChart.Bar]
        ) {
            self.name = name
            self.ratio = ratio
            self.source = source
            self.sourceURL = sourceURL
            self.rows = rows
            self.bars = bars
        }
    }

    /// One editable ratio: the field names end -central, -low, -high.
    public struct RatioField: Sendable {
        public var key: String
        public var themeName: String
        public var central: String
        public var low: String
        public var high: String
        /// Where the shares come from: the national survey by default, or the partnership's own evidence.
        public var source: String
        public var sourceURL: String
        public init(
            key: String, themeName: String, central: String, low: String, high: String, source: String = "",
            sourceURL: String = ""
        ) {
            self.key = key
            self.themeName = themeName
            self.central = central
            self.low = low
            self.high = high
            self.source = source
            self.sourceURL = sourceURL
        }
    }

    public struct Model: Sendable {
        public var slug: String
        public var period: String
        public var themes: [ThemeGap]
        public var withoutRatio: [String]
        public var canManage: Bool
        public var ratioFields: [RatioField]
        public var errors: [FormError]
        public init(
            slug: String, period: String, themes: [ThemeGap], withoutRatio: [String], canManage: Bool,
            ratioFields: [RatioField], errors: [FormError] = []
        ) {
            self.slug = slug
            self.period = period
            self.themes = themes
            self.withoutRatio = withoutRatio
            self.canManage = canManage
            self.ratioFields = ratioFields
            self.errors = errors
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        Page.render(
            title: "Reporting gap", chrome: chrome,
            content: .div(
                Form.errorSummary(model.errors),
                .h1(.text("Reporting gap")),
                .p(
                    .class("lead"),
                    .text(
                        "Most fraud and computer misuse is never reported. Each estimate takes the records of individual victims aged 16 and over — the people the Crime Survey for England and Wales asks — and divides them by the share of incidents the survey finds are reported: about how many incidents there were, if people here report like the national survey says."
                    )),
                .p(
                    .text(
                        "Because the share is a fixed national figure, the estimate rises and falls exactly with the records: it cannot show whether more people here are reporting. Records of businesses, schools and charities and of victims under 16 are left out, as the survey leaves them out; records that do not say the victim\u{2019}s type, or a person\u{2019}s age, are shared out in the proportion of those that do, and the row says how many. Where no record of a quarter says who the victim was (data.police.uk files never do), its estimate starts from every record of the theme and says so: that overstates it. A share the partnership entered from its own evidence applies to every record of its theme. A quarter with nothing imported shows no data, not 0; one only partly imported says what it holds. The survey counts reports to Action Fraud (now Report Fraud) or the police; most frauds reported to Report Fraud reach a force, if at all, only as referrals, so force data holds a small part of them. Read the estimates as an order of magnitude, not a count. \(model.period)."
                    )),
                .forEach(Array(model.themes.enumerated())) { theme($0.element, number: $0.offset + 1) },
                .if(
                    !model.withoutRatio.isEmpty,
                    .p(
                        .class("hint"),
                        .text(
                            "No published reporting ratio for: \(model.withoutRatio.joined(separator: ", ")). Add one below if the partnership has local evidence."
                        ))),
                .if(model.canManage, settingsForm(model, csrf: chrome.csrfToken))
            ))
    }

    /// `number` gives the chart a stable id (a name's hashValue changes from one process to the next).
    static func theme(_ gap: ThemeGap, number: Int) -> Node<HTML.BodyContext> {
        .section(
            .h2(.text(gap.name)),
            .p(
                .text("Share of incidents reported: \(gap.ratio). Source: "),
                gap.sourceURL.isEmpty ? .text(gap.source) : .a(.href(gap.sourceURL), .text(gap.source)), .text(".")),
            BarChart.render(
                id: "gap-\(number)", title: "Estimated incidents per quarter: \(gap.name)",
                description:
                    "Bar chart of the estimated incidents per quarter, using the latest survey's share. The table below gives the records and the estimate with the other survey year's share.",
                bars: gap.bars),
            TableScroll.region(
                .table(
                    .caption(.class("visually-hidden"), .text("Reported and estimated incidents: \(gap.name)")),
                    .thead(
                        .tr(
                            .th(.text("Quarter")), .th(.class("numeric"), .text("All records of the theme")),
                            .th(.class("numeric"), .text("Counted: individual victims aged 16 and over (or as said)")),
                            .th(.class("numeric"), .text("Estimated incidents")),
                            .th(.class("numeric"), .text("With the other survey year's share")))),
                    .tbody(
                        .forEach(gap.rows) { cells in
                            .tr(
                                .th(.attribute(named: "scope", value: "row"), .text(cells[0])),
                                .forEach(cells.dropFirst()) { .td(.class("numeric"), .text($0)) })
                        })
                ))
        )
    }

    static func settingsForm(_ model: Model, csrf: String) -> Node<HTML.BodyContext> {
        .section(
            .h2(.text("Reporting ratios")),
            .p(
                .class("hint"),
                .text(
                    "The shares come from the national survey. If the partnership has its own evidence of how many incidents are reported here (from its surveys, say), enter it with its source: the page then names that source beside each estimate."
                )
            ),
            Form.post(
                to: .partnership(slug: model.slug, .crimeSettings), csrf: csrf,
                .input(.type(.hidden), .name("return"), .value("gap")),
                .forEach(model.ratioFields) { field in
                    .group(
                        .input(.type(.hidden), .name("\(field.key)-theme"), .value(field.themeName)),
                        Form.fieldset(
                            field.themeName,
                            [
                                Form.input(
                                    .init(
                                        name: "\(field.key)-central", label: "Share reported, % (central)",
                                        value: field.central, width: "width-third"), errors: model.errors),
                                Form.input(
                                    .init(
                                        name: "\(field.key)-low", label: "Lowest published share, %", value: field.low,
                                        width: "width-third"), errors: model.errors),
                                Form.input(
                                    .init(
                                        name: "\(field.key)-high", label: "Highest published share, %",
                                        value: field.high,
                                        width: "width-third"), errors: model.errors),
                                Form.input(
                                    .init(
                                        name: "\(field.key)-source",
                                        label:
                                            "Where these shares come from (the national survey, or local evidence such as the partnership's own survey and its year)",
                                        value: field.source), errors: model.errors),
                                Form.input(
                                    .init(
                                        name: "\(field.key)-sourceURL", label: "Link to the source (optional)",
                                        value: field.sourceURL), errors: model.errors),
                            ]))
                },
                Form.submit("Save ratios"))
        )
    }
}
