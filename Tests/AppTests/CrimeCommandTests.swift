import Fluent
import Foundation
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

final class CrimeCommandTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    private func run(_ arguments: [String], dataDir: String) throws -> (Int32, String) {
        try CLI.run(arguments, dataDir: dataDir)
    }

    func testImportCommandExitsZeroOnlyWhenImported() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sc-cli-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (created, _) = try run(["partnership", "create", "--slug", "north", "--name", "North"], dataDir: folder)
        XCTAssertEqual(created, 0)

        let (good, goodOutput) = try run(
            [
                "import", "crimes", "docs/examples/force-extract-example.csv", "--profile", "force-extract",
                "--partnership", "north",
            ], dataDir: folder)
        XCTAssertEqual(good, 0, goodOutput)
        XCTAssertTrue(goodOutput.contains("Imported 4 rows: 4 new, 0 updated, 0 unchanged."), goodOutput)

        let bad = folder + "/bad.csv"
        try
            (CrimeProfile.forceExtractColumns.map(\.1).joined(separator: ",")
            + "\nDUR/1,2024-02-30,53A,Fraud,Y,65-74,person,N,,Open,Call\n").write(
                toFile: bad, atomically: true, encoding: .utf8)
        let (refused, refusedOutput) = try run(
            ["import", "crimes", bad, "--profile", "force-extract", "--partnership", "north"], dataDir: folder)
        XCTAssertEqual(refused, 1)
        XCTAssertTrue(refusedOutput.contains("line 2, recorded_date: This is not a date."), refusedOutput)
        XCTAssertTrue(
            refusedOutput.contains("safercyber: Nothing was imported: 1 of 1 rows have problems."), refusedOutput)
    }

    func testDemoGetsTwoYearsOfCrimeAndTheRealStreetMonths() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sc-demo-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let app = try await Application.make(.testing)
        try await configure(
            app,
            config: AppConfig(
                database: .sqliteFile(path: folder + "/safercyber.sqlite"), dataDirectory: folder, bcryptCost: 4))
        try await app.prepareDatabase()
        try await DemoPartnership.load(on: app.db, hasher: app.passwordHasher)
        let today = ISO8601DateFormatter().date(from: "2026-11-23T12:00:00Z")!
        let loaded = try await DemoCrimeData.load(
            referenceData: Self.root.appendingPathComponent("reference-data").path, on: app.db, today: today)
        XCTAssertTrue(loaded)
        let again = try await DemoCrimeData.load(
            referenceData: Self.root.appendingPathComponent("reference-data").path, on: app.db, today: today)
        XCTAssertTrue(again)

        let demo = try await Partnerships.find(on: app.db, slug: "demo")!
        let history = try await CrimeImporter.history(partnershipID: demo.requireID(), on: app.db)
        XCTAssertEqual(history.count, 4, "one generated extract and three street-level months, loaded once")
        let report = try await CrimePictureReport.build(
            partnershipID: demo.requireID(), filter: CrimeFilter(fromQuarter: 20244, toQuarter: 20263), on: app.db)
        let perQuarter = Double(report.total) / 8
        XCTAssertTrue((650...850).contains(perQuarter), "about 740 cyber-related records a quarter, got \(perQuarter)")
        let street = try await CrimePictureReport.build(
            partnershipID: demo.requireID(), filter: CrimeFilter(fromQuarter: 20184, toQuarter: 20184, scope: .all),
            on: app.db)
        XCTAssertEqual(street.total, 6611 + 6272 + 6000)
        try await app.asyncShutdown()
    }

    func testReportCommandWritesAPrintableFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sc-report-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (created, _) = try run(
            ["partnership", "create", "--slug", "north", "--name", "North Partnership"], dataDir: folder)
        XCTAssertEqual(created, 0)
        let out = folder + "/report.html"
        let csv = folder + "/figures.csv"
        let (code, output) = try run(["report", "--quarter", "2026Q3", "--out", out, "--csv", csv], dataDir: folder)
        XCTAssertEqual(code, 0, output)
        // A council's year starts in April: July–September is its second quarter.
        XCTAssertTrue(output.contains("Wrote the Q2 2026–27 (Jul–Sep 2026) board report for North Partnership"), output)
        let html = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertTrue(html.contains("Board report, Q2 2026–27 (Jul–Sep 2026)"))
        XCTAssertTrue(
            html.contains("<style>") && html.contains("@page{size:A4"), "the stylesheet travels inside the file")
        XCTAssertFalse(html.contains("site.css"))
        XCTAssertFalse(html.contains("Sign out"))
        XCTAssertTrue(
            try String(contentsOfFile: csv, encoding: .utf8).contains(
                "\"Q2 2026–27 (Jul–Sep 2026)\",\"Delivery\",\"Sessions delivered\"")
        )
        // The reporting year's own names: its Q3 is October–December, with the year to date from April.
        let (third, thirdOutput) = try run(["report", "--quarter", "2026-27Q3", "--out", out], dataDir: folder)
        XCTAssertEqual(third, 0, thirdOutput)
        XCTAssertTrue(thirdOutput.contains("Wrote the Q3 2026–27 (Oct–Dec 2026) board report"), thirdOutput)
        let thirdHTML = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertTrue(thirdHTML.contains("Year to date: Q1 to Q3 2026–27 (Apr–Dec 2026)"), thirdHTML)

        let (bad, badOutput) = try run(["report", "--quarter", "autumn", "--out", out], dataDir: folder)
        XCTAssertEqual(bad, 1)
        XCTAssertTrue(badOutput.contains("like --quarter 2026Q3"), badOutput)
    }
}
