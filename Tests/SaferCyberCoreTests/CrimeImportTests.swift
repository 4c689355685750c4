import FluentKit
import Foundation
import SQLKit
import SaferCyberCore
import TestSupport
import XCTest

/// Reference data shipped in the repository (real public files, see reference-data/README.md).
enum ReferenceData {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("reference-data").path
    static var geographyFiles: [String] {
        [
            "lsoa11_ward19_lad19_durham_darlington.csv", "durham_darlington_imd2019.csv",
            "durham_darlington_population_mid2015.csv",
        ]
        .map { "\(root)/geography/\($0)" }
    }
    static func policeUK(_ month: String) -> String { "\(root)/police_uk/2018-\(month)-durham-street.csv" }
}

/// A small force extract written by hand for these tests.
enum SampleExtract {
    static let header =
        "crime_reference,recorded_date,offence_code,offence_description,online_flag,victim_age_band,victim_type,repeat_victim,lsoa_code,outcome,modus_operandi"
    static let rows = [
        "DUR/24/1,2024-04-03,53A,Fraud by false representation,Y,65-74,person,N,E01012304,Under investigation,\"Phone call from 'the bank', money moved\"",
        "DUR/24/2,2024-05-10,53A,Fraud by false representation,N,75+,person,Y,E01012305,Under investigation,Bought a puppy advertised on Facebook",
        "DUR/24/3,2024-05-11,53A,Fraud by false representation,N,45-54,person,N,E01012305,Under investigation,Doorstep trader took a deposit",
        "DUR/24/4,2024-07-01,CMA1,Computer misuse: unauthorised access,Y,16-24,person,N,E01020634,Offender charged,Account hacked",
        "DUR/24/5,2024-08-15,8R,Harassment,Y,under 16,person,N,E01020634,Local resolution,Messages on Snapchat",
        "DUR/24/6,2024-09-30,53A,Fraud by false representation,Y,unknown,business,N,,Under investigation,Invoice changed by email",
    ]
    static var text: String { ([header] + rows).joined(separator: "\n") + "\n" }
}

final class CrimeImportTests: XCTestCase {
    private func run(
        _ text: String, profile: CrimeProfile = .forceExtract, skip: Bool = false, partnershipID: UUID,
        on db: any Database
    ) async throws -> CrimeImportSummary {
        try await CrimeImporter.run(
            source: MemoryByteSource(text), partnershipID: partnershipID,
            options: CrimeImportOptions(
                profile: profile, fileName: "test.csv", skipBadRows: skip, actor: .system("test")), on: db)
    }

    private func recordCount(_ db: any Database) async throws -> Int {
        try await db.sql.raw("SELECT COUNT(*) AS n FROM crime_records").first()!.decode(
            column: "n", as: Int.self)
    }

    /// Recounts the records independently of both the importer's tallies and CrimeCounts.rebuild: reads every
    /// record and tallies its cells in Swift.
    private func independentRecount(_ db: any Database, sourceKey: Int) async throws -> [CrimeCounts.Cell: Int] {
        let rows = try await db.sql.raw(
            """
            SELECT r.month, r.theme, r.cyber, r.age_band, r.victim_type, r.repeat_victim, r.outcome, r.lsoa, r.basis, r.offence,
                   (SELECT d.number FROM geo_lsoas g JOIN crime_dictionary d ON d.source_key = r.source_key AND d.kind = 4
                    AND d.label = g.la_code WHERE g.number = r.lsoa) AS area
            FROM crime_records r WHERE r.source_key = \(bind: sourceKey)
            """
        ).all()
        var cells: [CrimeCounts.Cell: Int] = [:]
        for row in rows {
            func int(_ name: String) throws -> Int { try row.decode(column: name, as: Int.self) }
            let month = try int("month")
            let theme = try int("theme")
            let cyber = try int("cyber")
            let area = try row.decode(column: "area", as: Int?.self) ?? 0
            let quarterStart = month / 100 * 100 + (month % 100 - 1) / 3 * 3 + 1
            for (dimension, value, m) in [
                (0, 0, month), (1, try int("age_band"), quarterStart), (2, try int("victim_type"), quarterStart),
                (3, try int("repeat_victim"), quarterStart), (4, try int("outcome"), quarterStart),
                (5, try int("lsoa"), quarterStart), (6, try int("basis"), quarterStart),
                (7, try int("offence"), quarterStart), (8, try int("lsoa"), month / 100 * 100 + 1),
                // age band × victim type (issue 19's reporting gap): 16 × age + type
                (9, 16 * (try int("age_band")) + (try int("victim_type")), quarterStart),
            ] {
                cells[
                    CrimeCounts.Cell(
                        dimension: dimension, month: m, theme: theme, cyber: cyber, area: area, value: value),
                    default: 0] += 1
            }
        }
        return cells
    }

