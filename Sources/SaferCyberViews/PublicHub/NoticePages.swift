import Plot

/// The privacy notice and the accessibility statement of a partnership's public pages (issue 21).
public enum NoticePages {
    public struct Processing: Sendable {
        public var activity: String, data: String, purpose: String, lawfulBasis: String
        public init(activity: String, data: String, purpose: String, lawfulBasis: String) {
            self.activity = activity
            self.data = data
            self.purpose = purpose
            self.lawfulBasis = lawfulBasis
        }
    }

    public struct Kept: Sendable {
        public var what: String, keptFor: String, then: String
        public init(what: String, keptFor: String, then: String) {
            self.what = what
            self.keptFor = keptFor
            self.then = then
        }
    }

    public struct PrivacyModel: Sendable {
        public var slug: String, partnershipName: String, controller: String
        public var contactEmail: String?, dpoContact: String?
        public var processing: [Processing]
        public var kept: [Kept]
        public init(
            slug: String, partnershipName: String, controller: String, contactEmail: String?, dpoContact: String?,
            processing: [Processing], kept: [Kept]
        ) {
            self.slug = slug
            self.partnershipName = partnershipName
            self.controller = controller
            self.contactEmail = contactEmail
            self.dpoContact = dpoContact
            self.processing = processing
            self.kept = kept
        }
    }

    public static func privacy(_ m: PrivacyModel) -> String {
        Page.render(
            title: "Privacy notice – \(m.partnershipName)", chrome: .publicPage(slug: m.slug),
            content: .div(
                .h1(.text("Privacy notice")),
                .p(
                    .text(
                        "This notice explains what \(m.partnershipName) does with personal information on these pages: why, on what lawful basis, who sees it and how long it is kept."
                    )),
                .h2(.text("Who is responsible")),
                .p(.text("The data controller is \(m.controller).")),
                .unwrap(m.dpoContact) { .p(.text("Data protection officer: \($0)")) },
                .if(
                    m.dpoContact == nil && m.contactEmail == nil,
                    .p(.text("Contact \(m.controller) and ask for its data protection officer."))),
                .unwrap(m.contactEmail) {
                    .p(.text("Questions about these pages: "), .a(.href("mailto:\($0)"), .text($0)))
                },
                .h2(.text("What we collect and why")),
                TableScroll.region(
                    .table(
                        .caption(.class("visually-hidden"), .text("What is collected, why, and on what basis")),
                        .thead(
                            .tr(
                                .th(.text("When")), .th(.text("What")), .th(.text("Why")),
                                .th(.text("Lawful basis")))),
                        .tbody(
                            .forEach(m.processing) { p in
                                .tr(
                                    .td(.text(p.activity)), .td(.text(p.data)), .td(.text(p.purpose)),
                                    .td(.text(p.lawfulBasis)))
                            }))),
                .h2(.text("How long we keep it")),
                TableScroll.region(
                    .table(
                        .caption(.class("visually-hidden"), .text("How long each kind of information is kept")),
                        .thead(.tr(.th(.text("What")), .th(.text("Kept for")), .th(.text("Then")))),
                        .tbody(
                            .forEach(m.kept) { k in .tr(.td(.text(k.what)), .td(.text(k.keptFor)), .td(.text(k.then))) }
                        ))),
                .h2(.text("Who sees it")),
                .p(
                    .text(
                        "Only staff of the partnership who need it for their role: the partnership’s officers and coordinators, who run its events, see who booked them and the contact details left for follow-up; only safeguarding leads see young people’s records. Every view of such details is recorded. Board members and the public see only counts, and small counts are hidden so that nobody can be picked out. Emails are sent through the partnership’s email provider. Nothing is sold or used for marketing."
                    )),
                .h2(.text("Cookies")),
                .p(
                    .text(
                        "These pages set only cookies that are strictly necessary: one that protects forms from being sent by another website and, in games, one that keeps you in your team. Nothing tracks you, and no page loads anything from another website."
                    )),
                .h2(.text("Your rights")),
                .p(
                    .text(
                        "You can ask for a copy of what we hold about you, ask us to correct it or delete it, or object to how we use it. Ask the contact above (or \(m.controller)), giving the email address or phone number you used. You can delete the details of a booking yourself, at any time, through its private link."
                    )),
                .p(
                    .text("If you are unhappy with how we have used your information, you can complain to the "),
                    .a(.href("https://ico.org.uk/make-a-complaint/"), .text("Information Commissioner’s Office")),
                    .text(".")),
                .p(.a(.href(SiteURL.publicHome(slug: m.slug).path), .text("Back to \(m.partnershipName)")))
            ))
    }

