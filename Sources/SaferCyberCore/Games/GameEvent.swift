import Foundation

/// One thing that happened in a game session. A session's state is its events folded in order
/// (`GameState.apply`), so the log alone survives restarts and lets every server instance agree.
public struct GameEvent: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        // The facilitator's controls.
        case started, paused, resumed, extended, finished, message, hintPushed, roundOpened, roundRevealed,
            confirmedForTeam, teamsLocked, teamsUnlocked
        // Players.
        case teamJoined, playerJoined, answered, hintTaken, basketChanged, agreed
    }

    public var kind: Kind
    public var at: Date
    public var team: String?
    /// A player's device (a random id from the game cookie); several may play as one team.
    public var player: String?
    public var name: String?
    public var puzzle: String?
    public var answer: EscapeRules.Answer?
    public var seconds: Int?
    public var text: String?
    public var defences: [String]?
    public var round: Int?
    /// A new team's join code (`teamJoined`): shown only on that team's devices, typed by team-mates to join.
    public var code: String?

    public init(
        _ kind: Kind, at: Date, team: String? = nil, player: String? = nil, name: String? = nil, puzzle: String? = nil,
        answer: EscapeRules.Answer? = nil, seconds: Int? = nil, text: String? = nil, defences: [String]? = nil,
        round: Int? = nil, code: String? = nil
    ) {
        self.kind = kind
        self.at = at
        self.team = team
        self.player = player
        self.name = name
        self.puzzle = puzzle
        self.answer = answer
        self.seconds = seconds
        self.text = text
        self.defences = defences
        self.round = round
        self.code = code
    }
}
