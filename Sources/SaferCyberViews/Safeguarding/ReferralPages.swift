import Plot

/// Restricted pages for the safeguarding role: the referral list with search, the form, one referral with its
/// interventions, pathways, closure and follow-up. Every page says it is restricted and audited.
public enum ReferralPages {
    public typealias Options = [(value: String, label: String)]

    static var restricted: Node<HTML.BodyContext> {
        .div(
            .class("notice"),
            .p(
                .strong(.text("Restricted: ")),
                .text(
                    "young people's records. Only the safeguarding role sees them; every view, search, export and change is recorded in the audit log."
                )))
    }

    public struct Row: Sendable {
        public var id: String, number: Int, received: String, person: String, ageBand: String, risk: String,
            status: String, review: String
        public init(
            id: String, number: Int, received: String, person: String, ageBand: String, risk: String, status: String,
            review: String
        ) {
            self.id = id
            self.number = number
            self.received = received
            self.person = person
            self.ageBand = ageBand
            self.risk = risk
            self.status = status
            self.review = review
        }
    }

    /// `waitingRequests`: requests for the safeguarding role this lead can approve or refuse.
    public static func list(
        slug: String, rows: [Row], search: String, configured: Bool, chrome: Chrome, waitingRequests: Int = 0
    ) -> String {
        Page.render(
            title: "Referrals", chrome: chrome,
            content: .div(
                .if(
                    waitingRequests > 0,
                    .div(
                        .class("notice"), .attribute(named: "role", value: "status"),
                        .p(
                            .text(
                                waitingRequests == 1
                                    ? "Someone is waiting for the safeguarding role: it takes effect only when another lead approves it. "
                                    : "\(waitingRequests) people are waiting for the safeguarding role: it takes effect only when another lead approves it. "
                            ),
                            .a(.href(SiteURL.partnership(slug: slug, .roleRequests).path), .text("Review the requests"))
                        ))),
                .h1(.text("Referrals")),
                restricted,
                .if(
                    !configured,
                    .div(
                        .class("panel panel-problem"), .h2(.text("Encryption key not set")),
                        .p(
                            .text(
                                "Referrals are stored encrypted. Ask the administrator to set SAFEGUARDING_KEYS (see docs/safeguarding.md); until then no referral can be added or read."
                            )))),
                .if(
                    configured,
                    .group(
                        .p(
                            .a(
                                .class("button"), .href(SiteURL.partnership(slug: slug, .referralNew).path),
                                .text("Add a referral"))),
                        Form.post(
                            to: .partnership(slug: slug, .referrals), csrf: chrome.csrfToken,
                            .element(
                                named: "div",
                                nodes: [
                                    Form.input(
                                        .init(
                                            name: "q", label: "Search by name or initials, school or area",
                                            value: search, autocomplete: "off", width: "width-half"), errors: []),
                                    .button(.type(.submit), .class("button secondary"), .text("Search")),
                                ])),
                        rows.isEmpty
                            ? .p(.text(search.isEmpty ? "No referrals yet." : "No referrals match."))
                            : TableScroll.region(
                                .table(
                                    .class("table"),
                                    .caption(.class("visually-hidden"), .text("Referrals")),
                                    .thead(
                                        .tr(
                                            .th(.text("No.")), .th(.text("Received")), .th(.text("Young person")),
                                            .th(.text("Age")), .th(.text("Risk")),
                                            .th(.text("Status")), .th(.text("Next review")))),
                                    .tbody(
                                        .forEach(rows) { row in
                                            .tr(
                                                .td(
                                                    .a(
                                                        .href(
                                                            SiteURL.partnership(slug: slug, .referral(id: row.id)).path),
                                                        .text("#\(row.number)"))), .td(.text(row.received)),
                                                .td(.text(row.person)), .td(.text(row.ageBand)), .td(.text(row.risk)),
                                                .td(.text(row.status)), .td(.text(row.review)))
                                        })))
                    )),
                .p(
                    .a(
                        .href(SiteURL.partnership(slug: slug, .referralFigures).path),
                        .text("Anonymous figures for the board")))
            ))
    }

    public struct FormModel: Sendable {
        public var slug: String
        public var id: String?
        public var values: [String: String]
        public var concerns: Set<String>
        public var partners: Options
        public var errors: [FormError]
        public init(
            slug: String, id: String?, values: [String: String], concerns: Set<String>, partners: Options,
            errors: [FormError]
        ) {
            self.slug = slug
            self.id = id
            self.values = values
            self.concerns = concerns
            self.partners = partners
            self.errors = errors
        }
    }

