import Plot

extension ReferralPages {
    /// Another referral that might be the same young person, shown so the lead can confirm it (or not).
    public struct Candidate: Sendable {
        public var id: String, number: Int, received: String, ageBand: String, school: String, area: String
        public init(id: String, number: Int, received: String, ageBand: String, school: String, area: String) {
            self.id = id
            self.number = number
            self.received = received
            self.ageBand = ageBand
            self.school = school
            self.area = area
        }
    }

    public struct SubjectAccessModel: Sendable {
        public var slug: String, id: String, number: Int, csrf: String
        public var candidates: [Candidate]
        public init(slug: String, id: String, number: Int, csrf: String, candidates: [Candidate]) {
            self.slug = slug
            self.id = id
            self.number = number
            self.csrf = csrf
            self.candidates = candidates
        }
    }

    /// Subject access for a young person (issue 21): the export holds this referral and only the others the lead
    /// ticks as the same person. Referrals with the same name as written are offered, never included by themselves.
    public static func subjectAccess(_ m: SubjectAccessModel, chrome: Chrome) -> String {
        let url = SiteURL.partnership(slug: m.slug, .referralExport(id: m.id))
        return Page.render(
            title: "Subject access: referral #\(m.number)", chrome: chrome,
            content: .div(
                .h1(.text("Export everything held about the person on referral #\(m.number)")),
                .p(
                    .text(
                        "The export holds referral #\(m.number) with its interventions, pathways and audit trail. Add other referrals only when you have confirmed they are the same young person: children share initials and names, so a referral is never included because its name matches."
                    )),
                Form.post(
                    to: url, csrf: m.csrf,
                    m.candidates.isEmpty
                        ? .p(.text("No other referral has the same name as written on this one."))
                        : Form.checkboxes(
                            name: "also", legend: "Other referrals with the same name as written",
                            hint:
                                "Tick only those you have checked are this young person (date of birth, school, family).",
                            options: m.candidates.map { c in
                                (
                                    c.id,
                                    "#\(c.number), received \(c.received), \(c.ageBand)"
                                        + (c.school.isEmpty ? "" : ", \(c.school)")
                                        + (c.area.isEmpty ? "" : ", \(c.area)")
                                )
                            }, selected: [], errors: []),
                    Form.input(
                        .init(
                            name: "numbers", label: "Other referral numbers for this person (optional)",
                            hint: "Separated by commas, for example: 12, 15", width: "width-half"), errors: []),
                    Form.submit("Download the export (JSON)")),
                .p(
                    .a(
                        .href(SiteURL.partnership(slug: m.slug, .referral(id: m.id)).path),
                        .text("Back to the referral")))
            ))
    }
}
