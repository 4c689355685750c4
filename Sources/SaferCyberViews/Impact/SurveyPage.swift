import Plot

/// One survey: where people answer it, its settings, and its questions (editable until the first answer).
public enum SurveyPage {
    public struct Question: Sendable {
        public var key: String
        public var text: String
        public var hint: String
        public var kind: String
        public var kindLabel: String
        public var options: [String]
        public var optional: Bool
        public var group: Int
        public var condition: String?
        public init(
            key: String, text: String, hint: String, kind: String, kindLabel: String, options: [String], optional: Bool,
            group: Int,
            condition: String?
        ) {
            self.key = key
            self.text = text
            self.hint = hint
            self.kind = kind
            self.kindLabel = kindLabel
            self.options = options
            self.optional = optional
            self.group = group
            self.condition = condition
        }
    }

    public struct Choice: Sendable {
        public var value: String
        public var label: String
        public var checked: Bool
        public init(value: String, label: String, checked: Bool) {
            self.value = value
            self.label = label
            self.checked = checked
        }
    }

    public struct Model: Sendable {
        public var slug: String
        public var id: String
        public var title: String
        public var design: String
        public var responses: Int
        /// The responses as the reader's role sees them ("<5", or one quarter's, rounded); nil: `responses`.
        public var responsesText: String?
        public var links: [(label: String, url: String)]
        public var questions: [Question]
        public var kinds: [(value: String, label: String)]
        public var conditions: [(value: String, label: String)]
        public var statuses: [(value: String, label: String)]
        public var events: [Choice]
        public var canManage: Bool
        public var values: [String: String]
        public var errors: [FormError]
        public var notice: String?
        public init(
            slug: String, id: String, title: String, design: String, responses: Int,
            links: [(label: String, url: String)],
            questions: [Question], kinds: [(value: String, label: String)],
            conditions: [(value: String, label: String)],
            statuses: [(value: String, label: String)], events: [Choice], canManage: Bool, values: [String: String],
            errors: [FormError] = [], notice: String? = nil
        ) {
            self.slug = slug
            self.id = id
            self.title = title
            self.design = design
            self.responses = responses
            self.links = links
            self.questions = questions
            self.kinds = kinds
            self.conditions = conditions
            self.statuses = statuses
            self.events = events
            self.canManage = canManage
            self.values = values
            self.errors = errors
            self.notice = notice
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        let csrf = chrome.csrfToken
        let locked = model.responses > 0
        return Page.render(
            title: (model.errors.isEmpty ? "" : "Error: ") + model.title, chrome: chrome,
            content: .div(
                Form.errorSummary(model.errors),
                .unwrap(model.notice) {
                    .div(.class("notice success"), .attribute(named: "role", value: "status"), .p(.text($0)))
                },
                .p(.a(.href(SiteURL.partnership(slug: model.slug, .surveys).path), .text("All surveys"))),
                .h1(.text(model.title)),
                .dl(
                    .class("facts"),
                    .dt(.text("Asked")), .dd(.text(model.design)),
                    .dt(.text("Responses")),
                    .dd(
                        .text(model.responsesText ?? "\(model.responses)"), .text(" · "),
                        .a(
                            .href(SiteURL.partnership(slug: model.slug, .surveyResults(id: model.id)).path),
                            .text("See the results")))),
                .h2(.text("Where people answer")),
                .ul(
                    .forEach(model.links) { link in .li(.text("\(link.label): "), .a(.href(link.url), .text(link.url)))
                    }),
                .if(
                    model.links.count > 1,
                    .p(
                        .a(
                            .href(SiteURL.partnership(slug: model.slug, .surveyCards(id: model.id)).path),
                            .text("Print participant code cards")), .text(" for people who did not book online."))),
                .if(model.canManage, settings(model, csrf: csrf)),
                .h2(.text("Questions")),
                // Only for those who may edit: a reader who sees one complete quarter's answers would learn from it
                // that answers have arrived since (review of issue 19).
                .if(
                    locked && model.canManage,
                    .div(
                        .class("notice"),
                        .p(
                            .text(
                                "People have answered this survey, so its questions are fixed: every answer must be to the same wording."
                            )),
                        Form.postButton(
                            to: .partnership(slug: model.slug, .surveyCopy(id: model.id)),
                            label: "Make an editable copy", csrf: csrf))),
                model.questions.isEmpty
                    ? .p(.text("No questions yet."))
                    : .ol(
                        .forEach(model.questions.enumerated()) { index, q in
                            .li(
                                .class("question-slot"),
                                .p(.strong(.text(q.text)), .text(q.optional ? " (optional)" : "")),
                                .p(
                                    .class("hint"),
                                    .text(
                                        "\(q.kindLabel) · page \(q.group)"
                                            + (q.options.isEmpty ? "" : " · " + q.options.joined(separator: ", "))
                                            + (q.condition.map { " · asked only if \($0)" } ?? ""))),
                                .if(model.canManage && !locked, questionActions(model, q, index: index, csrf: csrf)))
                        }),
                .if(model.canManage && !locked, addQuestion(model, csrf: csrf))
            ))
    }

