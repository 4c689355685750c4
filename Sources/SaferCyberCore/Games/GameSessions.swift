import FluentKit
import Foundation

/// Creating game sessions and reading and writing their event logs.
public enum GameSessions {
    /// Six characters that cannot be mistaken for each other when read off a projector (no 0/O, 1/I/L, U/V).
    static let codeAlphabet = Array("ABCDEFGHJKMNPQRSTWXYZ23456789")

    public static func newCode() -> String {
        String((0..<6).map { _ in codeAlphabet.randomElement()! })
    }

    /// Codes as people type them: any case, spaces or dashes.
    public static func normalisedCode(_ text: String) -> String {
        String(text.uppercased().filter { $0.isLetter || $0.isNumber })
    }

    public static func create(
        partnershipID: UUID, scenario: GameScenario, title rawTitle: String, eventID: UUID?, surveyID: UUID?,
        by actor: ActingUser, on db: any Database
    ) async throws -> GameSession {
        let title = rawTitle.trimmingCharacters(in: .whitespacesAndNewlines)
        var errors = FieldErrors()
        if title.count > 120 { errors.add("title", "The title must be 120 characters or fewer") }
        if let eventID {
            let event = try await Event.find(eventID, on: db)
            if event?.$partnership.id != partnershipID { errors.add("event", "Choose an event from the list") }
        }
        if let surveyID {
            let survey = try await Survey.find(surveyID, on: db)
            if survey?.$partnership.id != partnershipID { errors.add("survey", "Choose a survey from the list") }
        }
        try errors.throwIfAny()
        for _ in 0..<5 {
            let session = GameSession(
                partnershipID: partnershipID, code: newCode(), scenario: scenario,
                title: title.isEmpty ? scenario.title : title, eventID: eventID,
                facilitatorID: actor.id, surveyID: surveyID)
            do {
                try await db.write { tx in
                    try await session.create(on: tx)
                    try await Audit.record(
                        on: tx, partnershipID: partnershipID, by: actor, action: .create, entity: "game session",
                        entityID: session.id?.uuidString,
                        summary: "Created game “\(session.title)” (code \(session.code))")
                }
                return session
            } catch let error as any DatabaseError where error.isConstraintFailure {
                continue  // another session took the code a moment ago; draw again
            }
        }
        throw GamePlay.Refusal("Could not find a free game code; try again.")
    }

    public static func find(code: String, on db: any Database) async throws -> GameSession? {
        try await GameSession.query(on: db).filter(\.$code == normalisedCode(code)).first()
    }

    public static func list(partnershipID: UUID, on db: any Database) async throws -> [GameSession] {
        try await GameSession.query(on: db).filter(\.$partnership.$id == partnershipID).sort(\.$createdAt, .descending)
            .all()
    }

    public static func events(of sessionID: UUID, after sequence: Int = 0, on db: any Database) async throws -> [(
        Int, GameEvent
    )] {
        try await GameEventRecord.query(on: db)
            .filter(\.$sessionID == sessionID).filter(\.$sequence > sequence)
            .sort(\.$sequence).all()
            .map { ($0.sequence, try $0.event()) }
    }

    /// The session's state from its whole log.
    public static func state(of session: GameSession, scenario: GameScenario, on db: any Database) async throws
        -> GameState
    {
        var state = GameState(scenario: scenario)
        for (_, event) in try await events(of: session.requireID(), on: db) { state.apply(event) }
        return state
    }

    /// Someone else (another server instance) wrote this event number first: catch up and try again.
    public struct SequenceTaken: Error, Sendable {}

    /// The columns of a session row that follow its state (for lists and engagement counts).
    public struct Summary: Sendable {
        var sessionID: UUID
        var status: GameState.Status
        var startedAt: Date?
        var finishedAt: Date?
        var teams: Int
        var players: Int

        /// Only events that change the status need the row updated; nil for the rest.
        init?(event: GameEvent, sessionID: UUID, after: GameState) {
            guard [.started, .finished, .roundRevealed, .paused, .resumed].contains(event.kind) else { return nil }
            self.sessionID = sessionID
            status = after.status
            startedAt = after.startedAt
            finishedAt = after.finishedAt
            teams = after.teams.count
            players = after.teams.reduce(0) { $0 + max(1, $1.players.count) }
        }

        func save(on db: any Database) async throws {
            try await GameSession.query(on: db).filter(\.$id == sessionID)
                .set(\.$status, to: status).set(\.$startedAt, to: startedAt).set(\.$finishedAt, to: finishedAt)
                .set(\.$teams, to: teams).set(\.$players, to: players)
                .update()
        }
    }

    /// Appends `event` as number `sequence` and keeps the session's summary columns in step with `after`.
    /// (Live games write through a `GameEventBatcher`; this is the one-at-a-time form, for demo data and tools.)
    public static func append(_ event: GameEvent, sequence: Int, sessionID: UUID, after: GameState, on db: any Database)
        async throws
    {
        let record = try GameEventRecord(sessionID: sessionID, sequence: sequence, event: event)
        let summary = Summary(event: event, sessionID: sessionID, after: after)
        do {
            try await db.write { tx in
                try await record.create(on: tx)
                try await summary?.save(on: tx)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw SequenceTaken()
        }
    }
}
