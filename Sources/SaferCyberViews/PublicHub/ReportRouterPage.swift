import Plot

/// "Where do I report this?": one question per page (GOV.UK pattern), then where to report and get support.
/// Forms use GET: the answers are in the address and nothing is stored until the result is shown (and then
/// only which routes were shown).
public enum ReportRouterPage {
    public struct Question: Sendable {
        /// The field name, also the id of the first option (the error summary links to it).
        public var name: String
        public var title: String
        public var hint: String?
        public var options: [(value: String, label: String)]
        public init(name: String, title: String, hint: String?, options: [(value: String, label: String)]) {
            self.name = name
            self.title = title
            self.hint = hint
            self.options = options
        }
    }

    public struct Model: Sendable {
        public var slug: String
        public var partnershipName: String
        public var question: Question
        /// Answers so far and the journey's token, carried as hidden fields.
        public var carried: [(String, String)]
        public var back: String?
        public var isFirst: Bool
        public var error: String?
        /// The form token: answers are posted, so a completed journey is counted only from this site's own form.
        public var csrf: String
        public init(
            slug: String, partnershipName: String, question: Question, carried: [(String, String)], back: String?,
            isFirst: Bool, error: String?, csrf: String = ""
        ) {
            self.csrf = csrf
            self.slug = slug
            self.partnershipName = partnershipName
            self.question = question
            self.carried = carried
            self.back = back
            self.isFirst = isFirst
            self.error = error
        }
    }

    public static func render(_ model: Model) -> String {
        let q = model.question
        let errors = model.error.map { [FormError(field: q.name, message: $0)] } ?? []
        let radios: [Node<HTML.BodyContext>] = q.options.enumerated().map { index, option in
            let id = index == 0 ? q.name : "\(q.name)-\(index)"
            return .div(
                .class("radio"), .input(.type(.radio), .name(q.name), .id(id), .value(option.value)),
                .label(.for(id), .text(option.label)))
        }
        var legend: [Node<HTML.BodyContext>] = [
            .element(named: "legend", nodes: [.h1(.class("legend-heading"), .text(q.title))])
        ]
        if let hint = q.hint { legend.append(.div(.class("hint"), .id("\(q.name)-hint"), .text(hint))) }
        if let error = model.error {
            legend.append(.p(.class("error-message"), .span(.class("visually-hidden"), .text("Error: ")), .text(error)))
        }
        return Page.render(
            title: (errors.isEmpty ? "" : "Error: ") + q.title + " – Where do I report this?",
            chrome: .publicPage(slug: model.slug),
            content: .div(
                .unwrap(model.back) { .p(.a(.class("back-link"), .href($0), .text("Back"))) },
                Form.errorSummary(errors),
                .if(
                    model.isFirst,
                    .group(
                        .span(.class("caption"), .text("Where do I report this?")),
                        .p(
                            .text(
                                "Answer a few questions to find out where to report what has happened and where to get help. We do not ask for your name or what happened in your own words."
                            )))),
                Form.post(
                    to: .publicReport(slug: model.slug), csrf: model.csrf,
                    .group(model.carried.map { Form.hidden($0.0, $0.1) }),
                    .div(
                        .class(errors.isEmpty ? "form-group" : "form-group form-group-error"),
                        .element(named: "fieldset", nodes: legend + [.div(.class("radios"), .group(radios))])),
                    Form.submit("Continue"))))
    }
}

/// Where to report, what to have ready, what happens next, and support, with the partnership's own contacts.
public enum ReportResultPage {
    public struct Route: Sendable {
        public var title: String
        public var how: String
        public var ready: [String]
        public var next: String
        public var isSupport: Bool
        public init(title: String, how: String, ready: [String], next: String, isSupport: Bool) {
            self.title = title
            self.how = how
            self.ready = ready
            self.next = next
            self.isSupport = isSupport
        }
    }

    public struct Model: Sendable {
        public var slug: String
        public var partnershipName: String
        public var routes: [Route]
        public var localContacts: [String]
        public var startAgain: String
        public var back: String
        public init(
            slug: String, partnershipName: String, routes: [Route], localContacts: [String], startAgain: String,
            back: String
        ) {
            self.slug = slug
            self.partnershipName = partnershipName
            self.routes = routes
            self.localContacts = localContacts
            self.startAgain = startAgain
            self.back = back
        }
    }

    public static func render(_ model: Model) -> String {
        let report = model.routes.filter { !$0.isSupport }
        let support = model.routes.filter(\.isSupport)
        return Page.render(
            title: "Where to report this – \(model.partnershipName)", chrome: .publicPage(slug: model.slug),
            content: .div(
                .p(.a(.class("back-link"), .href(model.back), .text("Back"))),
                .h1(.text(report.isEmpty ? "Where to get help" : "Where to report this")),
                .forEach(report.enumerated()) { index, route in section(route, step: report.count > 1 ? index + 1 : nil)
                },
                .if(!support.isEmpty, .group(.h2(.text("Support")), .forEach(support) { section($0, step: nil) })),
                .if(
                    !model.localContacts.isEmpty,
                    .group(.h2(.text("Local help")), .ul(.forEach(model.localContacts) { .li(.text($0)) }))),
                .p(.a(.href(model.startAgain), .text("Start again"))),
                .p(
                    .class("hint"),
                    .text(
                        "We counted that someone used this guide and which places it showed — nothing about you or what happened."
                    ))
            ))
    }

    static func section(_ route: Route, step: Int?) -> Node<HTML.BodyContext> {
        .section(
            .class("question-slot"),
            .h2(.text((step.map { "\($0). " } ?? "") + route.title)),
            .p(.text(route.how)),
            .if(!route.ready.isEmpty, .group(.h3(.text("Have ready")), .ul(.forEach(route.ready) { .li(.text($0)) }))),
            .h3(.text("What happens next")),
            .p(.text(route.next)))
    }
}
