import Plot

/// The public survey, one group of questions per page: a start page (with the participant code for
/// before/after surveys), the question pages, "check your answers", and thanks. Answers from earlier pages
/// travel in hidden fields, so nothing is stored until the person sends them.
public enum PublicSurveyPage {
    public struct Question: Sendable {
        public var key: String
        public var text: String
        public var hint: String
        public var kind: String
        public var choices: [(value: String, label: String)]
        public var optional: Bool
        public var values: [String]
        public init(
            key: String, text: String, hint: String, kind: String, choices: [(value: String, label: String)],
            optional: Bool, values: [String]
        ) {
            self.key = key
            self.text = text
            self.hint = hint
            self.kind = kind
            self.choices = choices
            self.optional = optional
            self.values = values
        }
    }

    public enum Step: Sendable {
        case start
        case questions(index: Int, count: Int)
        case check(rows: [(page: Int, question: String, answer: String)])
        case thanks(reminder: String?)
        case closed(message: String)
    }

    public struct Model: Sendable {
        public var slug: String
        public var surveyID: String
        public var stage: String
        public var title: String
        public var intro: String
        public var stageLabel: String?
        public var asksForCode: Bool
        public var code: String
        public var step: Step
        public var questions: [Question]
        /// Answers from other pages: (field name, value), one pair per value.
        public var carried: [(String, String)]
        public var errors: [FormError]
        public init(
            slug: String, surveyID: String, stage: String, title: String, intro: String, stageLabel: String?,
            asksForCode: Bool, code: String,
            step: Step, questions: [Question] = [], carried: [(String, String)] = [], errors: [FormError] = []
        ) {
            self.slug = slug
            self.surveyID = surveyID
            self.stage = stage
            self.title = title
            self.intro = intro
            self.stageLabel = stageLabel
            self.asksForCode = asksForCode
            self.code = code
            self.step = step
            self.questions = questions
            self.carried = carried
            self.errors = errors
        }
    }

    public static func render(_ model: Model, csrf: String) -> String {
        let heading = model.title + (model.stageLabel.map { ": \($0)" } ?? "")
        let pageTitle: String
        switch model.step {
        case .start: pageTitle = heading
        case .questions(let index, let count): pageTitle = "Page \(index + 1) of \(count) – \(heading)"
        case .check: pageTitle = "Check your answers – \(heading)"
        case .thanks: pageTitle = "Answers sent – \(heading)"
        case .closed: pageTitle = heading
        }
        return Page.render(
            title: (model.errors.isEmpty ? "" : "Error: ") + pageTitle,
            chrome: .publicPage(slug: model.slug, csrfToken: csrf),
            content: .div(
                Form.errorSummary(model.errors),
                body(model, heading: heading, csrf: csrf)
            ))
    }

