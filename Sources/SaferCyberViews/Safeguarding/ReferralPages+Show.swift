import Plot

extension ReferralPages {
    public struct Intervention: Sendable {
        public var id: String, kind: String, planned: String, delivered: String, note: String
        public init(id: String, kind: String, planned: String, delivered: String, note: String) {
            self.id = id
            self.kind = kind
            self.planned = planned
            self.delivered = delivered
            self.note = note
        }
    }

    public struct Pathway: Sendable {
        public var id: String, kind: String, offered: String, takenUp: String, note: String
        public init(id: String, kind: String, offered: String, takenUp: String, note: String) {
            self.id = id
            self.kind = kind
            self.offered = offered
            self.takenUp = takenUp
            self.note = note
        }
    }

    public struct ShowModel: Sendable {
        public var slug: String, id: String, number: Int
        public var facts: [(String, String)]
        public var anonymised: Bool
        public var closed: Bool
        public var interventions: [Intervention]
        public var pathways: [Pathway]
        public var errors: [FormError]
        public init(
            slug: String, id: String, number: Int, facts: [(String, String)], anonymised: Bool, closed: Bool,
            interventions: [Intervention],
            pathways: [Pathway], errors: [FormError]
        ) {
            self.slug = slug
            self.id = id
            self.number = number
            self.facts = facts
            self.anonymised = anonymised
            self.closed = closed
            self.interventions = interventions
            self.pathways = pathways
            self.errors = errors
        }
    }

