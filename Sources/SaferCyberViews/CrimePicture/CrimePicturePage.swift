import Foundation
import Plot

/// The crime picture: what is happening, to whom, where, and whether it is getting worse.
public enum CrimePicturePage {
    /// One breakdown, already formatted (suppression applied by the caller).
    public struct Table: Sendable {
        public var key: String
        public var title: String
        public var columns: [String]
        public var rows: [[String]]
        public var note: String?
        /// Columns of words rather than figures (left-aligned); column 0 is always the row heading.
        public var textColumns: Set<Int> = []
        public init(
            key: String, title: String, columns: [String], rows: [[String]], note: String? = nil,
            textColumns: Set<Int> = []
        ) {
            self.textColumns = textColumns
            self.key = key
            self.title = title
            self.columns = columns
            self.rows = rows
            self.note = note
        }
    }

    public struct Model: Sendable {
        public var slug: String
        public var hasData: Bool
        public var suppressed: Bool
        /// The partnership's small-number threshold, for the sentence that explains it.
        public var threshold = 5
        public var canManage: Bool
        public var periodLabel: String
        public var total: String
        public var quarterOnQuarter: String
        public var yearOnYear: String
        public var bars: [BarChart.Bar]
        public var tables: [Table]
        public var filter: [String: String]
        /// The role sees Core's standard view only (one complete quarter, nothing filtered): the form offers the
        /// quarter alone and says why.
        public var standardView = false
        public var quarterOptions: [(value: String, label: String)]
        public var scopeOptions: [(value: String, label: String)]
        public var themeOptions: [(value: String, label: String)]
        public var areaOptions: [(value: String, label: String)]
        public var errors: [FormError]
        /// What to say instead of figures when the filter finds none (nil: "No crime records have been imported yet.").
        public var emptyNotice: String?
        /// Quarters of the period that are not complete ("Apr–Jun 2026 holds April only").
        public var coverageNotes: [String]
        /// How the change was tested, as it was for these figures.
        public var methodNote: String
        /// For roles with exact counts: quarters whose figures changed after they were published ("Jan–Mar 2024,
        /// published 5 March 2024"), which roles without exact counts and the board report still show as published.
        public var revisions: [String] = []
        /// Whether this user may publish the revisions.
        public var canPublishRevisions = false

        public init(
            slug: String, hasData: Bool, suppressed: Bool, canManage: Bool, periodLabel: String, total: String,
            quarterOnQuarter: String, yearOnYear: String, bars: [BarChart.Bar], tables: [Table],
            filter: [String: String],
            quarterOptions: [(value: String, label: String)], scopeOptions: [(value: String, label: String)],
            themeOptions: [(value: String, label: String)], areaOptions: [(value: String, label: String)],
            errors: [FormError] = [], emptyNotice: String? = nil, coverageNotes: [String] = [],
            methodNote: String = ""
        ) {
            self.slug = slug
            self.hasData = hasData
            self.suppressed = suppressed
            self.canManage = canManage
            self.periodLabel = periodLabel
            self.total = total
            self.quarterOnQuarter = quarterOnQuarter
            self.yearOnYear = yearOnYear
            self.bars = bars
            self.tables = tables
            self.filter = filter
            self.quarterOptions = quarterOptions
            self.scopeOptions = scopeOptions
            self.themeOptions = themeOptions
            self.areaOptions = areaOptions
            self.errors = errors
            self.emptyNotice = emptyNotice
            self.coverageNotes = coverageNotes
            self.methodNote = methodNote
        }

        var query: String {
            filter.sorted { $0.key < $1.key }.filter { !$0.value.isEmpty }
                .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
                .joined(separator: "&")
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        Page.render(
            title: "Crime picture", chrome: chrome,
            content: .div(
                Form.errorSummary(model.errors),
                .h1(.text("Crime picture")),
                .p(
                    .class("lead"),
                    .text(
                        "Cyber-enabled and cyber-dependent crime reported to the police, by quarter, theme, victim and place."
                    )),
                .nav(
                    .attribute(named: "aria-label", value: "Crime picture pages"),
                    .ul(
                        .class("inline-list"),
                        .li(.a(.href(SiteURL.partnership(slug: model.slug, .crimeGap).path), .text("Reporting gap"))),
                        .li(
                            .a(.href(SiteURL.partnership(slug: model.slug, .crimeFocus).path), .text("Where to focus"))),
                        .if(
                            model.canManage,
                            .li(
                                .a(
                                    .href(SiteURL.partnership(slug: model.slug, .crimeImports).path),
                                    .text("Import crime records")))),
                        .if(
                            model.canManage,
                            .li(
                                .a(
                                    .href(SiteURL.partnership(slug: model.slug, .crimeRules).path),
                                    .text("Classification rules")))))),
                revisionNotice(model, csrf: chrome.csrfToken),
                filterForm(model),
                .if(
                    !model.hasData,
                    .p(.class("notice"), .text(model.emptyNotice ?? "No crime records have been imported yet."))),
                .if(model.hasData, summary(model)),
                .forEach(model.tables) { table($0, model: model) }
            ))
    }