    public static let concernOptions: Options = [
        ("unauthorised-access", "Getting into accounts or devices without permission (Computer Misuse Act s1)"),
        ("further-offences", "Access to commit other crimes, such as fraud (s2)"),
        ("booters", "Booter or DDoS services, knocking others offline (s3)"),
        ("malware", "Malware, remote-access tools or ransomware (s3)"),
        ("tools", "Making, buying or sharing hacking tools or stolen logins (s3A)"),
        ("cheats", "Game cheats, account cracking or selling accounts"),
        ("fraud", "Online fraud, carding or money muling"), ("other", "Other online activity of concern"),
    ]
    public static let consentOptions: Options = [
        ("", "Choose"), ("given", "Given"), ("refused", "Refused"), ("pending", "Asked, waiting"),
        ("not-sought", "Not sought"),
    ]
    public static let ageOptions: Options =
        [("", "Choose")] + ["Under 12", "12 to 13", "14 to 15", "16 to 17", "18 to 24"].map { ($0, $0) }

    public static func form(_ m: FormModel, chrome: Chrome) -> String {
        let v = { (key: String) in m.values[key] ?? "" }
        let target: SiteURL =
            m.id.map { .partnership(slug: m.slug, .referralEdit(id: $0)) } ?? .partnership(slug: m.slug, .referralNew)
        return Page.render(
            title: (m.errors.isEmpty ? "" : "Error: ") + (m.id == nil ? "Add a referral" : "Change a referral"),
            chrome: chrome,
            content: .div(
                .p(
                    .a(
                        .class("back-link"),
                        .href(
                            m.id.map { SiteURL.partnership(slug: m.slug, .referral(id: $0)).path }
                                ?? SiteURL.partnership(slug: m.slug, .referrals).path),
                        .text("Back"))),
                Form.errorSummary(m.errors),
                .h1(.text(m.id == nil ? "Add a referral" : "Change a referral")),
                restricted,
                Form.post(
                    to: target, csrf: chrome.csrfToken,
                    Form.input(
                        .init(
                            name: "receivedOn", label: "Date received", hint: "For example, 14/3/2026",
                            value: v("receivedOn"), width: "width-third"), errors: m.errors),
                    Form.select(
                        name: "referrerPartner", label: "Referring partner",
                        options: [("", "Not recorded")] + m.partners, selected: v("referrerPartner"), errors: m.errors),
                    Form.input(
                        .init(
                            name: "referrer", label: "Referring officer (optional)", value: v("referrer"),
                            autocomplete: "off"), errors: m.errors),
                    Form.fieldset(
                        "The young person",
                        [
                            .p(
                                .class("hint"),
                                .text(
                                    "Keep to the minimum: initials, or a name only if your partnership has decided it needs one."
                                )),
                            Form.input(
                                .init(
                                    name: "person", label: "Initials or name", value: v("person"), autocomplete: "off",
                                    width: "width-half"), errors: m.errors),
                            Form.select(
                                name: "ageBand", label: "Age band", options: ageOptions, selected: v("ageBand"),
                                errors: m.errors),
                            Form.input(
                                .init(
                                    name: "school", label: "School or college (optional)", value: v("school"),
                                    autocomplete: "off"), errors: m.errors),
                            Form.input(
                                .init(
                                    name: "area", label: "Area (optional)", value: v("area"), autocomplete: "off",
                                    width: "width-half"), errors: m.errors),
                        ]),
                    Form.checkboxes(
                        name: "concerns", legend: "Concerns", options: concernOptions, selected: m.concerns,
                        errors: m.errors),
                    Form.select(
                        name: "consentYoungPerson", label: "Young person's consent", options: consentOptions,
                        selected: v("consentYoungPerson"), errors: m.errors),
                    Form.select(
                        name: "consentParent", label: "Parent's or carer's consent", options: consentOptions,
                        selected: v("consentParent"), errors: m.errors),
                    Form.select(
                        name: "risk", label: "Risk level",
                        options: [("", "Choose"), ("low", "Low"), ("medium", "Medium"), ("high", "High")],
                        selected: v("risk"), errors: m.errors),
                    Form.textarea(
                        "riskReason", "Reason for the risk level", hint: "Needed for high risk.",
                        value: v("riskReason"), errors: m.errors, rows: 3),
                    Form.fieldset(
                        "Safeguarding or Prevent concern",
                        [
                            .p(
                                .class("hint"),
                                .text(
                                    "These are handed to their statutory routes. SaferCyber records only that, when and where it was handed on — never Channel case records."
                                )),
                            Form.select(
                                name: "route", label: "Handed on to",
                                options: [
                                    ("none", "Not handed on"), ("safeguarding", "The statutory safeguarding route"),
                                    ("prevent", "The local Prevent referral route"),
                                ], selected: v("route"), errors: m.errors),
                            Form.input(
                                .init(
                                    name: "handedOn", label: "Date handed on", value: v("handedOn"),
                                    width: "width-third"), errors: m.errors),
                        ]),
                    Form.input(
                        .init(
                            name: "nextReviewOn", label: "Next review (optional)", value: v("nextReviewOn"),
                            width: "width-third"), errors: m.errors),
                    Form.submit(m.id == nil ? "Add the referral" : "Save changes"))
            ))
    }
}
