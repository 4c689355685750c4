import FluentKit
import Foundation
import SQLKit
import TestSupport
import XCTest

@testable import SaferCyberCore

/// Issue 19 (left from the review): a quarter revised by a later import differed from its earlier version, so a
/// reader comparing the two (or an issued report with today's figures) could read a small count off the difference.
/// Roles without exact counts, indicators and the board report now read each complete quarter as first published.
final class CrimeEditionsTests: XCTestCase {
    static let header =
        "crime_reference,recorded_date,offence_code,offence_description,online_flag,victim_age_band,victim_type,repeat_victim,lsoa_code,outcome,modus_operandi"

    /// Imports online frauds on the given days (yyyy-mm-dd), references starting `prefix`, complete to `completeTo`.
    func importFrauds(_ days: [String], prefix: String, completeTo: Int, into id: UUID, on db: any Database)
        async throws
    {
        let rows = days.enumerated().map { index, day in
            "\(prefix)/\(index),\(day),53A,Fraud by false representation,Y,25-34,person,N,,Open,Phone call"
        }
        let summary = try await CrimeImporter.run(
            source: MemoryByteSource(([Self.header] + rows).joined(separator: "\n") + "\n"), partnershipID: id,
            options: CrimeImportOptions(profile: .forceExtract, fileName: "\(prefix).csv", actor: .system("test")),
            on: db)
        XCTAssertEqual(summary.status, .imported, summary.message)
        try await CrimeCoverage.confirm(
            importID: summary.importID, partnershipID: id, completeTo: completeTo, actor: .system("test"), on: db)
    }

    func total(_ id: UUID, _ from: Int, _ to: Int, _ edition: CrimeEdition, on db: any Database) async throws -> Int {
        try await CrimePictureReport.build(
            partnershipID: id, filter: CrimeFilter(fromQuarter: from, toQuarter: to, scope: .all), edition: edition,
            on: db
        ).total
    }

    func testAQuarterStaysAsPublishedUntilTheRevisionIsPublished() async throws {
        try await withTestDatabase { db, hasher in
            let id = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            // 7 frauds in Jan–Mar 2024 and 6 in Apr–Jun, complete to June.
            let first = (1...7).map { String(format: "2024-0%d-%02d", ($0 % 3) + 1, $0) }
            let second = (1...6).map { String(format: "2024-0%d-%02d", ($0 % 3) + 4, $0) }
            try await importFrauds(first + second, prefix: "A", completeTo: 202406, into: id, on: db)
            // Many readers at once publish each complete quarter once.
            async let a = CrimeCountReader(partnershipID: id, edition: .published, on: db)
            async let b = CrimeCountReader(partnershipID: id, edition: .published, on: db)
            _ = try await (a, b)
            let sql = db.sql
            let published = try await sql.raw("SELECT quarter FROM crime_published_quarters ORDER BY quarter").all()
                .map { try $0.decode(column: "quarter", as: Int.self) }
            XCTAssertEqual(published, [20241, 20242])

            let value1 = try await total(id, 20241, 20241, .published, on: db)
            XCTAssertEqual(value1, 7)
            let value2 = try await total(id, 20242, 20242, .published, on: db)
            XCTAssertEqual(value2, 6)

            // Pages that keep a result (the focus page for a viewer) key it on the fingerprint: every change of what
            // they read changes it.
            var fingerprints = [try await CrimeEditions.fingerprint(partnershipID: id, on: db)]
            let again = try await CrimeEditions.fingerprint(partnershipID: id, on: db)
            XCTAssertEqual(again, fingerprints[0])

            // A later extract adds 3 records to January and 2 to July (a quarter still being filled).
            try await importFrauds(
                ["2024-01-20", "2024-01-21", "2024-01-22", "2024-07-02", "2024-07-03"], prefix: "B", completeTo: 202407,
                into: id, on: db)
            fingerprints.append(try await CrimeEditions.fingerprint(partnershipID: id, on: db))
            // Exact-count roles see today's 10; the published edition keeps 7; July is read live ("so far").
            let value3 = try await total(id, 20241, 20241, .live, on: db)
            XCTAssertEqual(value3, 10)
            let value4 = try await total(id, 20241, 20241, .published, on: db)
            XCTAssertEqual(value4, 7)
            let value5 = try await total(id, 20241, 20243, .published, on: db)
            XCTAssertEqual(value5, 7 + 6 + 2, "published and live runs")
            let revised = try await CrimeEditions.revised(partnershipID: id, on: db)
            XCTAssertEqual(revised.map(\.quarter), [20241])

            // The coordinator publishes the revision: now the published edition says 10, and nothing is revised.
            let done = try await CrimeEditions.republish(partnershipID: id, by: .system("test"), on: db)
            XCTAssertEqual(done, [20241])
            fingerprints.append(try await CrimeEditions.fingerprint(partnershipID: id, on: db))
            let value6 = try await total(id, 20241, 20241, .published, on: db)
            XCTAssertEqual(value6, 10)
            let value7 = try await CrimeEditions.revised(partnershipID: id, on: db)
            XCTAssertEqual(value7, [])
            let audited = try await AuditEntry.query(on: db).filter(\.$entity == "crime-edition").count()
            XCTAssertEqual(audited, 1)

            // A rule change that gives every phone-call fraud another theme revises both published quarters; the
            // published edition keeps the themes as published.
            let before = try await CrimePictureReport.build(
                partnershipID: id, filter: CrimeFilter(fromQuarter: 20242, toQuarter: 20242, scope: .all),
                edition: .published, on: db
            ).byTheme.filter { $0.count > 0 }.map(\.label)
            let themes = try await Theme.query(on: db).filter(\.$partnership.$id == id).all()
            let other = try XCTUnwrap(themes.first { !before.contains($0.name) })
            let rule = try await CrimeRules.add(
                .init(kind: .moKeyword, pattern: "Phone", themeID: other.requireID(), cyber: nil),
                partnershipID: id, by: .system("test"), on: db)
            for _ in 0..<60 {  // first, before the offence-code rules
                try? await CrimeRules.change(
                    .moveUp, ruleID: rule.requireID(), partnershipID: id, by: .system("test"), on: db)
            }
            let result = try await CrimeRecords.reclassify(partnershipID: id, by: .system("test"), on: db)
            XCTAssertEqual(result.changed, 18)
            fingerprints.append(try await CrimeEditions.fingerprint(partnershipID: id, on: db))
            XCTAssertEqual(Set(fingerprints).count, fingerprints.count, "import, publication and rule change each")
            let byRule = try await CrimeEditions.revised(partnershipID: id, on: db)
            XCTAssertEqual(byRule.map(\.quarter), [20241, 20242], "every record was a phone-call fraud")
            let after = try await CrimePictureReport.build(
                partnershipID: id, filter: CrimeFilter(fromQuarter: 20242, toQuarter: 20242, scope: .all),
                edition: .published, on: db
            ).byTheme.filter { $0.count > 0 }.map(\.label)
            XCTAssertEqual(after, before, "as published until the coordinator publishes the revision")

        }
    }
}
