import FluentKit
import Foundation
import SQLKit
import TestSupport
import XCTest

@testable import SaferCyberCore

/// The home page's "needs attention" counts (issue 23), against an independent recount in SQL over the demo
/// partnership, and who sees which.
final class HomeDeskTests: XCTestCase {
    func testAttentionCountsAreRecountsAndEachRoleSeesOnlyWhatItMayActOn() async throws {
        try await withTestDatabase { db, hasher in
            try await Fixture.demo(on: db, hasher: hasher)
            let id = try await Fixture.demoID(on: db)
            let now = Date()
            // Something in every kind the demo may lack: an email that failed, an ended event still published.
            let failed = OutboxMessage()
            failed.partnershipID = id
            failed.createdAt = now
            failed.idempotencyKey = "home-desk-test"
            failed.kind = MailKind.reminder.rawValue
            failed.status = OutboxMessage.Status.failed
            failed.attempts = 7
            failed.nextAttemptAt = now
            failed.recipient = "someone@example.org"
            failed.subject = "Reminder"
            failed.bodyText = "Hello"
            failed.bodyHTML = "<p>Hello</p>"
            failed.attachmentsJSON = "[]"
            try await failed.create(on: db)
            let ended = now.addingTimeInterval(-3 * 24 * 3600)
            _ = try await Events.create(
                Events.Draft(
                    title: "Forgotten talk", kind: .talk, venue: "Library", area: "Darlington", startsAt: ended,
                    endsAt: ended.addingTimeInterval(3600), capacity: 20, status: .published),
                partnershipID: id, by: .system("test"), on: db)

            // An action past its due date and rated red; an event this week that is full with a waiting list, and
            // one with places left.
            let choices = try await PlanActions.Choices.load(partnershipID: id, on: db)
            var draft = PlanActions.Draft()
            draft.title = "Scam talks in libraries"
            draft.objective = choices.objectives.first!.uuidString
            draft.leadPartner = choices.partners.first!.uuidString
            draft.themes = [choices.themes.first!.uuidString]
            draft.audiences = [choices.audiences.first!.uuidString]
            draft.due = CalendarDay.today(now.addingTimeInterval(-10 * 24 * 3600)).typed
            draft.rag = "red"
            draft.ragReason = "The venue fell through"
            try await PlanActions.create(partnershipID: id, draft: draft, by: .system("test"), on: db)
            for (capacity, people) in [(1, 2), (10, 1)] {
                let start = now.addingTimeInterval(2 * 24 * 3600)
                let event = try await Events.create(
                    Events.Draft(
                        title: "Talk for \(capacity)", kind: .talk, venue: "Library", area: "Darlington",
                        startsAt: start, endsAt: start.addingTimeInterval(3600), capacity: capacity,
                        status: .published),
                    partnershipID: id, by: .system("test"), on: db)
                for person in 0..<people {
                    _ = try await Bookings.signUp(
                        eventID: event.requireID(), partnershipID: id,
                        form: .init(name: "P\(person)", email: "p\(person)@example.org", consent: true), on: db)
                }
            }

            let everything = try await HomeDesk.attention(partnershipID: id, allows: { _ in true }, now: now, on: db)
            let counts = Dictionary(uniqueKeysWithValues: everything.map { ($0.kind, $0.count) })

            let sql = db.sql
            func count(_ query: SQLQueryString) async throws -> Int {
                try await sql.raw(query).first()?.decode(column: "n", as: Int.self) ?? 0
            }
            let today = CalendarDay.today(now).iso
            let openActions: SQLQueryString =
                "FROM plan_actions WHERE partnership_id = \(bind: id) AND status NOT IN ('complete', 'cancelled')"
            let overdue = try await count(
                "SELECT COUNT(*) AS n \(openActions) AND due_on <> '' AND due_on < \(bind: today)")
            let red = try await count("SELECT COUNT(*) AS n \(openActions) AND rag = 'red'")
            let stillPublished = try await count(
                "SELECT COUNT(*) AS n FROM events WHERE partnership_id = \(bind: id) AND status = 'published' AND ends_at <= \(bind: now)"
            )
            let waiting = try await count(
                """
                SELECT COUNT(DISTINCT b.event_id) AS n FROM bookings b JOIN events e ON e.id = b.event_id
                WHERE e.partnership_id = \(bind: id) AND e.status = 'published' AND e.ends_at > \(bind: now)
                  AND b.status = 'waiting'
                """)
            let placesLeft = try await count(
                """
                SELECT COUNT(*) AS n FROM events e
                WHERE e.partnership_id = \(bind: id) AND e.status = 'published' AND e.ends_at > \(bind: now)
                  AND e.starts_at <= \(bind: now.addingTimeInterval(7 * 24 * 3600)) AND e.capacity > 0
                  AND e.capacity > (SELECT COALESCE(SUM(b.places), 0) FROM bookings b
                                    WHERE b.event_id = e.id AND b.status = 'confirmed')
                """)
            let followUps = try await count(
                "SELECT COUNT(*) AS n FROM resilience_checks WHERE partnership_id = \(bind: id) AND follow_up = \(bind: true) AND contacted_at IS NULL"
            )
            let failedEmails = try await count(
                "SELECT COUNT(*) AS n FROM outbox_messages WHERE partnership_id = \(bind: id) AND status IN ('failed', 'bounced')"
            )
            XCTAssertGreaterThanOrEqual(min(overdue, red, waiting, placesLeft), 1, "each kind is exercised")
            XCTAssertEqual(counts[.overdueActions] ?? 0, overdue)
            XCTAssertEqual(counts[.redActions] ?? 0, red)
            XCTAssertEqual(counts[.pastEventsStillPublished] ?? 0, stillPublished)
            XCTAssertGreaterThanOrEqual(stillPublished, 1)
            XCTAssertEqual(counts[.eventsWithWaitingLists] ?? 0, waiting)
            XCTAssertEqual(counts[.eventsWithPlacesLeft] ?? 0, placesLeft)
            XCTAssertEqual(counts[.followUpsNotContacted] ?? 0, followUps)
            XCTAssertEqual(counts[.failedEmails] ?? 0, failedEmails)
            XCTAssertEqual(failedEmails, 1)
            // Reports due: this reporting year's complete quarters (April start), none issued yet.
            let lastComplete = Quarter.lastComplete(before: now)
            let yearStart =
                Quarter.firstMonth(lastComplete) % 100 >= 4
                ? lastComplete / 10 * 10 + 2 : (lastComplete / 10 - 1) * 10 + 2
            XCTAssertEqual(counts[.reportsNotIssued] ?? 0, Quarter.between(yearStart, lastComplete).count)
            XCTAssertFalse(everything.contains { $0.count == 0 }, "nothing listed with nothing to do")

            // A viewer: aggregates only, nothing that needs an officer's or a coordinator's permission.
            let viewer = try await HomeDesk.attention(
                partnershipID: id, allows: { PermissionTable.allows(.viewer, $0) }, now: now, on: db)
            XCTAssertTrue(viewer.allSatisfy { $0.kind.permission == .viewAggregates })
            XCTAssertFalse(viewer.contains { $0.kind == .failedEmails || $0.kind == .followUpsNotContacted })
            XCTAssertEqual(viewer.map(\.kind), everything.map(\.kind).filter { $0.permission == .viewAggregates })
        }
    }

    func testSentencesSayWhatIsCounted() {
        XCTAssertEqual(HomeDesk.Kind.overdueActions.sentence(1), "1 open action is past its due date")
        XCTAssertEqual(HomeDesk.Kind.overdueActions.sentence(3), "3 open actions are past their due date")
        for kind in HomeDesk.Kind.allCases { XCTAssertTrue(kind.sentence(2).hasPrefix("2 ")) }
    }
}
