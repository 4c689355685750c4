import FluentKit
import Foundation
import SaferCyberCore
import TestSupport
import XCTest

/// Third review of issue 19 (F4): a quarter's "people ambassadors say they told" kept changing after the quarter had
/// ended (120 → 125 → 128 → 129 → 135 as reports came in), so two visits a day apart gave one ambassador who told one
/// person. For readers without exact counts — and in the board report — what comes after the sessions (pledges,
/// reports, follow-on sign-ups) is counted as it stood at the period's end.
final class AmbassadorsAsAtEndTests: XCTestCase {
    func testAPublishedQuarterDoesNotMoveWithLaterReports() async throws {
        try await withTestDatabase { db, hasher in
            let pid = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            let quarter = Quarter.adding(-1, to: Quarter.lastComplete())
            let start = Quarter.span(quarter).start
            let end = Quarter.span(quarter).end
            let day: TimeInterval = 86_400
            let talk = try await Events.create(
                Events.Draft(
                    title: "Scams and you", kind: .talk, venue: "Town hall", area: "Darlington",
                    startsAt: start.addingTimeInterval(10 * day), endsAt: start.addingTimeInterval(10 * day + 7200),
                    capacity: 40, status: .published),
                partnershipID: pid, by: .system("test"), on: db
            ).requireID()
            // Seven come and pledge within the quarter; six report by its end (ten people told each); one more
            // reports after it (telling one person), and an eighth pledges after it.
            var tokens: [String] = []
            for n in 0..<8 {
                let made = try await Bookings.signUp(
                    eventID: talk, partnershipID: pid,
                    form: .init(name: "Person \(n)", email: "p\(n)@example.org", consent: true),
                    links: OutboxTests.links, now: start.addingTimeInterval(day), on: db)
                try await Attendance.checkIn(
                    eventID: talk, partnershipID: pid, bookingID: made.bookingID, by: .system("t"), on: db)
                tokens.append(made.token)
            }
            for n in 0..<7 {
                try await Ambassadors.pledge(
                    token: tokens[n], people: 5, now: start.addingTimeInterval(11 * day), on: db)
            }
            try await Ambassadors.pledge(token: tokens[7], people: 5, now: end.addingTimeInterval(5 * day), on: db)
            for n in 0..<6 {
                try await Ambassadors.report(
                    token: tokens[n], told: .init(family: 5, friends: 5), now: start.addingTimeInterval(40 * day),
                    on: db)
            }
            try await Ambassadors.report(
                token: tokens[6], told: .init(family: 1), now: end.addingTimeInterval(20 * day), on: db)

            // A follow-on booking made from the talk within the quarter (2 places), cancelled after the quarter ended
            // (fourth review: the published figure moved by its places).
            let workshop = try await Events.create(
                Events.Draft(
                    title: "Follow-up workshop", kind: .workshop, venue: "Library", area: "Darlington",
                    startsAt: end.addingTimeInterval(30 * day), endsAt: end.addingTimeInterval(30 * day + 7200),
                    capacity: 20, status: .published),
                partnershipID: pid, by: .system("test"), on: db
            ).requireID()
            let followOn = try await Bookings.signUp(
                eventID: workshop, partnershipID: pid,
                form: .init(
                    name: "Person 0", email: "p0@example.org", places: 2, isGroup: true, organisation: "Day centre",
                    sourceEventID: talk, consent: true),
                links: OutboxTests.links, now: start.addingTimeInterval(15 * day), on: db)
            _ = try await Bookings.cancel(token: followOn.token, now: end.addingTimeInterval(10 * day), on: db)
            // And one that was on a full clinic's waiting list at the quarter's end, cancelled from it after (it had
            // been counted as a place then: the booking did not keep what it was when cancelled).
            let clinic = try await Events.create(
                Events.Draft(
                    title: "One-to-one clinic", kind: .workshop, venue: "Library", area: "Darlington",
                    startsAt: end.addingTimeInterval(31 * day), endsAt: end.addingTimeInterval(31 * day + 3600),
                    capacity: 1, status: .published),
                partnershipID: pid, by: .system("test"), on: db
            ).requireID()
            _ = try await Bookings.signUp(
                eventID: clinic, partnershipID: pid,
                form: .init(name: "Someone", email: "s@example.org", places: 1, consent: true),
                links: OutboxTests.links, now: start.addingTimeInterval(15 * day), on: db)
            let waiting = try await Bookings.signUp(
                eventID: clinic, partnershipID: pid,
                form: .init(
                    name: "Person 9", email: "p9@example.org", places: 1, sourceEventID: talk, consent: true),
                links: OutboxTests.links, now: start.addingTimeInterval(16 * day), on: db)
            XCTAssertEqual(waiting.status, .waiting)
            _ = try await Bookings.cancel(token: waiting.token, now: end.addingTimeInterval(12 * day), on: db)
            let asAtEnd = try await EngagementView.build(
                partnershipID: pid, fromQuarter: quarter, toQuarter: quarter, policy: .published, on: db)
            XCTAssertEqual(asAtEnd.figures.followOnSignUps, 2, "confirmed at the quarter's end")
            let today = try await EngagementView.build(
                partnershipID: pid, fromQuarter: quarter, toQuarter: quarter, policy: .exact, on: db)
            XCTAssertEqual(today.figures.followOnSignUps, 0, "cancelled since")

            func reach(_ policy: DisclosurePolicy) async throws -> Ambassadors.Reach {
                try await EngagementView.build(
                    partnershipID: pid, fromQuarter: quarter, toQuarter: quarter, policy: policy, on: db
                ).figures.ambassadors
            }
            // Independently: by the quarter's end, 7 ambassadors, 6 reporting, 60 told; today 8, 7 and 61.
            let published = try await reach(.published)
            XCTAssertEqual([published.ambassadors, published.reporting, published.told.total], [7, 6, 60])
            let exact = try await reach(.exact)
            XCTAssertEqual([exact.ambassadors, exact.reporting, exact.told.total], [8, 7, 61])
            // The board report counts as at the quarter's end too.
            let report = try await BoardReport.build(partnershipID: pid, quarter: quarter, on: db)
            XCTAssertEqual(report.engagement?.figures.ambassadors.told.total, 60)
        }
    }
}
