import FluentKit
import Foundation
import SQLKit
import TestSupport
import XCTest

@testable import SaferCyberCore

/// Issue 19, case 2: the survey's reporting shares describe individual victims aged 16 and over, so the reporting gap
/// starts from those records — recounted here straight from the stored records, not through the count tables — and
/// from every record only where the records say nothing about victims (data.police.uk), saying so.
final class ReportingGapTests: XCTestCase {
    func testTheEstimateStartsFromIndividualVictimsAged16AndOver() async throws {
        try await withTestDatabase { db, hasher in
            let id = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            var generator = ForceExtractGenerator(seed: 11, lsoaCodes: ["E01012304"])
            var text = ""
            generator.generate(firstMonth: 202501, quarters: 4, rowsPerQuarter: 400) { text += $0 }
            let summary = try await CrimeImporter.run(
                source: MemoryByteSource(text), partnershipID: id,
                options: CrimeImportOptions(profile: .forceExtract, fileName: "t.csv", actor: .system("test")), on: db)
            XCTAssertEqual(summary.status, .imported, summary.message)

            let gap = try await ReportingGap.build(partnershipID: id, fromQuarter: 20251, toQuarter: 20254, on: db)
            XCTAssertFalse(gap.themes.isEmpty)

            // The independent recount: records by theme, quarter, age band and victim type.
            let sourceKey = try await CrimeDictionary.existingSourceKey(partnershipID: id, on: db)
            let key = try XCTUnwrap(sourceKey)
            let dictionary = try await CrimeDictionary.load(sourceKey: key, on: db)
            let rows = try await db.sql.raw(
                """
                SELECT theme, month, age_band, victim_type, COUNT(*) AS n FROM crime_records
                WHERE source_key = \(bind: key) GROUP BY theme, month, age_band, victim_type
                """
            ).all()
            var adults: [String: Int] = [:]
            var outside: [String: Int] = [:]
            var unrecorded: [String: Int] = [:]
            var all: [String: Int] = [:]
            for row in rows {
                let month = try row.decode(column: "month", as: Int.self)
                let quarter = month / 100 * 10 + (month % 100 - 1) / 3 + 1
                let cell = "\(try row.decode(column: "theme", as: Int.self))|\(quarter)"
                let n = try row.decode(column: "n", as: Int.self)
                all[cell, default: 0] += n
                let age = try row.decode(column: "age_band", as: Int.self)
                let type = try row.decode(column: "victim_type", as: Int.self)
                let person = type == VictimType.person.rawValue
                if type == VictimType.unknown.rawValue || (person && age == AgeBand.unknown.rawValue) {
                    unrecorded[cell, default: 0] += n
                } else if person && age != AgeBand.under16.rawValue {
                    adults[cell, default: 0] += n
                } else {
                    outside[cell, default: 0] += n
                }
            }
            let themes = try await Theme.query(on: db).filter(\.$partnership.$id == id).all()
            var leftOut = 0
            for theme in gap.themes {
                let themeID = try XCTUnwrap(themes.first { $0.name == theme.name }?.id)
                let number = dictionary.existingNumber(.theme, themeID.uuidString) ?? -1
                for q in theme.quarters {
                    let cell = "\(number)|\(q.quarter)"
                    XCTAssertTrue(q.basedOnVictims, "\(theme.name) \(q.quarter)")
                    XCTAssertEqual(q.records, all[cell] ?? 0, "\(theme.name) \(q.quarter): all records")
                    // Adults aged 16+, with the unrecorded shared out in the proportion of the recorded.
                    let a = Double(adults[cell] ?? 0)
                    let x = Double(outside[cell] ?? 0)
                    let u = Double(unrecorded[cell] ?? 0)
                    let expected = a + (a + x > 0 ? u * a / (a + x) : 0)
                    XCTAssertEqual(q.reported, Int(expected.rounded()), "\(theme.name) \(q.quarter): victims 16+")
                    XCTAssertEqual(q.estimate, Int((expected * 100 / theme.ratio.central).rounded()))
                    if u > 0 { XCTAssertEqual(q.base, .adultsWithShare(unrecorded: Int(u))) }
                    leftOut += q.records - q.reported
                }
            }
            XCTAssertGreaterThan(leftOut, 0, "the generated records include businesses, children and unknown ages")
        }
    }

