import Plot

/// The register of organisations (issue 23): the list with an "add" form, one organisation's record (timeline,
/// score change, linking), and the partnership's figures.
public enum OrganisationPages {
    public typealias Option = (value: String, label: String)

    /// The details form, shared by "add" and "change".
    public struct Details: Sendable {
        public var name = "", kind = "", area = "", size = ""
        public init(name: String = "", kind: String = "", area: String = "", size: String = "") {
            (self.name, self.kind, self.area, self.size) = (name, kind, area, size)
        }
    }

    public struct Choices: Sendable {
        public var kinds: [Option]
        public var areas: [Option]
        public var sizes: [Option]
        public init(kinds: [Option], areas: [Option], sizes: [Option]) {
            (self.kinds, self.areas, self.sizes) = (kinds, areas, sizes)
        }
    }

    static func detailsFields(_ d: Details, _ choices: Choices, errors: [FormError]) -> [Node<HTML.BodyContext>] {
        [
            Form.input(
                .init(
                    name: "name", label: "Name",
                    hint: "As people write it: bookings and checks that give this name join the record.", value: d.name),
                errors: errors),
            Form.select(
                name: "kind", label: "Kind of organisation", options: [("", "Choose")] + choices.kinds,
                selected: d.kind,
                errors: errors),
            Form.select(
                name: "area", label: "Area", options: [("", "Not recorded")] + choices.areas, selected: d.area,
                errors: errors),
            Form.select(
                name: "size", label: "Size", options: [("", "Not recorded")] + choices.sizes, selected: d.size,
                errors: errors),
        ]
    }

    // MARK: the register

    public struct RegisterModel: Sendable {
        public var slug: String
        /// Header first, then one row per organisation; the first cell of each row is its name, linked by `ids`.
        public var table: [[String]]
        public var ids: [String]
        public var form = Details()
        public var choices: Choices
        public var errors: [FormError] = []
        public var notice: String?
        public init(slug: String, table: [[String]], ids: [String], choices: Choices) {
            (self.slug, self.table, self.ids, self.choices) = (slug, table, ids, choices)
        }
    }

    public static func register(_ m: RegisterModel, chrome: Chrome) -> String {
        let header = m.table.first ?? []
        let rows = Array(m.table.dropFirst())
        return Page.render(
            title: "Register of organisations", chrome: chrome,
            content: .div(
                Form.errorSummary(m.errors),
                .unwrap(m.notice) {
                    .div(.class("notice success"), .attribute(named: "role", value: "status"), .p(.text($0)))
                },
                .h1(.text("Register of organisations")),
                .p(
                    .class("lead"),
                    .text(
                        "Schools, businesses, charities and groups the partnership works with. Each record ties together the organisation\u{2019}s group bookings, games, resilience checks (only those given with consent) and resources, so you can see what it has done and whether its scores changed."
                    )),
                .p(
                    .a(
                        .href(SiteURL.partnership(slug: m.slug, .organisationFigures).path),
                        .text("Figures: organisations reached and how many improved")),
                    .text(" · "),
                    .a(
                        .href(SiteURL.partnership(slug: m.slug, .organisationsExport).path),
                        .text("Download the register as CSV"))),
                .if(
                    rows.isEmpty,
                    .p(.text("No organisations are on the register yet. Add the first one below.")),
                    else: TableScroll.region(
                        label: "Organisations (scrolls sideways on a small screen)",
                        .table(
                            .caption(.text("Organisations on the register, by name")),
                            .thead(.tr(.forEach(header) { .th(.attribute(named: "scope", value: "col"), .text($0)) })),
                            .tbody(
                                .forEach(Array(zip(rows, m.ids))) { row, id in
                                    .tr(
                                        .th(
                                            .attribute(named: "scope", value: "row"),
                                            .a(
                                                .href(SiteURL.partnership(slug: m.slug, .organisation(id: id)).path),
                                                .text(row.first ?? ""))),
                                        .forEach(Array(row.dropFirst())) { .td(.text($0)) })
                                })))),
                .section(
                    .h2(.text("Add an organisation")),
                    .element(
                        named: "div",
                        nodes: [
                            Form.post(
                                to: .partnership(slug: m.slug, .organisations), csrf: chrome.csrfToken,
                                .group(detailsFields(m.form, m.choices, errors: m.errors)),
                                Form.submit("Add to the register"))
                        ]))
            ))
    }

    // MARK: one organisation

    public struct Line: Sendable {
        public var date: String
        public var kind: String
        public var itemID: String
        public var title: String
        public var detail: String
        /// Where staff can open the item (an event's attendees, a game, a resource), if anywhere.
        public var link: SiteURL?
        public init(date: String, kind: String, itemID: String, title: String, detail: String, link: SiteURL?) {
            (self.date, self.kind, self.itemID, self.title, self.detail, self.link) = (
                date, kind, itemID, title, detail, link
            )
        }
    }

