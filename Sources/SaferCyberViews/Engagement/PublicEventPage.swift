import Plot

/// One event and its sign-up form: only the organiser's questions, plus consent that says why and for how long.
public enum PublicEventPage {
    public struct Question: Sendable {
        public var field: String
        public var label: String
        public var kind: String
        public var options: [String]
        public var required: Bool
        public var value: String
        public init(field: String, label: String, kind: String, options: [String], required: Bool, value: String) {
            self.field = field
            self.label = label
            self.kind = kind
            self.options = options
            self.required = required
            self.value = value
        }
    }

    public struct Model: Sendable {
        public var partnershipName: String
        public var slug: String
        public var eventID: String
        public var title: String
        public var summary: String
        public var facts: [(String, String)]
        public var isFull: Bool
        public var canBook: Bool
        public var questions: [Question]
        public var audiences: [(value: String, label: String)]
        public var values: [String: String]
        public var retentionText: String
        public var formToken: String
        public var errors: [FormError]
        public init(
            partnershipName: String, slug: String, eventID: String, title: String, summary: String,
            facts: [(String, String)],
            isFull: Bool, canBook: Bool, questions: [Question], audiences: [(value: String, label: String)],
            values: [String: String],
            retentionText: String, formToken: String, errors: [FormError] = []
        ) {
            self.partnershipName = partnershipName
            self.slug = slug
            self.eventID = eventID
            self.title = title
            self.summary = summary
            self.facts = facts
            self.isFull = isFull
            self.canBook = canBook
            self.questions = questions
            self.audiences = audiences
            self.values = values
            self.retentionText = retentionText
            self.formToken = formToken
            self.errors = errors
        }
    }

    public static func render(_ model: Model, csrf: String) -> String {
        Page.render(
            title: model.title, chrome: .publicPage(slug: model.slug, csrfToken: csrf),
            content: .div(
                Form.errorSummary(model.errors),
                .p(.a(.href(SiteURL.publicEvents(slug: model.slug).path), .text("All events"))),
                .h1(.text(model.title)),
                .p(.class("lead"), .text(model.summary)),
                .dl(.class("facts"), .forEach(model.facts) { fact in .group(.dt(.text(fact.0)), .dd(.text(fact.1))) }),
                .if(model.canBook, form(model, csrf: csrf)),
                .if(!model.canBook, .p(.class("notice"), .text("Booking for this event has closed.")))
            ))
    }

    static func form(_ model: Model, csrf: String) -> Node<HTML.BodyContext> {
        let v = model.values
        return .section(
            .h2(.text(model.isFull ? "Join the waiting list" : "Book a place")),
            .if(
                model.isFull,
                .p(
                    .text(
                        "This event is full. If a place becomes free, the first person waiting gets it automatically and can see it on their booking page."
                    ))),
            Form.post(
                to: .publicEvent(slug: model.slug, id: model.eventID), csrf: csrf,
                Form.hidden("formToken", model.formToken),
                Form.hidden("from", v["from"] ?? ""),
                Form.input(
                    .init(
                        name: "name", label: "Your name", value: v["name"] ?? "", autocomplete: "name",
                        width: "width-half"), errors: model.errors),
                Form.input(
                    .init(
                        name: "email", label: "Email address", hint: "We use it only about this booking.",
                        value: v["email"] ?? "",
                        type: .email, autocomplete: "email", width: "width-half"), errors: model.errors),
                .if(
                    !model.audiences.isEmpty,
                    Form.select(
                        name: "audience", label: "Which best describes you? (optional)",
                        options: [("", "Prefer not to say")] + model.audiences, selected: v["audience"], errors: [])),
                Form.disclosure(
                    "Booking for a group, like a class?", hidden: "group booking",
                    .p(.text("Give the number of places and one contact. Do not give pupils' names.")),
                    checkbox("group", "This is a group booking", checked: v["group"] == "yes"),
                    Form.input(
                        .init(
                            name: "organisation", label: "School, college or group", value: v["organisation"] ?? "",
                            width: "width-half"), errors: model.errors),
                    Form.input(
                        .init(
                            name: "places", label: "Number of places", value: v["places"] ?? "1", type: .number,
                            width: "width-third"), errors: model.errors)),
                .forEach(model.questions) { question($0, errors: model.errors) },
                .div(.class("form-group"), .p(.class("hint"), .text(model.retentionText))),
                checkbox(
                    "consent", "I agree to the partnership keeping these details for this booking, as explained above",
                    checked: v["consent"] == "yes",
                    error: model.errors.first { $0.field == "consent" }?.message),
                honeypot(),
                Form.submit(model.isFull ? "Join the waiting list" : "Book my place"))
        )
    }

    static func question(_ q: Question, errors: [FormError]) -> Node<HTML.BodyContext> {
        switch q.kind {
        case "choice", "yes-no":
            let options = q.kind == "yes-no" ? [("yes", "Yes"), ("no", "No")] : q.options.map { ($0, $0) }
            return Form.select(
                name: q.field, label: q.label + (q.required ? "" : " (optional)"), options: [("", "Choose")] + options,
                selected: q.value, errors: errors)
        default:
            return Form.input(
                .init(name: q.field, label: q.label + (q.required ? "" : " (optional)"), value: q.value), errors: errors
            )
        }
    }

    static func checkbox(_ name: String, _ label: String, checked: Bool, error: String? = nil) -> Node<HTML.BodyContext>
    {
        .div(
            .class(error == nil ? "checkbox" : "checkbox form-group-error"),
            .unwrap(error) {
                .p(
                    .class("error-message"), .id("\(name)-error"), .span(.class("visually-hidden"), .text("Error: ")),
                    .text($0))
            },
            .input(
                .type(.checkbox), .name(name), .value("yes"), .id(name),
                .attribute(named: "checked", value: checked ? "checked" : nil)),
            .label(.for(name), .text(label)))
    }

    /// A field people never see or reach; software that fills every field gives itself away.
    static func honeypot() -> Node<HTML.BodyContext> {
        .div(
            .class("visually-hidden"), .attribute(named: "aria-hidden", value: "true"),
            .label(.for("website"), .text("Leave this empty")),
            .input(
                .type(.text), .name("website"), .id("website"), .attribute(named: "tabindex", value: "-1"),
                .attribute(named: "autocomplete", value: "off")))
    }
}