    static func body(_ model: Model, heading: String, csrf: String) -> Node<HTML.BodyContext> {
        let url = SiteURL.publicSurvey(slug: model.slug, id: model.surveyID, stage: model.stage)
        switch model.step {
        case .closed(let message):
            return .group(.h1(.text(heading)), .p(.class("notice"), .text(message)))
        case .thanks(let reminder):
            return .group(
                .div(.class("panel panel-success"), .h1(.text("Thank you")), .p(.text("Your answers have been sent."))),
                .unwrap(reminder) { .p(.text($0)) },
                .p(.a(.href(SiteURL.publicHome(slug: model.slug).path), .text("Back to the partnership's home page"))))
        case .start:
            return .group(
                .h1(.text(heading)),
                .p(.class("lead"), .text(model.intro)),
                Form.post(
                    to: url, csrf: csrf,
                    Form.hidden("step", "start"),
                    .if(
                        model.asksForCode,
                        Form.input(
                            .init(
                                name: "code", label: "Your participant code",
                                hint:
                                    "It is on your card or your booking page, like K7P-4QX. It lets us compare your answers before and after the session without knowing who you are.",
                                value: model.code, autocomplete: "off", width: "width-third"), errors: model.errors)),
                    PublicEventPage.honeypot(),
                    Form.submit("Start")))
        case .questions(let index, let count):
            return .group(
                .p(.class("hint"), .text("Page \(index + 1) of \(count)")),
                .h1(.text(heading)),
                Form.post(
                    to: url, csrf: csrf,
                    Form.hidden("step", "page-\(index)"),
                    Form.hidden("code", model.code),
                    .forEach(model.carried) { Form.hidden($0.0, $0.1) },
                    .forEach(model.questions) { question($0, errors: model.errors) },
                    PublicEventPage.honeypot(),
                    Form.submit("Continue"),
                    .button(.type(.submit), .class("button secondary"), .name("action"), .value("back"), .text("Back")))
            )
        case .check(let rows):
            return .group(
                .h1(.text("Check your answers")),
                .p(.text("You can change any answer before you send them.")),
                .dl(
                    .class("facts"),
                    .forEach(rows) { row in
                        .group(.dt(.text(row.question)), .dd(.text(row.answer.isEmpty ? "Not answered" : row.answer)))
                    }),
                Form.post(
                    to: url, csrf: csrf,
                    Form.hidden("step", "check"),
                    Form.hidden("code", model.code),
                    .forEach(model.carried) { Form.hidden($0.0, $0.1) },
                    PublicEventPage.honeypot(),
                    .forEach(Array(Set(rows.map(\.page))).sorted()) { page in
                        .button(
                            .type(.submit), .class("button secondary"), .name("action"), .value("page-\(page)"),
                            .text("Change page \(page + 1)"))
                    },
                    .p(
                        .text(
                            "By sending your answers you agree to the partnership using them, without your name, to see whether its sessions work."
                        )),
                    .button(.type(.submit), .class("button"), .name("action"), .value("send"), .text("Send my answers"))
                ))
        }
    }

    static func question(_ q: Question, errors: [FormError]) -> Node<HTML.BodyContext> {
        let field = "a-\(q.key)"
        let error = errors.first { $0.field == field }?.message
        let label = q.text + (q.optional ? " (optional)" : "")
        let described = [q.hint.isEmpty ? nil : "\(field)-hint", error.map { _ in "\(field)-error" }].compactMap { $0 }
            .joined(separator: " ")
        let hint: Node<HTML.BodyContext> = .if(
            !q.hint.isEmpty, .div(.class("hint"), .id("\(field)-hint"), .text(q.hint)))
        let errorNode: Node<HTML.BodyContext> = .unwrap(error) {
            .p(
                .class("error-message"), .id("\(field)-error"), .span(.class("visually-hidden"), .text("Error: ")),
                .text($0))
        }
        switch q.kind {
        case "number", "text":
            let input: Node<HTML.BodyContext> =
                q.kind == "text"
                ? .textarea(
                    .id(field), .name(field), .class("input width-full"), .attribute(named: "rows", value: "4"),
                    .attribute(named: "aria-describedby", value: described.isEmpty ? nil : described),
                    .text(q.values.first ?? ""))
                : .input(
                    .type(.text), .id(field), .name(field), .class("input width-third"),
                    .attribute(named: "inputmode", value: "decimal"),
                    .value(q.values.first ?? ""),
                    .attribute(named: "aria-describedby", value: described.isEmpty ? nil : described))
            return .div(
                .class(error == nil ? "form-group" : "form-group form-group-error"),
                .label(.class("label"), .for(field), .text(label)), hint, errorNode, input)
        default:
            let type: HTMLInputType = q.kind == "multiple" ? .checkbox : .radio
            return .element(
                named: "fieldset",
                nodes: [
                    .class(error == nil ? "form-group" : "form-group form-group-error"),
                    .attribute(named: "aria-describedby", value: described.isEmpty ? nil : described),
                    .element(named: "legend", nodes: [.class("label"), .text(label)]),
                    hint, errorNode,
                    .forEach(q.choices.enumerated()) { index, choice in
                        let id = index == 0 ? field : "\(field)-\(index)"
                        return .div(
                            .class("checkbox"),
                            .input(
                                .type(type), .name(field), .id(id), .value(choice.value),
                                .attribute(named: "checked", value: q.values.contains(choice.value) ? "checked" : nil)),
                            .label(.for(id), .text(choice.label)))
                    },
                ])
        }
    }
}
