import FluentKit
import Foundation
import SaferCyberCore
import TestSupport
import XCTest

final class DemoSurveysTests: XCTestCase {
    func testDemoShowsChangedUnchangedAndTooFewAnswers() async throws {
        try await withTestDatabase { db, hasher in
            try await Fixture.demo(on: db, hasher: hasher, events: true)
            let loaded = try await DemoSurveys.load(on: db)
            XCTAssertTrue(loaded)
            let partnershipID = try await Fixture.demoID(on: db)

            let results = try await Outcomes.results(partnershipID: partnershipID, on: db)
            let ratings = Dictionary(uniqueKeysWithValues: results.map { ($0.title, $0.rag) })
            XCTAssertEqual(ratings["Residents use 2-step verification"], .green)
            XCTAssertEqual(ratings["Residents keep backups and install updates"], .amber)
            XCTAssertEqual(ratings["Small businesses are ready for ransomware and invoice fraud"], RAG.none)
            let findings = results.flatMap { $0.measures.compactMap(\.finding) }
            XCTAssertTrue(findings.contains { !$0.tooSmall && $0.test.pValue < 0.05 }, "some change is significant")
            XCTAssertTrue(findings.contains { !$0.tooSmall && $0.test.pValue >= 0.05 }, "some change is not")
            XCTAssertTrue(findings.contains { $0.tooSmall }, "one survey has too few answers")

            // Every paired finding agrees with a recount straight from the stored rows.
            let survey = try await Survey.query(on: db).filter(\.$template == "staying-safe-online").first()!
            let rows = try await Surveys.responses(survey.requireID(), on: db)
            var before: [String: String] = [:]
            var after: [String: String] = [:]
            for row in rows {
                guard let code = row.participantCode, let answer = row.answers["uses-2sv"]?.first else { continue }
                if row.stage == .before { before[code] = answer } else { after[code] = answer }
            }
            let pairs = before.keys.filter { after[$0] != nil }
            let b = pairs.filter { before[$0] == "yes" && after[$0] == "no" }.count
            let c = pairs.filter { before[$0] == "no" && after[$0] == "yes" }.count
            let analysis = SurveyAnalysis.build(survey: survey, responses: rows)
            XCTAssertEqual(analysis.pairs, pairs.count)
            XCTAssertEqual(
                analysis.result(for: "uses-2sv")?.paired?.test.pValue ?? -1, Statistics.mcNemar(b: b, c: c).pValue,
                accuracy: 1e-12)

            let indicators = try await Indicators.results(
                partnershipID: partnershipID, toQuarter: Quarter.lastComplete(), on: db)
            XCTAssertEqual(indicators.count, 5)
            XCTAssertEqual(indicators.first { $0.source == .manual }?.values.compactMap(\.value), [41, 38, 52, 57, 66])

            // Loading twice adds nothing.
            try await DemoSurveys.load(on: db)
            let surveys = try await Survey.query(on: db).count()
            XCTAssertEqual(surveys, 4)
        }
    }
}
