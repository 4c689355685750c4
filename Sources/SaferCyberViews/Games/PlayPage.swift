import Foundation
import Plot

/// What a player sees at /play: no account, only the game code and a team name. One screen at a time,
/// built for phones; forms work without JavaScript, and game.js keeps the page up to date.
public enum PlayPage {
    public struct Model: Sendable {
        public var code: String
        public var title: String
        public var screen: Screen
        public var messages: [Message]
        /// Seconds left on an escape-room clock, when there is one.
        public var remaining: Int?
        public var running: Bool
        public var sequence: Int
        /// The player's team's join code, shown only on that team's devices (issue 20, case 7).
        public var teamCode: String?
        /// The game's partnership: its privacy notice and accessibility statement are linked in the footer.
        public var slug: String?
        public init(
            code: String, title: String, screen: Screen, messages: [Message] = [], remaining: Int? = nil,
            running: Bool = false, sequence: Int = 0, teamCode: String? = nil
        ) {
            self.code = code
            self.title = title
            self.screen = screen
            self.messages = messages
            self.remaining = remaining
            self.running = running
            self.sequence = sequence
            self.teamCode = teamCode
        }
    }

    /// The join screen: start a team by name, or join one by the code a team-mate's screen shows.
    public struct Join: Sendable {
        /// Set when the facilitator has closed the teams: why no one can join.
        public var lockedMessage: String?
        public var name: String
        public var teamCode: String
        /// On "team" (the name) or "teamCode".
        public var error: FormError?
        public init(lockedMessage: String?, name: String = "", teamCode: String = "", error: FormError? = nil) {
            self.lockedMessage = lockedMessage
            self.name = name
            self.teamCode = teamCode
            self.error = error
        }
    }

    public struct Message: Sendable {
        public var text: String
        public var isHint: Bool
        public init(text: String, isHint: Bool) {
            self.text = text
            self.isHint = isHint
        }
    }

    public enum Screen: Sendable {
        case enterCode(value: String, error: String?)
        case join(Join)
        case lobby(team: String)
        case paused(team: String)
        case escape(Escape)
        case defence(Defence)
        case finished(Finished)
    }

    public struct Escape: Sendable {
        public var team: String
        public var roomTitle: String
        public var roomStory: String
        public var progress: String
        public var puzzle: Puzzle
        public var verdict: Verdict?
        public var hintsTaken: [String]
        /// The cost of the next hint in seconds, or nil when none are left.
        public var nextHintCost: Int?
        public var error: String?
        public init(
            team: String, roomTitle: String, roomStory: String, progress: String, puzzle: Puzzle, verdict: Verdict?,
            hintsTaken: [String], nextHintCost: Int?, error: String?
        ) {
            self.team = team
            self.roomTitle = roomTitle
            self.roomStory = roomStory
            self.progress = progress
            self.puzzle = puzzle
            self.verdict = verdict
            self.hintsTaken = hintsTaken
            self.nextHintCost = nextHintCost
            self.error = error
        }
    }

    public struct Puzzle: Sendable {
        public var id: String
        public var kind: String
        public var title: String
        public var prompt: String
        public var options: [String] = []
        public var messageKind: String = ""
        public var from: String = ""
        public var subject: String?
        public var parts: [String] = []
        /// Ordering puzzles: (the item's index in the right order, its text), in the order shown.
        public var items: [(index: Int, text: String)] = []
        public init(id: String, kind: String, title: String, prompt: String) {
            self.id = id
            self.kind = kind
            self.title = title
            self.prompt = prompt
        }
    }

    public struct Verdict: Sendable {
        public var puzzleTitle: String
        public var correct: Bool
        public var explanation: String
        public var details: [String]
        public init(puzzleTitle: String, correct: Bool, explanation: String, details: [String]) {
            self.puzzleTitle = puzzleTitle
            self.correct = correct
            self.explanation = explanation
            self.details = details
        }
    }

    public struct Defence: Sendable {
        public struct Item: Sendable {
            public var id: String, name: String, category: String, cost: Int, description: String, chosen: Bool
            public init(id: String, name: String, category: String, cost: Int, description: String, chosen: Bool) {
                self.id = id
                self.name = name
                self.category = category
                self.cost = cost
                self.description = description
                self.chosen = chosen
            }
        }

