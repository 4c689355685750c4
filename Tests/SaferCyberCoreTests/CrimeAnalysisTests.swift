import FluentKit
import Foundation
import SQLKit
import SaferCyberCore
import TestSupport
import XCTest

final class CrimeAnalysisTests: XCTestCase {
    private func importSample(_ text: String, partnershipID: UUID, on db: any Database) async throws
        -> CrimeImportSummary
    {
        try await CrimeImporter.run(
            source: MemoryByteSource(text), partnershipID: partnershipID,
            options: CrimeImportOptions(profile: .forceExtract, fileName: "t.csv", actor: .system("test")), on: db)
    }

    func testRuleChangeAndReclassifyMoveRecordsAndCounts() async throws {
        try await withTestDatabase { db, hasher in
            // setup: the sample; DUR/24/3 (doorstep trader, not flagged) is not cyber under the default rules
            let id = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            _ = try await importSample(SampleExtract.text, partnershipID: id, on: db)
            let before = try await CrimeRecords.find(reference: "DUR/24/3", partnershipID: id, on: db)
            XCTAssertEqual(before?.cyber, "Not cyber")

            // act: a rule that treats "doorstep" as cyber-enabled, placed first, then re-run over history
            let rule = try await CrimeRules.add(
                .init(kind: .moKeyword, pattern: "Doorstep", themeID: nil, cyber: .cyberEnabled),
                partnershipID: id, by: .system("test"), on: db)
            try await CrimeRules.change(
                .moveUp, ruleID: rule.requireID(), partnershipID: id, by: .system("test"), on: db)
            let result = try await CrimeRecords.reclassify(partnershipID: id, by: .system("test"), on: db)

            // check: one record changed, it names the new rule, and the page counts follow
            XCTAssertEqual(result.checked, 6)
            XCTAssertEqual(result.changed, 1)
            let after = try await CrimeRecords.find(reference: "DUR/24/3", partnershipID: id, on: db)
            XCTAssertEqual(after?.cyber, "Cyber-enabled")
            XCTAssertEqual(after?.basis, "Inferred by a rule")
            XCTAssertEqual(after?.classRule, "Rule \(rule.number): modus operandi contains Doorstep")
            let report = try await CrimePictureReport.build(
                partnershipID: id, filter: CrimeFilter(fromQuarter: 20242, toQuarter: 20243), on: db)
            XCTAssertEqual(report.total, 6, "all six sample records are now cyber-related")
            XCTAssertEqual(report.quarters.map(\.count), [3, 3])
        }
    }

    func testRulesRefuseNonsense() async throws {
        try await withTestDatabase { db, hasher in
            let id = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            do {
                try await CrimeRules.add(
                    .init(kind: .moKeyword, pattern: "  ", themeID: nil, cyber: nil), partnershipID: id,
                    by: .system("t"), on: db)
                XCTFail("an empty rule must be refused")
            } catch let errors as FieldErrors {
                XCTAssertEqual(errors.problems.map(\.field), ["pattern", "theme"])
            }
        }
    }

    func testReportingGapScalesByTheSurveyShare() throws {
        // 140 reported at "about 1 in 7" (y/e Sep 2024) is 980; at 15% (y/e Mar 2019) 933.
        let ratio = CrimeSettingsDocument.defaults.ratios[0]
        let estimate = ReportingGap.estimate(reported: 140, ratio: ratio)
        XCTAssertEqual(estimate.estimate, 980)
        XCTAssertEqual(estimate.low, 933)  // 140 / 0.15 = 933.3
        XCTAssertEqual(estimate.high, 980)  // 140 × 7
        // Issue 19, case 2: "1 in 15" was stored as 7%, so 100 reports gave 1,429, not 1,500.
        let misuse = ReportingGap.estimate(reported: 100, ratio: CrimeSettingsDocument.defaults.ratios[1])
        XCTAssertEqual(misuse.estimate, 1500)
    }

    func testFocusScoreFollowsTheStatedMethod() {
        // 30 records now, 20 before, mean cell 10, harm 3, vulnerability 1.5, trend weight 0.5:
        // volume 3; change +50% → trend 1.25; score 3 × 3 × 1.5 × 1.25 = 16.875.
        let s = FocusRanking.score(
            recent: 30, previous: 20, meanRecent: 10, harm: 3, vulnerability: 1.5, trendWeight: 0.5)
        XCTAssertEqual(s.volume, 3, accuracy: 1e-12)
        XCTAssertEqual(s.trend, 1.25, accuracy: 1e-12)
        XCTAssertEqual(s.score, 16.875, accuracy: 1e-12)
        // Small previous counts are measured against 5, and changes are capped at +100%.
        XCTAssertEqual(
            FocusRanking.score(recent: 4, previous: 0, meanRecent: 2, harm: 1, vulnerability: 1, trendWeight: 0.5)
                .trend, 1.4, accuracy: 1e-12)
        XCTAssertEqual(
            FocusRanking.score(recent: 100, previous: 10, meanRecent: 2, harm: 1, vulnerability: 1, trendWeight: 0.5)
                .trend, 1.5, accuracy: 1e-12)
    }

