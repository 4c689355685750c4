import Plot

extension CoursePages {
    public struct CompleteModel: Sendable {
        public var slug: String
        public var courseID: String
        public var courseTitle: String
        public var code: String
        public var score: Int
        public var outOf: Int
        public var marked: [Marked]
        public var audiences: [(value: String, label: String)]
        public var areas: [(value: String, label: String)]
        public var audience: String?
        public var area: String?
        public var saved: Bool
        public var errors: [FormError]
        public init(
            slug: String, courseID: String, courseTitle: String, code: String, score: Int, outOf: Int, marked: [Marked],
            audiences: [(value: String, label: String)], areas: [(value: String, label: String)], audience: String?,
            area: String?,
            saved: Bool, errors: [FormError]
        ) {
            self.slug = slug
            self.courseID = courseID
            self.courseTitle = courseTitle
            self.code = code
            self.score = score
            self.outOf = outOf
            self.marked = marked
            self.audiences = audiences
            self.areas = areas
            self.audience = audience
            self.area = area
            self.saved = saved
            self.errors = errors
        }
    }

    public static func complete(_ m: CompleteModel, csrf: String) -> String {
        let certificate = SiteURL.publicCourseCertificate(slug: m.slug, course: m.courseID, code: m.code).path
        let notSaying = [(value: "", label: "Prefer not to say")]
        return Page.render(
            title: (m.errors.isEmpty ? "" : "Error: ") + "Course complete – \(m.courseTitle)", chrome: chrome(m.slug),
            content: .div(
                Form.errorSummary(m.errors),
                .div(
                    .class("panel panel-success"),
                    .h1(.text("Course complete")),
                    .p(.text("You scored \(m.score) out of \(m.outOf) in “\(m.courseTitle)”."))),
                .p(.a(.class("button"), .href(certificate), .text("Get your certificate"))),
                .p(
                    .class("hint"),
                    .text(
                        "Keep this page's address to come back to your certificate. It is the only copy: we do not know who you are."
                    )),
                .h2(.text("Help us reach more people (optional)")),
                .if(
                    m.saved,
                    .div(
                        .class("notice"), .attribute(named: "role", value: "status"),
                        .p(.text("Thank you. Your answers have been saved.")))),
                .p(
                    .text(
                        "Telling us who you are and where you live helps the partnership see who its courses reach. You do not have to answer. We only count the answers; we never ask your name."
                    )),
                Form.post(
                    to: .publicCourseComplete(slug: m.slug, course: m.courseID, code: m.code), csrf: csrf,
                    Form.select(
                        name: "audience", label: "Which of these describes you best?", options: notSaying + m.audiences,
                        selected: m.audience ?? "", errors: m.errors),
                    .if(
                        !m.areas.isEmpty,
                        Form.select(
                            name: "area", label: "Where do you live?", options: notSaying + m.areas,
                            selected: m.area ?? "", errors: m.errors)),
                    .button(.type(.submit), .class("button secondary"), .text("Save my answers"))),
                .h2(.text("Your answers")),
                review(m.marked),
                .p(.a(.href(SiteURL.publicCourses(slug: m.slug).path), .text("See other short courses")))
            ))
    }

    // MARK: certificate

    public struct CertificateModel: Sendable {
        public var slug: String
        public var courseID: String
        public var code: String
        public var partnershipName: String
        public var courseTitle: String
        public var date: String
        public var score: Int
        public var outOf: Int
        public var keyMessages: [String]
        public var report: String
        public var name: String
        public init(
            slug: String, courseID: String, code: String, partnershipName: String, courseTitle: String, date: String,
            score: Int, outOf: Int,
            keyMessages: [String], report: String, name: String
        ) {
            self.slug = slug
            self.courseID = courseID
            self.code = code
            self.partnershipName = partnershipName
            self.courseTitle = courseTitle
            self.date = date
            self.score = score
            self.outOf = outOf
            self.keyMessages = keyMessages
            self.report = report
            self.name = name
        }
    }

    public static func certificate(_ m: CertificateModel) -> String {
        let url = SiteURL.publicCourseCertificate(slug: m.slug, course: m.courseID, code: m.code).path
        return Page.render(
            title: "Certificate – \(m.courseTitle)", chrome: chrome(m.slug),
            content: .div(
                .div(
                    .class("no-print"),
                    .p(
                        .a(
                            .class("back-link"),
                            .href(SiteURL.publicCourseComplete(slug: m.slug, course: m.courseID, code: m.code).path),
                            .text("Back"))),
                    .form(
                        .method(.get), .action(url),
                        .element(
                            named: "div",
                            nodes: [
                                Form.input(
                                    .init(
                                        name: "name", label: "Name to show on the certificate (optional)",
                                        hint: "It is only shown on this page for printing. It is not saved.",
                                        value: m.name, autocomplete: "off", width: "width-half"),
                                    errors: []),
                                .button(.type(.submit), .class("button secondary"), .text("Show on certificate")),
                            ])),
                    .p(.text("Use your browser's print option to print the certificate or save it as a PDF."))),
                .div(
                    .class("certificate"),
                    .p(.class("certificate-kicker"), .text("Certificate of completion")),
                    .h1(.text(m.courseTitle)),
                    .if(!m.name.isEmpty, .p(.class("lead"), .text("Awarded to \(m.name)"))),
                    .p(.text("Completed on \(m.date), with \(m.score) out of \(m.outOf) in the final quiz.")),
                    .p(.text(m.partnershipName)),
                    .h2(.class("heading-small"), .text("What I now know")),
                    .ul(.class("certificate-list"), .forEach(m.keyMessages) { .li(.text($0)) }),
                    .p(.class("hint"), .text("Certificate number \(m.code.prefix(10).uppercased())"))),
                .h2(.text("Where to report")),
                .p(.text(m.report)),
                .p(
                    .class("no-print"),
                    .a(.href(SiteURL.publicReport(slug: m.slug).path), .text("Where do I report this?")))
            ))
    }
}
