import Plot

/// The resilience check for residents' organisations, without an account: choose the check, answer one area per
/// page, see the results with what to do first, and (optionally, after the results) tell us about the organisation.
public enum CheckPages {
    public struct Choice: Sendable {
        public var id: String, title: String, audience: String, minutes: Int
        public init(id: String, title: String, audience: String, minutes: Int) {
            self.id = id
            self.title = title
            self.audience = audience
            self.minutes = minutes
        }
    }

    public static func start(slug: String, partnershipName: String, checks: [Choice], previous: String?) -> String {
        Page.render(
            title: "Check your organisation's cyber security – \(partnershipName)", chrome: .publicPage(slug: slug),
            content: .div(
                .p(.a(.class("back-link"), .href(SiteURL.publicHome(slug: slug).path), .text("Back"))),
                .h1(.text("Check your organisation's cyber security")),
                .p(
                    .class("lead"),
                    .text(
                        "Ten minutes of yes-or-no questions in plain English. At the end you get a score for each area and a short list of what to do first, quick wins at the top."
                    )),
                .p(
                    .text(
                        "You do not need an account and we do not ask who you are. Afterwards you can choose to tell us your sector and area, which helps us target free help, and keep a private link to take the check again later and see your progress."
                    )),
                .h2(.text("Choose your check")),
                .ul(
                    .class("course-list"),
                    .forEach(checks) { check in
                        .li(
                            .h2(
                                .a(
                                    .href(
                                        SiteURL.publicCheck(slug: slug, check: check.id).path
                                            + (previous.map { "?previous=\($0)" } ?? "")), .text(check.title))),
                            .p(.class("hint"), .text("For: \(check.audience) · about \(check.minutes) minutes")))
                    })
            ))
    }

    public struct Question: Sendable {
        public var id: String, text: String, guidance: String, answer: String?
        public init(id: String, text: String, guidance: String, answer: String?) {
            self.id = id
            self.text = text
            self.guidance = guidance
            self.answer = answer
        }
    }

    public struct AreaModel: Sendable {
        public var slug: String
        public var checkID: String
        public var checkTitle: String
        public var step: Int
        public var steps: Int
        public var title: String
        public var why: String
        public var questions: [Question]
        /// Answers to the other areas and where we are, carried as hidden fields.
        public var carried: [(String, String)]
        public var errors: [FormError]
        public init(
            slug: String, checkID: String, checkTitle: String, step: Int, steps: Int, title: String, why: String,
            questions: [Question],
            carried: [(String, String)], errors: [FormError]
        ) {
            self.slug = slug
            self.checkID = checkID
            self.checkTitle = checkTitle
            self.step = step
            self.steps = steps
            self.title = title
            self.why = why
            self.questions = questions
            self.carried = carried
            self.errors = errors
        }
    }

    static let answers: [(value: String, label: String)] = [
        ("yes", "Yes"), ("partly", "Partly"), ("no", "No"), ("dont-know", "Don't know"),
    ]

    public static func area(_ m: AreaModel, csrf: String) -> String {
        let last = m.step == m.steps
        return Page.render(
            title: (m.errors.isEmpty ? "" : "Error: ") + "\(m.title) – \(m.checkTitle)",
            chrome: .publicPage(slug: m.slug),
            content: .div(
                Form.errorSummary(m.errors),
                .span(.class("caption"), .text("\(m.checkTitle) · part \(m.step) of \(m.steps)")),
                .h1(.text(m.title)),
                .p(.text(m.why)),
                .form(
                    .method(.post), .action(SiteURL.publicCheck(slug: m.slug, check: m.checkID).path),
                    .attribute(named: "novalidate"),
                    .element(
                        named: "div",
                        nodes: [
                            Form.csrfField(csrf),
                            .group(m.carried.map { Form.hidden($0.0, $0.1) }),
                            .group(
                                m.questions.map { q in
                                    Form.radios(
                                        name: "a-\(q.id)", legend: q.text, hint: q.guidance, options: answers,
                                        selected: q.answer, errors: m.errors)
                                }),
                            .div(
                                .class("button-group"),
                                .button(
                                    .type(.submit), .name("go"), .value("next"), .class("button"),
                                    .text(last ? "See my results" : "Continue")),
                                .if(
                                    m.step > 1,
                                    .button(
                                        .type(.submit), .name("go"), .value("back"), .class("button secondary"),
                                        .text("Back")))),
                        ]))
            ))
    }