    func testFocusRanksHighHarmGroupsFirstOnTheDemoShape() async throws {
        try await withTestDatabase { db, hasher in
            let id = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            var generator = ForceExtractGenerator(seed: 7, lsoaCodes: ["E01012304"])
            var text = ""
            generator.generate(firstMonth: 202401, quarters: 8, rowsPerQuarter: 300) { text += $0 }
            let summary = try await importSample(text, partnershipID: id, on: db)
            XCTAssertEqual(summary.status, .imported, summary.message)

            let ranking = try await FocusRanking.build(partnershipID: id, lastQuarter: 20254, on: db)
            XCTAssertFalse(ranking.byGroup.isEmpty)
            // Scores are sorted and each is the product the page explains.
            XCTAssertEqual(ranking.byGroup.map(\.score), ranking.byGroup.map(\.score).sorted(by: >))
            for cell in ranking.byGroup {
                XCTAssertEqual(
                    cell.score, cell.volumeIndex * cell.harm * cell.vulnerability * cell.trendFactor, accuracy: 1e-9)
            }
            // The grooming cell counts every 88E record of 2025 (all victims are under 16, all online), counted
            // here straight from the generated CSV text.
            let expected = text.split(separator: "\n").filter { line in
                let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                return fields.count > 2 && fields[1].hasPrefix("2025") && fields[2] == "88E"
            }.count
            let grooming = ranking.byGroup.first {
                $0.theme == "Online child sexual abuse and grooming" && $0.group == VictimGroup.youngPeople.label
            }
            XCTAssertGreaterThan(expected, 0)
            XCTAssertEqual(grooming?.recent, expected)
            XCTAssertEqual(grooming?.harm, 3)
            XCTAssertEqual(grooming?.vulnerability, 1.5)
        }
    }

    /// Issue 19, case 6: the volume index to two decimals gave a 3 back (index × the average of all cells), and so
    /// did a hidden cell's place in the order. For a viewer, such cells are unranked, listed by name, with nothing
    /// worked out from them.
    func testFocusCellsWithSmallCountsAreNotRankedForViewers() async throws {
        try await withTestDatabase { db, hasher in
            let id = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            var generator = ForceExtractGenerator(seed: 7, lsoaCodes: ["E01012304"])
            var text = ""
            generator.generate(firstMonth: 202401, quarters: 8, rowsPerQuarter: 60) { text += $0 }
            let summary = try await importSample(text, partnershipID: id, on: db)
            XCTAssertEqual(summary.status, .imported, summary.message)
            let ranking = try await FocusRanking.build(partnershipID: id, lastQuarter: 20254, on: db)
            let small = ranking.byGroup.filter { (1...4).contains($0.recent) || (1...4).contains($0.previous) }
            XCTAssertFalse(small.isEmpty, "the sample has cells with 1 to 4 records")

            let viewer = ranking.published(.published)
            XCTAssertTrue(viewer.ranked.allSatisfy { !(1...4).contains($0.recent) && !(1...4).contains($0.previous) })
            XCTAssertEqual(viewer.ranked.count + viewer.tooFew.count, ranking.byGroup.count)
            XCTAssertEqual(viewer.tooFew.count, small.count)
            XCTAssertEqual(
                viewer.tooFew.map { "\($0.theme)|\($0.group)" },
                viewer.tooFew.map { "\($0.theme)|\($0.group)" }.sorted())
            // Ranked cells keep their order by score.
            XCTAssertEqual(viewer.ranked.map(\.score), viewer.ranked.map(\.score).sorted(by: >))
            XCTAssertEqual(
                viewer.ranked.map { "\($0.theme)|\($0.group)" },
                ranking.byGroup.filter { !small.contains($0) }.map { "\($0.theme)|\($0.group)" })

            // The leak this closes: the average the exact index divides by, read off a ranked cell (count ÷ index),
            // times the number of non-empty cells, less the shown counts, is the hidden cells' total.
            let exactMean = ranking.byGroup.map { Double($0.recent) / $0.volumeIndex }
            let hiddenTotal = ranking.byGroup.filter { (1...4).contains($0.recent) }.map(\.recent).reduce(0, +)
            let shownTotal = ranking.byGroup.filter { !(1...4).contains($0.recent) }.map(\.recent).reduce(0, +)
            XCTAssertEqual(
                exactMean[0] * Double(ranking.byGroup.count) - Double(shownTotal), Double(hiddenTotal), accuracy: 1e-6)
            // For the viewer, every index is a ranked count over the ranked cells' average: nothing more.
            let rankedMean = Double(viewer.ranked.map(\.recent).reduce(0, +)) / Double(viewer.ranked.count)
            for cell in viewer.ranked {
                XCTAssertEqual(Double(cell.recent) / cell.volumeIndex, rankedMean, accuracy: 1e-9)
                XCTAssertEqual(
                    cell.score, cell.volumeIndex * cell.harm * cell.vulnerability * cell.trendFactor, accuracy: 1e-9)
            }
            // Staff with exact counts see every cell ranked.
            XCTAssertEqual(ranking.published(.exact).ranked, ranking.byGroup)
        }
    }

    func testSettingsRefuseImpossibleRatios() async throws {
        try await withTestDatabase { db, hasher in
            let id = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            var document = CrimeSettingsDocument.defaults
            document.ratios[0].central = 50
            do {
                try await CrimeSettingsStore.save(document, partnershipID: id, by: .system("t"), on: db)
                XCTFail("a central share above the high share must be refused")
            } catch let errors as FieldErrors {
                XCTAssertEqual(errors.problems.first?.field, "ratio-0-low")
            }
            document.ratios[0].central = 14.5
            try await CrimeSettingsStore.save(document, partnershipID: id, by: .system("t"), on: db)
            let saved = try await CrimeSettingsStore.load(partnershipID: id, on: db)
            XCTAssertEqual(saved.ratios[0].central, 14.5)
        }
    }
}