    public struct Picker: Sendable {
        public var kind: String
        public var label: String
        public var options: [Option]
        public var button: String
        public init(kind: String, label: String, options: [Option], button: String) {
            (self.kind, self.label, self.options, self.button) = (kind, label, options, button)
        }
    }

    public struct RecordModel: Sendable {
        public var slug: String
        public var id: String
        public var name: String
        public var facts: [(String, String)]
        /// "Overall score: 48 on 3 March 2026 → 71 on 2 October 2026 (up 23 points)", or why there is none.
        public var change: String
        /// Area, first, latest, change.
        public var areaChanges: [[String]] = []
        public var timeline: [Line]
        public var suggested: [Line] = []
        public var pickers: [Picker] = []
        public var form: Details
        public var choices: Choices
        public var errors: [FormError] = []
        public var notice: String?
        public init(
            slug: String, id: String, name: String, facts: [(String, String)], change: String, timeline: [Line],
            form: Details, choices: Choices
        ) {
            (self.slug, self.id, self.name, self.facts, self.change, self.timeline, self.form, self.choices) = (
                slug, id, name, facts, change, timeline, form, choices
            )
        }
    }

    static func linkButton(_ m: RecordModel, _ line: Line, unlink: Bool, csrf: String) -> Node<HTML.BodyContext> {
        .form(
            .action(SiteURL.partnership(slug: m.slug, .organisationLinks(id: m.id)).path), .method(.post),
            .class("inline-form"),
            .element(
                named: "div",
                nodes: [
                    Form.csrfField(csrf), Form.hidden("kind", line.kind), Form.hidden("item", line.itemID),
                    Form.hidden("action", unlink ? "unlink" : "link"),
                    .button(
                        .type(.submit), .class("button secondary"), .text(unlink ? "Unlink" : "Link"),
                        .span(.class("visually-hidden"), .text(" \(line.title), \(line.date)"))),
                ]))
    }

    static func lines(_ m: RecordModel, _ lines: [Line], caption: String, unlink: Bool, csrf: String) -> Node<
        HTML.BodyContext
    > {
        TableScroll.region(
            label: "\(caption) (scrolls sideways on a small screen)",
            .table(
                .caption(.text(caption)),
                .thead(
                    .tr(
                        .th(.attribute(named: "scope", value: "col"), .text("Date")),
                        .th(.attribute(named: "scope", value: "col"), .text("What")),
                        .th(.attribute(named: "scope", value: "col"), .text("Detail")),
                        .th(.attribute(named: "scope", value: "col"), .span(.class("visually-hidden"), .text("Action")))
                    )
                ),
                .tbody(
                    .forEach(lines) { line in
                        .tr(
                            .td(.text(line.date)),
                            .th(
                                .attribute(named: "scope", value: "row"),
                                .unwrap(line.link, { .a(.href($0.path), .text(line.title)) }, else: .text(line.title))),
                            .td(.text(line.detail)),
                            .td(linkButton(m, line, unlink: unlink, csrf: csrf)))
                    })))
    }

    public static func record(_ m: RecordModel, chrome: Chrome) -> String {
        Page.render(
            title: m.name, chrome: chrome,
            content: .div(
                Form.errorSummary(m.errors),
                .unwrap(m.notice) {
                    .div(.class("notice success"), .attribute(named: "role", value: "status"), .p(.text($0)))
                },
                .p(.a(.href(SiteURL.partnership(slug: m.slug, .organisations).path), .text("Back to the register"))),
                .h1(.text(m.name)),
                .element(
                    named: "dl",
                    nodes: [.class("summary-list"), .forEach(m.facts) { .group(.dt(.text($0.0)), .dd(.text($0.1))) }]),
                .h2(.text("Resilience check scores")),
                .p(.text(m.change)),
                .if(
                    !m.areaChanges.isEmpty,
                    TableScroll.region(
                        label: "Scores by area (scrolls sideways on a small screen)",
                        .table(
                            .caption(.text("Score by area, out of 100: first check and latest check of the same kind")),
                            .thead(
                                .tr(
                                    .forEach(["Area", "First check", "Latest check", "Change"]) {
                                        .th(.attribute(named: "scope", value: "col"), .text($0))
                                    })),
                            .tbody(
                                .forEach(m.areaChanges) { row in
                                    .tr(
                                        .th(.attribute(named: "scope", value: "row"), .text(row.first ?? "")),
                                        .forEach(Array(row.dropFirst())) { .td(.class("numeric"), .text($0)) })
                                })))),
                .h2(.text("Timeline")),
                .if(
                    m.timeline.isEmpty,
                    .p(.text("Nothing is linked to this organisation yet.")),
                    else: lines(
                        m, m.timeline, caption: "What the organisation has done, newest first", unlink: true,
                        csrf: chrome.csrfToken)),
                .h2(.text("Link to this organisation")),
                .if(
                    !m.suggested.isEmpty,
                    .group(
                        .p(.text("These name the organisation but are not linked yet:")),
                        lines(
                            m, m.suggested, caption: "Suggested: they give this organisation\u{2019}s name",
                            unlink: false,
                            csrf: chrome.csrfToken))),
                .p(
                    .text(
                        "Group bookings and checks that give this name are linked as they arrive. Only resilience checks taken with consent to keep details about the organisation can be linked."
                    )),
                .forEach(m.pickers) { picker in
                    .if(
                        !picker.options.isEmpty,
                        Form.post(
                            to: .partnership(slug: m.slug, .organisationLinks(id: m.id)), csrf: chrome.csrfToken,
                            Form.hidden("kind", picker.kind), Form.hidden("action", "link"),
                            Form.select(
                                name: "item", id: "item-\(picker.kind)", label: picker.label, options: picker.options,
                                selected: nil, errors: m.errors),
                            Form.submit(picker.button)))
                },
                .h2(.text("Change the details")),
                Form.post(
                    to: .partnership(slug: m.slug, .organisation(id: m.id)), csrf: chrome.csrfToken,
                    .group(detailsFields(m.form, m.choices, errors: m.errors)), Form.submit("Save the details")),
                .h2(.text("Take off the register")),
                .p(.text("Its bookings, games, checks and resources stay; they are no longer linked to a record.")),
                Form.postButton(
                    to: .partnership(slug: m.slug, .organisationRemove(id: m.id)), label: "Take off the register",
                    csrf: chrome.csrfToken, style: "button warning", context: m.name)
            ))
    }