    static func settings(_ model: Model, csrf: String) -> Node<HTML.BodyContext> {
        let v = model.values
        return .section(
            .h2(.text("Settings")),
            Form.post(
                to: .partnership(slug: model.slug, .survey(id: model.id)), csrf: csrf,
                Form.input(.init(name: "title", label: "Title", value: v["title"] ?? ""), errors: model.errors),
                .div(
                    .class("form-group"),
                    .label(.class("label"), .for("intro"), .text("Introduction")),
                    .div(
                        .class("hint"), .id("intro-hint"),
                        .text("Shown on the first page. Say what the survey is for and that it is anonymous.")),
                    .textarea(
                        .id("intro"), .name("intro"), .class("input width-full"), .attribute(named: "rows", value: "3"),
                        .attribute(named: "aria-describedby", value: "intro-hint"), .text(v["intro"] ?? ""))),
                Form.select(
                    name: "status", label: "Status", options: model.statuses, selected: v["status"],
                    errors: model.errors),
                Form.input(
                    .init(
                        name: "closes", label: "Closing date (optional)",
                        hint: "For example, 31/12/2026. The survey closes at the end of that day.",
                        value: v["closes"] ?? "", width: "width-third"), errors: model.errors),
                Form.input(
                    .init(
                        name: "quota", label: "Most responses at each stage (optional)",
                        hint: "Leave empty for no limit.",
                        value: v["quota"] ?? "", width: "width-third"), errors: model.errors),
                .if(
                    !model.events.isEmpty,
                    Form.disclosure(
                        "Events this survey is about", hidden: "",
                        .forEach(model.events.enumerated()) { index, event in
                            .div(
                                .class("checkbox"),
                                .input(
                                    .type(.checkbox), .name("event[]"), .value(event.value),
                                    .id("event-\(index)"),
                                    .attribute(named: "checked", value: event.checked ? "checked" : nil)),
                                .label(.for("event-\(index)"), .text(event.label)))
                        })),
                Form.submit("Save settings"))
        )
    }

    static func questionActions(_ model: Model, _ q: Question, index: Int, csrf: String) -> Node<HTML.BodyContext> {
        let url = SiteURL.partnership(slug: model.slug, .surveyQuestion(id: model.id, key: q.key))
        return .div(
            .if(index > 0, Form.postButton(to: url, label: "Move up", csrf: csrf, action: "up", context: q.text)),
            .if(
                index < model.questions.count - 1,
                Form.postButton(to: url, label: "Move down", csrf: csrf, action: "down", context: q.text)),
            Form.postButton(
                to: url, label: "Remove", csrf: csrf, style: "button warning", action: "remove", context: q.text),
            Form.disclosure(
                "Change this question", hidden: q.text,
                Form.post(
                    to: url, csrf: csrf,
                    Form.hidden("action", "change"),
                    Form.input(
                        .init(name: "text", label: "Question", value: q.text, id: "text-\(q.key)"), errors: model.errors
                    ),
                    Form.input(
                        .init(name: "hint", label: "Hint (optional)", value: q.hint, id: "hint-\(q.key)"),
                        errors: model.errors),
                    .if(
                        q.kind == "single" || q.kind == "multiple",
                        Form.input(
                            .init(
                                name: "options", label: "Answers to choose from, separated by semicolons",
                                value: q.options.joined(separator: "; "),
                                id: "options-\(q.key)"), errors: model.errors)),
                    Form.input(
                        .init(
                            name: "group", label: "Page", value: "\(q.group)", width: "width-third",
                            id: "group-\(q.key)"), errors: model.errors),
                    optionalBox(id: "optional-\(q.key)", checked: q.optional),
                    Form.submit("Save question")))
        )
    }

    static func optionalBox(id: String, checked: Bool) -> Node<HTML.BodyContext> {
        .div(
            .class("checkbox"),
            .input(
                .type(.checkbox), .name("optional"), .value("yes"), .id(id),
                .attribute(named: "checked", value: checked ? "checked" : nil)),
            .label(.for(id), .text("People may skip this question")))
    }

    static func addQuestion(_ model: Model, csrf: String) -> Node<HTML.BodyContext> {
        let v = model.values
        return .section(
            .h2(.text("Add a question")),
            Form.post(
                to: .partnership(slug: model.slug, .surveyQuestions(id: model.id)), csrf: csrf,
                Form.input(
                    .init(
                        name: "text", label: "Question",
                        hint: "Ask about what people do, like “Do you use 2-step verification on your email?”",
                        value: v["new-text"] ?? ""), errors: model.errors),
                Form.input(
                    .init(name: "hint", label: "Hint (optional)", value: v["new-hint"] ?? ""), errors: model.errors),
                Form.select(
                    name: "kind", label: "Type of answer", options: model.kinds, selected: v["new-kind"],
                    errors: model.errors),
                Form.input(
                    .init(
                        name: "options", label: "Answers to choose from (for “choose one” and “choose all that apply”)",
                        hint: "Separate them with semicolons, like: Phone; Email; Text message",
                        value: v["new-options"] ?? ""), errors: model.errors),
                Form.input(
                    .init(
                        name: "group", label: "Page",
                        hint:
                            "Questions with the same page number are asked together. One short page suits phones best.",
                        value: v["new-group"] ?? "\((model.questions.map(\.group).max() ?? 0) + 1)",
                        width: "width-third"), errors: model.errors),
                .if(
                    !model.conditions.isEmpty,
                    Form.select(
                        name: "showIf", label: "Ask it only if (optional)",
                        options: [("", "Always ask")] + model.conditions, selected: v["new-showIf"],
                        errors: model.errors)),
                optionalBox(id: "optional", checked: v["new-optional"] == "yes"),
                Form.submit("Add question"))
        )
    }
}
