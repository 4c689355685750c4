import Fluent
import Foundation
import SaferCyberCore
import SaferCyberViews
import TestSupport
import XCTVapor

@testable import App

/// Issue 19, case 6, survey results: "People answering both times: 3" was printed raw beside "<5"; "15% of 20" gave
/// the 3 back, and so did the "No" row by subtraction from the people who answered.
final class SurveyDisclosureTests: XCTestCase {
    func testThreeOfTwentyCannotBeReadOffOrWorkedOut() throws {
        let survey = Survey(
            partnershipID: UUID(), title: "Backups", intro: "", design: .beforeAfter,
            questions: [SurveyQuestion(key: "backs-up", text: "Do you back up your files?", kind: .yesNo, group: 1)])
        survey.id = UUID()
        var responses: [SurveyResponse] = []
        for person in 0..<20 {
            for (stage, yes) in [(SurveyResponse.Stage.before, person < 3), (.after, person < 12)] {
                let response = SurveyResponse()
                response.$survey.id = survey.id!
                response.partnershipID = survey.$partnership.id
                response.stage = stage
                response.participantCode = "CODE\(person)"
                response.submittedAt = Date()
                response.answersJSON = SurveyAnswers.encode(["backs-up": [yes ? "yes" : "no"]])
                responses.append(response)
            }
        }
        let analysis = SurveyAnalysis.build(survey: survey, responses: responses)
        let result = try XCTUnwrap(analysis.result(for: "backs-up"))

        let viewer = SurveyResultsController.protect(analysis, policy: .published)
        let page = SurveyResultsController.question(result, stages: analysis.stages, protected: viewer)
        let before = try XCTUnwrap(page.table).rows.map { Array($0.prefix(3)) }
        // Yes: "<5" and no share; No: withheld, since 20 − <5 would give it; the 20 who answered stay.
        XCTAssertEqual(before, [["Yes", "<5", "–"], ["No", "[c]", "–"], ["People who answered", "20", ""]])
        let text =
            ([page.finding, page.otherFinding].compactMap { $0 }.flatMap { [$0.sentence] + $0.facts.map(\.1) }
            + page.chart.map(\.display)).joined(separator: " | ")
        XCTAssertFalse(text.contains("15%"), text)
        XCTAssertFalse(text.contains("17"), text)
        XCTAssertTrue(page.chart.allSatisfy { $0.display != "15%" })

        // Staff with exact counts see everything.
        let staff = SurveyResultsController.question(
            result, stages: analysis.stages, protected: SurveyResultsController.protect(analysis, policy: .exact))
        XCTAssertEqual(try XCTUnwrap(staff.table).rows[0].prefix(3), ["Yes", "3", "15%"])

        // Both checkers agree nothing is pinned, and both see the 3 given away without secondary suppression.
        let primary = SurveyResultsController.protect(analysis, policy: .published, secondary: false)
        XCTAssertEqual(DisclosureCheck.givenAway(published: viewer.published, sums: viewer.figures.sums), [])
        XCTAssertFalse(DisclosureCheck.givenAway(published: primary.published, sums: primary.figures.sums).isEmpty)
        let solved = try IndependentDisclosureCheck.findings([
            .init(name: "with", published: viewer.published, sums: viewer.figures.sums),
            .init(name: "without", published: primary.published, sums: primary.figures.sums),
        ])
        XCTAssertEqual(solved.map(\.name), ["without"])
    }

    /// Every demo survey's results, as a viewer sees them.
    func testDemoSurveyResultsGiveNothingAway() async throws {
        try await withApp { app in
            try await DemoPartnership.load(on: app.db, hasher: app.passwordHasher)
            try await DemoEvents.load(on: app.db)
            try await DemoSurveys.load(on: app.db)
            var cases: [IndependentDisclosureCheck.Case] = []
            for survey in try await Survey.query(on: app.db).all() {
                let analysis = SurveyAnalysis.build(
                    survey: survey, responses: try await Surveys.responses(survey.requireID(), on: app.db))
                let viewer = SurveyResultsController.protect(analysis, policy: .published)
                XCTAssertEqual(DisclosureCheck.givenAway(published: viewer.published, sums: viewer.figures.sums), [])
                cases.append(.init(name: survey.title, published: viewer.published, sums: viewer.figures.sums))
            }
            XCTAssertGreaterThan(cases.count, 2)
            XCTAssertEqual(try IndependentDisclosureCheck.findings(cases).map(\.description), [])
        }
    }
}
