import Fluent
import SQLKit
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

final class CrimePictureRouteTests: XCTestCase {
    static let example = try! String(
        contentsOfFile: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
                "docs/examples/force-extract-example.csv"
            ).path,
        encoding: .utf8)

    private func recordCount(_ app: Application) async throws -> Int {
        try await app.db.sql.raw("SELECT COUNT(*) AS n FROM crime_records").first()!.decode(
            column: "n", as: Int.self)
    }

    func testUploadImportsTheFileAndShowsTheResult() async throws {
        try await withApp { app in
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let analyst = Browser(app)
            try await analyst.signIn("analyst@alpha.test")
            try await analyst.get("/app/p/alpha/crime/imports")

            // No token: refused, nothing imported.
            let forged = try await analyst.upload(
                "/app/p/alpha/crime/imports", ["profile": "force-extract"], fileField: "file",
                fileName: "x.csv", content: Self.example, csrf: "")
            XCTAssertEqual(forged.status, .forbidden)
            let none = try await recordCount(app)
            XCTAssertEqual(none, 0)

            // The example file imports and the result page says so.
            let sent = try await analyst.upload(
                "/app/p/alpha/crime/imports", ["profile": "force-extract"], fileField: "file",
                fileName: "force-extract-example.csv", content: Self.example)
            XCTAssertEqual(sent.status, .seeOther)
            let result = try await analyst.get(try XCTUnwrap(sent.location))
            XCTAssertTrue(result.body.contains("Imported 4 rows: 4 new, 0 updated, 0 unchanged."), result.body)
            let four = try await recordCount(app)
            XCTAssertEqual(four, 4)

            // A file with the wrong columns is refused with the reason, and the history shows both.
            try await analyst.get("/app/p/alpha/crime/imports")
            let wrong = try await analyst.upload(
                "/app/p/alpha/crime/imports", ["profile": "force-extract"], fileField: "file",
                fileName: "street.csv", content: "Crime ID,Month\nabc,2024-01\n")
            let refused = try await analyst.get(try XCTUnwrap(wrong.location))
            XCTAssertTrue(refused.body.contains("Not imported: nothing was changed"))
            XCTAssertTrue(
                refused.body.contains("has no &quot;crime_reference&quot;")
                    || refused.body.contains("has no \"crime_reference\""))
            let history = try await analyst.get("/app/p/alpha/crime/imports")
            XCTAssertTrue(history.body.contains("force-extract-example.csv") && history.body.contains("street.csv"))

            // Choosing no file is explained on the form.
            let empty = try await analyst.upload(
                "/app/p/alpha/crime/imports", ["profile": "force-extract"], fileField: "file",
                fileName: "", content: "")
            XCTAssertEqual(empty.status, .unprocessableEntity)
            XCTAssertTrue(empty.body.contains("Choose a CSV file to import"))
        }
    }

    func testViewerSeesSmallCountsSuppressedAnalystSeesThem() async throws {
        try await withApp { app in
            let partnership = try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let imported = try await CrimeImporter.run(
                source: MemoryByteSource(Self.example), partnershipID: partnership.requireID(),
                options: CrimeImportOptions(profile: .forceExtract, fileName: "e.csv", actor: .system("test")),
                on: app.db)
            // The example's records fall in July; the coordinator confirms the extract covers all of Jul–Sep.
            try await CrimeCoverage.confirm(
                importID: imported.importID, partnershipID: partnership.requireID(), completeTo: 202609,
                actor: .system("test"), on: app.db)
            let viewer = Browser(app)
            let analyst = Browser(app)
            try await viewer.signIn("viewer@alpha.test")
            try await analyst.signIn("analyst@alpha.test")

            let hidden = try await viewer.get("/app/p/alpha/crime?from=20263&to=20263")
            let shown = try await analyst.get("/app/p/alpha/crime?from=20263&to=20263")
            XCTAssertEqual(hidden.status, .ok)
            // All four example records are cyber-related (the harassment one is not flagged, but "Snapchat" makes it inferred).
            let quarterRow = #"<th scope="row">Jul–Sep 2026</th><td class="numeric">"#
            // Four records, each a "<5" row of the offences table, would add up to exactly 4: the quarter and the
            // total are withheld ("[c]") rather than shown as "<5" (issue 19, secondary suppression).
            XCTAssertTrue(hidden.body.contains(quarterRow + "[c]<"), "viewer sees the quarter withheld")
            XCTAssertFalse(hidden.body.contains(quarterRow + "4<"), "viewer must not see the 4")
            XCTAssertTrue(shown.body.contains(quarterRow + "4<"), "analyst sees the exact count")
            let csv = try await viewer.get("/app/p/alpha/crime/export.csv?table=quarters&from=20263&to=20263")
            XCTAssertEqual(csv.headers.first(name: .contentType), "text/csv; charset=utf-8")
            XCTAssertTrue(
                csv.body.contains("\"Jul–Sep 2026\",\"[c]\""), csv.body.replacingOccurrences(of: "\r\n", with: " | "))
            let exact = try await analyst.get("/app/p/alpha/crime/export.csv?table=quarters&from=20263&to=20263")
            XCTAssertTrue(exact.body.contains("\"Jul–Sep 2026\",\"4\""), exact.body)
        }
    }

    /// Issue 19: a part-covered quarter says so and is not compared; the coordinator confirms the extract
    /// complete on the import's page, and the quarter becomes complete.
    func testPartQuarterIsSaidAndConfirmingMakesItComplete() async throws {
        try await withApp { app in
            let partnership = try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let imported = try await CrimeImporter.run(
                source: MemoryByteSource(Self.example), partnershipID: partnership.requireID(),
                options: CrimeImportOptions(profile: .forceExtract, fileName: "e.csv", actor: .system("test")),
                on: app.db)
            let coordinator = Browser(app)
            try await coordinator.signIn("coordinator@alpha.test")

            let before = try await coordinator.get("/app/p/alpha/crime?from=20263&to=20263&scope=all")
            XCTAssertTrue(before.body.contains("Jul–Sep 2026 holds July only"), before.body)
            XCTAssertTrue(before.body.contains("so far (1 of 3 months)"))

            let path = "/app/p/alpha/crime/imports/\(imported.importID.uuidString)"
            let page = try await coordinator.get(path)
            XCTAssertTrue(page.body.contains("Which months does this file hold in full?"))
            let refused = try await coordinator.post(path, ["complete-to": "203001"])
            XCTAssertEqual(refused.status, .unprocessableEntity)
            XCTAssertTrue(refused.body.contains("the last month that had ended when it was imported"))
            let saved = try await coordinator.post(path, ["complete-to": "202609"])
            XCTAssertEqual(saved.status, .seeOther)

            let after = try await coordinator.get("/app/p/alpha/crime?from=20263&to=20263&scope=all")
            XCTAssertFalse(after.body.contains("holds July only"))
            XCTAssertFalse(after.body.contains("so far (1 of 3 months)"))
            let audit = try await AuditEntry.query(on: app.db).filter(\.$summary ~~ "complete to September 2026")
                .count()
            XCTAssertEqual(audit, 1)
        }
    }

    func testRejectedRowsDownloadAndFocusWeightsForm() async throws {
        try await withApp { app in
            let partnership = try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let bad = Self.example + "DUR/26/9,2026-13-01,53A,Fraud,Y,65-74,person,N,E01012304,Open,Call\n"
            let summary = try await CrimeImporter.run(
                source: MemoryByteSource(bad), partnershipID: partnership.requireID(),
                options: CrimeImportOptions(profile: .forceExtract, fileName: "bad.csv", actor: .system("test")),
                on: app.db)
            XCTAssertEqual(summary.status, .refused)
            let coordinator = Browser(app)
            try await coordinator.signIn("coordinator@alpha.test")
            let csv = try await coordinator.get(
                "/app/p/alpha/crime/imports/\(summary.importID.uuidString)/rejections.csv")
            XCTAssertTrue(csv.body.contains("\"6\",\"recorded_date\",\"2026-13-01\",\"This is not a date."), csv.body)
            let logged = try await AuditEntry.query(on: app.db).filter(\.$action == "export").count()
            XCTAssertEqual(logged, 1)

            try await coordinator.get("/app/p/alpha/crime/focus")
            let invalid = try await coordinator.post(
                "/app/p/alpha/crime/settings", ["return": "focus", "trendWeight": "9"])
            XCTAssertEqual(invalid.status, .unprocessableEntity)
            XCTAssertTrue(invalid.body.contains("Enter a trend weight from 0 to 5"))
            let saved = try await coordinator.post(
                "/app/p/alpha/crime/settings", ["return": "focus", "trendWeight": "1", "vulnerability-schools": "2"])
            XCTAssertEqual(saved.status, .seeOther)
            let settings = try await CrimeSettingsStore.load(partnershipID: partnership.requireID(), on: app.db)
            XCTAssertEqual(settings.trendWeight, 1)
            XCTAssertEqual(settings.vulnerability(.schools), 2)
        }
    }

    func testColumnMappingChosenFromTheHeader() async throws {
        try await withApp { app in
            let partnership = try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let analyst = Browser(app)
            try await analyst.signIn("analyst@alpha.test")
            try await analyst.get("/app/p/alpha/crime/mappings")
            let header = "URN,Date Recorded,HO Code,Offence,Cyber Flag,Victim Age,LSOA,Outcome,Summary"
            let step2 = try await analyst.post("/app/p/alpha/crime/mappings", ["action": "header", "header": header])
            XCTAssertEqual(step2.status, .ok)
            XCTAssertTrue(
                step2.body.contains(#"<option value="Date Recorded" selected>"#), "the date column is guessed")
            let saved = try await analyst.post(
                "/app/p/alpha/crime/mappings",
                [
                    "action": "save", "header": header, "name": "Northshire", "reference": "URN",
                    "recordedDate": "Date Recorded",
                    "offenceCode": "HO Code", "offenceDescription": "Offence", "onlineFlag": "Cyber Flag",
                    "victimAgeBand": "Victim Age",
                    "lsoa": "LSOA", "outcome": "Outcome", "modusOperandi": "Summary",
                ])
            XCTAssertEqual(saved.status, .seeOther)
            let profile = try await CrimeMappings.profile(
                named: "Northshire", partnershipID: partnership.requireID(), on: app.db)
            let file =
                header
                + "\nN/1,03/07/2026,53A,Fraud by false representation,Y,75+,E01012304,Open,Email from a fake bank\n"
            let summary = try await CrimeImporter.run(
                source: MemoryByteSource(file), partnershipID: partnership.requireID(),
                options: CrimeImportOptions(profile: profile, fileName: "n.csv", actor: .system("test")), on: app.db)
            XCTAssertEqual(summary.status, .imported, summary.message)
            XCTAssertEqual(summary.inserted, 1)
        }
    }

    /// Issue 19, case 2: the partnership can use its own evidence of how much is reported, with its source, in place
    /// of the national survey's share — and add a share for a theme the survey does not cover. A share without a
    /// source is refused.
    func testLocalReportingEvidenceReplacesTheNationalShareWithItsSource() async throws {
        try await withApp { app in
            let partnership = try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            _ = try await CrimeImporter.run(
                source: MemoryByteSource(Self.example), partnershipID: partnership.requireID(),
                options: CrimeImportOptions(profile: .forceExtract, fileName: "e.csv", actor: .system("test")),
                on: app.db)
            let analyst = Browser(app)
            try await analyst.signIn("analyst@alpha.test")
            let path = "/app/p/alpha/crime/reporting-gap"
            let page = try await analyst.get(path)
            XCTAssertTrue(page.body.contains("individual victims aged 16 and over"))
            // The themes without a published share get a blank row each, after the national ones.
            let rows = page.body.matches(of: #/name="ratio-(\d+)-theme" value="([^"]+)"/#)
            XCTAssertGreaterThan(rows.count, 2, "the two national shares and at least one blank")
            let blank = try XCTUnwrap(rows.last?.output)
            let blankIndex = String(blank.1)
            let blankTheme = String(blank.2)
            XCTAssertTrue(page.body.contains("No published reporting ratio for: \(blankTheme)"), page.body)

            let refused = try await analyst.post(
                "/app/p/alpha/crime/settings",
                [
                    "return": "gap", "ratio-0-central": "20", "ratio-0-low": "18", "ratio-0-high": "22",
                    "ratio-0-source": " ",
                ])
            XCTAssertEqual(refused.status, .unprocessableEntity)
            XCTAssertTrue(refused.body.contains("Say where the shares for"))

            let saved = try await analyst.post(
                "/app/p/alpha/crime/settings",
                [
                    "return": "gap", "ratio-0-central": "20", "ratio-0-low": "18", "ratio-0-high": "22",
                    "ratio-0-source": "Alpha residents survey, spring 2026", "ratio-0-sourceURL": "",
                    "ratio-\(blankIndex)-theme": blankTheme, "ratio-\(blankIndex)-central": "25",
                    "ratio-\(blankIndex)-source": "Alpha victim service, 2025",
                ])
            XCTAssertEqual(saved.status, .seeOther, saved.body)
            let after = try await analyst.get(path)
            XCTAssertTrue(
                after.body.contains("Source: Alpha residents survey, spring 2026."), "no link when none given")
            XCTAssertTrue(after.body.contains("<h2>\(blankTheme)</h2>"), "the local share gives the theme an estimate")
            XCTAssertTrue(after.body.contains("Alpha victim service, 2025"))
            XCTAssertFalse(after.body.contains("No published reporting ratio for: \(blankTheme)"))
            let settings = try await CrimeSettingsStore.load(partnershipID: partnership.requireID(), on: app.db)
            XCTAssertEqual(settings.ratios.first { $0.themeName == blankTheme }?.central, 25)
            XCTAssertEqual(settings.ratios.first { $0.themeName == blankTheme }?.low, 25, "one share: low = central")

            // A source has a length limit, and the typed values come back with the error.
            let long = try await analyst.post(
                "/app/p/alpha/crime/settings",
                [
                    "return": "gap", "ratio-0-central": "20", "ratio-0-low": "18", "ratio-0-high": "22",
                    "ratio-0-source": String(repeating: "x", count: 400),
                ])
            XCTAssertEqual(long.status, .unprocessableEntity)
            XCTAssertTrue(long.body.contains("300 characters or fewer"))
            XCTAssertTrue(long.body.contains(String(repeating: "x", count: 400)), "what was typed is kept")

            // A local share emptied on the form is removed; the theme goes back to having none.
            let saved2 = try await CrimeSettingsStore.load(partnershipID: partnership.requireID(), on: app.db)
            let localIndex = try XCTUnwrap(saved2.ratios.firstIndex { $0.themeName == blankTheme })
            let emptied = try await analyst.post(
                "/app/p/alpha/crime/settings",
                [
                    "return": "gap", "ratio-\(localIndex)-theme": blankTheme, "ratio-\(localIndex)-central": "",
                    "ratio-\(localIndex)-low": "", "ratio-\(localIndex)-high": "", "ratio-\(localIndex)-source": "",
                    "ratio-\(localIndex)-sourceURL": "",
                ])
            XCTAssertEqual(emptied.status, .seeOther, emptied.body)
            let removed = try await CrimeSettingsStore.load(partnershipID: partnership.requireID(), on: app.db)
            XCTAssertNil(removed.ratios.first { $0.themeName == blankTheme })
            XCTAssertEqual(removed.ratios.count, saved2.ratios.count - 1)
        }
    }

    /// Issue 19 review finding: the board report summed the reporting-gap counts of every theme, and the
    /// reporting-gap page shows each theme's, so a theme's "<5" came back as the total less the others. The estimate
    /// is left out of the board report while any theme's count is small; with none small it is shown.
    func testBoardReportEstimateDoesNotGiveBackASmallThemeCount() async throws {
        for (misuse, shown) in [(3, false), (6, true)] {
            try await withApp { app in
                let partnership = try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
                var lines = [
                    "crime_reference,recorded_date,offence_code,offence_description,online_flag,victim_age_band,victim_type,repeat_victim,lsoa_code,outcome,modus_operandi"
                ]
                for i in 0..<30 {
                    lines.append(
                        "F/\(i),2025-08-1\(i % 9),53A,Fraud by false representation,Y,35-44,person,N,E01012304,Under investigation,Email"
                    )
                }
                for i in 0..<misuse {
                    lines.append(
                        "C/\(i),2025-08-1\(i % 9),CMA1,Computer misuse: unauthorised access,Y,25-34,person,N,E01012304,Under investigation,Hacked"
                    )
                }
                let imported = try await CrimeImporter.run(
                    source: MemoryByteSource(lines.joined(separator: "\n") + "\n"),
                    partnershipID: partnership.requireID(),
                    options: CrimeImportOptions(profile: .forceExtract, fileName: "q.csv", actor: .system("test")),
                    on: app.db)
                try await CrimeCoverage.confirm(
                    importID: imported.importID, partnershipID: partnership.requireID(), completeTo: 202509,
                    actor: .system("test"), on: app.db)
                let coordinator = Browser(app)
                try await coordinator.signIn("coordinator@alpha.test")
                let report = try await coordinator.get("/app/p/alpha/report?quarter=20253")
                XCTAssertEqual(report.status, .ok)
                XCTAssertEqual(
                    report.body.contains("records counted for the reporting gap"), shown,
                    "computer misuse \(misuse): the estimate \(shown ? "is" : "is not") shown")
                let gap = try await coordinator.get("/app/p/alpha/crime/reporting-gap")
                XCTAssertEqual(gap.status, .ok)
            }
        }
    }
}
