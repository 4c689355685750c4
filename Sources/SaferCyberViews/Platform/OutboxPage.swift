import Plot

/// What the partnership has emailed, or would have (issue 22): every message with its status, for coordinators.
public enum OutboxPage {
    public struct Row: Sendable {
        public var id: String
        public var createdAt: String
        public var kind: String
        public var recipient: String
        public var subject: String
        public var status: String
        public var attempts: Int
        public var lastError: String?
        public init(
            id: String, createdAt: String, kind: String, recipient: String, subject: String, status: String,
            attempts: Int, lastError: String?
        ) {
            self.id = id
            self.createdAt = createdAt
            self.kind = kind
            self.recipient = recipient
            self.subject = subject
            self.status = status
            self.attempts = attempts
            self.lastError = lastError
        }
    }

    public struct Kind: Sendable {
        public var value: String
        public var label: String
        public var on: Bool
        public init(value: String, label: String, on: Bool) {
            self.value = value
            self.label = label
            self.on = on
        }
    }

    public struct Model: Sendable {
        public var slug: String
        /// One sentence: how email leaves this server.
        public var transport: String
        public var counts: [(label: String, count: Int)]
        public var rows: [Row]
        public var kinds: [Kind]
        public var contactEmail: String
        public var reminderHours: String = "48"
        public var afterSurveyHours: String = "24"
        public var notice: String?
        public var errors: [FormError]
        public init(
            slug: String, transport: String, counts: [(label: String, count: Int)], rows: [Row], kinds: [Kind],
            contactEmail: String, notice: String? = nil, errors: [FormError] = []
        ) {
            self.slug = slug
            self.transport = transport
            self.counts = counts
            self.rows = rows
            self.kinds = kinds
            self.contactEmail = contactEmail
            self.notice = notice
            self.errors = errors
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        Page.render(
            title: (model.errors.isEmpty ? "" : "Error: ") + "Outbox", chrome: chrome,
            content: .div(
                Form.errorSummary(model.errors),
                .unwrap(model.notice) {
                    .div(.class("notice success"), .attribute(named: "role", value: "status"), .p(.text($0)))
                },
                .h1(.text("Outbox")),
                .p(.text(model.transport)),
                .if(
                    !model.counts.isEmpty,
                    .ul(.forEach(model.counts) { .li(.text("\($0.label): \($0.count)")) })),
                model.rows.isEmpty
                    ? .p(.text("No emails yet."))
                    : TableScroll.region(
                        .table(
                            .caption(.text("Emails, newest first (the latest 200)")),
                            .thead(
                                .tr(
                                    .th(.text("Queued")), .th(.text("Kind")), .th(.text("To")), .th(.text("Subject")),
                                    .th(.text("Status")), .th(.text("Tries")))),
                            .tbody(
                                .forEach(model.rows) { row in
                                    .tr(
                                        .td(.text(row.createdAt)), .td(.text(row.kind)), .td(.text(row.recipient)),
                                        .td(
                                            .a(
                                                .href(
                                                    SiteURL.partnership(slug: model.slug, .outboxMessage(id: row.id))
                                                        .path), .text(row.subject))),
                                        .td(
                                            .text(row.status),
                                            .unwrap(row.lastError) { .div(.class("hint"), .text($0)) }),
                                        .td(.text("\(row.attempts)")))
                                }))),
                .h2(.text("Which emails are sent")),
                Form.post(
                    to: .partnership(slug: model.slug, .outboxSettings), csrf: chrome.csrfToken,
                    Form.input(
                        .init(
                            name: "contactEmail", label: "Contact address shown in every email",
                            hint: "People reply to this address. Leave it empty to show none.",
                            value: model.contactEmail, type: .email, autocomplete: "off"), errors: model.errors),
                    Form.checkboxes(
                        name: "on", legend: "Send these emails",
                        hint:
                            "Invitations are always sent: with email set up they are the only way the link reaches the person.",
                        options: model.kinds.map { ($0.value, $0.label) },
                        selected: Set(model.kinds.filter(\.on).map(\.value)), errors: model.errors),
                    Form.input(
                        .init(
                            name: "reminderHours", label: "Send the reminder this many hours before an event",
                            hint: "48 is two days. People who book later than this get no separate reminder.",
                            value: model.reminderHours, type: .number, width: "width-5"), errors: model.errors),
                    Form.input(
                        .init(
                            name: "afterSurveyHours",
                            label: "Send the \u{201C}after\u{201D} survey link this many hours after an event",
                            hint: "Only for events with a before-and-after survey.",
                            value: model.afterSurveyHours, type: .number, width: "width-5"), errors: model.errors),
                    Form.submit("Save"))))
    }

    public static func message(
        slug: String, subject: String, facts: [(String, String)], text: String, chrome: Chrome
    ) -> String {
        Page.render(
            title: subject, chrome: chrome,
            content: .div(
                .p(.a(.href(SiteURL.partnership(slug: slug, .outbox).path), .text("Back to the outbox"))),
                .h1(.text(subject)),
                .table(
                    .caption(.class("visually-hidden"), .text("About this email")),
                    .tbody(.forEach(facts) { fact in .tr(.th(.text(fact.0)), .td(.text(fact.1))) })),
                .h2(.text("The plain-text part")),
                .pre(.class("email-text"), .text(text))))
    }
}
