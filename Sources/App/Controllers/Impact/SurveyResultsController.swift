import Fluent
import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

/// A survey's results page and its raw (anonymous) responses as CSV.
struct SurveyResultsController {
    func show(req: Request) async throws -> Response {
        let access = try await req.access(.viewAggregates)
        let survey = try await req.survey(access)
        let analysis = SurveyAnalysis.build(
            survey: survey, responses: try await Surveys.responses(survey.requireID(), on: req.db))
        let suppress = !access.allows(.viewExactCounts)
        let format = CountFormat(suppress: suppress)
        var summary = zip(analysis.stages, analysis.responses).map { ("\($0.label) responses", format.count($1)) }
        if analysis.stages.count == 2 {
            summary.append(("People who answered both times", format.count(analysis.pairs)))
        }
        let model = SurveyResultsPage.Model(
            slug: access.slug, id: survey.id!.uuidString, title: survey.title, summary: summary,
            questions: analysis.questions.map { Self.question($0, stages: analysis.stages, format: format) },
            canExport: access.allows(.viewExactCounts), suppressed: suppress)
        return SurveyResultsPage.render(
            model, chrome: req.chrome(access, current: .surveyResults(id: survey.id!.uuidString))
        ).htmlResponse()
    }

    static func question(_ result: SurveyAnalysis.QuestionResult, stages: [SurveyResponse.Stage], format: CountFormat)
        -> SurveyResultsPage.Question
    {
        let q = result.question
        let stageNames = stages.map(\.label)
        var table: CrimePicturePage.Table?
        if !result.choices.isEmpty {
            var rows: [[String]] = []
            for choice in result.choices {
                var row = [choice.label]
                for (index, count) in choice.counts.enumerated() {
                    let answered = result.answered[index]
                    // A percentage next to a suppressed count would give the count away.
                    let hidden = !format.policy.allowsFigure(from: count, answered)
                    row += [
                        format.count(count), answered == 0 || hidden ? "–" : percent(Double(count) / Double(answered)),
                    ]
                }
                rows.append(row)
            }
            var total = ["People who answered"]
            for answered in result.answered { total += [format.count(answered), ""] }
            rows.append(total)
            let columns = ["Answer"] + stageNames.flatMap { [$0, "\($0) %"] }
            table = .init(key: "t-\(q.key)", title: q.text, columns: columns, rows: rows)
        } else if q.kind == .number {
            table = .init(
                key: "t-\(q.key)", title: q.text, columns: ["Figure"] + stageNames,
                rows: [
                    ["People who answered"] + result.numbers.map { format.count($0?.count ?? 0) },
                    ["Average (mean)"] + result.numbers.map { $0.map { String(format: "%.1f", $0.mean) } ?? "–" },
                    ["Middle value (median)"]
                        + result.numbers.map { $0.map { String(format: "%g", $0.median) } ?? "–" },
                ])
        }
        var chart: [BarChart.Bar] = []
        if q.kind == .yesNo, let yes = result.choices.first(where: { $0.value == "yes" }), stages.count == 2 {
            chart = zip(stageNames, zip(yes.counts, result.answered)).map { name, pair in
                let share = pair.1 == 0 ? 0 : Double(pair.0) / Double(pair.1)
                return BarChart.Bar(
                    label: "\(name): yes", value: Int((share * 1000).rounded()), display: percent(share))
            }
        }
        let lead = result.finding
        let other = [result.paired, result.unpaired].compactMap { $0 }.first { $0 != lead }
        return SurveyResultsPage.Question(
            key: q.key, text: q.text, kind: q.kind.rawValue, table: table, chart: chart,
            finding: lead.map { finding($0, kind: q.kind) }, otherFinding: other.map { finding($0, kind: q.kind) },
            words: result.words.map { ($0.word, $0.count) },
            texts: zip(stageNames, result.texts).flatMap { name, texts in texts.map { (name, $0) } })
    }

    static func percent(_ share: Double) -> String { String(format: "%.0f%%", share * 100) }

    static func finding(_ f: ChangeFinding, kind: SurveyQuestion.Kind) -> SurveyResultsPage.Finding {
        var facts: [(String, String)] = [
            (f.paired ? "People answering both times" : "Answers compared", "\(f.pairs)"),
            (
                "Test",
                testName(f, kind: kind) == f.test.method
                    ? f.test.method : testName(f, kind: kind) + " (\(f.test.method))"
            ),
            ("p-value", ChangeFinding.format(f.test.pValue)),
        ]
        if kind == .yesNo {
            let interval = [f.effectLow, f.effectHigh].compactMap { $0 }
            facts.append(
                (
                    "Change in the share answering yes",
                    String(format: "%+.0f percentage points", f.effect * 100)
                        + (interval.count == 2
                            ? String(
                                format: " (95%% confidence interval %+.0f to %+.0f)", interval[0] * 100,
                                interval[1] * 100) : "")
                ))
        } else {
            facts.append(("Effect size (rank-biserial r, −1 to 1)", String(format: "%.2f", f.effect)))
            if let mean = f.meanChange, let low = f.meanChangeLow, let high = f.meanChangeHigh {
                facts.append(
                    (
                        "Average move on the 5-point scale",
                        String(format: "%+.2f points (95%% confidence interval %+.2f to %+.2f)", mean, low, high)
                    ))
            }
        }
        return SurveyResultsPage.Finding(
            title: f.paired ? "The same people before and after" : "Everyone who answered (unpaired)",
            sentence: f.sentence, facts: facts,
            warning: f.tooSmall
                ? "fewer than \(ChangeFinding.minimumPairs) people, so this cannot show whether anything changed." : nil
        )
    }

    static func testName(_ f: ChangeFinding, kind: SurveyQuestion.Kind) -> String {
        switch (f.paired, kind) {
        case (true, .yesNo): "McNemar's test"
        case (true, _): "Wilcoxon signed-rank test"
        case (false, .yesNo): f.test.method.hasPrefix("Fisher") ? "Fisher's exact test" : "Chi-square test"
        case (false, _): "Mann–Whitney U test"
        }
    }

    /// Every response as a row: stage, participant code, date, then one column per question.
    func export(req: Request) async throws -> Response {
        let access = try await req.access(.viewExactCounts)
        let survey = try await req.survey(access)
        let questions = survey.questions
        let responses = try await Surveys.responses(survey.requireID(), on: req.db)
        var text = CSVText.line(["stage", "participant_code", "submitted_at"] + questions.map(\.key))
        let dates = ISO8601DateFormatter()
        for response in responses {
            let answers = response.answers
            text += CSVText.line(
                [
                    response.stage, response.participantCode.map(ParticipantCode.display) ?? "",
                    dates.string(from: response.submittedAt),
                ]
                    + questions.map { (answers[$0.key] ?? []).joined(separator: "; ") })
        }
        try await req.db.write { tx in
            try await Audit.record(
                on: tx, partnershipID: access.partnershipID, by: access.staff.acting(req), action: .export,
                entity: "survey",
                entityID: survey.id?.uuidString, summary: "Downloaded \(responses.count) responses to “\(survey.title)”"
            )
        }
        return CSVText.response(text, fileName: "survey-responses.csv")
    }
}
