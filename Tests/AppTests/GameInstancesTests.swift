import Fluent
import Foundation
import SQLKit
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

/// Two server instances on one PostgreSQL database serve the same game: events written on one reach
/// watchers on the other through LISTEN/NOTIFY, and concurrent writers never lose an event.
final class GameInstancesTests: XCTestCase {
    final class Inbox: @unchecked Sendable {
        private let lock = NSLock()
        private var messages: [(Date, [String: Any])] = []
        func add(_ text: String) {
            guard let json = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return }
            lock.withLock { messages.append((Date(), json)) }
        }
        var sequences: [Int] { lock.withLock { messages.compactMap { $0.1["seq"] as? Int } } }
        func firstArrival(ofSequence sequence: Int) -> Date? {
            lock.withLock { messages.first { ($0.1["seq"] as? Int ?? 0) >= sequence }?.0 }
        }
    }

    func testTwoInstancesShareOneSession() async throws {
        guard let url = TestDatabase.postgresURL else {
            throw XCTSkip("Needs PostgreSQL (TEST_DATABASE_URL); the SQLite default is one instance by design.")
        }
        try await withApp { first in
            let schema = try await currentSchema(first)
            let second = try await Application.make(.testing)
            do {
                try await configure(
                    second, config: AppConfig(database: .postgres(url: url, schema: schema), bcryptCost: 4))
                let partnership = try await Fixture.partnership("alpha", on: first.db, hasher: first.passwordHasher)
                let session = try await GameSessions.create(
                    partnershipID: partnership.requireID(), scenario: ScenarioLibrary.shipped.scenario("scam-week")!,
                    title: "Two instances", eventID: nil, surveyID: nil, by: .system("test"), on: first.db)
                await first.games.startListening(url: url)
                await second.games.startListening(url: url)
                try await Task.sleep(for: .milliseconds(500))  // let both LISTEN connections settle

                let onFirst = try await first.games.game(session)
                let onSecond = try await second.games.game(session)
                let inbox = Inbox()
                _ = await onFirst.watch(.facilitator) { inbox.add($0) }

                // A player served by the second instance joins and answers; the facilitator on the first sees it.
                let sent = Date()
                try await onSecond.perform(.join(teamName: "Owls", player: "p1"))
                try await onSecond.perform(.start)
                let owls = await onSecond.state.teams[0].id
                try await onSecond.perform(.answer(team: owls, puzzle: "parcel-text", answer: .flags([1, 2, 3])))
                var arrived: Date?
                for _ in 0..<100 where arrived == nil {
                    arrived = inbox.firstArrival(ofSequence: 3)
                    if arrived == nil { try await Task.sleep(for: .milliseconds(20)) }
                }
                let latency = try XCTUnwrap(arrived, "the first instance never heard of the answer").timeIntervalSince(
                    sent)
                XCTAssertLessThan(latency, 1.0)
                let firstState = await onFirst.state
                XCTAssertEqual(firstState.sequence, 3)
                XCTAssertEqual(firstState.team(owls)?.solved.keys.sorted(), ["parcel-text"])

                // Both instances take joins at the same time: every one lands, in one agreed order.
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for i in 0..<10 {
                        group.addTask { try await onFirst.perform(.join(teamName: "First \(i)", player: "f\(i)")) }
                        group.addTask { try await onSecond.perform(.join(teamName: "Second \(i)", player: "s\(i)")) }
                    }
                    try await group.waitForAll()
                }
                try await onFirst.catchUp()
                try await onSecond.catchUp()
                let a = await onFirst.state
                let b = await onSecond.state
                XCTAssertEqual(a.sequence, 23)
                XCTAssertEqual(a.teams.map(\.name), b.teams.map(\.name))
                XCTAssertEqual(a.teams.count, 21)
                let stored = try await GameEventRecord.query(on: first.db).count()
                XCTAssertEqual(stored, 23)

                // Many answers in flight on both instances at once (each instance shares commits between them):
                // every accepted answer is stored exactly once, both instances agree, and the facilitator's
                // messages describe stored events only, in order.
                let firstTeams = a.teams.filter { $0.name.hasPrefix("First") }.map(\.id)
                let secondTeams = a.teams.filter { $0.name.hasPrefix("Second") }.map(\.id)
                let accepted = try await withThrowingTaskGroup(of: Int.self) { group in
                    for round in 0..<3 {
                        for team in firstTeams {
                            group.addTask {
                                (try? await onFirst.perform(
                                    .answer(team: team, puzzle: "parcel-text", answer: .flags([round])))) == nil ? 0 : 1
                            }
                        }
                        for team in secondTeams {
                            group.addTask {
                                (try? await onSecond.perform(
                                    .answer(team: team, puzzle: "parcel-text", answer: .flags([round])))) == nil ? 0 : 1
                            }
                        }
                    }
                    return try await group.reduce(0, +)
                }
                XCTAssertGreaterThan(accepted, 0)
                try await onFirst.catchUp()
                try await onSecond.catchUp()
                let c = await onFirst.state
                let d = await onSecond.state
                let storedAfter = try await GameEventRecord.query(on: first.db).count()
                XCTAssertEqual(storedAfter, 23 + accepted, "every accepted answer stored once, nothing else")
                XCTAssertEqual(c.sequence, storedAfter)
                XCTAssertEqual(d.sequence, storedAfter)
                XCTAssertEqual(c.teams.map { $0.answers.count }, d.teams.map { $0.answers.count })
                XCTAssertEqual(c.teams.reduce(0) { $0 + $1.answers.count }, 1 + accepted)
                let seen = inbox.sequences
                XCTAssertEqual(seen, seen.sorted(), "messages arrive in the order of the log")
                XCTAssertLessThanOrEqual(seen.max() ?? 0, storedAfter)
            } catch {
                await second.games.stopListening()
                try? await second.asyncShutdown()
                throw error
            }
            await first.games.stopListening()
            await second.games.stopListening()
            try await second.asyncShutdown()
        }
    }

    private func currentSchema(_ app: Application) async throws -> String {
        let sql = try XCTUnwrap(app.db as? any SQLDatabase)
        let row = try await sql.raw("SELECT current_schema() AS schema").first()
        return try XCTUnwrap(row).decode(column: "schema", as: String.self)
    }
}