    func testForceExtractImportsClassifiesAndIsIdempotent() async throws {
        try await withTestDatabase { db, hasher in
            // setup
            let partnership = try await Fixture.partnership("alpha", on: db, hasher: hasher)
            let id = try partnership.requireID()
            _ = try await Geography.load(files: ReferenceData.geographyFiles, on: db)

            // act: import, then import the same file again
            let first = try await run(SampleExtract.text, partnershipID: id, on: db)
            let again = try await run(SampleExtract.text, partnershipID: id, on: db)

            // check
            XCTAssertEqual(first.status, .imported, first.message)
            XCTAssertEqual([first.rowsRead, first.inserted, first.updated, first.unchanged], [6, 6, 0, 0])
            XCTAssertEqual([again.inserted, again.updated, again.unchanged], [0, 0, 6])
            XCTAssertEqual(first.usedFastPath, db.isSQLite, "SQLite must use the C-API writer")
            let count = try await recordCount(db)
            XCTAssertEqual(count, 6)

            // Classification: flagged rows are police-flagged; DUR/24/2 (not flagged, "Facebook") is inferred;
            // DUR/24/3 (not flagged, no online words) is not cyber; the computer misuse row is cyber-dependent.
            let rows = try await db.sql.raw(
                "SELECT reference, cyber, basis, theme_rule, class_rule FROM crime_records ORDER BY reference"
            ).all()
            let classes = try rows.map {
                try
                    "\($0.decode(column: "reference", as: String.self)):\($0.decode(column: "cyber", as: Int.self))/\($0.decode(column: "basis", as: Int.self))"
            }
            XCTAssertEqual(
                classes,
                ["DUR/24/1:1/1", "DUR/24/2:1/2", "DUR/24/3:0/0", "DUR/24/4:2/1", "DUR/24/5:1/1", "DUR/24/6:1/1"])
            let explained = try rows.allSatisfy { try $0.decode(column: "theme_rule", as: Int.self) > 0 }
            XCTAssertTrue(explained, "every sample row matches a theme rule, and the record says which")

            // The maintained counts equal an independent recount.
            let key = try await CrimeCounts.sourceKey(partnershipID: id, on: db)!
            let stored = try await CrimeCounts.cells(sourceKey: key, on: db)
            let recount = try await independentRecount(db, sourceKey: key)
            XCTAssertEqual(stored, recount)
        }
    }

    func testCorrectedRecordUpdatesAndCountsFollow() async throws {
        try await withTestDatabase { db, hasher in
            let id = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            _ = try await Geography.load(files: ReferenceData.geographyFiles, on: db)
            _ = try await run(SampleExtract.text, partnershipID: id, on: db)

            // act: DUR/24/3 corrected (now online, different month and area); one new record
            var rows = SampleExtract.rows
            rows[2] =
                "DUR/24/3,2024-06-11,53A,Fraud by false representation,Y,45-54,person,N,E01020634,Offender charged,Doorstep trader took a deposit"
            rows.append(
                "DUR/24/7,2024-09-01,8Q,Stalking,Y,25-34,person,Y,E01012306,Under investigation,Tracked by an app")
            let summary = try await run(
                ([SampleExtract.header] + rows).joined(separator: "\r\n"), partnershipID: id, on: db)

            // check
            XCTAssertEqual([summary.inserted, summary.updated, summary.unchanged], [1, 1, 5], summary.message)
            let key = try await CrimeCounts.sourceKey(partnershipID: id, on: db)!
            let stored = try await CrimeCounts.cells(sourceKey: key, on: db)
            let recount = try await independentRecount(db, sourceKey: key)
            XCTAssertEqual(stored, recount)
            // Rebuilding from the records gives the same cells too.
            try await db.write { tx in try await CrimeCounts.rebuild(sourceKey: key, on: tx) }
            let rebuilt = try await CrimeCounts.cells(sourceKey: key, on: db)
            XCTAssertEqual(rebuilt, recount)
        }
    }

