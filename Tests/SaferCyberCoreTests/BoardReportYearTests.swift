import FluentKit
import Foundation
import SaferCyberCore
import TestSupport
import XCTest

/// Issue 23: reach counts sessions people came to whatever the event's status, and the board report adds the year
/// to date in the partnership's reporting year (April to March by default), across the calendar year end.
final class BoardReportYearTests: XCTestCase {
    private struct Session {
        let date: String
        let status: Event.Status
        let came: Int
    }

    func testReachCountsAttendedSessionsAndTheYearToDateCrossesTheYearEnd() async throws {
        try await withTestDatabase { db, hasher in
            let pid = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            let before = ISO8601DateFormatter().date(from: "2026-01-01T00:00:00Z")!
            // Checked in but left "Published" (counts); completed; published with nobody checked in (does not);
            // a draft (never); completed after the calendar year end; one in the previous reporting year.
            let sessions = [
                Session(date: "2026-05-12T14:00:00Z", status: .published, came: 4),
                Session(date: "2026-08-12T14:00:00Z", status: .completed, came: 2),
                Session(date: "2026-11-12T14:00:00Z", status: .published, came: 0),
                Session(date: "2026-11-13T14:00:00Z", status: .draft, came: 0),
                Session(date: "2027-02-12T14:00:00Z", status: .completed, came: 3),
                Session(date: "2026-03-12T14:00:00Z", status: .completed, came: 6),
            ]
            for (index, session) in sessions.enumerated() {
                let date = ISO8601DateFormatter().date(from: session.date)!
                let id = try await Events.create(
                    .init(
                        title: "Talk \(index)", kind: .talk, venue: "Hall", area: "Durham", startsAt: date,
                        endsAt: date.addingTimeInterval(3600), capacity: 50, status: .published),
                    partnershipID: pid, by: .system("t"), on: db
                ).requireID()
                for person in 0..<max(session.came, 1) {
                    let made = try await Bookings.signUp(
                        eventID: id, partnershipID: pid,
                        form: .init(name: "P", email: "p\(index)-\(person)@example.org", places: 1, consent: true),
                        now: before, on: db)
                    if session.came > 0 {
                        _ = try await Attendance.checkIn(
                            eventID: id, partnershipID: pid, bookingID: made.bookingID, places: 1, by: .system("t"),
                            on: db)
                    }
                }
                let event = try await Event.find(id, on: db)!
                event.status = session.status
                try await db.write { tx in try await event.save(on: tx) }
            }

            // Independent recount from the list above, per reporting year quarter.
            func counted(_ s: Session) -> Bool { s.status == .completed || (s.status == .published && s.came > 0) }
            func inQuarters(_ s: Session, _ quarters: [Int]) -> Bool {
                let month = Int(s.date.prefix(4))! * 100 + Int(s.date.dropFirst(5).prefix(2))!
                return quarters.contains(Quarter.of(month: month))
            }
            let year = ReportingYear()
            for quarter in [20262, 20263, 20264, 20271] {
                let report = try await BoardReport.build(partnershipID: pid, quarter: quarter, on: db)
                let ytd = try XCTUnwrap(report.yearToDate)
                XCTAssertEqual(ytd.quarters, year.yearToDate(through: quarter))
                let expected = sessions.filter { counted($0) && inQuarters($0, ytd.quarters) }
                XCTAssertEqual(ytd.delivery.total.sessions, expected.count, "\(quarter)")
                XCTAssertEqual(ytd.delivery.total.engaged, expected.reduce(0) { $0 + $1.came }, "\(quarter)")
                let own = sessions.filter { counted($0) && inQuarters($0, [quarter]) }
                XCTAssertEqual(report.delivery.total.sessions, own.count, "\(quarter)")
            }
            // Jan–Mar 2027 is Q4 of 2026–27: its year to date runs from April 2026 (3 sessions, 9 attendances), and
            // the March 2026 session belongs to the year before.
            let q4 = try await BoardReport.build(partnershipID: pid, quarter: 20271, on: db)
            XCTAssertEqual(q4.yearToDate?.delivery.total.sessions, 3)
            XCTAssertEqual(q4.yearToDate?.delivery.total.engaged, 9)
        }
    }

    /// Review finding: with attendances of 3, 40 and 40, the Q3 year to date (83) less Q2's and Q3's own reports
    /// gave Q1's 3. A year to date is shown only when no quarter in it is small.
    func testAYearToDateIsShownOnlyWhenNoQuarterInItIsSmall() {
        let policy = DisclosurePolicy(threshold: 5, applies: true)
        XCTAssertTrue(policy.allowsYearToDate(quarters: [10, 20]))
        XCTAssertFalse(policy.allowsYearToDate(quarters: [3, 40, 40]), "Q1's 3 would come back as 83 − 40 − 40")
        XCTAssertFalse(policy.allowsYearToDate(quarters: [40, 40, 3]), "the quarter itself is small")
        XCTAssertTrue(policy.allowsYearToDate(quarters: [0, 40, 40]), "0 is not small")
    }
}
