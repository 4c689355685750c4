import Plot

/// Creating or editing an event. Values are kept as typed so that a form with errors comes back intact.
public enum EventFormPage {
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
        public var eventID: String?
        public var values: [String: String]
        public var kinds: [(value: String, label: String)]
        public var statuses: [(value: String, label: String)]
        public var partners: [(value: String, label: String)]
        public var objectives: [Choice]
        public var themes: [Choice]
        public var audiences: [Choice]
        public var questionSlots: Int
        public var errors: [FormError]
        public init(
            slug: String, eventID: String?, values: [String: String], kinds: [(value: String, label: String)],
            statuses: [(value: String, label: String)], partners: [(value: String, label: String)],
            objectives: [Choice],
            themes: [Choice], audiences: [Choice], questionSlots: Int = 3, errors: [FormError] = []
        ) {
            self.slug = slug
            self.eventID = eventID
            self.values = values
            self.kinds = kinds
            self.statuses = statuses
            self.partners = partners
            self.objectives = objectives
            self.themes = themes
            self.audiences = audiences
            self.questionSlots = questionSlots
            self.errors = errors
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        let v = model.values
        let e = model.errors
        let target: PartnershipPage = model.eventID.map { .event(id: $0) } ?? .eventNew
        return Page.render(
            title: model.eventID == nil ? "Create an event" : "Edit event", chrome: chrome,
            content: .div(
                Form.errorSummary(e),
                .p(.a(.href(SiteURL.partnership(slug: model.slug, .events).path), .text("Back to events"))),
                .h1(.text(model.eventID == nil ? "Create an event" : "Edit \(v["title"] ?? "event")")),
                Form.post(
                    to: .partnership(slug: model.slug, target), csrf: chrome.csrfToken,
                    Form.input(.init(name: "title", label: "Title", value: v["title"] ?? ""), errors: e),
                    Form.input(
                        .init(
                            name: "summary", label: "What it is about (shown to the public)", value: v["summary"] ?? ""),
                        errors: e),
                    Form.select(
                        name: "kind", label: "Type", options: [("", "Choose")] + model.kinds, selected: v["kind"],
                        errors: e),
                    Form.select(
                        name: "partner", label: "Partner running it", options: [("", "Not given")] + model.partners,
                        selected: v["partner"], errors: []),
                    Form.select(
                        name: "ledBy", label: "Who led the session",
                        options: [
                            ("", "Not recorded"), ("officer", "Officers or staff"),
                            ("peer", "Young people or peers (peer-led)"),
                        ],
                        selected: v["ledBy"], errors: e),
                    Form.input(
                        .init(
                            name: "venue", label: "Venue", hint: "Leave empty for an online session",
                            value: v["venue"] ?? ""), errors: e),
                    Form.input(
                        .init(
                            name: "area", label: "Area (town or ward, used as a filter)", value: v["area"] ?? "",
                            width: "width-half"), errors: e),
                    box("online", "This is an online session", v["online"] == "yes"),
                    Form.input(
                        .init(
                            name: "startsAt", label: "Starts",
                            hint: "Year-month-day and 24-hour time, like 2027-03-14 18:30", value: v["startsAt"] ?? "",
                            width: "width-half"), errors: e),
                    Form.input(
                        .init(
                            name: "endsAt", label: "Ends", hint: "Like 2027-03-14 20:00", value: v["endsAt"] ?? "",
                            width: "width-half"), errors: e),
                    Form.input(
                        .init(
                            name: "capacity", label: "Places", value: v["capacity"] ?? "", type: .number,
                            width: "width-third"), errors: e),
                    box(
                        "public",
                        "Show it on the public events page (otherwise it is invitation-only: share its link with the people invited)",
                        v["public"] == "yes"),
                    box(
                        "friends", "It is a Friends-style awareness session (attendees count as Friends)",
                        v["friends"] == "yes"),
                    Form.input(
                        .init(
                            name: "accessibility", label: "Access information",
                            hint: "Step-free access, hearing loop, captions…", value: v["accessibility"] ?? ""),
                        errors: e),
                    Form.select(
                        name: "status", label: "Status", options: model.statuses, selected: v["status"], errors: e),
                    .if(
                        model.eventID == nil,
                        Form.input(
                            .init(
                                name: "repeats", label: "Weekly course: how many more weekly sessions? (optional)",
                                hint: "Leave empty for a single event. Each session is booked separately.",
                                value: v["repeats"] ?? "", type: .number, width: "width-third"), errors: e)),
                    boxes("Objectives", "objective", model.objectives),
                    boxes("Themes", "theme", model.themes),
                    boxes("Who it is for", "audience", model.audiences),
                    Form.fieldset(
                        "Sign-up questions (only these are asked, besides name and email)",
                        (0..<model.questionSlots).map { index in
                            .div(
                                .class("question-slot"),
                                Form.input(
                                    .init(
                                        name: "question\(index)", label: "Question \(index + 1)",
                                        value: v["question\(index)"] ?? ""), errors: e),
                                Form.select(
                                    name: "questionKind\(index)", label: "Answer",
                                    options: [
                                        ("text", "Free text"), ("yes-no", "Yes or no"),
                                        ("choice", "Choose from a list"),
                                    ],
                                    selected: v["questionKind\(index)"], errors: e),
                                Form.input(
                                    .init(
                                        name: "questionOptions\(index)",
                                        label: "Choices (for a list), separated by commas",
                                        value: v["questionOptions\(index)"] ?? ""), errors: e),
                                box(
                                    "questionRequired\(index)", "An answer is needed",
                                    v["questionRequired\(index)"] == "yes"))
                        }),
                    Form.submit(model.eventID == nil ? "Create event" : "Save changes"))
            ))
    }

    static func box(_ name: String, _ label: String, _ checked: Bool) -> Node<HTML.BodyContext> {
        .div(
            .class("checkbox"),
            .input(
                .type(.checkbox), .name(name), .value("yes"), .id(name),
                .attribute(named: "checked", value: checked ? "checked" : nil)),
            .label(.for(name), .text(label)))
    }

    static func boxes(_ legend: String, _ name: String, _ choices: [Choice]) -> Node<HTML.BodyContext> {
        Form.fieldset(
            legend,
            choices.enumerated().map { index, choice in
                .div(
                    .class("checkbox"),
                    .input(
                        .type(.checkbox), .name("\(name)[]"), .value(choice.value),
                        .id("\(name)-\(index)"),
                        .attribute(named: "checked", value: choice.checked ? "checked" : nil)),
                    .label(.for("\(name)-\(index)"), .text(choice.label)))
            })
    }
}
