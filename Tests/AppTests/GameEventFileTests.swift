import Fluent
import Foundation
import SQLKit
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

/// On a SQLite file, game events are written on a connection and thread of their own (SQLiteGameEventWriter),
/// not through Fluent. These tests prove that what it writes is what Fluent reads, that concurrent games lose
/// nothing, and that a number already taken is refused for that event alone.
final class GameEventFileTests: XCTestCase {
    private func folder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sc-game-events-\(UUID().uuidString)"
        ).path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    private func session(_ title: String, in app: Application, partnership: UUID) async throws -> GameSession {
        try await GameSessions.create(
            partnershipID: partnership, scenario: ScenarioLibrary.shipped.scenario("scam-week")!, title: title,
            eventID: nil, surveyID: nil, by: .system("test"), on: app.db)
    }

    func testConcurrentGamesOnAFileAreStoredWholeAndReadBackAfterARestart() async throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var expected: [UUID: GameState] = [:]
        var sessions: [GameSession] = []
        try await withFileApp(folder: folder) { app in
            let alpha = try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher).requireID()
            sessions = [
                try await session("Library", in: app, partnership: alpha),
                try await session("Sixth form", in: app, partnership: alpha),
            ]
            let games = try await withThrowingTaskGroup(of: LiveGame.self) { group in
                for session in sessions { group.addTask { try await app.games.game(session) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // 25 teams join each game at once, the facilitator starts both, then every team answers at once.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for game in games {
                    for n in 1...25 {
                        group.addTask { try await game.perform(.join(teamName: "Team \(n)", player: "p\(n)")) }
                    }
                }
                try await group.waitForAll()
            }
            for game in games { try await game.perform(.start) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for game in games {
                    for team in await game.state.teams {
                        group.addTask {
                            try await game.perform(.answer(team: team.id, puzzle: "parcel-text", answer: .flags([0])))
                        }
                    }
                }
                try await group.waitForAll()
            }
            for game in games { expected[await game.id] = await game.state }

            // What Fluent reads from the file: every event, numbered 1…n without a gap, and the session row's summary.
            for session in sessions {
                let id = try session.requireID()
                let events = try await GameSessions.events(of: id, on: app.db)
                XCTAssertEqual(events.map(\.0), Array(1...51), "25 joins, a start and 25 answers")
                XCTAssertEqual(events.filter { $0.1.kind == .answered }.count, 25)
                let found = try await GameSession.find(id, on: app.db)
                let row = try XCTUnwrap(found)
                XCTAssertEqual(row.status, .running)
                XCTAssertEqual(row.teams, 25)
                XCTAssertEqual(row.players, 25)
                XCTAssertNotNil(row.startedAt)
            }
        }
        // A new server on the same file rebuilds each game's state from its log.
        try await withFileApp(folder: folder) { app in
            for session in sessions {
                let state = await (try await app.games.game(session)).state
                let before = try XCTUnwrap(expected[try session.requireID()])
                XCTAssertEqual(state.sequence, 51)
                XCTAssertEqual(state.teams, before.teams)
                XCTAssertEqual(state.status, .running)
                XCTAssertEqual(state.teams.map { $0.answers.count }, Array(repeating: 1, count: 25))
            }
        }
    }

    func testANumberAlreadyTakenIsRefusedForThatEventAlone() async throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await withFileApp(folder: folder) { app in
            let alpha = try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher).requireID()
            let id = try await session("Race", in: app, partnership: alpha).requireID()
            let scenario = ScenarioLibrary.shipped.scenario("scam-week")!
            let batcher = GameEventBatcher(db: app.db, sqliteFile: folder + "/safercyber.sqlite")
            let first = GameEvent(.message, at: Date(), text: "first")
            try await batcher.append(first, sequence: 1, sessionID: id, after: GameState(scenario: scenario))

            // Number 1 again (as another writer would), alongside numbers 2 and 3 arriving at the same moment.
            let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
                for (sequence, text) in [(1, "again"), (2, "second"), (3, "third")] {
                    group.addTask {
                        do {
                            try await batcher.append(
                                GameEvent(.message, at: Date(), text: text), sequence: sequence, sessionID: id,
                                after: GameState(scenario: scenario))
                            return (sequence, true)
                        } catch is GameSessions.SequenceTaken {
                            return (sequence, false)
                        } catch {
                            XCTFail("Unexpected error \(error)")
                            return (sequence, false)
                        }
                    }
                }
                return await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
            }
            XCTAssertEqual(outcomes, [1: false, 2: true, 3: true])
            let events = try await GameSessions.events(of: id, on: app.db)
            XCTAssertEqual(events.map(\.0), [1, 2, 3])
            XCTAssertEqual(
                events.map(\.1.text), ["first", "second", "third"], "the first event is kept, not overwritten")

            // The columns are stored as Fluent stores them, so its own queries (by date too) find the rows.
            let sql = try XCTUnwrap(app.db as? any SQLDatabase)
            let kinds = try await sql.raw(
                "SELECT typeof(id) AS i, typeof(session_id) AS s, typeof(at) AS a FROM game_events WHERE seq = 2"
            ).first()
            XCTAssertEqual(try kinds?.decode(column: "i", as: String.self), "text")
            XCTAssertEqual(try kinds?.decode(column: "s", as: String.self), "text")
            XCTAssertEqual(try kinds?.decode(column: "a", as: String.self), "real")
            let recent = try await GameEventRecord.query(on: app.db).filter(\.$at > Date().addingTimeInterval(-60))
                .count()
            XCTAssertEqual(recent, 3)
        }
    }
}
