import Plot

/// The engagement dashboard: reach by quarter and by objective, theme, audience, partner and area.
public enum EngagementPage {
    public struct Model: Sendable {
        public var slug: String
        public var period: String
        public var headline: [(String, String)]
        public var bars: [BarChart.Bar]
        public var tables: [CrimePicturePage.Table]
        public var suppressed: Bool
        /// The partnership's small-number threshold, for the sentence that explains it.
        public var threshold = 5
        public var query: String
        /// For roles without exact counts: the complete quarters they may choose (one at a time), and the chosen one.
        public var quarterOptions: [(value: String, label: String)] = []
        public var quarter: String?
        public init(
            slug: String, period: String, headline: [(String, String)], bars: [BarChart.Bar],
            tables: [CrimePicturePage.Table],
            suppressed: Bool, query: String
        ) {
            self.slug = slug
            self.period = period
            self.headline = headline
            self.bars = bars
            self.tables = tables
            self.suppressed = suppressed
            self.query = query
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        Page.render(
            title: "Engagement", chrome: chrome,
            content: .div(
                .p(.a(.href(SiteURL.partnership(slug: model.slug, .events).path), .text("Events"))),
                .h1(.text("Engagement")),
                .p(
                    .class("lead"),
                    .text(
                        "People reached by the partnership's sessions, \(model.period). Attendances count those who came, walk-ins included (a person at three sessions counts three times); bookings alone are not reach."
                    )),
                .if(
                    model.suppressed,
                    .p(
                        .class("hint"),
                        .text("Counts under \(model.threshold) are shown as \u{201C}<\(model.threshold)\u{201D}."))),
                .if(
                    !model.quarterOptions.isEmpty,
                    Form.quarterPicker(
                        action: .partnership(slug: model.slug, .engagement),
                        why:
                            "Your role sees one complete quarter at a time: the totals of two periods that overlap differ by a count neither shows, and a quarter under way changes from day to day, so either could give a small count away.",
                        options: model.quarterOptions, selected: model.quarter)),
                .dl(
                    .class("figures inline-figures"),
                    .forEach(model.headline) { .group(.dt(.text($0.0)), .dd(.text($0.1))) }),
                BarChart.render(
                    id: "engaged-chart", title: "Attendances per quarter",
                    description:
                        "Bar chart of attendances per quarter (a person at three sessions counts three times). The same figures are in the first table.",
                    bars: model.bars),
                .forEach(model.tables) { table in
                    FigureTable.render(
                        table,
                        download: SiteURL.partnership(slug: model.slug, .engagementExport).path + "?table=\(table.key)"
                            + (model.query.isEmpty ? "" : "&" + model.query))
                }
            ))
    }
}
