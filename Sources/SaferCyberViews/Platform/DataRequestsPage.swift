import Plot

/// Requests about one person's data (issue 21): find by email or phone, confirm which records are theirs, then export
/// them (JSON, or a page to print) or erase them. Searches go by POST, so an address never appears in a URL.
public enum DataRequestsPage {
    public struct Record: Sendable {
        /// `kind:uuid`, posted back when ticked.
        public var ref: String
        public var kind: String
        public var title: String
        public var matchedBy: String
        public var fields: [(label: String, value: String)]
        public var holdsPersonalData: Bool
        public init(
            ref: String, kind: String, title: String, matchedBy: String, fields: [(label: String, value: String)],
            holdsPersonalData: Bool
        ) {
            self.ref = ref
            self.kind = kind
            self.title = title
            self.matchedBy = matchedBy
            self.fields = fields
            self.holdsPersonalData = holdsPersonalData
        }
    }

    public struct Model: Sendable {
        public var slug: String
        public var csrf: String
        public var who: String
        /// Nil before a search.
        public var records: [Record]?
        public var selected: Set<String>
        public var notice: String?
        public var errors: [FormError]
        public init(
            slug: String, csrf: String, who: String = "", records: [Record]? = nil, selected: Set<String> = [],
            notice: String? = nil, errors: [FormError] = []
        ) {
            self.slug = slug
            self.csrf = csrf
            self.who = who
            self.records = records
            self.selected = selected
            self.notice = notice
            self.errors = errors
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        let url = SiteURL.partnership(slug: model.slug, .dataRequests)
        return Page.render(
            title: "Requests about a person’s data", chrome: chrome,
            content: .div(
                Form.errorSummary(model.errors),
                .unwrap(model.notice) { .div(.class("notice"), .attribute(named: "role", value: "status"), .text($0)) },
                .h1(.text("Requests about a person’s data")),
                .p(
                    .text(
                        "When someone asks what the partnership holds about them (subject access) or asks for it to be deleted (erasure), find their records here by the email address or phone number they gave. Check that each record is theirs before you export or erase it. Every search, export and erasure is recorded in the audit log; what you searched for is not."
                    )),
                .p(
                    .text(
                        "This covers bookings (with answers to an event’s questions), contact details left after a resilience check, emails and ambassador reports. Young people’s referrals have their own export on each referral, for safeguarding leads."
                    )),
                Form.post(
                    to: url, csrf: model.csrf,
                    Form.input(
                        .init(
                            name: "who", label: "Email address or phone number",
                            hint: "As the person gave it. A phone number finds contact details left after a check.",
                            value: model.who, autocomplete: "off", width: "width-half"), errors: model.errors),
                    Form.hidden("do", "search"),
                    Form.submit("Find records")),
                .unwrap(model.records) { results($0, model) }
            ))
    }

    static func results(_ records: [Record], _ model: Model) -> Node<HTML.BodyContext> {
        guard !records.isEmpty else {
            return .p(.attribute(named: "role", value: "status"), .text("No records match."))
        }
        return .div(
            .h2(.text("\(records.count) record\(records.count == 1 ? "" : "s") found")),
            Form.post(
                to: .partnership(slug: model.slug, .dataRequests), csrf: model.csrf,
                Form.hidden("who", model.who),
                .div(
                    .class(model.errors.message(for: "records") == nil ? "form-group" : "form-group form-group-error"),
                    .element(
                        named: "fieldset",
                        nodes: [
                            .element(
                                named: "legend",
                                nodes: [
                                    .class("label"), .text("Tick the records you have confirmed are this person’s"),
                                ]
                            ),
                            .unwrap(model.errors.message(for: "records")) {
                                .p(
                                    .class("error-message"), .span(.class("visually-hidden"), .text("Error: ")),
                                    .text($0))
                            },
                            .group(records.enumerated().map { index, record in recordBox(record, index, model) }),
                        ])),
                .div(
                    .class("button-group"),
                    .button(
                        .type(.submit), .name("do"), .value("export-json"), .class("button"),
                        .text("Download as JSON")),
                    .button(
                        .type(.submit), .name("do"), .value("export-page"), .class("button secondary"),
                        .text("Show as a page to print")),
                    .button(
                        .type(.submit), .name("do"), .value("erase"), .class("button warning"),
                        .text("Erase personal details…")))
            ))
    }

    static func recordBox(_ record: Record, _ index: Int, _ model: Model) -> Node<HTML.BodyContext> {
        let id = index == 0 ? "records" : "records-\(index)"
        return .div(
            .class("checkbox record-choice"),
            .input(
                .type(.checkbox), .name("record"), .value(record.ref), .id(id),
                .attribute(named: "checked", value: model.selected.contains(record.ref) ? "checked" : nil)),
            .label(
                .for(id), .strong(.text(record.title)),
                .span(
                    .class("hint"),
                    .text(
                        " — \(record.kind)"
                            + (record.matchedBy.isEmpty ? "" : ", found by \(record.matchedBy)")
                            + (record.holdsPersonalData ? "" : ", no personal details left")))),
            .element(
                named: "details",
                nodes: [
                    .element(
                        named: "summary",
                        nodes: [
                            .text("What it holds"), .span(.class("visually-hidden"), .text(": \(record.title)")),
                        ]),
                    summaryList(record.fields),
                ]))
    }

    static func summaryList(_ fields: [(label: String, value: String)]) -> Node<HTML.BodyContext> {
        .dl(
            .class("summary-list"),
            .forEach(fields) { field in .group(.dt(.text(field.label)), .dd(.text(field.value))) })
    }

    /// The records as a page for the person (print or save as PDF).
    public static func export(_ records: [Record], partnership: String, date: String, chrome: Chrome) -> String {
        Page.render(
            title: "Records held about you", chrome: chrome,
            content: .div(
                .h1(.text("Records \(partnership) holds about you")),
                .p(
                    .text(
                        "Prepared on \(date) in answer to your request. Each record is shown with everything it holds.")
                ),
                .forEach(records) { record in
                    .section(
                        .h2(.text(record.title)), .p(.class("hint"), .text(record.kind)), summaryList(record.fields))
                }
            ))
    }

    /// "Erase these?" — the one step between choosing and erasing.
    public static func confirmErase(_ model: Model, chrome: Chrome) -> String {
        let records = (model.records ?? []).filter { model.selected.contains($0.ref) }
        let erasable = records.filter(\.holdsPersonalData)
        return Page.render(
            title: "Erase personal details", chrome: chrome,
            content: .div(
                .h1(.text("Erase the personal details in \(erasable.count) record\(erasable.count == 1 ? "" : "s")?")),
                .ul(.forEach(erasable) { .li(.text($0.title)) }),
                .if(
                    erasable.count < records.count,
                    .p(
                        .text(
                            "\(records.count - erasable.count) of the records you ticked hold no personal details any more and are left as they are."
                        ))),
                .p(
                    .text(
                        "Names, email addresses, phone numbers, organisations, answers to an event’s questions and the words of emails are deleted and cannot be brought back. Each record is kept as a count, so every figure stays the same. A booking for an event that has not happened yet is cancelled first, and its place goes to the next person waiting."
                    )),
                Form.post(
                    to: .partnership(slug: model.slug, .dataRequests), csrf: model.csrf,
                    .group(records.map { Form.hidden("record", $0.ref) }),
                    Form.hidden("do", "erase-confirmed"),
                    .div(
                        .class("button-group"),
                        .button(.type(.submit), .class("button warning"), .text("Erase them")),
                        .a(.href(SiteURL.partnership(slug: model.slug, .dataRequests).path), .text("Cancel"))))
            ))
    }
}
