import Fluent
import Foundation
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

/// Issue 23: "was it fun?" — one tap after a session, anonymous, counted per type of session and by who led it
/// (peer-led or officer-led), under the small-number rule for viewers.
final class FeedbackRouteTests: XCTestCase {
    func testOneTapAnswersAreCountedByTypeAndLeader() async throws {
        try await withApp { app in
            let pid = try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher).requireID()
            let now = Date()
            func event(_ title: String, _ kind: Event.Kind, _ leader: Event.Leader?, startedAgo: TimeInterval)
                async throws
                -> UUID
            {
                let start = now.addingTimeInterval(-startedAgo)
                var draft = Events.Draft(
                    title: title, kind: kind, venue: "Hall", area: "Durham", startsAt: start,
                    endsAt: start.addingTimeInterval(3600), capacity: 30, status: .published)
                draft.ledBy = leader
                return try await Events.create(draft, partnershipID: pid, by: .system("t"), on: app.db).requireID()
            }
            let peerTalk = try await event("Peer talk", .talk, .peer, startedAgo: 1800)
            let game = try await event("Escape room", .gameSession, .officer, startedAgo: 7200)
            let future = try await event("Next week", .talk, .peer, startedAgo: -7 * 86400)
            let old = try await event("Last month", .talk, .peer, startedAgo: 30 * 86400)

            let pupil = Browser(app)
            func tap(_ id: UUID, _ rating: String, comment: String = "") async throws -> Browser.Page {
                try await pupil.get("/p/alpha/events/\(id)/feedback")
                return try await pupil.post("/p/alpha/events/\(id)/feedback", ["rating": rating, "comment": comment])
            }
            let form = try await pupil.get("/p/alpha/events/\(peerTalk)/feedback")
            XCTAssertTrue(form.body.contains("Was it fun?") && form.body.contains("It was not fun"))
            // 7 fun, 2 ok, 1 not fun at the peer talk; 3 fun, 3 not fun at the game.
            var answers: [(UUID, String)] = []
            answers += Array(repeating: (peerTalk, "fun"), count: 7) + Array(repeating: (peerTalk, "ok"), count: 2)
            answers += [(peerTalk, "not-fun")] + Array(repeating: (game, "fun"), count: 3)
            answers += Array(repeating: (game, "not-fun"), count: 3)
            for (id, rating) in answers {
                let page = try await tap(id, rating, comment: "great <b>fun</b>")
                XCTAssertEqual(page.status, .ok)
                XCTAssertTrue(page.body.contains("Thank you"))
            }
            let bad = try await tap(peerTalk, "amazing")
            XCTAssertEqual(bad.status, .unprocessableEntity)
            let early = try await pupil.get("/p/alpha/events/\(future)/feedback")
            XCTAssertTrue(early.body.contains("opens when the session starts"))
            let tooEarly = try await tap(future, "fun")
            XCTAssertEqual(tooEarly.status, .unprocessableEntity)
            let tooLate = try await tap(old, "fun")
            XCTAssertEqual(tooLate.status, .unprocessableEntity)
            let nothing = try await pupil.get("/p/alpha/events/\(UUID())/feedback")
            XCTAssertEqual(nothing.status, .notFound)
            let stored = try await SessionFeedback.query(on: app.db).all()
            XCTAssertEqual(stored.count, answers.count)
            XCTAssertTrue(stored.allSatisfy { $0.comment == "great <b>fun</b>" })

            // Independent recount against the figures.
            let quarter = Quarter.of(date: now)
            let figures = try await SessionFeedbacks.figures(
                partnershipID: pid, fromQuarter: Quarter.adding(-1, to: quarter), toQuarter: quarter, on: app.db)
            XCTAssertEqual(figures.total.responses, answers.count)
            let peer = figures.byLeader.first { $0.label == Event.Leader.peer.label }
            XCTAssertEqual(peer.map { [$0.fun, $0.ok, $0.notFun] }, [7, 2, 1])
            let games = figures.byKind.first { $0.label == Event.Kind.gameSession.label }
            XCTAssertEqual(games.map { [$0.fun, $0.ok, $0.notFun] }, [3, 0, 3])

            // The engagement page shows the table: exact for the coordinator, small counts hidden for a viewer.
            let range = "?from=\(Quarter.adding(-1, to: quarter))&to=\(quarter)"
            let coordinator = Browser(app)
            try await coordinator.signIn("coordinator@alpha.test")
            let exact = try await coordinator.get("/app/p/alpha/engagement\(range)")
            XCTAssertTrue(exact.body.contains("Was it fun?"), exact.body)
            XCTAssertTrue(exact.body.contains("Led by: Young people or peers (peer-led)"))
            // A viewer sees one complete quarter at a time (these answers are in the quarter under way), so the same
            // period's tables are built as a viewer would get them.
            var period = try await EngagementFigures.build(
                partnershipID: pid, fromQuarter: Quarter.adding(-1, to: quarter), toQuarter: quarter, on: app.db)
            period.feedback = figures
            let tables = EngagementTables(
                figures: period, journeys: .init(byQuarter: [], byPlace: []), policy: .published)
            let fun = try XCTUnwrap(tables.tables.first { $0.title.hasPrefix("Was it fun?") })
            let cells = fun.rows.flatMap { $0.dropFirst() }
            XCTAssertTrue(cells.contains("<5"), "the game's 3s are small")
            XCTAssertFalse(cells.contains("3"), "\(fun.rows)")
        }
    }
}
