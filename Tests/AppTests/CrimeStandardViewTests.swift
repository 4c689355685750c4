import Fluent
import Foundation
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

/// Issue 19 (left open in stop 34): a viewer could compare two filtered crime-picture views — one theme against all
/// themes — and get a "<5" back by subtraction. Roles without exact counts now see Core's standard view only.
final class CrimeStandardViewTests: XCTestCase {
    /// 3 online frauds and 40 online harassment records in Jan–Mar 2024, complete.
    private func load(_ app: Application) async throws -> UUID {
        let id = try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher).requireID()
        let frauds = (0..<3).map {
            "DUR/24/F\($0),2024-01-1\($0),53A,Fraud by false representation,Y,35-44,person,N,,Open,Phone call"
        }
        let others = (0..<40).map {
            "DUR/24/H\($0),2024-0\($0 % 3 + 1)-\(String(format: "%02d", $0 % 28 + 1)),8L,Harassment,Y,25-34,person,N,,Open,Snapchat messages"
        }
        try await SampleExtractHeader.importRows(frauds + others, into: id, completeTo: 202403, on: app.db)
        return id
    }

    func testAViewerCannotSubtractATheme() async throws {
        try await withApp { app in
            let id = try await load(app)
            let fraud = try await Theme.query(on: app.db).filter(\.$partnership.$id == id)
                .filter(\.$name == "Fraud and scams").first()!.requireID()

            // The reproduction: with the filters offered, the two views' totals are each publishable (43 and "<5"
            // hides nothing about 43), yet 43 minus the harassment-only view's total gives the frauds back.
            func total(_ filter: CrimeFilter) async throws -> String {
                let report = try await CrimePictureReport.build(partnershipID: id, filter: filter, on: app.db)
                return CrimePictureTables(report: report, policy: .published).cell("total")
            }
            let all = try await total(CrimeFilter(fromQuarter: 20241, toQuarter: 20241))
            let fraudOnly = try await total(CrimeFilter(fromQuarter: 20241, toQuarter: 20241, themeID: fraud))
            XCTAssertEqual(all, "43", "precondition: the whole quarter is published exactly")
            XCTAssertEqual(fraudOnly, "<5", "precondition: the theme's 3 are a small count")

            // A viewer asking for the theme gets the standard view: the same figures as without it, and the page
            // says why the filters are not offered.
            let viewer = Browser(app)
            try await viewer.signIn("viewer@alpha.test")
            let plain = try await viewer.get("/app/p/alpha/crime?to=20241")
            let filtered = try await viewer.get("/app/p/alpha/crime?to=20241&theme=\(fraud.uuidString)&scope=all")
            XCTAssertEqual(plain.status, .ok)
            XCTAssertTrue(plain.body.contains("Filtered views and later revisions are not offered"), plain.body)
            XCTAssertFalse(plain.body.contains(#"name="theme""#), "no theme filter for a viewer")
            func tables(_ body: String) -> String {
                guard let start = body.range(of: "<h2>Reported crime") else { return "" }
                return String(body[start.lowerBound...])
            }
            XCTAssertFalse(tables(plain.body).isEmpty)
            XCTAssertEqual(tables(plain.body), tables(filtered.body), "the theme filter changes nothing for a viewer")
            let csvPlain = try await viewer.get("/app/p/alpha/crime/export.csv?table=themes&to=20241")
            let csvFiltered = try await viewer.get(
                "/app/p/alpha/crime/export.csv?table=themes&to=20241&theme=\(fraud.uuidString)&from=20234")
            XCTAssertEqual(csvPlain.body, csvFiltered.body)

            // The analyst still filters.
            let analyst = Browser(app)
            try await analyst.signIn("analyst@alpha.test")
            let exact = try await analyst.get("/app/p/alpha/crime?from=20241&to=20241&theme=\(fraud.uuidString)")
            XCTAssertTrue(exact.body.contains(#"name="theme""#))
            XCTAssertTrue(exact.body.contains("<p class=\"figure\">3<"), "the analyst sees the theme's 3")
        }
    }

    func testTheStandardViewOffersCompleteQuartersOnly() async throws {
        // Jan–Mar 2024 complete, April held in full, May in part: only Jan–Mar may be chosen.
        let coverage = CrimeCoverage(complete: [202401, 202402, 202403, 202404], partial: [202405])
        XCTAssertEqual(CrimeFilter.standardQuarters(coverage: coverage, latest: 20242), [20241])
        XCTAssertEqual(
            CrimeFilter.standardQuarters(
                coverage: CrimeCoverage(complete: Set(Month.range(202304, 202403))), latest: 20241),
            [20241, 20234, 20233, 20232])
        XCTAssertEqual(CrimeFilter.standardQuarters(coverage: CrimeCoverage(partial: [202405]), latest: 20242), [20242])
        let standard = CrimeFilter.standard(quarter: 20241, hasCyberRecords: false)
        XCTAssertEqual(standard, CrimeFilter(fromQuarter: 20241, toQuarter: 20241, scope: .all))

        try await withApp { app in
            _ = try await load(app)
            let viewer = Browser(app)
            try await viewer.signIn("viewer@alpha.test")
            let refused = try await viewer.get("/app/p/alpha/crime?to=20234")
            XCTAssertEqual(refused.status, .unprocessableEntity)
            XCTAssertTrue(refused.body.contains("Choose a quarter from the list"))
        }
    }
}

/// Second review of issue 19 (stop 38, finding C): the reporting-gap page printed a quarter's records of a theme that
/// the same quarter's crime view withholds ("[c]") to protect a "<5". Where that view counts every record (a partnership
/// whose records carry no online flag), the page's number is the view's withheld row, and the view's total minus the
/// rows gives the "<5" back. The page now reads each quarter through that view's protection; so does the board
/// report's estimate (a sum of the same rows).
final class ReportingGapThroughTheViewTests: XCTestCase {
    func testTheGapPageWithholdsWhatTheQuartersViewWithholds() async throws {
        try await withApp { app in
            let id = try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher).requireID()
            // Jan–Mar 2024, complete, no record cyber-related (none flagged online, no computer misuse): 30 frauds,
            // 40 harassment, 3 blackmail (image-based abuse).
            func rows(_ prefix: String, _ n: Int, _ code: String, _ offence: String) -> [String] {
                (0..<n).map {
                    "DUR/24/\(prefix)\($0),2024-0\($0 % 3 + 1)-\(String(format: "%02d", $0 % 28 + 1)),\(code),\(offence),N,35-44,person,N,,Open,"
                }
            }
            try await SampleExtractHeader.importRows(
                rows("F", 30, "53A", "Fraud by false representation") + rows("H", 40, "8L", "Harassment")
                    + rows("B", 3, "60", "Blackmail"), into: id, completeTo: 202403, on: app.db)

            // The quarter's view as a viewer sees it: every record (no online flag), the 3 withheld, and so that
            // 73 minus the other rows cannot give them back, one more theme row withheld with them.
            let view = try await CrimePictureReport.build(
                partnershipID: id, filter: CrimeFilter.standard(quarter: 20241, hasCyberRecords: false),
                edition: .published, on: app.db)
            let tables = CrimePictureTables(report: view, policy: .published)
            XCTAssertEqual(tables.cell("total"), "73", "precondition: the total is published")
            let themes = tables.displayed("themes")
            let hidden = themes.indices.filter { tables.isHidden("themes:\($0)") }.map { themes[$0].label }
            let gapThemes = ["Fraud and scams", "Hacking and computer misuse"]
            let protectedByHiding = hidden.filter(gapThemes.contains)
            XCTAssertEqual(
                protectedByHiding.count, 1, "precondition: one of the gap's two themes is the view's second hidden row")
            let shown = themes.indices.filter { !tables.isHidden("themes:\($0)") }.reduce(0) { $0 + themes[$1].count }
            let withheldTheme = protectedByHiding[0]
            let withheldCount = themes.first { $0.label == withheldTheme }!.count
            // Independently: published beside the view, that row gives the blackmail back by subtraction.
            XCTAssertEqual(73 - shown - withheldCount, 3)

            // Core: the gap for a reader without exact counts marks that theme's quarter withheld, and only that.
            let gap = try await ReportingGap.build(
                partnershipID: id, fromQuarter: 20241, toQuarter: 20241, edition: .published, policy: .published,
                on: app.db)
            for theme in gap.themes {
                XCTAssertEqual(theme.quarters.first?.withheld, theme.name == withheldTheme, theme.name)
            }
            let exactGap = try await ReportingGap.build(
                partnershipID: id, fromQuarter: 20241, toQuarter: 20241, edition: .published, policy: .exact,
                on: app.db)
            XCTAssertFalse(exactGap.themes.contains { $0.quarters.contains(where: \.withheld) })

            // The page: a viewer reads "[c]" in that theme's row, never its count; the analyst reads the count.
            let viewer = Browser(app)
            try await viewer.signIn("viewer@alpha.test")
            let page = try await viewer.get("/app/p/alpha/crime/reporting-gap")
            XCTAssertEqual(page.status, .ok)
            guard let start = page.body.range(of: withheldTheme) else { return XCTFail(page.body) }
            let rest = page.body[start.lowerBound...]
            let section = String(rest[..<(rest.range(of: "</table>")?.upperBound ?? rest.endIndex)])
            XCTAssertTrue(section.contains(#"<td class="numeric">[c]</td>"#), section)
            XCTAssertFalse(section.contains(#"<td class="numeric">\#(withheldCount)</td>"#), section)
            let analyst = Browser(app)
            try await analyst.signIn("analyst@alpha.test")
            let exact = try await analyst.get("/app/p/alpha/crime/reporting-gap")
            XCTAssertTrue(exact.body.contains(#"<td class="numeric">\#(withheldCount)</td>"#))
        }
    }

    /// Third review (stop 39, F1): where records are flagged online, a viewer's crime view counts cyber-related
    /// records only, so it is that view whose rows matter; and the gap's count of every record beside the view's
    /// row gives the theme's other records, as its adults beside its records give the businesses and children.
    func testBesideTheCyberViewNoDifferenceIsSmall() async throws {
        try await withApp { app in
            let id = try await Fixture.partnership("beta", on: app.db, hasher: app.passwordHasher).requireID()
            func rows(_ prefix: String, _ n: Int, _ code: String, _ offence: String, online: String, type: String)
                -> [String]
            {
                (0..<n).map {
                    "DUR/24/\(prefix)\($0),2024-0\($0 % 3 + 1)-\(String(format: "%02d", $0 % 28 + 1)),\(code),\(offence),\(online),35-44,\(type),N,,Open,"
                }
            }
            // Frauds: 40 online, 3 not. Computer misuse (always cyber-dependent): 30 people, 2 businesses.
            try await SampleExtractHeader.importRows(
                rows("F", 40, "53A", "Fraud by false representation", online: "Y", type: "person")
                    + rows("G", 3, "53A", "Fraud by false representation", online: "N", type: "person")
                    + rows("C", 30, "200", "Unauthorised access to computer material", online: "Y", type: "person")
                    + rows("B", 2, "200", "Unauthorised access to computer material", online: "Y", type: "business"),
                into: id, completeTo: 202403, on: app.db)
            let view = try await CrimePictureReport.build(
                partnershipID: id, filter: CrimeFilter.standard(quarter: 20241, hasCyberRecords: true),
                edition: .published, on: app.db)
            let tables = CrimePictureTables(report: view, policy: .published)
            let themes = tables.displayed("themes")
            func shown(_ name: String) -> String {
                tables.cell("themes:\(themes.firstIndex { $0.label == name }!)")
            }
            XCTAssertEqual(shown("Fraud and scams"), "40", "precondition: the viewer's view shows the online frauds")
            XCTAssertEqual(shown("Hacking and computer misuse"), "32")

            let gap = try await ReportingGap.build(
                partnershipID: id, fromQuarter: 20241, toQuarter: 20241, edition: .published, policy: .published,
                on: app.db)
            let fraud = try XCTUnwrap(gap.themes.first { $0.name == "Fraud and scams" }?.quarters.first)
            let hacking = try XCTUnwrap(gap.themes.first { $0.name == "Hacking and computer misuse" }?.quarters.first)
            // Independently: 43 − 40 = 3 frauds not online; 32 records − 30 adults = 2 businesses.
            XCTAssertEqual(fraud.records - 40, 3)
            XCTAssertTrue(fraud.withheld, "43 beside 40 gives the 3 frauds not online")
            XCTAssertEqual(hacking.base, .adults)
            XCTAssertEqual(hacking.records - hacking.reported, 2)
            XCTAssertEqual(hacking.outside, 2)
            XCTAssertTrue(hacking.withheld, "32 records beside 30 adults gives the 2 businesses")
            // With exact counts, both are shown.
            let exact = try await ReportingGap.build(
                partnershipID: id, fromQuarter: 20241, toQuarter: 20241, edition: .published, policy: .exact,
                on: app.db)
            XCTAssertFalse(exact.themes.contains { $0.quarters.contains(where: \.withheld) })
            // The board report's estimate sums the same rows: it is not published either.
            let report = try await BoardReport.build(partnershipID: id, quarter: 20241, on: app.db)
            let estimated = try XCTUnwrap(report.crime?.estimated)
            XCTAssertTrue(estimated.anyWithheld)
            XCTAssertFalse(BoardReportModel(report: report).publishes(estimated))
        }
    }
}

/// Review of issue 19 (stop 35): on the reporting-gap page, "46 (with <5 not saying age or type shared out)" beside
/// the exact estimate 695 and the share 1 in 15 left one pair (adults, shared out) that fits, so the "<5" was pinned.
final class ReportingGapShareOutTests: XCTestCase {
    func testASmallShareOutWithholdsTheCountedFigureAndTheEstimate() {
        // 70 records, 45 adults known, 2 not saying (shared out): 45 × 70 / 68 ≈ 46; × 15 ≈ 695.
        let quarter = ReportingGap.Quarter(
            quarter: 20263, reported: 46, estimate: 695, low: 695, high: 695, records: 70,
            base: .adultsWithShare(unrecorded: 2))
        let row = CrimeAnalysisController.gapRow(quarter, CountFormat(policy: .published))
        XCTAssertEqual(row[2], "[c] (with <5 not saying age or type shared out)")
        XCTAssertEqual(row[3], "–", "no estimate")
        // Independently: with the counted 46 and the estimate withheld, every shared-out number from 1 to 4 still
        // fits the rounded figure, so nothing is pinned; with them shown, only one did.
        let fits = (1...4).filter { u in
            (1...70).contains { a in Int((Double(a) * 70 / Double(70 - u)).rounded()) == 46 }
        }
        XCTAssertEqual(fits, [1, 2, 3, 4])
        // With exact counts, both are shown.
        let exact = CrimeAnalysisController.gapRow(quarter, CountFormat(policy: .exact))
        XCTAssertEqual(exact[2], "46 (with 2 not saying age or type shared out)")
        XCTAssertEqual(exact[3], "695")
    }
}

/// Review of issue 19 (stop 38, "left"): a published comparison must not change when a later quarter arrives — its
/// allowance for noise (the dispersion) comes from the complete quarters before the one tested, so the next
/// quarter's count cannot be read off the difference between two versions of the same figure.
final class PublishedComparisonStabilityTests: XCTestCase {
    func testAQuartersComparisonKeepsItsPValueWhenTheNextQuarterIsImported() async throws {
        try await withApp { app in
            let id = try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher).requireID()
            // Jan 2022 to Mar 2024 (nine quarters, more varied than chance), then Apr–Jun 2024 (a jump).
            let counts = [40, 55, 38, 62, 45, 70, 41, 58, 90]
            func rows(quarter: Int, count: Int, tag: String) -> [String] {
                let first = Quarter.firstMonth(quarter)
                return (0..<count).map { n in
                    let month = first + n % 3
                    return
                        "DUR/\(tag)/\(quarter)/\(n),\(month / 100)-\(String(format: "%02d", month % 100))-\(String(format: "%02d", n % 28 + 1)),53A,Fraud by false representation,Y,35-44,person,N,,Open,Phone call"
                }
            }
            let quarters = Quarter.between(20221, 20241)
            XCTAssertEqual(quarters.count, counts.count)
            try await SampleExtractHeader.importRows(
                zip(quarters, counts).flatMap { rows(quarter: $0, count: $1, tag: "A") }, into: id, completeTo: 202403,
                on: app.db)
            func comparison() async throws -> CountComparison? {
                try await CrimePictureReport.build(
                    partnershipID: id, filter: CrimeFilter.standard(quarter: 20241, hasCyberRecords: true),
                    edition: .published, on: app.db
                ).quarterOnQuarter
            }
            let before = try await comparison()
            guard case .quasiPoisson = before?.method else {
                return XCTFail("precondition: eight complete quarters before Jan–Mar 2024 give a dispersion")
            }
            try await SampleExtractHeader.importRows(
                rows(quarter: 20242, count: 150, tag: "B"), into: id, completeTo: 202406, fileName: "y.csv",
                on: app.db)
            let after = try await comparison()
            XCTAssertEqual(after?.pValue, before?.pValue, "Jan–Mar 2024's comparison is the same after April–June")
            XCTAssertEqual(after?.method, before?.method)
            // The new quarter's own comparison does use Jan–Mar 2024 in its history (nine quarters, not eight).
            let next = try await CrimePictureReport.build(
                partnershipID: id, filter: CrimeFilter.standard(quarter: 20242, hasCyberRecords: true),
                edition: .published, on: app.db
            ).quarterOnQuarter
            guard case .quasiPoisson(_, let history) = next?.method else { return XCTFail("no dispersion") }
            XCTAssertEqual(history, 9)
        }
    }
}