    func testRealPoliceUKFileImportsOnceOnly() async throws {
        try await withTestDatabase { db, hasher in
            let id = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            _ = try await Geography.load(files: ReferenceData.geographyFiles, on: db)
            let options = CrimeImportOptions(profile: .policeUKStreet, fileName: "2018-10", actor: .system("test"))

            let first = try await CrimeImporter.importFile(
                path: ReferenceData.policeUK("10"), partnershipID: id, options: options, on: db)
            let again = try await CrimeImporter.importFile(
                path: ReferenceData.policeUK("10"), partnershipID: id, options: options, on: db)

            // Reference values from Python's csv module over the same file: 6,611 rows, 1,372 of them
            // anti-social behaviour with no Crime ID, 30 located outside County Durham and Darlington.
            XCTAssertEqual(first.status, .imported, first.message)
            XCTAssertEqual([first.rowsRead, first.inserted], [6611, 6611])
            XCTAssertEqual([again.inserted, again.updated, again.unchanged], [0, 0, 6611])
            let report = try await CrimePictureReport.build(
                partnershipID: id, filter: CrimeFilter(fromQuarter: 20184, toQuarter: 20184, scope: .all), on: db)
            XCTAssertEqual(report.total, 6611)
            XCTAssertEqual(
                Dictionary(uniqueKeysWithValues: report.byArea.map { ($0.label, $0.count) }),
                ["County Durham": 5370, "Darlington": 1211, "Outside the loaded geography or no location": 30])
            XCTAssertEqual(
                report.byOffence.first, CrimePictureReport.Row(label: "Violence and sexual offences", count: 2195))
        }
    }

    func testMalformedFilesAreRefusedAndChangeNothing() async throws {
        try await withTestDatabase { db, hasher in
            let id = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            _ = try await run(SampleExtract.text, partnershipID: id, on: db)
            let key = try await CrimeCounts.sourceKey(partnershipID: id, on: db)!
            let countsBefore = try await CrimeCounts.cells(sourceKey: key, on: db)

            let header = SampleExtract.header
            let good = "DUR/25/9,2025-01-02,53A,Fraud,Y,65-74,person,N,E01012304,Under investigation,Call"
            let cases: [(String, String, String)] = [
                ("wrong header", "ref,date,what\nA,2024-01-01,x\n", "has no \"crime_reference\""),
                (
                    "bad date",
                    "\(header)\n\(good)\nDUR/25/10,31/02/2025,53A,Fraud,Y,65-74,person,N,E01012304,Open,Call\n",
                    "1 of 2 rows have problems"
                ),
                ("wrong column count", "\(header)\n\(good)\nDUR/25/11,2025-01-02,53A\n", "1 of 2 rows have problems"),
                ("binary junk", "\(header)\n\(good)\n\u{0}\u{1}\u{2}PK\u{3}\u{4}\n", "not text"),
                ("a zip file", "PK\u{3}\u{4}\u{14}\u{6}\u{FFFD}[Content_Types].xml", "not readable text"),
                ("empty file", "", "The file is empty"),
                ("10 MB single line", String(repeating: "x", count: 10 << 20), "longer than 64 KB"),
                (
                    "future date",
                    "\(header)\n\(good)\nDUR/25/12,2999-01-01,53A,Fraud,Y,65-74,person,N,E01012304,Open,Call\n",
                    "1 of 2 rows have problems"
                ),
                ("repeated reference", "\(header)\n\(good)\n\(good)\n", "1 of 2 rows have problems"),
            ]
            for (name, text, expected) in cases {
                // act
                let summary = try await run(text, partnershipID: id, on: db)
                // check: refused, explained, nothing changed
                XCTAssertEqual(summary.status, .refused, name)
                XCTAssertTrue(summary.message.contains(expected), "\(name): \(summary.message)")
                let count = try await recordCount(db)
                XCTAssertEqual(count, 6, name)
                let countsAfter = try await CrimeCounts.cells(sourceKey: key, on: db)
                XCTAssertEqual(countsAfter, countsBefore, name)
            }
            // Row problems carry line, column and reason, and are stored for download.
            let badDate = try await run(
                "\(header)\n\(good)\nDUR/25/10,31/02/2025,53A,Fraud,Y,65-74,person,N,E01012304,Open,Call\n",
                partnershipID: id, on: db)
            XCTAssertEqual(
                badDate.firstProblems,
                [
                    CrimeRejection(
                        line: 3, column: "recorded_date", value: "31/02/2025",
                        reason: "This is not a date. Use YYYY-MM-DD, DD/MM/YYYY or YYYY-MM.")
                ])
            let stored = try await CrimeImporter.rejections(importID: badDate.importID, on: db)
            XCTAssertEqual(stored, badDate.firstProblems)
            let history = try await CrimeImporter.history(partnershipID: id, on: db)
            XCTAssertEqual(history.count, 2 + cases.count)
            XCTAssertEqual(history.filter { $0.status == "refused" }.count, cases.count + 1)
        }
    }

