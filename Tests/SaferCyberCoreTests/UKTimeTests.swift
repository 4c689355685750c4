import Foundation
import SaferCyberCore
import XCTest

/// Issue 18: UK local time has one home. Each value here is worked out by hand from UTC and the UK's clock change
/// (British Summer Time, UTC+1, from the last Sunday of March to the last Sunday of October).
final class UKTimeTests: XCTestCase {
    private func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    func testMomentsAreShownOnUKTimeInWinterAndSummer() {
        XCTAssertEqual(UKTime.dateTime(utc("2026-01-15T13:05:00Z")), "15 Jan 2026, 13:05")
        XCTAssertEqual(UKTime.dateTime(utc("2026-07-15T13:05:00Z")), "15 Jul 2026, 14:05", "BST is UTC+1")
        XCTAssertEqual(UKTime.dateTime(utc("2026-06-30T23:30:00Z")), "1 Jul 2026, 00:30", "the next day in the UK")
        XCTAssertEqual(UKTime.dateTime(nil), "Never")
        XCTAssertEqual(UKTime.longDate(utc("2026-06-30T23:30:00Z")), "1 July 2026")
    }

    func testTypedDaysStartAtUKMidnight() {
        // 1 July 2026 starts at 23:00 UTC on 30 June (BST); 1 December at midnight UTC.
        XCTAssertEqual(UKTime.startOfDay(typed: "1/7/2026"), utc("2026-06-30T23:00:00Z"))
        XCTAssertEqual(UKTime.startOfDay(typed: "2026-07-01"), utc("2026-06-30T23:00:00Z"))
        XCTAssertEqual(UKTime.startOfDay(typed: "1 December 2026"), utc("2026-12-01T00:00:00Z"))
        XCTAssertEqual(UKTime.startOfDay(typed: "1 Dec 2026"), utc("2026-12-01T00:00:00Z"))
        // The clock change: 29 March 2026 starts in GMT, 30 March in BST.
        XCTAssertEqual(UKTime.start(of: CalendarDay(year: 2026, month: 3, day: 29)!), utc("2026-03-29T00:00:00Z"))
        XCTAssertEqual(UKTime.start(of: CalendarDay(year: 2026, month: 3, day: 30)!), utc("2026-03-29T23:00:00Z"))
        for bad in ["31/2/2026", "2026-13-01", "yesterday", "", "1/7/26"] {
            XCTAssertNil(UKTime.startOfDay(typed: bad), bad)
        }
        // A day read back the way it is typed.
        XCTAssertEqual(CalendarDay.today(utc("2026-06-30T23:30:00Z")).typed, "1/7/2026")
    }
}
