import FluentKit
import Foundation
import TestSupport
import XCTest

@testable import SaferCyberCore

/// Issue 19 (left from the review): coverage was the partnership's, pooled over its imports, so one district's own
/// extract made its months "complete" for every area, and the whole partnership's quarter was compared although
/// the other district had nothing for it.
final class CrimeAreaCoverageTests: XCTestCase {
    func testAnExtractForOneAreaCompletesItsMonthsForThatAreaOnly() async throws {
        try await withTestDatabase { db, hasher in
            let id = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            try await Fixture.twoAreaGeography(on: db)

            /// Online frauds in `lsoa` on `days`, confirmed complete to `completeTo` for `areas` (nil: everywhere).
            func load(_ prefix: String, lsoa: String, days: [String], completeTo: Int, areas: [String]?) async throws {
                let rows = days.enumerated().map { index, day in
                    "\(prefix)/\(index),\(day),53A,Fraud by false representation,Y,25-34,person,N,\(lsoa),Open,Call"
                }
                let summary = try await CrimeImporter.run(
                    source: MemoryByteSource(([SampleExtract.header] + rows).joined(separator: "\n") + "\n"),
                    partnershipID: id,
                    options: CrimeImportOptions(profile: .forceExtract, fileName: "\(prefix).csv", actor: .system("t")),
                    on: db)
                XCTAssertEqual(summary.status, .imported, summary.message)
                try await CrimeCoverage.confirm(
                    importID: summary.importID, partnershipID: id, completeTo: completeTo, areas: areas,
                    actor: .system("t"), on: db)
            }
            let year = (1...12).map { String(format: "2024-%02d-10", $0) }
            // Newtown's own extract for 2024, complete to December; Oldtown's for January to June only.
            try await load("N", lsoa: "E01035001", days: year, completeTo: 202412, areas: ["E06099998"])
            try await load(
                "O", lsoa: "E01035002", days: Array(year.prefix(6)), completeTo: 202406, areas: ["E06099999"])

            let areas = try await CrimeCoverage.areas(partnershipID: id, on: db)
            XCTAssertEqual(areas.map(\.name), ["Newtown", "Oldtown"])
            let whole = try await CrimeCoverage.load(partnershipID: id, on: db)
            let newtown = try await CrimeCoverage.load(partnershipID: id, area: "E06099998", on: db)
            let oldtown = try await CrimeCoverage.load(partnershipID: id, area: "E06099999", on: db)
            // The whole partnership: complete only where both are.
            XCTAssertEqual(whole.complete, Set(Month.range(202401, 202406)))
            XCTAssertTrue(whole.isComplete(quarter: 20242))
            XCTAssertFalse(whole.isComplete(quarter: 20243), "Oldtown has nothing for Jul–Sep")
            XCTAssertEqual(whole.status(ofQuarter: 20243), .partial(held: Month.of(quarter: 20243)))
            XCTAssertTrue(newtown.isComplete(quarter: 20244))
            XCTAssertEqual(oldtown.status(ofQuarter: 20243), .none)

            // The crime picture compares Jul–Sep with Apr–Jun for Newtown, not for the whole partnership.
            let all = try await CrimePictureReport.build(
                partnershipID: id, filter: CrimeFilter(fromQuarter: 20243, toQuarter: 20243, scope: .all), on: db)
            XCTAssertNil(all.quarterOnQuarter)
            XCTAssertEqual(all.incompleteQuarters.count, 1)
            let area = try await CrimePictureReport.build(
                partnershipID: id,
                filter: CrimeFilter(fromQuarter: 20243, toQuarter: 20243, scope: .all, areaCode: "E06099998"), on: db)
            XCTAssertNotNil(area.quarterOnQuarter)
            XCTAssertEqual(area.total, 3)

            // Without the areas (both files for the whole partnership), Jul–Sep would count as complete everywhere.
            let pooled = CrimeCoverage.from([(202401, 202412, 202412), (202401, 202406, 202406)])
            XCTAssertTrue(pooled.isComplete(quarter: 20243))

            // An empty choice is refused.
            let imports = try await CrimeImport.query(on: db).all()
            do {
                try await CrimeCoverage.confirm(
                    importID: imports[0].requireID(), partnershipID: id, completeTo: 202412, areas: [],
                    actor: .system("t"), on: db)
                XCTFail("no area is not a choice")
            } catch let errors as FieldErrors {
                XCTAssertEqual(errors.problems.first?.field, "areas")
            }
        }
    }
}
