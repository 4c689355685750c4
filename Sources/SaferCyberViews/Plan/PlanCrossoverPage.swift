import Plot

/// Themes against audiences and objectives, with the actions in each cell, and the gap and duplicate flags.
public enum PlanCrossoverPage {
    public struct Grid: Sendable {
        public var caption: String
        public var columnHeading: String
        public var columns: [String]
        /// Row label, then each cell's actions as (number, title, action id).
        public var rows: [(label: String, cells: [[(number: Int, title: String, id: String)]])]
        public init(
            caption: String, columnHeading: String, columns: [String],
            rows: [(label: String, cells: [[(number: Int, title: String, id: String)]])]
        ) {
            self.caption = caption
            self.columnHeading = columnHeading
            self.columns = columns
            self.rows = rows
        }
    }

    public struct Flag: Sendable {
        public var key: String
        public var kind: String
        public var title: String
        public var reason: String
        public var actions: [(number: Int, id: String)]
        /// The review note and who wrote it, when reviewed.
        public var review: (note: String, by: String, on: String)?
        public init(
            key: String, kind: String, title: String, reason: String, actions: [(number: Int, id: String)],
            review: (note: String, by: String, on: String)?
        ) {
            self.key = key
            self.kind = kind
            self.title = title
            self.reason = reason
            self.actions = actions
            self.review = review
        }
    }

    public struct Model: Sendable {
        public var slug: String
        public var grids: [Grid]
        public var gaps: [Flag]
        public var duplicates: [Flag]
        public var gapsFromCrimePicture: Bool
        public var canReview: Bool
        public var values: [String: String]
        public var errors: [FormError]
        public init(
            slug: String, grids: [Grid], gaps: [Flag], duplicates: [Flag], gapsFromCrimePicture: Bool, canReview: Bool,
            values: [String: String], errors: [FormError]
        ) {
            self.slug = slug
            self.grids = grids
            self.gaps = gaps
            self.duplicates = duplicates
            self.gapsFromCrimePicture = gapsFromCrimePicture
            self.canReview = canReview
            self.values = values
            self.errors = errors
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        Page.render(
            title: (model.errors.isEmpty ? "" : "Error: ") + "Themes and audiences", chrome: chrome,
            content: .div(
                Form.errorSummary(model.errors),
                .p(.a(.href(SiteURL.partnership(slug: model.slug, .plan).path), .text("Back to the plan"))),
                .h1(.text("Themes and audiences: gaps and duplicates")),
                .p(
                    .class("lead"),
                    .text("Open actions only: complete and cancelled actions are left out. Numbers are action numbers.")
                ),
                .h2(.text("Gaps")),
                .p(
                    .class("hint"),
                    .text(
                        model.gapsFromCrimePicture
                            ? "A gap is one of the crime picture's top-ranked theme and group pairs (“where to focus”) that no open action covers."
                            : "There is no crime picture yet, so a gap is a theme or audience that no open action covers."
                    )),
                flags(model.gaps, model: model, csrf: chrome.csrfToken, none: "No gaps."),
                .h2(.text("Possible duplicates")),
                .p(
                    .class("hint"),
                    .text(
                        "Open actions led by different partners on the same theme and audience, in the same area, with overlapping dates."
                    )),
                flags(model.duplicates, model: model, csrf: chrome.csrfToken, none: "No possible duplicates."),
                .forEach(model.grids) { grid(model.slug, $0) }
            ))
    }

    static func flags(_ flags: [Flag], model: Model, csrf: String, none: String) -> Node<HTML.BodyContext> {
        flags.isEmpty
            ? .p(.text(none))
            : .div(
                .forEach(flags) { flag in
                    let field = fieldID(flag.key)
                    return .section(
                        .class("question-slot"),
                        .h3(
                            .text(flag.title), .text(" "),
                            .span(
                                .class(flag.review == nil ? "tag tag-refused" : "tag tag-imported"),
                                .text(flag.review == nil ? "Not reviewed" : "Reviewed"))),
                        .p(.text(flag.reason)),
                        .if(
                            !flag.actions.isEmpty,
                            .p(
                                .text("Actions: "),
                                .forEach(flag.actions) { a in
                                    .group(
                                        .a(
                                            .href(SiteURL.partnership(slug: model.slug, .planAction(id: a.id)).path),
                                            .text("\(a.number)")), .text(" "))
                                })),
                        .unwrap(flag.review) { r in
                            .p(
                                .strong(.text("Review note: ")), .text(r.note),
                                .span(.class("hint"), .text(" — \(r.by), \(r.on)")))
                        },
                        .if(
                            model.canReview,
                            Form.post(
                                to: .partnership(slug: model.slug, .planFlagReview), csrf: csrf,
                                Form.hidden("flag", flag.key),
                                Form.textarea(
                                    "note",
                                    flag.review == nil ? "Mark as reviewed, with a note" : "Change the review note",
                                    hint: "What the sub-group decided, e.g. why it is fine or who will act.",
                                    value: model.values[field] ?? "",
                                    errors: model.errors, rows: 2, id: field),
                                .button(
                                    .type(.submit), .class("button secondary"), .text("Save review"),
                                    .span(.class("visually-hidden"), .text(" of \(flag.title)"))))))
                })
    }

    /// A short id for a flag's note field, the same in every process (FNV-1a of the key; Swift's hashValue is seeded per process).
    public static func fieldID(_ key: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return "note-" + String(hash, radix: 36)
    }

    static func grid(_ slug: String, _ grid: Grid) -> Node<HTML.BodyContext> {
        .section(
            .h2(.text(grid.caption)),
            TableScroll.region(
                .table(
                    .class("crossover"),
                    .caption(.class("visually-hidden"), .text(grid.caption)),
                    .thead(
                        .tr(
                            .th(.attribute(named: "scope", value: "col"), .text("Theme")),
                            .forEach(grid.columns) { .th(.attribute(named: "scope", value: "col"), .text($0)) })),
                    .tbody(
                        .forEach(grid.rows) { row in
                            .tr(
                                .th(.attribute(named: "scope", value: "row"), .text(row.label)),
                                .forEach(row.cells) { cell in
                                    .td(
                                        .class(cell.isEmpty ? "cell-empty" : ""),
                                        cell.isEmpty
                                            ? .span(.class("hint"), .text("–"))
                                            : .forEach(cell) { a in
                                                .group(
                                                    .a(
                                                        .href(
                                                            SiteURL.partnership(slug: slug, .planAction(id: a.id)).path),
                                                        .attribute(named: "title", value: a.title),
                                                        .text("\(a.number)"),
                                                        .span(.class("visually-hidden"), .text(": \(a.title)"))),
                                                    .text(" "))
                                            })
                                })
                        }))))
    }
}
