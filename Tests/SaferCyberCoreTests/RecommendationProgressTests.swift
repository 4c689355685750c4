import Foundation
import XCTest

@testable import SaferCyberCore

final class RecommendationProgressTests: XCTestCase {
    func day(_ text: String) -> CalendarDay { CalendarDay(text)! }

    func testReplaysStatusTargetsAndSlipsToAnyDate() {
        // setup: accepted 1 Feb with a target of 30 Jun; moved to 30 Sep on 1 Jun, brought forward to 31 Aug on 1 Jul,
        // moved to 31 Dec on 1 Sep; implemented 15 Nov.
        let moving = RecommendationProgress.Facts(
            number: 1, text: "Train staff", owner: "Schools", response: .accepted, respondedOn: day("2026-02-01"),
            firstTarget: day("2026-06-30"),
            updates: [
                .init(day: day("2026-06-01"), note: "Delayed", status: .inProgress, target: day("2026-09-30")),
                .init(day: day("2026-09-01"), note: "Delayed again", status: .inProgress, target: day("2026-12-31")),
                .init(day: day("2026-07-01"), note: "Brought forward", status: .inProgress, target: day("2026-08-31")),
                .init(day: day("2026-11-15"), note: "Done", status: .implemented, target: nil),
            ])
        let rejected = RecommendationProgress.Facts(
            number: 2, text: "Fund clubs", owner: "Cabinet", response: .rejected, responseReason: "No budget",
            respondedOn: day("2026-02-01"), firstTarget: day("2026-03-31"), updates: [])
        let late = RecommendationProgress.Facts(
            number: 3, text: "Report", owner: "CSP", response: .accepted, respondedOn: day("2026-05-01"),
            firstTarget: day("2026-04-30"), updates: [])
        // act and check, on four dates
        let january = RecommendationProgress.asOf(day("2026-01-15"), [moving, rejected, late])
        XCTAssertEqual(
            january.rows.map(\.response), [.awaiting, .awaiting, .awaiting], "no response had been given yet")
        XCTAssertEqual(january.summary.overdue, 0)

        let june = RecommendationProgress.asOf(day("2026-06-15"), [moving, rejected, late])
        XCTAssertEqual(june.rows[0].target, day("2026-09-30"))
        XCTAssertEqual(june.rows[0].slips, 1)
        XCTAssertFalse(june.rows[1].overdue, "a rejected recommendation is never overdue")
        XCTAssertTrue(june.rows[2].overdue, "accepted, not started, past its target")
        XCTAssertEqual(june.summary.overdue, 1)

        let october = RecommendationProgress.asOf(day("2026-10-01"), [moving, rejected, late])
        XCTAssertEqual(october.rows[0].target, day("2026-12-31"))
        XCTAssertEqual(october.rows[0].slips, 2, "two moves later; bringing it forward is not a slip")
        XCTAssertEqual(october.rows[0].latestNote, "Delayed again")

        let december = RecommendationProgress.asOf(day("2026-12-01"), [moving, rejected, late])
        XCTAssertEqual(december.rows[0].status, .implemented)
        XCTAssertEqual(december.rows[0].target, day("2026-12-31"), "an update without a date keeps the target")
        XCTAssertFalse(december.rows[0].overdue)
        XCTAssertEqual(december.summary.byStatus[.implemented], 1)
        XCTAssertEqual(december.summary.byResponse[.accepted], 2)
        XCTAssertEqual(december.summary.slipped, 1)
        XCTAssertEqual(december.summary.slips, 2)
    }
}

final class CalendarDayTests: XCTestCase {
    func testReadsTheWaysPeopleWriteDates() {
        let expected = CalendarDay(year: 2026, month: 4, day: 1)
        for text in ["2026-04-01", "1/4/2026", "01/04/2026", "1 April 2026", "1 Apr 2026", " 1 april 2026 "] {
            XCTAssertEqual(CalendarDay(text), expected, text)
        }
        for text in ["", "31/4/2026", "29/2/2026", "2026-13-01", "1/4/26", "April 1 2026", "yesterday"] {
            XCTAssertNil(CalendarDay(text), text)
        }
        XCTAssertNotNil(CalendarDay("29/2/2028"), "a leap day")
    }

    func testDayArithmeticMatchesFoundation() {
        // Independent check: Foundation's Gregorian calendar in UTC counts days since 1970 the same way.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        for text in ["1970-01-01", "2000-02-29", "2026-11-23", "2100-03-01", "1969-12-31"] {
            let day = CalendarDay(text)!
            let date = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
            XCTAssertEqual(day.dayNumber, Int(date.timeIntervalSince1970 / 86400), text)
            XCTAssertEqual(CalendarDay(dayNumber: day.dayNumber), day)
        }
        XCTAssertEqual(CalendarDay("2026-12-31")!.adding(days: 1).iso, "2027-01-01")
        XCTAssertEqual(CalendarDay("2026-03-01")!.adding(days: -1).iso, "2026-02-28")
        XCTAssertEqual(CalendarDay("2026-01-01")!.days(until: CalendarDay("2027-01-01")!), 365)
        XCTAssertEqual(CalendarDay("2026-03-15")!.firstOfMonth(adding: -3).iso, "2025-12-01")
        XCTAssertEqual(CalendarDay("2026-11-23")!.firstOfMonth(adding: 14).iso, "2028-01-01")
        XCTAssertEqual(CalendarDay("2028-02-10")!.lastOfMonth.iso, "2028-02-29")
    }

    func testPoundsToPence() {
        XCTAssertEqual(PlanActions.pence("2500"), 250_000)
        XCTAssertEqual(PlanActions.pence("£2,500.50"), 250_050)
        XCTAssertEqual(PlanActions.pence("12.5"), 1250)
        for bad in ["-5", "12.345", "two", "1.2.3", ".5", "1e3"] { XCTAssertNil(PlanActions.pence(bad), bad) }
    }
}