        public struct Notice: Sendable {
            public var round: Int, text: String, loss: Int, attacker: String?
            public init(round: Int, text: String, loss: Int, attacker: String?) {
                self.round = round
                self.text = text
                self.loss = loss
                self.attacker = attacker
            }
        }

        public var team: String
        public var organisation: String
        public var story: String
        public var round: Int
        public var rounds: Int
        /// True while the team can choose (the round is open and it has not bought yet).
        public var choosing: Bool
        public var money: Int
        public var shop: [Item]
        public var owned: [String]
        public var agreed: Int
        public var players: Int
        public var youAgreed: Bool
        public var notices: [Notice]
        public var error: String?
        /// What the team is waiting for when it is not choosing.
        public var waiting: String?
        public init(
            team: String, organisation: String, story: String, round: Int, rounds: Int, choosing: Bool, money: Int,
            shop: [Item],
            owned: [String], agreed: Int, players: Int, youAgreed: Bool, notices: [Notice], error: String?
        ) {
            self.team = team
            self.organisation = organisation
            self.story = story
            self.round = round
            self.rounds = rounds
            self.choosing = choosing
            self.money = money
            self.shop = shop
            self.owned = owned
            self.agreed = agreed
            self.players = players
            self.youAgreed = youAgreed
            self.notices = notices
            self.error = error
        }
    }

    public struct Finished: Sendable {
        public var team: String
        public var summary: [String]
        public var keyMessages: [String]
        public var report: String
        public var surveyURL: String?
        /// The explanation of the answer that finished the game, if this device gave it.
        public var verdict: Verdict?
        /// Defence game: what the team noticed, round by round.
        public var noticed: [String] = []
        public init(team: String, summary: [String], keyMessages: [String], report: String, surveyURL: String?) {
            self.team = team
            self.summary = summary
            self.keyMessages = keyMessages
            self.report = report
            self.surveyURL = surveyURL
        }
    }

    public static func render(_ model: Model, csrf: String) -> String {
        let live = !model.code.isEmpty
        return Page.render(
            title: heading(model), chrome: model.slug.map { .publicPage(slug: $0) } ?? Chrome(),
            content: .div(
                .class("play"),
                .if(live, .attribute(named: "data-live", value: SiteURL.playLive(code: model.code).path)),
                .if(live, .attribute(named: "data-poll", value: SiteURL.playState(code: model.code).path)),
                .attribute(named: "data-seq", value: "\(model.sequence)"),
                .attribute(named: "data-audience", value: "player"),
                .unwrap(model.remaining) { timer($0, running: model.running) },
                .forEach(model.messages.suffix(3).reversed()) { message in
                    .div(
                        .class("panel panel-finding"), .attribute(named: "role", value: "status"),
                        .p(
                            .strong(.text(message.isHint ? "Hint from your facilitator: " : "From your facilitator: ")),
                            .text(message.text)))
                },
                .unwrap(model.teamCode.flatMap { $0.isEmpty ? nil : $0 }) { code in
                    .p(
                        .class("team-code"), .text("Your team code: "), .strong(.text(code)),
                        .text(". Team-mates join your team with it; keep it within your team."))
                },
                screen(model, csrf: csrf)
            ), scripts: live ? [.gameScript] : [])
    }

    static func heading(_ model: Model) -> String {
        switch model.screen {
        case .enterCode: "Join a game"
        case .join: "Join \(model.title)"
        default: model.title
        }
    }

    static func timer(_ seconds: Int, running: Bool) -> Node<HTML.BodyContext> {
        .p(
            .class("game-timer"), .attribute(named: "data-remaining", value: "\(seconds)"),
            .attribute(named: "data-running", value: running ? "true" : "false"),
            .text("Time left: "), .span(.class("clock"), .text(String(format: "%d:%02d", seconds / 60, seconds % 60))),
            .if(!running, .text(" (clock stopped)")))
    }