    /// Records that say nothing about victims (data.police.uk files never do; here a force extract with every
    /// victim age and type unrecorded): every record of the theme is the base, and the quarter says so.
    func testRecordsThatDoNotSayWhoTheVictimWasUseEveryRecordAndSaySo() async throws {
        try await withTestDatabase { db, hasher in
            let id = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            let header =
                "crime_reference,recorded_date,offence_code,offence_description,online_flag,victim_age_band,victim_type,repeat_victim,lsoa_code,outcome,modus_operandi"
            var lines = [header]
            for i in 0..<12 {
                lines.append(
                    "DUR/25/\(i),2025-0\(i % 3 + 4)-10,53A,Fraud by false representation,Y,unknown,,N,E01012304,Under investigation,Email"
                )
            }
            let summary = try await CrimeImporter.run(
                source: MemoryByteSource(lines.joined(separator: "\n") + "\n"), partnershipID: id,
                options: CrimeImportOptions(profile: .forceExtract, fileName: "t.csv", actor: .system("t")), on: db)
            XCTAssertEqual(summary.status, .imported, summary.message)
            let gap = try await ReportingGap.build(partnershipID: id, fromQuarter: 20252, toQuarter: 20252, on: db)
            let quarters = gap.themes.flatMap(\.quarters).filter { $0.records > 0 }
            XCTAssertEqual(quarters.map(\.records), [12], "the twelve fraud records")
            for q in quarters {
                XCTAssertFalse(q.basedOnVictims)
                XCTAssertEqual(q.reported, q.records)
            }
        }
    }

    /// A database that held records before the age × victim-type counts existed gets them from the migration, equal to
    /// what an import keeps.
    func testTheMigrationCountsRecordsAlreadyHeld() async throws {
        try await withTestDatabase { db, hasher in
            let id = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            var generator = ForceExtractGenerator(seed: 5, lsoaCodes: ["E01012304"])
            var text = ""
            generator.generate(firstMonth: 202501, quarters: 2, rowsPerQuarter: 200) { text += $0 }
            _ = try await CrimeImporter.run(
                source: MemoryByteSource(text), partnershipID: id,
                options: CrimeImportOptions(profile: .forceExtract, fileName: "t.csv", actor: .system("test")), on: db)
            let sourceKey = try await CrimeDictionary.existingSourceKey(partnershipID: id, on: db)
            let key = try XCTUnwrap(sourceKey)
            let kept = try await CrimeCounts.cells(sourceKey: key, on: db)
            XCTAssertTrue(kept.keys.contains { $0.dimension == CrimeDimension.ageByVictimType.rawValue })
            try await UpdateCrimeCountsAddAgeByVictimType().revert(on: db)
            let without = try await CrimeCounts.cells(sourceKey: key, on: db)
            XCTAssertFalse(without.keys.contains { $0.dimension == CrimeDimension.ageByVictimType.rawValue })
            try await UpdateCrimeCountsAddAgeByVictimType().prepare(on: db)
            let migrated = try await CrimeCounts.cells(sourceKey: key, on: db)
            XCTAssertEqual(migrated, kept)
        }
    }

    func testSurveyGroupReadsAgeAndTypeFromTheCrossedValue() {
        func v(_ age: AgeBand, _ type: VictimType) -> Int {
            CrimeDimension.ageByVictimTypeValue(ageBand: age.rawValue, victimType: type.rawValue)
        }
        let group = ReportingGap.surveyGroup([
            (v(.from16to24, .person), 3), (v(.over75, .person), 2), (v(.under16, .person), 5),
            (v(.unknown, .person), 7), (v(.from35to44, .business), 11), (v(.unknown, .unknown), 13),
        ])
        XCTAssertEqual(group.adults, 5)
        XCTAssertEqual(group.outside, 16)
        XCTAssertEqual(group.unrecorded, 20)
        // 5 adults of 21 recorded: the 20 unrecorded add 20 × 5/21.
        let (counted, base) = ReportingGap.base(records: 41, group: group)
        XCTAssertEqual(counted, 5 + 20.0 * 5 / 21, accuracy: 1e-9)
        XCTAssertEqual(base, .adultsWithShare(unrecorded: 20))
        // Review case: persons with no age recorded and nothing else: every record, said so (not 0).
        let noAges = ReportingGap.surveyGroup([(v(.unknown, .person), 60)])
        XCTAssertEqual(ReportingGap.base(records: 60, group: noAges).1, .allRecords)
        XCTAssertEqual(ReportingGap.base(records: 60, group: noAges).0, 60)
        XCTAssertEqual(ReportingGap.base(records: 8, group: (adults: 8, outside: 0, unrecorded: 0)).1, .adults)
    }
}
