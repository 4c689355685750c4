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
        // A role without exact counts sees one complete quarter's answers at a time, the one it chooses.
        let quarter = access.disclosure.period(from: nil, to: req.query[Int.self, at: "to"], length: 1).to
        let analysis = SurveyAnalysis.build(
            survey: survey, responses: try await Surveys.responses(survey.requireID(), on: req.db),
            quarter: access.disclosure.applies ? quarter : nil, policy: access.disclosure)
        let suppress = !access.allows(.viewExactCounts)
        let protected = Self.protect(analysis, policy: access.disclosure)
        // Each stage's responses, except where they are the people who answered both times (a quarter of a
        // before-and-after survey): twice the pairs, rounded apart from them, gave the exact number back.
        var summary =
            analysis.leavesOutSingleAnswers
            ? []
            : zip(analysis.stages.indices, analysis.stages).map {
                (
                    analysis.stages.count == 1 ? "Responses" : "\($1.label) responses",
                    protected.roundedText("responses:\($0)")
                )
            }
        if analysis.stages.count == 2 {
            summary.append(("People who answered both times", protected.roundedText("pairs")))
            if analysis.leavesOutSingleAnswers {
                summary.append(
                    (
                        "Answers left out",
                        "Those of people who have answered only once: the figures are of the people who answered both times (a stage's answers would otherwise return with theirs in a later quarter, and the difference would give the few away)"
                    ))
            }
        }
        let withheld = analysis.withholdsAnswers(under: access.disclosure)
        if withheld {
            summary.append(
                (
                    "Answers",
                    "Not shown: fewer than \(access.disclosure.threshold) were counted in this quarter, and tables of so few answers would narrow how each one answered"
                ))
        }
        var model = SurveyResultsPage.Model(
            slug: access.slug, id: survey.id!.uuidString, title: survey.title, summary: summary,
            questions: withheld
                ? [] : analysis.questions.map { Self.question($0, stages: analysis.stages, protected: protected) },
            canExport: access.allows(.viewExactCounts), suppressed: suppress)
        model.threshold = protected.policy.threshold
        model.rounding = access.disclosure.applies ? access.disclosure.roundingExplanation : nil
        model.counted = analysis.quarter.map { counted in
            "Answers counted: "
                + (analysis.stages.count == 2
                    ? "those of the people whose second answer (before or after) came in \(Quarter.label(counted)), with both their answers."
                    : "those received in \(Quarter.label(counted)).")
        }
        if access.disclosure.applies {
            model.quarterOptions = access.disclosure.quarterChoices().map { ("\($0)", Quarter.label($0)) }
            model.quarter = "\(quarter)"
        }
        return SurveyResultsPage.render(
            model, chrome: req.chrome(access, current: .surveyResults(id: survey.id!.uuidString))
        ).htmlResponse()
    }

    /// Every count of people the page shows, and the sums that tie them (issue 19): a single-answer question's
    /// choices add up to the people who answered it, so a "<5" choice beside an exact "No" and total would be
    /// given back by subtraction.
    static func protect(_ analysis: SurveyAnalysis, policy: DisclosurePolicy, secondary: Bool = true)
        -> ProtectedFigures
    {
        ProtectedFigures(policy: policy, secondary: secondary) { figures in
            for (index, count) in analysis.responses.enumerated() { figures.cell("responses:\(index)", count) }
            figures.cell("pairs", analysis.pairs)
            for result in analysis.questions {
                let key = result.question.key
                for (stage, answered) in result.answered.enumerated() {
                    figures.cell("\(key):answered:\(stage)", answered)
                    for choice in result.choices {
                        figures.cell("\(key):\(choice.value):\(stage)", choice.counts[stage])
                    }
                    if result.question.kind != .multiple {
                        figures.sum(
                            "\(key):answered:\(stage)", of: result.choices.map { "\(key):\($0.value):\(stage)" })
                    }
                }
                for (stage, number) in result.numbers.enumerated() {
                    figures.cell("\(key):number:\(stage)", number?.count ?? 0)
                }
                if let paired = result.paired { figures.cell("\(key):paired", paired.pairs) }
                if let unpaired = result.unpaired { figures.cell("\(key):unpaired", unpaired.pairs) }
            }
        }
    }

    static func question(
        _ result: SurveyAnalysis.QuestionResult, stages: [SurveyResponse.Stage], protected: ProtectedFigures
    ) -> SurveyResultsPage.Question {
        let q = result.question
        let stageNames = stages.map(\.label)
        var table: CrimePicturePage.Table?
        if !result.choices.isEmpty {
            var rows: [[String]] = []
            for choice in result.choices {
                var row = [choice.label]
                for index in choice.counts.indices {
                    let id = "\(q.key):\(choice.value):\(index)"
                    // A percentage next to a hidden count, or of a hidden total, would give the count away; for a
                    // reader without exact counts both are rounded.
                    let shown = (protected.roundedValue(id), protected.roundedValue("\(q.key):answered:\(index)"))
                    row += [
                        protected.roundedText(id),
                        shown.0.flatMap { part in
                            shown.1.flatMap { $0 == 0 ? nil : percent(Double(part) / Double($0)) }
                        } ?? "–",
                    ]
                }
                rows.append(row)
            }
            var total = ["People who answered"]
            for index in result.answered.indices { total += [protected.roundedText("\(q.key):answered:\(index)"), ""] }
            rows.append(total)
            let columns = ["Answer"] + stageNames.flatMap { [$0, "\($0) %"] }
            table = .init(key: "t-\(q.key)", title: q.text, columns: columns, rows: rows)
        } else if q.kind == .number {
            // An average of fewer than 5 people is not shown either.
            let shown = result.numbers.indices.map {
                protected.isHidden("\(q.key):number:\($0)") ? nil : result.numbers[$0]
            }
            table = .init(
                key: "t-\(q.key)", title: q.text, columns: ["Figure"] + stageNames,
                rows: [
                    ["People who answered"]
                        + result.numbers.indices.map { protected.roundedText("\(q.key):number:\($0)") },
                    ["Average (mean)"] + shown.map { $0.map { String(format: "%.1f", $0.mean) } ?? "–" },
                    ["Middle value (median)"] + shown.map { $0.map { String(format: "%g", $0.median) } ?? "–" },
                ])
        }
        var chart: [BarChart.Bar] = []
        if q.kind == .yesNo, let yes = result.choices.first(where: { $0.value == "yes" }), stages.count == 2 {
            chart = stageNames.indices.map { index in
                let (count, answered) = (
                    protected.roundedValue("\(q.key):yes:\(index)") ?? 0,
                    protected.roundedValue("\(q.key):answered:\(index)") ?? 0
                )
                let share = answered == 0 ? 0 : Double(count) / Double(answered)
                // A bar drawn from a hidden count is drawn empty and labelled as hidden, not to scale.
                let hidden =
                    protected.isHidden("\(q.key):yes:\(index)") || protected.isHidden("\(q.key):answered:\(index)")
                return BarChart.Bar(
                    label: "\(stageNames[index]): yes", value: hidden ? 0 : Int((share * 1000).rounded()),
                    display: hidden ? protected.text("\(q.key):yes:\(index)") : percent(share))
            }
        }
        let lead = result.finding
        let other = [result.paired, result.unpaired].compactMap { $0 }.first { $0 != lead }
        func published(_ finding: ChangeFinding) -> SurveyResultsPage.Finding {
            let id = "\(q.key):\(finding.paired ? "paired" : "unpaired")"
            return Self.finding(finding, kind: q.kind, pairsText: protected.roundedText(id), policy: protected.policy)
        }
        return SurveyResultsPage.Question(
            key: q.key, text: q.text, kind: q.kind.rawValue, table: table, chart: chart,
            finding: lead.map(published), otherFinding: other.map(published),
            // Free text and its word counts are for roles with exact counts: a word "(2)" or a stage's answers are
            // exact small counts of people, and the words themselves can name someone (review, issue 19).
            words: protected.policy.applies ? [] : result.words.map { ($0.word, $0.count) },
            texts: protected.policy.applies
                ? [] : zip(stageNames, result.texts).flatMap { name, texts in texts.map { (name, $0) } })
    }

    static func percent(_ share: Double) -> String { String(format: "%.0f%%", share * 100) }

    /// A finding as a role sees it: with the disclosure rule, a finding from a hidden number of people keeps only
    /// its published sentence (no test, no effect size: "+100 points" of 3 people gives the 3 away).
    static func finding(
        _ f: ChangeFinding, kind: SurveyQuestion.Kind, pairsText: String, policy: DisclosurePolicy
    ) -> SurveyResultsPage.Finding {
        let title = f.paired ? "The same people before and after" : "Everyone who answered (unpaired)"
        let countLabel = f.paired ? "People answering both times" : "Answers compared"
        let sentence = f.sentence(publishedWith: policy)
        if !policy.allowsFigure(from: f.peopleCounts + [f.pairs]) {
            return SurveyResultsPage.Finding(
                title: title, sentence: sentence, facts: [(countLabel, pairsText)],
                warning:
                    "fewer than \(policy.threshold) people in part of this comparison, so its figures are not shown.")
        }
        var facts: [(String, String)] = [
            (countLabel, pairsText),
            (
                "Test",
                testName(f, kind: kind) == f.test.method
                    ? f.test.method : testName(f, kind: kind) + " (\(f.test.method))"
            ),
            ("p-value", f.pValueFigure),
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
            facts.append(
                ("Effect size (rank-biserial r, −1 to 1)", String(format: f.rounded ? "%.1f" : "%.2f", f.effect)))
            if let mean = f.meanChange, let low = f.meanChangeLow, let high = f.meanChangeHigh {
                facts.append(
                    (
                        "Average move on the 5-point scale",
                        String(format: "%+.2f points (95%% confidence interval %+.2f to %+.2f)", mean, low, high)
                    ))
            }
        }
        return SurveyResultsPage.Finding(
            title: title, sentence: sentence, facts: facts,
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
                    response.stage.rawValue, response.participantCode.map(ParticipantCode.display) ?? "",
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