    func testSkippingBadRowsImportsTheRest() async throws {
        try await withTestDatabase { db, hasher in
            let id = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            let text =
                SampleExtract.text
                + "DUR/24/8,2024-13-01,53A,Fraud,Y,65-74,person,N,E01012304,Open,Call\nDUR/24/9,2024-07-01,53A,Fraud,maybe,old,alien,N,XYZ,Open,Call\n"
            let summary = try await run(text, skip: true, partnershipID: id, on: db)
            XCTAssertEqual(summary.status, .imported)
            XCTAssertEqual([summary.inserted, summary.rejectedRows], [6, 2])
            // The second bad row has four problems, each reported against its column.
            XCTAssertEqual(
                summary.firstProblems.map(\.column),
                ["recorded_date", "online_flag", "victim_age_band", "victim_type", "lsoa_code"])
            XCTAssertEqual(summary.firstProblems.map(\.line), [8, 9, 9, 9, 9])
        }
    }
}

final class CrimeImportProfileTests: XCTestCase {
    /// A mapping saved for the street-level columns imports the real file too, the third profile kind.
    func testSavedMappingImportsTheRealStreetFile() async throws {
        try await withTestDatabase { db, hasher in
            let id = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            try await CrimeMappings.save(
                name: "Durham street",
                columns: [
                    .reference: "Crime ID", .recordedDate: "Month", .lsoa: "LSOA code",
                    .offenceDescription: "Crime type", .outcome: "Last outcome category",
                ],
                partnershipID: id, by: .system("test"), on: db)
            let profile = try await CrimeMappings.profile(named: "Durham street", partnershipID: id, on: db)
            let summary = try await CrimeImporter.importFile(
                path: ReferenceData.policeUK("11"), partnershipID: id,
                options: CrimeImportOptions(profile: profile, fileName: "2018-11", actor: .system("test")), on: db)
            // 6,272 rows in the November file (Python's csv module), 9 of them with no location.
            XCTAssertEqual(summary.status, .imported, summary.message)
            XCTAssertEqual([summary.rowsRead, summary.inserted], [6272, 6272])
        }
    }

    /// A 2021-vintage lookup (LSOA21CD, WD22CD, LAD22CD) places records with 2021 codes, and records imported
    /// before their LSOA was known move into place when the lookup arrives.
    func testLSOA2021VintageAndLateGeography() async throws {
        try await withTestDatabase { db, hasher in
            let id = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            let extract =
                SampleExtract.header
                + "\nDUR/25/1,2025-02-03,53A,Fraud by false representation,Y,65-74,person,N,E01035001,Open,Email\n"
            _ = try await CrimeImporter.run(
                source: MemoryByteSource(extract), partnershipID: id,
                options: CrimeImportOptions(profile: .forceExtract, fileName: "x.csv", actor: .system("test")), on: db)
            var report = try await CrimePictureReport.build(
                partnershipID: id, filter: CrimeFilter(fromQuarter: 20251, toQuarter: 20251), on: db)
            XCTAssertEqual(report.byArea.map(\.label), ["Outside the loaded geography or no location"])

            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let lookup = folder.appendingPathComponent("lsoa21.csv")
            try
                "LSOA21CD,LSOA21NM,WD22CD,WD22NM,LAD22CD,LAD22NM\nE01035001,Newtown 001A,E05099999,Newtown Central,E06099999,Newtown\n"
                .write(to: lookup, atomically: true, encoding: .utf8)
            let loaded = try await Geography.load(files: [lookup.path], on: db)
            XCTAssertEqual(loaded.lookupRows, 1)

            report = try await CrimePictureReport.build(
                partnershipID: id, filter: CrimeFilter(fromQuarter: 20251, toQuarter: 20251), on: db)
            XCTAssertEqual(report.byArea.map(\.label), ["Newtown"])
            XCTAssertEqual(report.byWard.first?.label, "Newtown Central, Newtown")
        }
    }