    public struct AreaResult: Sendable {
        public var title: String, why: String, score: Int, band: String, bandLabel: String, explanation: String,
            before: Int?
        public init(
            title: String, why: String, score: Int, band: String, bandLabel: String, explanation: String, before: Int?
        ) {
            self.title = title
            self.why = why
            self.score = score
            self.band = band
            self.bandLabel = bandLabel
            self.explanation = explanation
            self.before = before
        }
    }

    public struct Action: Sendable {
        public var text: String, area: String, effort: String, cost: String, dontKnow: Bool, quickWin: Bool
        public init(text: String, area: String, effort: String, cost: String, dontKnow: Bool, quickWin: Bool) {
            self.text = text
            self.area = area
            self.effort = effort
            self.cost = cost
            self.dontKnow = dontKnow
            self.quickWin = quickWin
        }
    }

    public struct Details: Sendable {
        public var consent = false, followUp = false
        public var sector = "", size = "", area = "", organisation = "", name = "", email = "", phone = ""
        public init() {}
    }

    public struct ResultModel: Sendable {
        public var slug: String
        public var token: String
        public var checkTitle: String
        public var completed: String
        public var overall: Int
        public var overallBand: String
        public var previousDate: String?
        public var previousOverall: Int?
        public var areas: [AreaResult]
        public var actions: [Action]
        public var courses: [(title: String, url: String)]
        public var details: Details
        public var hasDetails: Bool
        public var sectors: [(value: String, label: String)]
        public var sizes: [(value: String, label: String)]
        public var places: [(value: String, label: String)]
        public var saved: Bool
        public var errors: [FormError]
        /// How long follow-up contact details are kept.
        public var contactMonths = 12
        public init(
            slug: String, token: String, checkTitle: String, completed: String, overall: Int, overallBand: String,
            previousDate: String?,
            previousOverall: Int?, areas: [AreaResult], actions: [Action], courses: [(title: String, url: String)],
            details: Details,
            hasDetails: Bool, sectors: [(value: String, label: String)], sizes: [(value: String, label: String)],
            places: [(value: String, label: String)], saved: Bool, errors: [FormError]
        ) {
            self.slug = slug
            self.token = token
            self.checkTitle = checkTitle
            self.completed = completed
            self.overall = overall
            self.overallBand = overallBand
            self.previousDate = previousDate
            self.previousOverall = previousOverall
            self.areas = areas
            self.actions = actions
            self.courses = courses
            self.details = details
            self.hasDetails = hasDetails
            self.sectors = sectors
            self.sizes = sizes
            self.places = places
            self.saved = saved
            self.errors = errors
        }
    }

    static func scoreTable(_ m: ResultModel) -> Node<HTML.BodyContext> {
        let compared = m.previousDate != nil
        let rows: [Node<HTML.TableContext>] = m.areas.map { area in
            let cells: [Node<HTML.TableRowContext>] = [
                .th(.attribute(named: "scope", value: "row"), .text(area.title)),
                compared ? .td(.class("numeric"), .text(area.before.map(String.init) ?? "–")) : .empty,
                .td(.class("numeric"), .text("\(area.score)")),
                .td(
                    .strong(.class("tag tag-\(area.band)"), .text(area.bandLabel)),
                    .text(" \(area.explanation) \(area.why)")),
            ]
            return .tr(.group(cells))
        }
        let head: [Node<HTML.TableRowContext>] = [
            .th(.text("Area")), compared ? .th(.class("numeric"), .text("Before")) : .empty,
            .th(.class("numeric"), .text(compared ? "Now" : "Score")), .th(.text("What it means")),
        ]
        return TableScroll.region(
            .table(
                .class("table"),
                .caption(.class("visually-hidden"), .text("Score in each area, out of 100")),
                .thead(.tr(.group(head))),
                .tbody(.group(rows))))
    }

