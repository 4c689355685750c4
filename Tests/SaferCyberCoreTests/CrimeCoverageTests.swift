import FluentKit
import Foundation
import SQLKit
import SaferCyberCore
import TestSupport
import XCTest

/// Issue 19, case 1: a missing or part-filled quarter is not a real count.
final class CrimeCoverageTests: XCTestCase {
    /// The real Durham street files (Oct–Dec 2018) relabelled as January–April 2019: months 1–3 from October,
    /// November and December, April from October again; each month's crime ids changed (their first hexadecimal
    /// digit replaced by a letter that is not one) so they are new records, not corrections of 2018's.
    static func januaryToApril() throws -> [(month: Int, text: String, rows: Int)] {
        let sources = ["10", "11", "12", "10"]
        return try sources.enumerated().map { index, source in
            let text = try String(contentsOfFile: ReferenceData.policeUK(source), encoding: .utf8)
            let month = String(format: "2019-%02d", index + 1)
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for i in 1..<lines.count where !lines[i].isEmpty {
                var line = lines[i].replacingOccurrences(of: ",2018-\(source),", with: ",\(month),")
                if !line.hasPrefix(",") { line = ["w", "x", "y", "z"][index] + line.dropFirst() }
                lines[i] = line
            }
            let rows = lines.dropFirst().filter { !$0.isEmpty }.count
            return (201901 + index, lines.joined(separator: "\n"), rows)
        }
    }

    private func importFiles(_ files: [(month: Int, text: String, rows: Int)], into id: UUID, on db: any Database)
        async throws
    {
        for file in files {
            let summary = try await CrimeImporter.run(
                source: MemoryByteSource(file.text), partnershipID: id,
                options: CrimeImportOptions(
                    profile: .policeUKStreet, fileName: "\(file.month)-durham-street.csv", skipBadRows: true,
                    actor: .system("test")), on: db)
            XCTAssertEqual(summary.status, .imported, summary.message)
        }
    }

    /// Review of issue 19: one record dated 2019 in a 2026 extract marked every month from 2019 as covered.
    func testAStrayDateDoesNotCoverYears() {
        var counts = Dictionary(uniqueKeysWithValues: (1...6).map { (202600 + $0, 480 + $0) })
        counts[201903] = 1
        let span = CrimeCoverage.span(monthCounts: counts)
        XCTAssertEqual(span?.first, 202601)
        XCTAssertEqual(span?.last, 202606)
        XCTAssertEqual(span?.stray, [201903])
        // A first, part month beside the rest stays in; so does a whole file of four records in one month.
        counts[201903] = nil
        counts[202512] = 12
        XCTAssertEqual(CrimeCoverage.span(monthCounts: counts)?.first, 202512)
        XCTAssertEqual(CrimeCoverage.span(monthCounts: [202607: 4])?.first, 202607)
        // Two real runs with a month of no records between them (a small file) are both kept.
        let gap = CrimeCoverage.span(monthCounts: [202601: 40, 202602: 35, 202604: 38])
        XCTAssertEqual(gap?.first, 202601)
        XCTAssertEqual(gap?.last, 202604)
        XCTAssertEqual(gap?.stray, [])
        XCTAssertNil(CrimeCoverage.span(monthCounts: [:]))
    }

    /// The same, through a real import: the stray record is kept, but 2019–2025 stay "no data".
    func testAnImportWithAStrayDateCoversOnlyItsMonths() async throws {
        try await withTestDatabase { db, hasher in
            let id = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            var rows = (0..<60).map { index in
                "DUR/26/\(index),2026-0\(index % 3 + 1)-1\(index % 9),53A,Fraud,Y,25-34,person,N,,Open,Phone"
            }
            rows.append("DUR/19/1,2019-03-04,53A,Fraud,Y,25-34,person,N,,Open,Phone")
            let header =
                "crime_reference,recorded_date,offence_code,offence_description,online_flag,victim_age_band,victim_type,repeat_victim,lsoa_code,outcome,modus_operandi"
            let summary = try await CrimeImporter.run(
                source: MemoryByteSource(([header] + rows).joined(separator: "\n") + "\n"), partnershipID: id,
                options: CrimeImportOptions(profile: .forceExtract, fileName: "x.csv", actor: .system("test")),
                on: db)
            XCTAssertEqual(summary.status, .imported, summary.message)
            let entry = try await CrimeImport.find(summary.importID, on: db)
            XCTAssertEqual(entry?.firstMonth, 202601)
            XCTAssertEqual(entry?.lastMonth, 202603)
            let coverage = try await CrimeCoverage.load(partnershipID: id, on: db)
            XCTAssertEqual(coverage.status(ofQuarter: 20193), .none)
            XCTAssertEqual(coverage.status(ofQuarter: 20222), .none)
            let records = try await db.sql.raw("SELECT COUNT(*) AS n FROM crime_records").first()!
                .decode(column: "n", as: Int.self)
            XCTAssertEqual(records, 61, "the stray record is kept")
        }
    }

