import FluentKit
import SaferCyberCore
import TestSupport
import XCTest

/// Issue 23: a council's year runs April to March — its Q1 is April to June, its Q3 October to December — and the
/// year to date runs across the calendar year end.
final class ReportingYearTests: XCTestCase {
    func testAprilToJuneIsTheFirstQuarterOfACouncilsYear() {
        let year = ReportingYear()  // April, the default
        XCTAssertEqual(year.startMonth, 4)
        // Calendar quarters (yyyyq) and their number in a year that starts in April, counted independently.
        let expected = [20261: 4, 20262: 1, 20263: 2, 20264: 3, 20271: 4, 20272: 1]
        for (quarter, number) in expected { XCTAssertEqual(year.number(of: quarter), number, "\(quarter)") }
        XCTAssertEqual(year.label(20264), "Q3 2026–27 (Oct–Dec 2026)")
        XCTAssertEqual(year.label(20271), "Q4 2026–27 (Jan–Mar 2027)")
        XCTAssertEqual(year.label(20261), "Q4 2025–26 (Jan–Mar 2026)")
        XCTAssertEqual(year.longYearLabel(ofYearHolding: 20271), "2026–27 (Apr 2026–Mar 2027)")
        XCTAssertEqual(year.quarters(ofYearHolding: 20264), [20262, 20263, 20264, 20271])
    }

    func testYearToDateRunsAcrossTheCalendarYearEnd() {
        let year = ReportingYear(startMonth: 4)
        XCTAssertEqual(year.yearToDate(through: 20271), [20262, 20263, 20264, 20271])
        XCTAssertEqual(year.yearToDate(through: 20264), [20262, 20263, 20264])
        XCTAssertEqual(year.yearToDate(through: 20262), [20262])
        // A calendar year (January start) and a July start, for the same quarters.
        XCTAssertEqual(ReportingYear(startMonth: 1).yearToDate(through: 20271), [20271])
        XCTAssertEqual(ReportingYear(startMonth: 1).label(20264), "Q4 2026 (Oct–Dec 2026)")
        XCTAssertEqual(
            ReportingYear(startMonth: 7).yearToDate(through: 20262),
            [20263, 20264, 20271, 20272].map {
                Quarter.adding(-4, to: $0)
            })
        XCTAssertEqual(ReportingYear(startMonth: 7).label(20263), "Q1 2026–27 (Jul–Sep 2026)")
        // A month that is not a quarter's first is refused (the setting) or read as the default (stored data).
        XCTAssertEqual(ReportingYear(startMonth: 9).startMonth, 4)
    }

    func testQuartersAreReadInEitherForm() {
        let year = ReportingYear(startMonth: 4)
        XCTAssertEqual(year.parse("2026-27Q3"), 20264)
        XCTAssertEqual(year.parse("2026/27 Q4"), 20271)
        XCTAssertEqual(year.parse("2026–27 q1"), 20262)
        XCTAssertEqual(year.parse("2026Q3"), 20263, "a calendar quarter")
        XCTAssertEqual(year.parse("20263"), 20263)
        XCTAssertNil(year.parse("2026-27Q5"))
        XCTAssertNil(year.parse("2026Q7"))
        XCTAssertNil(year.parse("soon"))
    }

    func testTheStartIsSetAndAudited() async throws {
        try await withTestDatabase { db, _ in
            let partnership = try await Partnerships.create(on: db, slug: "north", name: "North", by: .system("test"))
            let id = try partnership.requireID()
            XCTAssertEqual(ReportingYear(partnership).startMonth, 4, "April when nothing is set")
            do {
                try await ReportingYear.setStart(5, partnershipID: id, by: .system("test"), on: db)
                XCTFail("May is not a quarter's first month")
            } catch let errors as FieldErrors {
                XCTAssertEqual(errors.problems.first?.field, "year-start")
            }
            try await ReportingYear.setStart(1, partnershipID: id, by: .system("test"), on: db)
            let stored = try await Partnership.find(id, on: db)!
            XCTAssertEqual(ReportingYear(stored).startMonth, 1)
            let audited = try await AuditEntry.query(on: db)
                .filter(\.$summary == "Set the reporting year to start in January").count()
            XCTAssertEqual(audited, 1)
        }
    }
}