    public static func result(_ m: ResultModel, csrf: String) -> String {
        let first = m.actions.prefix(5)
        let later = m.actions.dropFirst(5)
        let notGiven = [(value: "", label: "Prefer not to say")]
        func actionItem(_ a: Action) -> Node<HTML.ListContext> {
            .li(
                .p(.strong(.text(a.dontKnow ? "Find out, then: " : "")), .text(a.text)),
                .p(.class("hint"), .text("\(a.area) · \(a.effort) · \(a.cost)" + (a.quickWin ? " · quick win" : ""))))
        }
        return Page.render(
            title: (m.errors.isEmpty ? "" : "Error: ") + "Your results – \(m.checkTitle)",
            chrome: .publicPage(slug: m.slug),
            content: .div(
                Form.errorSummary(m.errors),
                .span(.class("caption"), .text(m.checkTitle)),
                .h1(.text("Your results")),
                .p(
                    .class("lead"),
                    .text(
                        "Overall: \(m.overall) out of 100 (\(m.overallBand))"
                            + (m.previousOverall.map {
                                ", up from \($0) when you last took the check on \(m.previousDate ?? "")"
                            } ?? "") + ".")),
                .p(
                    .class("hint"),
                    .text(
                        "Completed on \(m.completed). Keep this page's address to come back to your results or take the check again: it is private to you."
                    )),
                .h2(.text("What to do first")),
                m.actions.isEmpty
                    ? .p(.text("Nothing: you answered yes to every question. Take the check again in a year."))
                    : .ol(.class("action-list"), .forEach(Array(first), actionItem)),
                .if(
                    !later.isEmpty,
                    .group(
                        .h2(.text("Then")),
                        .ol(
                            .attribute(named: "start", value: "6"), .class("action-list"),
                            .forEach(Array(later), actionItem)))),
                .h2(.text("Your score in each area")),
                scoreTable(m),
                .h2(.text("Free help")),
                .ul(
                    .forEach(m.courses) { .li(.a(.href($0.url), .text("Short course: \($0.title)"))) },
                    .li(.a(.href(SiteURL.publicEvents(slug: m.slug).path), .text("Free talks and workshops near you"))),
                    .li(
                        .a(
                            .href(SiteURL.publicReport(slug: m.slug).path),
                            .text("Something has already happened? Where do I report this?")))),
                .p(
                    .class("no-print"),
                    .text("To keep a copy, use your browser's print option and print or save this page as a PDF.")),
                .p(
                    .class("no-print"),
                    .a(
                        .class("button secondary"),
                        .href(SiteURL.publicChecks(slug: m.slug).path + "?previous=\(m.token)"),
                        .text("Take the check again"))),
                .section(
                    .class("no-print"),
                    .h2(.text("Tell us about your organisation (optional)")),
                    .if(
                        m.saved,
                        .div(
                            .class("notice"), .attribute(named: "role", value: "status"),
                            .p(.text("Thank you. Your answers have been saved.")))),
                    .p(
                        .text(
                            "Telling us your sector, size and area helps the partnership see which organisations need help most. We only publish figures for groups of five or more. You can remove these details at any time from this page."
                        )),
                    Form.post(
                        to: .publicCheckResult(slug: m.slug, token: m.token), csrf: csrf,
                        Form.checkbox(
                            name: "consent", id: "consent", value: "yes",
                            label:
                                "I agree that the partnership can keep these details with my results, to plan its help for organisations like mine",
                            checked: m.details.consent),
                        Form.select(
                            name: "sector", label: "Sector", options: notGiven + m.sectors, selected: m.details.sector,
                            errors: m.errors),
                        Form.select(
                            name: "size", label: "How many people work or volunteer there?",
                            options: notGiven + m.sizes, selected: m.details.size, errors: m.errors),
                        .if(
                            !m.places.isEmpty,
                            Form.select(
                                name: "area", label: "Area", options: notGiven + m.places, selected: m.details.area,
                                errors: m.errors)),
                        Form.fieldset(
                            "Would you like free help from a partnership officer?",
                            [
                                Form.checkbox(
                                    name: "followUp", id: "followUp", value: "yes",
                                    label: "Yes, contact me about free help", checked: m.details.followUp),
                                .p(
                                    .class("hint"),
                                    .text(
                                        "Only partnership officers see these details. We use them only to offer help, and delete them when you ask, or \(m.contactMonths) months after you took the check."
                                    )),
                                Form.input(
                                    .init(
                                        name: "organisation", label: "Organisation name (optional)",
                                        value: m.details.organisation, autocomplete: "organization"), errors: m.errors),
                                Form.input(
                                    .init(
                                        name: "name", label: "Your name", value: m.details.name, autocomplete: "name"),
                                    errors: m.errors),
                                Form.input(
                                    .init(
                                        name: "email", label: "Email address", value: m.details.email, type: .email,
                                        autocomplete: "email"), errors: m.errors),
                                Form.input(
                                    .init(
                                        name: "phone", label: "Phone number (if you prefer a call)",
                                        value: m.details.phone, type: .tel, autocomplete: "tel",
                                        width: "width-half"), errors: m.errors),
                            ]),
                        .div(
                            .class("button-group"),
                            .button(
                                .type(.submit), .name("go"), .value("save"), .class("button"),
                                .text("Save these details")),
                            .if(
                                m.hasDetails,
                                .button(
                                    .type(.submit), .name("go"), .value("remove"), .class("button secondary"),
                                    .text("Remove my details")))))
                )
            ))
    }
}