    func testQuarterStatusFromImportedMonths() {
        // setup: Jan–Mar complete, April complete, May reached but not complete
        let coverage = CrimeCoverage.from([(201901, 201903, 201903), (201904, 201905, 201904)])
        // check
        XCTAssertEqual(coverage.status(ofQuarter: 20191), .complete)
        XCTAssertEqual(coverage.status(ofQuarter: 20192), .partial(held: [201904, 201905]))
        XCTAssertEqual(coverage.status(ofQuarter: 20184), .none)
        XCTAssertEqual(coverage.describe(quarter: 20192), "holds April and part of May")
        XCTAssertEqual(CrimeCoverage.from([(201904, 201904, 201904)]).describe(quarter: 20192), "holds April only")
    }

    func testForceExtractIsCompleteOnlyToTheMonthBeforeItWasImported() {
        let imported = ISO8601DateFormatter().date(from: "2026-04-15T10:00:00Z")!
        XCTAssertEqual(
            CrimeCoverage.defaultCompleteTo(lastMonth: 202604, profileName: "force-extract", importedAt: imported),
            202603)
        XCTAssertEqual(
            CrimeCoverage.defaultCompleteTo(lastMonth: 202602, profileName: "force-extract", importedAt: imported),
            202602)
        XCTAssertEqual(
            CrimeCoverage.defaultCompleteTo(
                lastMonth: 202604, profileName: CrimeProfile.policeUKStreet.name, importedAt: imported), 202604)
    }

    /// Four monthly data.police.uk files, January–April: Apr–Jun holds April only (no comparison, not "a fall of
    /// 65%"); Jan–Mar has nothing before it to compare with (not "a rise from none"); the quarters before the
    /// first import are "no data", not 0.
    func testJanuaryToAprilComparesNothingIncomplete() async throws {
        try await withTestDatabase { db, hasher in
            // setup
            let id = try await Fixture.partnership("durham", on: db, hasher: hasher).requireID()
            _ = try await Geography.load(files: ReferenceData.geographyFiles, on: db)
            let files = try Self.januaryToApril()
            try await importFiles(files, into: id, on: db)

            // act
            let april = try await CrimePictureReport.build(
                partnershipID: id, filter: CrimeFilter(fromQuarter: 20192, toQuarter: 20192, scope: .all), on: db)
            let first = try await CrimePictureReport.build(
                partnershipID: id, filter: CrimeFilter(fromQuarter: 20181, toQuarter: 20191, scope: .all), on: db)

            // check
            XCTAssertNil(april.quarterOnQuarter)
            XCTAssertNil(april.yearOnYear)
            XCTAssertEqual(
                april.quarterOnQuarterNote,
                "Not compared: Apr–Jun 2019 holds April only. Only complete quarters are compared.")
            XCTAssertEqual(april.incompleteQuarters, ["Apr–Jun 2019 holds April only"])
            XCTAssertEqual(april.total, files[3].rows, "April's records, recounted from the file")

            XCTAssertNil(first.quarterOnQuarter)
            XCTAssertEqual(
                first.quarterOnQuarterNote,
                "Not compared: no data was imported for Oct–Dec 2018. Only complete quarters are compared.")
            XCTAssertNil(first.yearOnYear)
            XCTAssertEqual(first.status(ofQuarter: 20191), .complete)
            XCTAssertEqual(
                first.quarters.filter { first.status(ofQuarter: $0.quarter) == .none }.map(\.quarter),
                [20181, 20182, 20183, 20184])
            XCTAssertEqual(first.total, files[0].rows + files[1].rows + files[2].rows)

            // The default cyber view: 23,000 records, none flagged online; the page must say so, not "none imported".
            let cyber = try await CrimePictureReport.build(
                partnershipID: id, filter: CrimeFilter(fromQuarter: 20191, toQuarter: 20192), on: db)
            XCTAssertFalse(cyber.hasData)
            XCTAssertEqual(cyber.recordsOutsideScope, files.reduce(0) { $0 + $1.rows })

            // The board report says the same, rather than "no crime records have been imported".
            let report = try await BoardReport.build(partnershipID: id, quarter: 20192, on: db)
            XCTAssertNil(report.crime)
            XCTAssertEqual(report.recordsNotCyber, files[3].rows)
        }
    }

