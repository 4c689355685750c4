import Plot

/// Everyone booked on an event, access needs first, with a CSV download (issue 23).
public enum AttendeesPage {
    public struct Model: Sendable {
        public var slug: String
        public var eventID: String
        public var title: String
        public var when: String
        /// Header first, then one row per booking (the same as the CSV).
        public var table: [[String]]
        public var withAccessNeeds: Int
        public init(slug: String, eventID: String, title: String, when: String, table: [[String]], withAccessNeeds: Int)
        {
            self.slug = slug
            self.eventID = eventID
            self.title = title
            self.when = when
            self.table = table
            self.withAccessNeeds = withAccessNeeds
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        let header = model.table.first ?? []
        let rows = Array(model.table.dropFirst())
        return Page.render(
            title: "People booked: \(model.title)", chrome: chrome,
            content: .div(
                .p(
                    .a(
                        .href(SiteURL.partnership(slug: model.slug, .event(id: model.eventID)).path),
                        .text("Back to the event"))),
                .h1(.text("People booked: \(model.title)")),
                .p(.class("lead"), .text(model.when)),
                .p(
                    .text(
                        model.withAccessNeeds == 0
                            ? "Nobody has told us of an access need."
                            : model.withAccessNeeds == 1
                                ? "1 booking has an access need: it is listed first."
                                : "\(model.withAccessNeeds) bookings have access needs: they are listed first.")),
                .p(
                    .text("Every look at this list is written to the audit log. "),
                    .a(
                        .href(SiteURL.partnership(slug: model.slug, .eventAttendeesExport(id: model.eventID)).path),
                        .text("Download as CSV")),
                    .text(" · "),
                    .a(
                        .href(SiteURL.partnership(slug: model.slug, .eventRegister(id: model.eventID)).path),
                        .text("Open the register for check-in"))),
                .if(
                    rows.isEmpty,
                    .p(.text("Nobody has booked yet.")),
                    else: .div(
                        .class("table-scroll"), .attribute(named: "tabindex", value: "0"),
                        .attribute(named: "role", value: "region"),
                        .attribute(named: "aria-label", value: "People booked (scrolls sideways on a small screen)"),
                        .table(
                            .caption(.text("People booked, access needs first")),
                            .thead(.tr(.forEach(header) { .th(.attribute(named: "scope", value: "col"), .text($0)) })),
                            .tbody(
                                .forEach(rows) { row in
                                    .tr(
                                        .th(.attribute(named: "scope", value: "row"), .text(row.first ?? "")),
                                        .forEach(Array(row.dropFirst())) { .td(.text($0)) })
                                }))))
            ))
    }
}
