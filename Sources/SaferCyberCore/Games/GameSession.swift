import FluentKit
import Foundation

/// A game a facilitator runs for a group: players join with its six-character code.
/// What happens in the game is its event log (`GameEventRecord`); the columns here are for lists and counts.
public final class GameSession: Model, @unchecked Sendable {
    public static let schema = "game_sessions"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "partnership_id") public var partnership: Partnership
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Field(key: "code") public var code: String
    @Field(key: "scenario_id") public var scenarioID: String
    @Field(key: "kind") public var kind: String
    @Field(key: "title") public var title: String
    /// The engagement event it was played at, if any (its attendance then counts).
    @OptionalField(key: "event_id") public var eventID: UUID?
    @OptionalField(key: "facilitator_id") public var facilitatorID: UUID?
    @Field(key: "status") public var status: GameState.Status
    @OptionalField(key: "started_at") public var startedAt: Date?
    @OptionalField(key: "finished_at") public var finishedAt: Date?
    /// Counts kept when the game finishes, for the engagement figures.
    @Field(key: "teams") public var teams: Int
    @Field(key: "players") public var players: Int
    /// An optional short survey offered after the game (from the impact module).
    @OptionalField(key: "survey_id") public var surveyID: UUID?
    /// The organisation on the register this belongs to (issue 23), if linked.
    @OptionalField(key: "organisation_id") public var organisationID: UUID?

    public init() {}

    public init(
        partnershipID: UUID, code: String, scenario: GameScenario, title: String, eventID: UUID?, facilitatorID: UUID?,
        surveyID: UUID?
    ) {
        self.$partnership.id = partnershipID
        self.code = code
        self.scenarioID = scenario.id
        self.kind = scenario.kind.rawValue
        self.title = title
        self.eventID = eventID
        self.facilitatorID = facilitatorID
        self.surveyID = surveyID
        self.status = GameState.Status.lobby
        self.teams = 0
        self.players = 0
    }

}

/// One event of a game session, numbered 1, 2, 3… within the session. The unique number is what
/// lets several server instances write to one session safely: two writers cannot both add event n.
public final class GameEventRecord: Model, @unchecked Sendable {
    public static let schema = "game_events"

    @ID(key: .id) public var id: UUID?
    @Field(key: "session_id") public var sessionID: UUID
    @Field(key: "seq") public var sequence: Int
    @Field(key: "at") public var at: Date
    @Field(key: "event_json") public var eventJSON: String

    public init() {}

    public init(sessionID: UUID, sequence: Int, event: GameEvent) throws {
        self.id = UUID()
        self.sessionID = sessionID
        self.sequence = sequence
        self.at = event.at
        self.eventJSON = GameEventRecord.json(event)
    }

    /// The event as JSON that `event()` (JSONDecoder) reads back. Written by hand: JSONEncoder was a noticeable
    /// share of every game answer's time. GameEventJSONTests checks it against JSONEncoder's output for every kind.
    static func json(_ event: GameEvent) -> String {
        var members: [(String, LiveJSON)] = [
            ("kind", .string(event.kind.rawValue)), ("at", .double(event.at.timeIntervalSince1970 * 1000)),
        ]
        if let team = event.team { members.append(("team", .string(team))) }
        if let player = event.player { members.append(("player", .string(player))) }
        if let name = event.name { members.append(("name", .string(name))) }
        if let puzzle = event.puzzle { members.append(("puzzle", .string(puzzle))) }
        if let answer = event.answer {
            // As Swift's synthesised Codable writes an enum with one unlabelled value: {"case":{"_0":value}}.
            let (kind, value): (String, LiveJSON) =
                switch answer {
                case .text(let text): ("text", .string(text))
                case .choice(let index): ("choice", .int(index))
                case .flags(let flags): ("flags", .array(flags.map { .int($0) }))
                case .order(let order): ("order", .array(order.map { .int($0) }))
                case .code(let code): ("code", .string(code))
                }
            members.append(("answer", .object([(kind, .object([("_0", value)]))])))
        }
        if let seconds = event.seconds { members.append(("seconds", .int(seconds))) }
        if let text = event.text { members.append(("text", .string(text))) }
        if let defences = event.defences { members.append(("defences", .array(defences.map { .string($0) }))) }
        if let round = event.round { members.append(("round", .int(round))) }
        if let code = event.code { members.append(("code", .string(code))) }
        return LiveJSON.object(members).text
    }

    public func event() throws -> GameEvent {
        try GameEventRecord.decoder.decode(GameEvent.self, from: Data(eventJSON.utf8))
    }

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }()
}