    static func revisionNotice(_ model: Model, csrf: String) -> Node<HTML.BodyContext> {
        .if(
            !model.revisions.isEmpty,
            .div(
                .class("notice"),
                .h2(.text("Figures revised since they were published")),
                .p(
                    .text(
                        "Later imports or rule changes changed these quarters after they were first published. Roles without exact counts, indicators and the board report still show each as published: a reader comparing two versions could work out a small count from the difference."
                    )),
                .ul(.forEach(model.revisions) { .li(.text($0)) }),
                .if(
                    model.canPublishRevisions,
                    Form.postButton(
                        to: .partnership(slug: model.slug, .crimeEditions), label: "Publish the revised figures",
                        csrf: csrf)),
                .if(
                    !model.canPublishRevisions,
                    .p(.class("hint"), .text("A coordinator can publish the revised figures.")))))
    }

    static func filterForm(_ model: Model) -> Node<HTML.BodyContext> {
        if model.standardView {
            return Form.quarterPicker(
                action: .partnership(slug: model.slug, .crimePicture),
                why:
                    "Your role sees one complete quarter at a time, with every theme and the whole partnership, as it was first published. Filtered views and later revisions are not offered: comparing two of them would let a small count be worked out by subtraction.",
                options: model.quarterOptions, selected: model.filter["to"], errors: model.errors)
        }
        return .form(
            .action(SiteURL.partnership(slug: model.slug, .crimePicture).path), .method(.get), .class("filters"),
            .element(
                named: "div",
                nodes: [
                    Form.select(
                        name: "from", label: "From", options: model.quarterOptions, selected: model.filter["from"],
                        errors: model.errors),
                    Form.select(
                        name: "to", label: "To", options: model.quarterOptions, selected: model.filter["to"],
                        errors: model.errors),
                    Form.select(
                        name: "scope", label: "Records", options: model.scopeOptions, selected: model.filter["scope"],
                        errors: []),
                    Form.select(
                        name: "theme", label: "Theme", options: [("", "All themes")] + model.themeOptions,
                        selected: model.filter["theme"], errors: []),
                    Form.select(
                        name: "area", label: "Area", options: [("", "Whole partnership")] + model.areaOptions,
                        selected: model.filter["area"], errors: []),
                    Form.submit("Show"),
                ]))
    }

    static func summary(_ model: Model) -> Node<HTML.BodyContext> {
        .section(
            .h2(.text("Reported crime, \(model.periodLabel)")),
            .p(.class("figure"), .text(model.total), .span(.class("figure-label"), .text(" records in the period"))),
            .if(
                model.suppressed,
                .p(
                    .class("hint"),
                    .text(
                        "Counts under \(model.threshold) are shown as \u{201C}<\(model.threshold)\u{201D}, and where the tables add up (rows to the total, months to quarters) further counts are withheld as \u{201C}[c]\u{201D} so that a small count cannot be worked out by subtraction. No victim can be identified."
                    ))),
            .if(
                !model.coverageNotes.isEmpty,
                .div(
                    .class("notice"),
                    .p(.text("Not every quarter of this period is complete, so its figures are so far:")),
                    .ul(.forEach(model.coverageNotes) { .li(.text($0)) }))),
            .h3(.text("Is it getting worse?")),
            .ul(
                .li(.strong(.text("Latest quarter against the one before: ")), .text(model.quarterOnQuarter)),
                .li(.strong(.text("Latest quarter against the same quarter a year earlier: ")), .text(model.yearOnYear))
            ),
            Form.disclosure(
                "How the change is tested", hidden: "method",
                .p(
                    .text(
                        "Only complete quarters are compared: a quarter nothing was imported for is \u{201C}no data\u{201D}, not 0, and a quarter that holds only some of its months is not compared. Quarters differ in length (90 to 92 days), so the change is in crimes per day. Each quarter's count is treated as a Poisson count: if the daily rate had not changed, the later quarter's share of the two quarters' total would follow a binomial distribution, and the exact two-sided binomial test gives the p-value. Recorded crime usually varies more than that; with at least 8 complete quarters the test allows for the extra variation seen in the partnership's own history (a quasi-Poisson test). A change with p below 0.05 is called larger than chance. Rising reported numbers can also mean more people are reporting, which the partnership wants."
                    ),
                    .if(!model.methodNote.isEmpty, .p(.strong(.text("For these figures: ")), .text(model.methodNote))))),
            BarChart.render(
                id: "quarters-chart", title: "Records per quarter",
                description:
                    "Bar chart of records per quarter, \(model.periodLabel). The same figures are in the table below.",
                bars: model.bars)
        )
    }

    static func table(_ table: Table, model: Model) -> Node<HTML.BodyContext> {
        FigureTable.render(
            table,
            download: SiteURL.partnership(slug: model.slug, .crimeExport).path + "?table=\(table.key)"
                + (model.query.isEmpty ? "" : "&" + model.query))
    }
}