    public static func show(_ m: ShowModel, chrome: Chrome) -> String {
        let page = { (p: PartnershipPage) in SiteURL.partnership(slug: m.slug, p) }
        let csrf = chrome.csrfToken
        return Page.render(
            title: (m.errors.isEmpty ? "" : "Error: ") + "Referral #\(m.number)", chrome: chrome,
            content: .div(
                .p(.a(.class("back-link"), .href(page(.referrals).path), .text("Back to referrals"))),
                Form.errorSummary(m.errors),
                .h1(.text("Referral #\(m.number)")),
                restricted,
                .if(
                    m.anonymised,
                    .div(
                        .class("panel panel-finding"),
                        .p(
                            .text(
                                "The personal details were removed at the end of the retention period. The categories are kept for the anonymous counts."
                            )))),
                .dl(
                    .class("summary-list"), .forEach(m.facts) { fact in .group(.dt(.text(fact.0)), .dd(.text(fact.1))) }
                ),
                .if(
                    !m.anonymised,
                    .p(
                        .a(.href(page(.referralEdit(id: m.id)).path), .text("Change the referral")), .text(" · "),
                        .a(
                            .href(page(.referralExport(id: m.id)).path),
                            .text("Export everything held about this person (subject access)")))),
                .h2(.text("Interventions")),
                m.interventions.isEmpty
                    ? .p(.text("None yet."))
                    : TableScroll.region(
                        .table(
                            .class("table"),
                            .caption(.class("visually-hidden"), .text("Interventions")),
                            .thead(
                                .tr(
                                    .th(.text("Intervention")), .th(.text("Planned")), .th(.text("Delivered")),
                                    .th(.text("Note")))),
                            .tbody(
                                .forEach(m.interventions) { item in
                                    .tr(
                                        .td(.text(item.kind)), .td(.text(item.planned)),
                                        .td(
                                            item.delivered.isEmpty
                                                ? Form.post(
                                                    to: page(
                                                        .referralInterventionDelivered(id: m.id, intervention: item.id)),
                                                    csrf: csrf,
                                                    Form.input(
                                                        .init(
                                                            name: "deliveredOn", label: "Date delivered", value: "",
                                                            width: "width-full", id: "delivered-\(item.id)"), errors: []
                                                    ),
                                                    .button(
                                                        .type(.submit), .class("button secondary"),
                                                        .text("Record as delivered"))) : .text(item.delivered)),
                                        .td(.text(item.note)))
                                }))),
                .if(
                    !m.closed,
                    Form.disclosure(
                        "Add an intervention", hidden: "",
                        Form.post(
                            to: page(.referralInterventions(id: m.id)), csrf: csrf,
                            Form.select(
                                name: "interventionKind", label: "Intervention",
                                options: [
                                    ("", "Choose"), ("diversion-visit", "Diversion visit"), ("workshop", "Workshop"),
                                    ("mentoring", "Mentoring"), ("cyber-choices", "Cyber Choices session"),
                                    ("school-support", "School support"), ("other", "Other"),
                                ], selected: "", errors: m.errors),
                            Form.input(
                                .init(name: "plannedOn", label: "Planned for", value: "", width: "width-third"),
                                errors: m.errors),
                            Form.input(
                                .init(
                                    name: "deliveredOn", label: "Delivered on (if it has happened)", value: "",
                                    width: "width-third"), errors: m.errors),
                            Form.textarea(
                                "interventionNote", "Note (optional)", hint: nil, value: "", errors: m.errors, rows: 2),
                            Form.submit("Add the intervention")))),
                .h2(.text("Positive pathways")),
                m.pathways.isEmpty
                    ? .p(.text("None offered yet."))
                    : TableScroll.region(
                        .table(
                            .class("table"),
                            .caption(.class("visually-hidden"), .text("Pathways")),
                            .thead(
                                .tr(
                                    .th(.text("Pathway")), .th(.text("Offered")), .th(.text("Taken up")),
                                    .th(.text("Note")))),
                            .tbody(
                                .forEach(m.pathways) { item in
                                    .tr(
                                        .td(.text(item.kind)), .td(.text(item.offered)),
                                        .td(
                                            .text(item.takenUp),
                                            .if(
                                                item.takenUp == "Not known yet",
                                                .div(
                                                    .class("button-group"),
                                                    Form.postButton(
                                                        to: page(.referralPathwayTaken(id: m.id, pathway: item.id)),
                                                        label: "Taken up", csrf: csrf, action: "yes", context: item.kind
                                                    ),
                                                    Form.postButton(
                                                        to: page(.referralPathwayTaken(id: m.id, pathway: item.id)),
                                                        label: "Not taken up", csrf: csrf, action: "no",
                                                        context: item.kind)))),
                                        .td(.text(item.note)))
                                }))),
                .if(
                    !m.closed,
                    Form.disclosure(
                        "Offer a pathway", hidden: "",
                        Form.post(
                            to: page(.referralPathways(id: m.id)), csrf: csrf,
                            Form.select(
                                name: "pathwayKind", label: "Pathway",
                                options: [
                                    ("", "Choose"), ("coding-club", "Coding club"),
                                    ("ctf-club", "Capture-the-flag club"),
                                    ("college-course", "College course"),
                                    ("youth-programme", "Cyber-security programme for young people"),
                                    ("work-experience", "Work experience"),
                                    ("other", "Other"),
                                ], selected: "", errors: m.errors),
                            Form.input(
                                .init(name: "offeredOn", label: "Offered on", value: "", width: "width-third"),
                                errors: m.errors),
                            Form.select(
                                name: "takenUp", label: "Taken up?",
                                options: [("", "Not known yet"), ("yes", "Yes"), ("no", "No")], selected: "",
                                errors: m.errors),
                            Form.textarea(
                                "pathwayNote", "Note (optional)", hint: nil, value: "", errors: m.errors, rows: 2),
                            Form.submit("Add the pathway")))),
                .h2(.text(m.closed ? "Follow-up" : "Close the referral")),
                m.closed
                    ? Form.post(
                        to: page(.referralFollowUp(id: m.id)), csrf: csrf,
                        Form.select(
                            name: "months", label: "Follow-up at", options: [("6", "6 months"), ("12", "12 months")],
                            selected: "6", errors: m.errors),
                        Form.select(
                            name: "followUp", label: "Result",
                            options: [
                                ("", "Choose"), ("no-further-concern", "No further concern"),
                                ("re-referred", "Referred again"),
                                ("not-known", "Not known"),
                            ], selected: "", errors: m.errors),
                        Form.submit("Record the follow-up"))
                    : Form.post(
                        to: page(.referralClose(id: m.id)), csrf: csrf,
                        Form.select(
                            name: "outcome", label: "Outcome",
                            options: [
                                ("", "Choose"), ("diverted", "Diverted"), ("no-further-concern", "No further concern"),
                                ("escalated", "Escalated"), ("disengaged", "Disengaged"),
                            ], selected: "", errors: m.errors),
                        Form.input(
                            .init(name: "closedOn", label: "Date closed", value: "", width: "width-third"),
                            errors: m.errors),
                        Form.submit("Close the referral"))
            ))
    }

    /// `quarterOptions`: for a role without exact counts, the quarters it may choose one at a time (empty for staff).
    public static func figures(
        slug: String, period: String, tables: [CrimePicturePage.Table],
        quarterOptions: [(value: String, label: String)] = [], quarter: String? = nil, chrome: Chrome
    ) -> String {
        Page.render(
            title: "Referrals: anonymous figures", chrome: chrome,
            content: .div(
                .h1(.text("Young people at risk of cybercrime: anonymous figures")),
                .p(.class("lead"), .text(period)),
                .p(
                    .text(
                        "Counts only, from the categories recorded; fewer than 5 show as “<5” and the median time to a first intervention is shown only from 5 referrals. No one can be identified from this page."
                    )),
                .if(
                    !quarterOptions.isEmpty,
                    Form.quarterPicker(
                        action: .partnership(slug: slug, .referralFigures),
                        why:
                            "Your role sees one complete quarter at a time: the totals of two periods that overlap differ by a count neither shows, and a quarter under way changes from day to day, so either could give a small count away.",
                        options: quarterOptions, selected: quarter)),
                .forEach(tables) { FigureTable.render($0, download: nil) }
            ))
    }
}