    /// Issue 19, case 3: the 65-and-over rate divided victims aged 65+ by residents aged 60+. With the IoD2019
    /// population (0–15, 16–59, 60+) no 65+ or under-25 rate is given; with ONS estimates by single year of age (persons
    /// "0" … "90+", or by sex "F0" … "M90") both are, over residents of exactly those ages, recounted here year by year.
    func testRatesDivideByResidentsOfTheSameAges() async throws {
        try await withTestDatabase { db, hasher in
            let id = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            let extract =
                SampleExtract.header
                + "\nDUR/25/1,2025-02-03,53A,Fraud by false representation,Y,65-74,person,N,E01035001,Open,Email"
                + "\nDUR/25/2,2025-02-04,53A,Fraud by false representation,Y,75+,person,N,E01035002,Open,Email"
                + "\nDUR/25/3,2025-02-05,53A,Fraud by false representation,Y,16-24,person,N,E01035002,Open,Email\n"
            _ = try await CrimeImporter.run(
                source: MemoryByteSource(extract), partnershipID: id,
                options: CrimeImportOptions(profile: .forceExtract, fileName: "x.csv", actor: .system("test")), on: db)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let lookup = folder.appendingPathComponent("lookup.csv")
            try
                "LSOA21CD,LSOA21NM,WD22CD,WD22NM,LAD22CD,LAD22NM\nE01035001,Newtown 001A,E05099999,Central,E06099999,Newtown\nE01035002,Newtown 001B,E05099999,Central,E06099999,Newtown\n"
                .write(to: lookup, atomically: true, encoding: .utf8)
            let iod = folder.appendingPathComponent("iod.csv")
            try
                "LSOA code (2011),LSOA name (2011),Total population: mid 2015 (excluding prisoners),Dependent Children aged 0-15: mid 2015 (excluding prisoners),Population aged 16-59: mid 2015 (excluding prisoners),Older population aged 60 and over: mid 2015 (excluding prisoners)\nE01035001,Newtown 001A,\"1,000\",200,500,300\nE01035002,Newtown 001B,800,100,400,300\n"
                .write(to: iod, atomically: true, encoding: .utf8)
            _ = try await Geography.load(files: [lookup.path, iod.path], on: db)
            let filter = CrimeFilter(fromQuarter: 20251, toQuarter: 20251, scope: .all)
            var report = try await CrimePictureReport.build(partnershipID: id, filter: filter, on: db)
            XCTAssertEqual(report.olderPeople.count, 2)
            XCTAssertNil(report.olderPeople.population, "no 65+ rate from a 60+ population")
            XCTAssertNil(report.youngPeople.population)
            XCTAssertEqual(report.under16.population, 300)

            // Single years of age: a deterministic spread of residents per year, persons for one LSOA and women and men
            // for the other; the expected bands are recounted independently from the same numbers.
            func residents(_ lsoa: Int, _ age: Int) -> Int { (age * 7 + lsoa * 13) % 23 + 1 }
            let ages = (0...89).map(String.init) + ["90+"]
            var persons = "LSOA Code,LSOA Name,LA Code (2021 boundaries),All Ages," + ages.joined(separator: ",") + "\n"
            let first = (0...90).map { residents(1, $0) }
            persons +=
                "E01035001,Newtown 001A,E06099999,\(first.reduce(0, +)),"
                + first.map(String.init).joined(separator: ",")
            let persFile = folder.appendingPathComponent("sape-persons.csv")
            try (persons + "\n").write(to: persFile, atomically: true, encoding: .utf8)
            var bySex =
                "LAD 2021 Code,LSOA 2021 Code,Total,"
                + ((0...89).map { "F\($0)" } + ["F90"] + (0...89).map { "M\($0)" } + ["M90"]).joined(separator: ",")
                + "\n"
            let women = (0...90).map { residents(2, $0) }
            let men = (0...90).map { residents(3, $0) }
            bySex +=
                "E06099999,E01035002,\(women.reduce(0, +) + men.reduce(0, +)),"
                + (women + men).map(String.init).joined(separator: ",") + "\n"
            let sexFile = folder.appendingPathComponent("sape-sex.csv")
            try bySex.write(to: sexFile, atomically: true, encoding: .utf8)
            let loaded = try await Geography.load(files: [persFile.path, sexFile.path], on: db)
            XCTAssertEqual(loaded.populationRows, 2)

            var expectedUnder25 = 0
            var expected65 = 0
            var expectedChildren = 0
            for age in 0...90 {
                let year = first[age] + women[age] + men[age]
                if age <= 24 { expectedUnder25 += year }
                if age >= 65 { expected65 += year }
                if age <= 15 { expectedChildren += year }
            }
            report = try await CrimePictureReport.build(partnershipID: id, filter: filter, on: db)
            XCTAssertEqual(report.olderPeople.population, expected65)
            XCTAssertEqual(report.youngPeople.population, expectedUnder25)
            XCTAssertEqual(report.under16.population, expectedChildren)
            XCTAssertEqual(report.olderPeople.rate ?? 0, 2.0 * 1000 / Double(expected65), accuracy: 1e-9)
        }
    }
}
