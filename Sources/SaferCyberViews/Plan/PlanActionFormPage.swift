import Plot

/// Adding or changing an action. One long form, as coordinators fill it in from the plan spreadsheet at a desk.
public enum PlanActionFormPage {
    public typealias Options = [(value: String, label: String)]

    public struct Model: Sendable {
        public var slug: String
        /// Nil when adding.
        public var actionID: String?
        public var number: Int?
        public var values: [String: String]
        public var selected: [String: Set<String>]
        public var milestones: [(title: String, due: String, done: Bool)]
        public var objectives: Options, partners: Options, themes: Options, audiences: Options
        public var statuses: Options, ratings: Options, fundings: Options
        public var events: Options, games: Options, surveys: Options, outcomes: Options, meetings: Options
        public var errors: [FormError]
        public init(
            slug: String, actionID: String?, number: Int?, values: [String: String], selected: [String: Set<String>],
            milestones: [(title: String, due: String, done: Bool)], objectives: Options, partners: Options,
            themes: Options,
            audiences: Options, statuses: Options, ratings: Options, fundings: Options, events: Options, games: Options,
            surveys: Options, outcomes: Options, meetings: Options, errors: [FormError]
        ) {
            self.slug = slug
            self.actionID = actionID
            self.number = number
            self.values = values
            self.selected = selected
            self.milestones = milestones
            self.objectives = objectives
            self.partners = partners
            self.themes = themes
            self.audiences = audiences
            self.statuses = statuses
            self.ratings = ratings
            self.fundings = fundings
            self.events = events
            self.games = games
            self.surveys = surveys
            self.outcomes = outcomes
            self.meetings = meetings
            self.errors = errors
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        let title = model.number.map { "Change action \($0)" } ?? "Add an action"
        let target: PartnershipPage = model.actionID.map { .planActionEdit(id: $0) } ?? .planActionNew
        return Page.render(
            title: (model.errors.isEmpty ? "" : "Error: ") + title, chrome: chrome,
            content: .div(
                Form.errorSummary(model.errors),
                .p(
                    .a(
                        .href(
                            SiteURL.partnership(slug: model.slug, model.actionID.map { .planAction(id: $0) } ?? .plan)
                                .path), .text("Back"))),
                .h1(.text(title)),
                Form.post(
                    to: .partnership(slug: model.slug, target), csrf: chrome.csrfToken,
                    what(model), who(model), when(model), money(model), progress(model), links(model),
                    Form.submit(model.actionID == nil ? "Add action" : "Save changes"))
            ))
    }

    static func what(_ model: Model) -> Node<HTML.BodyContext> {
        let v = model.values
        let e = model.errors
        return Form.fieldset(
            "What",
            [
                Form.input(
                    .init(
                        name: "title", label: "Action",
                        hint: "Short and specific, like “Scam awareness talks in sheltered housing”.",
                        value: v["title"] ?? ""), errors: e),
                Form.textarea(
                    "summary", "Summary (optional)", hint: nil, value: v["summary"] ?? "", errors: e, rows: 3),
                Form.select(
                    name: "objective", label: "Objective", options: [("", "Choose an objective")] + model.objectives,
                    selected: v["objective"], errors: e),
                Form.checkboxes(
                    name: "themes", legend: "Themes", options: model.themes, selected: model.selected["themes"] ?? [],
                    errors: e),
                Form.checkboxes(
                    name: "audiences", legend: "Audiences", options: model.audiences,
                    selected: model.selected["audiences"] ?? [], errors: e),
                Form.input(
                    .init(
                        name: "area", label: "Area (optional)",
                        hint: "A town, ward or district. Leave empty for the whole partnership area.",
                        value: v["area"] ?? "", width: "width-half"), errors: e),
            ])
    }

    static func who(_ model: Model) -> Node<HTML.BodyContext> {
        let v = model.values
        let e = model.errors
        return Form.fieldset(
            "Who",
            [
                Form.select(
                    name: "leadPartner", label: "Lead partner", options: [("", "Choose a partner")] + model.partners,
                    selected: v["leadPartner"], errors: e),
                Form.input(
                    .init(
                        name: "leadOfficer", label: "Lead officer (optional)", value: v["leadOfficer"] ?? "",
                        autocomplete: "off", width: "width-half"), errors: e),
                Form.checkboxes(
                    name: "supportingPartners", legend: "Supporting partners (optional)", options: model.partners,
                    selected: model.selected["supportingPartners"] ?? [], errors: e),
            ])
    }

