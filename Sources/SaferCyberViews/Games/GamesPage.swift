import Plot

/// The partnership's game sessions, and the form to set up a new one.
public enum GamesPage {
    public struct Row: Sendable {
        public var id: String, title: String, game: String, code: String, status: String, teams: String,
            players: String, date: String
        public init(
            id: String, title: String, game: String, code: String, status: String, teams: String, players: String,
            date: String
        ) {
            self.id = id
            self.title = title
            self.game = game
            self.code = code
            self.status = status
            self.teams = teams
            self.players = players
            self.date = date
        }
    }

    public struct Scenario: Sendable {
        public var id: String, title: String, kind: String, minutes: Int, audience: String, summary: String
        public init(id: String, title: String, kind: String, minutes: Int, audience: String, summary: String) {
            self.id = id
            self.title = title
            self.kind = kind
            self.minutes = minutes
            self.audience = audience
            self.summary = summary
        }
    }

    public struct Model: Sendable {
        public var slug: String
        public var rows: [Row]
        public var scenarios: [Scenario]
        public var events: [(value: String, label: String)]
        public var surveys: [(value: String, label: String)]
        public var canRun: Bool
        public var values: [String: String]
        public var errors: [FormError]
        public init(
            slug: String, rows: [Row], scenarios: [Scenario], events: [(value: String, label: String)],
            surveys: [(value: String, label: String)],
            canRun: Bool, values: [String: String], errors: [FormError]
        ) {
            self.slug = slug
            self.rows = rows
            self.scenarios = scenarios
            self.events = events
            self.surveys = surveys
            self.canRun = canRun
            self.values = values
            self.errors = errors
        }
    }

    static func scenarioChoice(_ s: Scenario, index: Int, selected: String?) -> Node<HTML.BodyContext> {
        let id = index == 0 ? "scenario" : "scenario-\(index)"
        let checked = selected == s.id || (selected == nil && index == 0)
        let title = "\(s.title) (\(s.kind), about \(s.minutes) minutes)"
        return .div(
            .class("checkbox"),
            .input(
                .type(.radio), .name("scenario"), .id(id), .value(s.id),
                .attribute(named: "checked", value: checked ? "checked" : nil)),
            .label(.for(id), .strong(.text(title)), .span(.class("hint"), .text(" For: \(s.audience). \(s.summary)"))))
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        Page.render(
            title: "Games", chrome: chrome,
            content: .div(
                Form.errorSummary(model.errors),
                .h1(.text("Games")),
                .p(
                    .text(
                        "Escape rooms and organisation-defence games that an officer runs for a group. Players join on their own phones with a game code and a team name: no accounts, no emails."
                    )),
                .if(model.rows.isEmpty, .p(.text("No games have been run yet."))),
                .if(
                    !model.rows.isEmpty,
                    TableScroll.region(
                        .table(
                            .class("table"),
                            .caption(.class("visually-hidden"), .text("Game sessions, newest first")),
                            .thead(
                                .tr(
                                    .th(.text("Game")), .th(.text("Scenario")), .th(.text("Code")),
                                    .th(.text("Status")),
                                    .th(.class("numeric"), .text("Teams")), .th(.class("numeric"), .text("Players")),
                                    .th(.text("Created")))),
                            .tbody(
                                .forEach(model.rows) { row in
                                    .tr(
                                        .td(
                                            .a(
                                                .href(SiteURL.partnership(slug: model.slug, .game(id: row.id)).path),
                                                .text(row.title))),
                                        .td(.text(row.game)), .td(.span(.class("code-small"), .text(row.code))),
                                        .td(.text(row.status)),
                                        .td(.class("numeric"), .text(row.teams)),
                                        .td(.class("numeric"), .text(row.players)), .td(.text(row.date)))
                                })))),
                .if(
                    model.canRun,
                    .group(
                        .h2(.text("Run a game")),
                        Form.post(
                            to: .partnership(slug: model.slug, .games), csrf: chrome.csrfToken,
                            .element(
                                named: "fieldset",
                                nodes: [
                                    .class(
                                        model.errors.message(for: "scenario") == nil
                                            ? "form-group" : "form-group form-group-error"),
                                    .element(named: "legend", nodes: [.class("label"), .text("Scenario")]),
                                    .unwrap(model.errors.message(for: "scenario")) {
                                        .p(.class("error-message"), .id("scenario-error"), .text($0))
                                    },
                                    .forEach(model.scenarios.enumerated()) { index, s in
                                        scenarioChoice(s, index: index, selected: model.values["scenario"])
                                    },
                                ]),
                            Form.input(
                                .init(
                                    name: "title", label: "Name for this session (optional)",
                                    hint: "For example: Year 10, Northfield Academy",
                                    value: model.values["title"] ?? ""), errors: model.errors),
                            Form.select(
                                name: "event", label: "Played at an event (optional: its attendance then counts)",
                                options: [(value: "", label: "Not at an event")] + model.events,
                                selected: model.values["event"], errors: model.errors),
                            Form.select(
                                name: "survey", label: "Post-game survey (optional)",
                                options: [(value: "", label: "No survey")] + model.surveys,
                                selected: model.values["survey"], errors: model.errors),
                            Form.submit("Set up the game"))
                    ))
            ))
    }
}
