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
        /// People a message would reach: confirmed bookings and the waiting list, each with an email address.
        public var reachable: (confirmed: Int, waiting: Int) = (0, 0)
        /// The message form as typed, its errors, and what was done.
        public var subject = ""
        public var message = ""
        public var includeWaiting = false
        public var errors: [FormError] = []
        public var notice: String?
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
                Form.errorSummary(model.errors),
                .unwrap(model.notice) {
                    .div(.class("notice success"), .attribute(named: "role", value: "status"), .p(.text($0)))
                },
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
                    else: TableScroll.region(
                        label: "People booked (scrolls sideways on a small screen)",
                        .table(
                            .caption(.text("People booked, access needs first")),
                            .thead(.tr(.forEach(header) { .th(.attribute(named: "scope", value: "col"), .text($0)) })),
                            .tbody(
                                .forEach(rows) { row in
                                    .tr(
                                        .th(.attribute(named: "scope", value: "row"), .text(row.first ?? "")),
                                        .forEach(Array(row.dropFirst())) { .td(.text($0)) })
                                })))),
                messageForm(model, csrf: chrome.csrfToken)
            ))
    }

    static func messageForm(_ model: Model, csrf: String) -> Node<HTML.BodyContext> {
        .section(
            .h2(.text("Message everyone booked")),
            .p(
                .text(
                    "One email to each of the \(model.reachable.confirmed) people with a confirmed place who gave an email address (\(model.reachable.waiting) more are on the waiting list). The email says which event it is about; the audit log records that it was sent, to how many, and its subject."
                )),
            Form.post(
                to: .partnership(slug: model.slug, .eventAttendeesMessage(id: model.eventID)), csrf: csrf,
                Form.input(.init(name: "subject", label: "Subject", value: model.subject), errors: model.errors),
                Form.textarea(
                    "message", "Message", hint: "Leave a blank line between paragraphs.", value: model.message,
                    errors: model.errors, rows: 6),
                Form.checkbox(
                    name: "waiting", id: "waiting", value: "yes", label: "Send it to the waiting list too",
                    checked: model.includeWaiting),
                Form.submit("Send the message"))
        )
    }
}