    public struct AccessibilityModel: Sendable {
        public var slug: String, partnershipName: String, contactEmail: String?
        public var checkedOn: String, tool: String, standard: String, pagesChecked: Int, violations: Int
        public var knownIssues: [String]
        public init(
            slug: String, partnershipName: String, contactEmail: String?, checkedOn: String, tool: String,
            standard: String, pagesChecked: Int, violations: Int, knownIssues: [String]
        ) {
            self.slug = slug
            self.partnershipName = partnershipName
            self.contactEmail = contactEmail
            self.checkedOn = checkedOn
            self.tool = tool
            self.standard = standard
            self.pagesChecked = pagesChecked
            self.violations = violations
            self.knownIssues = knownIssues
        }
    }

    /// In the form of GOV.UK's model accessibility statement.
    public static func accessibility(_ m: AccessibilityModel) -> String {
        Page.render(
            title: "Accessibility statement – \(m.partnershipName)", chrome: .publicPage(slug: m.slug),
            content: .div(
                .h1(.text("Accessibility statement for \(m.partnershipName)’s public pages")),
                .p(
                    .text(
                        "This statement applies to the public pages of \(m.partnershipName) on this site: events and bookings, surveys, games, short courses, resilience checks, resources and “Where do I report this?”."
                    )),
                .p(
                    .text(
                        "We want as many people as possible to be able to use these pages. You should be able to change colours, contrast levels and fonts using your browser or device settings; zoom in up to 400% without the text spilling off the screen; navigate all of the pages using just a keyboard or speech recognition software; and listen to them using a screen reader. Every page works without JavaScript, and every chart has a table with the same figures."
                    )),
                .h2(.text("How accessible these pages are")),
                .p(
                    .text(
                        m.knownIssues.isEmpty
                            ? "We know of no part of these pages that is not accessible."
                            : "We know some parts of these pages are not fully accessible:")),
                .if(!m.knownIssues.isEmpty, .ul(.forEach(m.knownIssues) { .li(.text($0)) })),
                .h2(.text("Feedback and contact information")),
                .unwrap(m.contactEmail) {
                    .p(
                        .text(
                            "If you need information on these pages in a different format, or find a problem, email "),
                        .a(.href("mailto:\($0)"), .text($0)),
                        .text(". We will reply within 5 working days."))
                },
                .if(
                    m.contactEmail == nil,
                    .p(
                        .text(
                            "If you need information on these pages in a different format, or find a problem, contact \(m.partnershipName)."
                        ))),
                .h2(.text("Enforcement procedure")),
                .p(
                    .text(
                        "The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018. If you are not happy with how we respond to your complaint, contact the "
                    ),
                    .a(
                        .href("https://www.equalityadvisoryservice.com/"),
                        .text("Equality Advisory and Support Service (EASS)")),
                    .text(".")),
                .h2(.text("Technical information about these pages’ accessibility")),
                .p(
                    .text(
                        "\(m.partnershipName) is committed to making its website accessible, in accordance with the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018."
                    )),
                .h3(.text("Compliance status")),
                .p(
                    .text(
                        m.knownIssues.isEmpty
                            ? "These pages are fully compliant with the \(m.standard)."
                            : "These pages are partially compliant with the \(m.standard), due to the issues listed above."
                    )),
                .h2(.text("How we tested these pages")),
                .p(
                    .text(
                        "The software’s own tests last checked \(m.pagesChecked) kinds of page on \(m.checkedOn) with \(m.tool), at desktop width and at 375 pixels wide (a phone), signed in as each role and as a visitor: \(m.violations == 0 ? "no" : "\(m.violations)") serious or critical problem\(m.violations == 1 ? " was" : "s were") found. Automated checks find only some problems, so pages are also checked by hand with a keyboard and with zoom at 400%."
                    )),
                .p(.text("This statement was prepared on \(m.checkedOn).")),
                .p(.a(.href(SiteURL.publicHome(slug: m.slug).path), .text("Back to \(m.partnershipName)")))
            ))
    }
}