    static func when(_ model: Model) -> Node<HTML.BodyContext> {
        let v = model.values
        let e = model.errors
        let rows = model.milestones + Array(repeating: (title: "", due: "", done: false), count: 2)
        return Form.fieldset(
            "When",
            [
                Form.input(
                    .init(
                        name: "starts", label: "Start date (optional)",
                        hint: "For example, 1/4/2026. Leave empty if it is already running.",
                        value: v["starts"] ?? "", width: "width-third"), errors: e),
                Form.input(
                    .init(
                        name: "due", label: "Due date (optional)", hint: "Leave empty for open-ended work.",
                        value: v["due"] ?? "", width: "width-third"), errors: e),
                .h3(.text("Milestones (optional)")),
                .forEach(rows.enumerated()) { index, m in
                    .div(
                        .class("milestone-row"),
                        Form.input(
                            .init(
                                name: "milestone-\(index)-title", label: "Milestone \(index + 1)", value: m.title,
                                width: "width-half"), errors: e),
                        Form.input(
                            .init(
                                name: "milestone-\(index)-due", label: "Date of milestone \(index + 1)", value: m.due,
                                width: "width-third"), errors: e),
                        Form.checkbox(
                            name: "milestone-\(index)-done", id: "milestone-\(index)-done", value: "yes",
                            label: "Milestone \(index + 1) done",
                            checked: m.done))
                },
            ])
    }

    static func money(_ model: Model) -> Node<HTML.BodyContext> {
        let v = model.values
        let e = model.errors
        return Form.fieldset(
            "Funding",
            [
                Form.select(
                    name: "funding", label: "Funding source", options: model.fundings, selected: v["funding"], errors: e
                ),
                Form.input(
                    .init(
                        name: "funder", label: "Funder or budget (for a grant or core budget)",
                        hint: "For example, Police and Crime Commissioner.",
                        value: v["funder"] ?? "", width: "width-half"), errors: e),
                Form.input(
                    .init(
                        name: "amount", label: "Amount in pounds (optional)", value: v["amount"] ?? "",
                        width: "width-third"), errors: e),
            ])
    }

    static func progress(_ model: Model) -> Node<HTML.BodyContext> {
        let v = model.values
        let e = model.errors
        return Form.fieldset(
            "Progress",
            [
                Form.select(name: "status", label: "Status", options: model.statuses, selected: v["status"], errors: e),
                Form.select(name: "rag", label: "Rating", options: model.ratings, selected: v["rag"], errors: e),
                Form.textarea(
                    "ragReason", "Why this rating? (needed for amber and red)", hint: nil, value: v["ragReason"] ?? "",
                    errors: e, rows: 2),
            ])
    }

    static func links(_ model: Model) -> Node<HTML.BodyContext> {
        let e = model.errors
        let s = model.selected
        return Form.fieldset(
            "Linked work (measures progress)",
            [
                .if(
                    !model.events.isEmpty,
                    Form.checkboxes(
                        name: "events", legend: "Events", options: model.events, selected: s["events"] ?? [], errors: e)
                ),
                .if(
                    !model.games.isEmpty,
                    Form.checkboxes(
                        name: "games", legend: "Game sessions", options: model.games, selected: s["games"] ?? [],
                        errors: e)),
                .if(
                    !model.surveys.isEmpty,
                    Form.checkboxes(
                        name: "surveys", legend: "Surveys", options: model.surveys, selected: s["surveys"] ?? [],
                        errors: e)),
                .if(
                    !model.outcomes.isEmpty,
                    Form.checkboxes(
                        name: "outcomes", legend: "Outcomes", options: model.outcomes, selected: s["outcomes"] ?? [],
                        errors: e)),
                .if(
                    !model.meetings.isEmpty,
                    Form.select(
                        name: "meeting", label: "Arising from a sub-group meeting (optional)",
                        options: [("", "None")] + model.meetings, selected: model.values["meeting"], errors: e)),
            ])
    }
}