    // MARK: figures

    public struct FiguresModel: Sendable {
        public var slug: String
        /// "2026–27 (Apr 2026–Mar 2027)" and whether it is still running ("so far, to 4 December 2026").
        public var period: String
        public var years: [Option]
        public var selectedYear: String
        /// Each table with its caption: for exact counts one (kind by area), otherwise by kind and by area.
        public var reached: [(caption: String, table: [[String]])]
        /// What the figures are: live, or as published when the year ended (and whether they have changed since).
        public var basis: String = ""
        public var reachedMeaning: String
        public var change: [[String]]
        public var changeMeaning: String
        public var disclosure: String?
        public var canSeeRegister: Bool
        public init(
            slug: String, period: String, years: [Option], selectedYear: String,
            reached: [(caption: String, table: [[String]])],
            reachedMeaning: String, change: [[String]], changeMeaning: String, disclosure: String?,
            canSeeRegister: Bool
        ) {
            self.slug = slug
            self.period = period
            self.years = years
            self.selectedYear = selectedYear
            self.reached = reached
            self.reachedMeaning = reachedMeaning
            self.change = change
            self.changeMeaning = changeMeaning
            self.disclosure = disclosure
            self.canSeeRegister = canSeeRegister
        }
    }

    static func figureTable(_ caption: String, _ table: [[String]]) -> Node<HTML.BodyContext> {
        TableScroll.region(
            label: "\(caption) (scrolls sideways on a small screen)",
            .table(
                .caption(.text(caption)),
                .thead(.tr(.forEach(table.first ?? []) { .th(.attribute(named: "scope", value: "col"), .text($0)) })),
                .tbody(
                    .forEach(Array(table.dropFirst())) { row in
                        .tr(
                            .th(.attribute(named: "scope", value: "row"), .text(row.first ?? "")),
                            .forEach(Array(row.dropFirst())) { .td(.class("numeric"), .text($0)) })
                    })))
    }

    public static func figures(_ m: FiguresModel, chrome: Chrome) -> String {
        Page.render(
            title: "Organisations reached", chrome: chrome,
            content: .div(
                .h1(.text("Organisations reached")),
                .p(.class("lead"), .text("Reporting year \(m.period).")),
                .form(
                    .action(SiteURL.partnership(slug: m.slug, .organisationFigures).path), .method(.get),
                    .element(
                        named: "div",
                        nodes: [
                            Form.select(
                                name: "year", label: "Reporting year", options: m.years, selected: m.selectedYear,
                                errors: []),
                            .button(.type(.submit), .class("button secondary"), .text("Show this year")),
                        ])),
                .unwrap(m.disclosure) { .p(.class("hint"), .text($0)) },
                .h2(.text("Reached, by kind and area")),
                .p(.text(m.reachedMeaning)),
                .if(!m.basis.isEmpty, .p(.text(m.basis))),
                .forEach(m.reached) { figureTable($0.caption, $0.table) },
                .h2(.text("Did their resilience scores improve?")),
                .p(.text(m.changeMeaning)),
                figureTable("Organisations that took the same resilience check at least twice", m.change),
                .p(
                    .a(
                        .href(
                            SiteURL.partnership(slug: m.slug, .organisationFiguresExport).path
                                + "?year=\(m.selectedYear)"),
                        .text("Download these figures as CSV")),
                    .if(
                        m.canSeeRegister,
                        .group(
                            .text(" · "),
                            .a(.href(SiteURL.partnership(slug: m.slug, .organisations).path), .text("The register")))))
            ))
    }
}