    static func screen(_ model: Model, csrf: String) -> Node<HTML.BodyContext> {
        switch model.screen {
        case .enterCode(let value, let error):
            let errors = error.map { [FormError(field: "code", message: $0)] } ?? []
            return .group(
                Form.errorSummary(errors),
                .h1(.text("Join a game")),
                .p(
                    .text(
                        "Your facilitator will show you a six-character game code. You do not need an account, and we do not ask for your name."
                    )),
                .form(
                    .action(SiteURL.play.path), .method(.get), .attribute(named: "novalidate"),
                    .element(
                        named: "div",
                        nodes: [
                            Form.input(
                                .init(
                                    name: "code", label: "Game code", hint: "For example, K7P4QX", value: value,
                                    autocomplete: "off", width: "width-third"), errors: errors),
                            Form.submit("Continue"),
                        ])))
        case .join(let join):
            let errors = join.error.map { [$0] } ?? []
            guard join.lockedMessage == nil else {
                return .group(
                    .h1(.text(model.title)),
                    .div(
                        .class("panel panel-finding"), .attribute(named: "role", value: "status"),
                        .p(.text(join.lockedMessage ?? ""))))
            }
            return .group(
                Form.errorSummary(errors),
                .h1(.text(model.title)),
                .h2(.text("Start a new team")),
                .p(.text("Choose a team name or nickname. Make one up: please do not use your real name.")),
                Form.post(
                    to: .playJoin(code: model.code), csrf: csrf,
                    Form.input(
                        .init(
                            name: "team", label: "Team name or nickname", hint: "Up to 30 characters",
                            value: join.name, autocomplete: "off", width: "width-two-thirds"), errors: errors),
                    Form.submit("Join the game")),
                .h2(.text("Join your team")),
                .p(
                    .text(
                        "If your team is already playing, a team-mate's screen shows its team code. Only your team sees it."
                    )),
                Form.post(
                    to: .playJoin(code: model.code), csrf: csrf,
                    Form.input(
                        .init(
                            name: "teamCode", label: "Team code", hint: "Five letters and numbers, for example K7PXR",
                            value: join.teamCode, autocomplete: "off", width: "width-third"), errors: errors),
                    Form.submit("Join my team")),
                .p(
                    .class("hint"),
                    .text(
                        "This game keeps one small cookie on this device so that you stay in your team if the page reloads. It is deleted when you close the browser."
                    ))
            )
        case .lobby(let team):
            return .group(
                .h1(.text(model.title)),
                .div(
                    .class("panel panel-success"), .h2(.text("You are in: \(team)")),
                    .p(.text("Wait for your facilitator to start the game. This page will change by itself."))))
        case .paused(let team):
            return .group(
                .h1(.text(model.title)),
                .div(
                    .class("panel panel-finding"), .h2(.text("The game is paused")),
                    .p(.text("Team \(team): your facilitator has paused the clock. Wait for the game to carry on."))))
        case .escape(let escape):
            return PlayEscapeScreen.render(escape, code: model.code, csrf: csrf)
        case .defence(let defence):
            return PlayDefenceScreen.render(defence, code: model.code, csrf: csrf)
        case .finished(let finished):
            return .group(
                .unwrap(finished.verdict) { verdict in
                    .div(
                        .class("panel panel-success"), .attribute(named: "role", value: "status"),
                        .h2(.text("Right! \(verdict.puzzleTitle)")), .p(.text(verdict.explanation)))
                },
                .h1(.text("Game over – well played, \(finished.team)")),
                .ul(.class("list"), .forEach(finished.summary) { .li(.text($0)) }),
                .if(
                    !finished.noticed.isEmpty,
                    .group(
                        .h2(.text("What your organisation noticed")),
                        .ul(.class("list"), .forEach(finished.noticed) { .li(.text($0)) }))),
                .h2(.text("What to remember")),
                .ul(.class("list"), .forEach(finished.keyMessages) { .li(.text($0)) }),
                .h2(.text("Where to report")),
                .p(.text(finished.report)),
                .p(
                    .a(
                        .class("button"), .href(SiteURL.playCertificate(code: model.code).path),
                        .text("Your team's certificate"))),
                .unwrap(finished.surveyURL) { url in
                    .p(
                        .text("Help us improve: "),
                        .a(.href(url), .text("answer three quick questions about the game")), .text(" (anonymous)."))
                })
        }
    }
}
