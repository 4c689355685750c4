import Fluent
import Foundation
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

/// Issue 19, case 6: on the demo's crime picture, as a viewer sees it, no "<5" or "[c]" can be worked out from
/// the published totals, rows, or months→quarters sums — and the check does fail with secondary suppression off.
final class DisclosureCheckRouteTests: XCTestCase {
    func testNoSmallCountIsRecoverableOnTheDemoCrimePicture() async throws {
        try await withApp { app in
            // setup: the demo partnership and its crime data (a generated extract and three real street months)
            try await DemoPartnership.load(on: app.db, hasher: app.passwordHasher)
            let today = ISO8601DateFormatter().date(from: "2026-11-23T12:00:00Z")!
            _ = try await DemoCrimeData.load(
                referenceData: CLI.root.appendingPathComponent("reference-data").path, on: app.db, today: today)
            let demo = try await Partnerships.find(on: app.db, slug: "demo")!.requireID()
            let themes = try await Theme.query(on: app.db).filter(\.$partnership.$id == demo).all()

            // act: every scope, every theme, every area, single quarters and a year, as a viewer (no exact counts)
            let areas = try await CrimePictureReport.build(
                partnershipID: demo, filter: CrimeFilter(fromQuarter: 20263, toQuarter: 20263), on: app.db
            ).areas.map(\.code)
            var filters: [CrimeFilter] = areas.map {
                CrimeFilter(fromQuarter: 20254, toQuarter: 20263, scope: .all, areaCode: $0)
            }
            for scope in CrimeFilter.Scope.allCases {
                for period in [(20263, 20263), (20254, 20263), (20184, 20184)] {
                    filters.append(CrimeFilter(fromQuarter: period.0, toQuarter: period.1, scope: scope))
                    for theme in themes {
                        filters.append(
                            CrimeFilter(fromQuarter: period.0, toQuarter: period.1, scope: scope, themeID: theme.id))
                    }
                }
            }
            var tablesWithSmallCounts = 0
            var givenAwayWithoutSecondary = 0
            for filter in filters {
                let report = try await CrimePictureReport.build(partnershipID: demo, filter: filter, on: app.db)
                for secondary in [true, false] {
                    let tables = CrimePictureTables(report: report, suppress: true, secondary: secondary)
                    let published = Dictionary(
                        uniqueKeysWithValues: tables.figures.values.keys.map { ($0, tables.cell($0)) })
                    let findings = DisclosureCheck.givenAway(published: published, sums: tables.figures.sums)
                    if secondary {
                        XCTAssertEqual(findings, [], "\(filter): \(findings)")
                        if published.values.contains("<5") { tablesWithSmallCounts += 1 }
                    } else {
                        givenAwayWithoutSecondary += findings.count
                    }
                }
            }
            // check: the demo does have small counts, and without secondary suppression they are recoverable
            XCTAssertGreaterThan(tablesWithSmallCounts, 10)
            XCTAssertGreaterThan(givenAwayWithoutSecondary, 0, "the checker must be able to fail")
        }
    }
}