    /// A force extract with online flags, January to April: the board report for Apr–Jun holds April only, so
    /// far, and compares nothing; for Jan–Mar it compares nothing with the missing quarter before.
    func testBoardReportForAPartQuarterMakesNoComparison() async throws {
        try await withTestDatabase { db, hasher in
            let id = try await Fixture.partnership("durham", on: db, hasher: hasher).requireID()
            var rows: [String] = []
            for month in 1...4 {
                for n in 1...(20 + month * 5) {
                    let day = String(format: "%02d", n % 28 + 1)
                    rows.append(
                        "DUR/19/\(month)-\(n),2019-0\(month)-\(day),53A,Fraud by false representation,Y,65-74,person,N,,Under investigation,Phone call"
                    )
                }
            }
            let summary = try await CrimeImporter.run(
                source: MemoryByteSource(([SampleExtract.header] + rows).joined(separator: "\n") + "\n"),
                partnershipID: id,
                options: CrimeImportOptions(profile: .forceExtract, fileName: "x.csv", actor: .system("test")), on: db)
            XCTAssertEqual(summary.status, .imported, summary.message)
            // The extract was taken at the end of April but is not known to hold all of it: the coordinator
            // confirms it complete to April.
            try await CrimeCoverage.confirm(
                importID: summary.importID, partnershipID: id, completeTo: 201904, actor: .system("test"), on: db)

            let aprilReport = try await BoardReport.build(partnershipID: id, quarter: 20192, on: db)
            let april = try XCTUnwrap(aprilReport.crime)
            XCTAssertEqual(april.recorded, 40)
            XCTAssertEqual(april.incomplete, "Apr–Jun 2019 holds April only")
            XCTAssertNil(april.quarterOnQuarter)
            XCTAssertNil(april.yearOnYear)
            XCTAssertTrue(april.biggestChanges.isEmpty)
            XCTAssertEqual(april.trend.map(\.status).last, .partial(held: [201904]))

            let firstReport = try await BoardReport.build(partnershipID: id, quarter: 20191, on: db)
            let first = try XCTUnwrap(firstReport.crime)
            XCTAssertEqual(first.recorded, 25 + 30 + 35)
            XCTAssertNil(first.incomplete)
            XCTAssertNil(first.quarterOnQuarter)
            XCTAssertEqual(
                first.quarterOnQuarterNote,
                "Not compared: no data was imported for Oct–Dec 2018. Only complete quarters are compared.")
            XCTAssertNil(first.yearOnYear, "not \"a rise from none\": nothing was loaded for 2018")
            XCTAssertEqual(first.trend.map(\.status), [.none, .none, .none, .none, .complete])
        }
    }

    /// With a complete quarter before and after, the comparison is made, per day.
    func testCompleteQuartersAreComparedPerDay() async throws {
        try await withTestDatabase { db, hasher in
            let id = try await Fixture.partnership("durham", on: db, hasher: hasher).requireID()
            _ = try await Geography.load(files: ReferenceData.geographyFiles, on: db)
            let files = try Self.januaryToApril()
            // Oct–Dec 2018 as published, then Jan–Mar 2019.
            let autumn = try ["10", "11", "12"].map { m in
                let text = try String(contentsOfFile: ReferenceData.policeUK(m), encoding: .utf8)
                return (
                    month: 201800 + Int(m)!, text: text,
                    rows: text.split(separator: "\n").count - 1
                )
            }
            try await importFiles(autumn + files.prefix(3), into: id, on: db)

            let report = try await CrimePictureReport.build(
                partnershipID: id, filter: CrimeFilter(fromQuarter: 20191, toQuarter: 20191, scope: .all), on: db)

            let comparison = try XCTUnwrap(report.quarterOnQuarter)
            XCTAssertEqual(comparison.earlier, autumn.reduce(0) { $0 + $1.rows })
            XCTAssertEqual(comparison.later, files.prefix(3).reduce(0) { $0 + $1.rows })
            XCTAssertEqual([comparison.earlierDays, comparison.laterDays], [92, 90])
            XCTAssertNil(report.dispersion, "two quarters are too few to estimate the extra variation")
            XCTAssertEqual(comparison.method, .exactPoisson)
        }
    }

    /// A coordinator confirms an extract complete to a month, or says it is complete only to an earlier one.
    func testConfirmingAnExtractChangesWhichQuartersAreComplete() async throws {
        try await withTestDatabase { db, hasher in
            let id = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            let other = try await Fixture.partnership("beta", on: db, hasher: hasher).requireID()
            let summary = try await CrimeImporter.run(
                source: MemoryByteSource(SampleExtract.text), partnershipID: id,
                options: CrimeImportOptions(profile: .forceExtract, fileName: "x.csv", actor: .system("test")),
                on: db)
            var coverage = try await CrimeCoverage.load(partnershipID: id, on: db)
            XCTAssertEqual(coverage.status(ofQuarter: 20243), .complete, "imported long after September 2024")

            try await CrimeCoverage.confirm(
                importID: summary.importID, partnershipID: id, completeTo: 202408, actor: .system("test"), on: db)
            coverage = try await CrimeCoverage.load(partnershipID: id, on: db)
            XCTAssertEqual(coverage.status(ofQuarter: 20243), .partial(held: [202407, 202408, 202409]))
            XCTAssertEqual(coverage.describe(quarter: 20243), "holds July and August, and part of September")

            // Another partnership cannot touch this import; a month outside the file is refused.
            do {
                try await CrimeCoverage.confirm(
                    importID: summary.importID, partnershipID: other, completeTo: 202409, actor: .system("t"), on: db)
                XCTFail("another partnership's import")
            } catch is NotFound {}
            do {
                try await CrimeCoverage.confirm(
                    importID: summary.importID, partnershipID: id,
                    completeTo: Month.adding(1, to: UKTime.month(of: Date())),
                    actor: .system("t"), on: db)
                XCTFail("a month that has not ended")
            } catch let errors as FieldErrors {
                XCTAssertNotNil(errors.message(for: "complete-to"))
            }
        }
    }
}
