import Plot

/// The partnership's events for staff: what is coming up, how full, and links to edit and to the register.
public enum EventsPage {
    public struct Row: Sendable {
        public var id: String
        public var when: String
        public var title: String
        public var kind: String
        public var status: String
        public var booked: String
        public var waiting: String
        /// The partner organisation that leads it ("" when none), and whether this person may edit it.
        public var organisation = ""
        public var canEdit = true
        public init(
            id: String, when: String, title: String, kind: String, status: String, booked: String, waiting: String
        ) {
            self.id = id
            self.when = when
            self.title = title
            self.kind = kind
            self.status = status
            self.booked = booked
            self.waiting = waiting
        }
    }

    public struct Model: Sendable {
        public var slug: String
        public var rows: [Row]
        public var canManage: Bool
        public var notice: String?
        /// The organisation filter: its choices (value "" is every organisation) and the one shown.
        public var organisations: [(value: String, label: String)] = []
        public var organisation = ""
        public init(slug: String, rows: [Row], canManage: Bool, notice: String? = nil) {
            self.slug = slug
            self.rows = rows
            self.canManage = canManage
            self.notice = notice
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        Page.render(
            title: "Events", chrome: chrome,
            content: .div(
                .unwrap(model.notice) {
                    .div(.class("notice success"), .attribute(named: "role", value: "status"), .p(.text($0)))
                },
                .h1(.text("Events")),
                .p(
                    .text("Public events appear on the partnership's events page once published. "),
                    .a(.href(SiteURL.publicEvents(slug: model.slug).path), .text("See the public events page"))),
                .p(
                    .a(
                        .href(SiteURL.partnership(slug: model.slug, .engagement).path),
                        .text("Engagement dashboard: people reached, attendance, Friends"))),
                .if(
                    model.canManage,
                    .p(
                        .a(
                            .class("button"), .href(SiteURL.partnership(slug: model.slug, .eventNew).path),
                            .text("Create an event")))),
                .if(
                    !model.organisations.isEmpty,
                    .form(
                        .action(SiteURL.partnership(slug: model.slug, .events).path), .method(.get),
                        .class("filters"),
                        .element(
                            named: "div",
                            nodes: [
                                Form.select(
                                    name: "organisation", label: "Led by",
                                    options: [("", "Every organisation")] + model.organisations,
                                    selected: model.organisation, errors: []),
                                .div(
                                    .class("form-group"),
                                    .button(.type(.submit), .class("button secondary"), .text("Show"))),
                            ]))),
                TableScroll.region(
                    .table(
                        .caption(.class("visually-hidden"), .text("Events, latest first")),
                        .thead(
                            .tr(
                                .th(.text("When")), .th(.text("Event")), .th(.text("Status")),
                                .th(.class("numeric"), .text("Booked")),
                                .th(.class("numeric"), .text("Waiting")), .th(.text("")))),
                        .tbody(
                            .forEach(model.rows) { row in
                                .tr(
                                    .td(.text(row.when)),
                                    .th(
                                        .attribute(named: "scope", value: "row"), .text(row.title), .br(),
                                        .span(
                                            .class("hint"),
                                            .text(
                                                row.organisation.isEmpty
                                                    ? row.kind : "\(row.kind) · \(row.organisation)"))),
                                    .td(.text(row.status)), .td(.class("numeric"), .text(row.booked)),
                                    .td(.class("numeric"), .text(row.waiting)),
                                    .td(
                                        .if(
                                            model.canManage,
                                            .group(
                                                .if(
                                                    row.canEdit,
                                                    .group(
                                                        rowLink(
                                                            SiteURL.partnership(slug: model.slug, .event(id: row.id)),
                                                            "Edit", " \(row.title), \(row.when)"),
                                                        .text(" · "))),
                                                rowLink(
                                                    SiteURL.publicEvent(slug: model.slug, id: row.id), "Public page",
                                                    " of \(row.title), \(row.when)"),
                                                .text(" · "),
                                                rowLink(
                                                    SiteURL.partnership(slug: model.slug, .eventRegister(id: row.id)),
                                                    "Register", " for \(row.title), \(row.when)"),
                                                .text(" · "),
                                                rowLink(
                                                    SiteURL.partnership(slug: model.slug, .eventAttendees(id: row.id)),
                                                    "People booked", " on \(row.title), \(row.when)")))))
                            })
                    ))
            ))
    }

    /// A short link in a row, named in full for screen readers ("Register" + " for Scam talk, 14 March").
    static func rowLink(_ url: SiteURL, _ text: String, _ hidden: String) -> Node<HTML.BodyContext> {
        .a(.href(url.path), .text(text), .span(.class("visually-hidden"), .text(hidden)))
    }
}
