import FluentKit
import Foundation
import TestSupport
import XCTest

@testable import SaferCyberCore

final class DemoGamesTests: XCTestCase {
    /// The demo's finished games replay to the same results from their logs, and the engagement
    /// figures agree with a recount of the sessions.
    func testDemoGamesAreFinishedAndCounted() async throws {
        try await withTestDatabase { db, hasher in
            try await Fixture.demo(on: db, hasher: hasher, events: true)
            let loaded = try await DemoGames.load(on: db)
            XCTAssertTrue(loaded)
            try await DemoGames.load(on: db)  // a second load adds nothing (checked by the counts below)
            let partnershipID = try await Fixture.demoID(on: db)
            let sessions = try await GameSessions.list(partnershipID: partnershipID, on: db)
            XCTAssertEqual(
                Set(sessions.map(\.scenarioID)), ["student-account", "scam-week", "small-business", "secondary-school"])
            var finishedEscapeTeams = 0
            var unfinishedEscapeTeams = 0
            for session in sessions {
                XCTAssertEqual(session.status, .finished)
                let scenario = ScenarioLibrary.shipped.scenario(session.scenarioID)!
                let state = try await GameSessions.state(of: session, scenario: scenario, on: db)
                XCTAssertEqual(state.status, .finished)
                XCTAssertEqual(state.teams.count, session.teams)
                XCTAssertEqual(state.teams.reduce(0) { $0 + $1.players.count }, session.players)
                if state.escape != nil {
                    finishedEscapeTeams += state.teams.filter { state.hasFinished($0) }.count
                    unfinishedEscapeTeams += state.teams.filter { !state.hasFinished($0) }.count
                } else {
                    XCTAssertEqual(state.revealedRound, 4)
                    XCTAssertTrue(
                        state.teams.allSatisfy { !$0.plan.rounds.flatMap { $0 }.isEmpty }, "every team bought something"
                    )
                }
            }
            XCTAssertGreaterThan(finishedEscapeTeams, 0)
            XCTAssertEqual(finishedEscapeTeams + unfinishedEscapeTeams, 8)

            let reach = try await GameReach.build(
                partnershipID: partnershipID, fromQuarter: 20001, toQuarter: Quarter.of(date: Date()), on: db)
            XCTAssertEqual(reach.total.sessions, sessions.count)
            XCTAssertEqual(reach.total.teams, sessions.reduce(0) { $0 + $1.teams })
            XCTAssertEqual(reach.total.teams, 18)
            XCTAssertEqual(reach.byQuarter.reduce(0) { $0 + $1.sessions }, 4)
        }
    }
}
