import FluentKit
import Foundation

/// Survey answers keep arriving, so a survey counted to the end of one quarter and to the end of the next differ by
/// the answers between them: two board reports, or a viewer's results before and after a quarter ends, gave
/// "5 people answering before and after", then "9" — the 4 who answered in between; and with the totals moved by 5
/// or more and rounded, how the few new people answered could still be narrowed to "1 to 3 of the 7 new people
/// said yes" (reviews of issue 19).
///
/// So a reader under the rule sees a survey one complete quarter at a time, as engagement figures are shown: the
/// answers of that quarter alone. No two quarters share an answer, so no version is another plus a few. In a
/// before-and-after survey the figures are of the people who answered both times, counted in the quarter of their
/// second answer (a person's answers fall in one quarter only); a stage's answers standing alone would return, with
/// some of the same people, in the quarter their pair is completed, and the difference would be the few.
extension Surveys {
    /// The quarter whose answers a reader under `policy` sees by default: the latest complete one; nil (every answer
    /// so far) for roles with exact counts.
    public static func countedQuarter(policy: DisclosurePolicy, now: Date = Date()) -> Int? {
        policy.applies ? policy.latestQuarter(now: now) : nil
    }

    /// The answers that make up a survey's figures for `quarter`: those received in it; in a before-and-after survey,
    /// both answers of each person whose second answer was received in it, and no one who has answered only once.
    public static func answers(of survey: Survey, in quarter: Int, from responses: [SurveyResponse])
        -> [SurveyResponse]
    {
        let span = Quarter.span(quarter)
        func inside(_ date: Date) -> Bool { date >= span.start && date < span.end }
        guard survey.design == .beforeAfter else { return responses.filter { inside($0.submittedAt) } }
        func byCode(_ stage: SurveyResponse.Stage) -> [String: SurveyResponse] {
            Dictionary(
                responses.filter { $0.stage == stage }.compactMap { r in r.participantCode.map { ($0, r) } },
                uniquingKeysWith: { first, _ in first })
        }
        let (before, after) = (byCode(.before), byCode(.after))
        var kept = Set<ObjectIdentifier>()
        for (code, first) in before {
            guard let second = after[code], inside(max(first.submittedAt, second.submittedAt)) else { continue }
            kept.formUnion([ObjectIdentifier(first), ObjectIdentifier(second)])
        }
        return responses.filter { kept.contains(ObjectIdentifier($0)) }
    }

    /// How many responses a reader counts, and the quarter they are counted in. For roles with exact counts, every
    /// response so far (nil quarter). Under the rule, the people counted in the quarter (`countedPeople`), rounded
    /// (`DisclosurePolicy.rounded`): in a before-and-after survey its answers are twice its people, and the two
    /// rounded apart gave the exact number back ("<5" people beside 10 answers is 4; review of issue 19).
    public static func countedResponses(
        _ survey: Survey, policy: DisclosurePolicy, now: Date = Date(), on db: any Database
    )
        async throws -> (count: Int, quarter: Int?)
    {
        guard let quarter = countedQuarter(policy: policy, now: now) else {
            return (try await responseCount(survey.requireID(), on: db), nil)
        }
        let analysis = SurveyAnalysis.build(
            survey: survey, responses: try await Self.responses(survey.requireID(), on: db), quarter: quarter,
            policy: policy)
        return (policy.rounded(analysis.countedPeople), quarter)
    }
}

extension SurveyAnalysis {
    /// The analysis a reader under `policy` sees: the answers of `quarter` (`Surveys.answers(of:in:from:)`), or every
    /// answer so far when `quarter` is nil — which only roles with exact counts are given; under the rule a nil
    /// quarter means the latest complete one. Counts are rounded under the rule (`ChangeFinding.Rounding`).
    public static func build(
        survey: Survey, responses: [SurveyResponse], quarter: Int?, policy: DisclosurePolicy, now: Date = Date()
    ) -> SurveyAnalysis {
        guard let quarter = quarter ?? Surveys.countedQuarter(policy: policy, now: now) else {
            return build(survey: survey, responses: responses, rounding: policy)
        }
        var analysis = build(
            survey: survey, responses: Surveys.answers(of: survey, in: quarter, from: responses), rounding: policy)
        analysis.quarter = quarter
        if analysis.leavesOutSingleAnswers {
            // The same people before and after: comparing them as two separate groups would treat paired answers as
            // independent, and its count ("answers compared": twice the people, rounded apart) gave the people back.
            for index in analysis.questions.indices { analysis.questions[index].unpaired = nil }
        }
        return analysis
    }

    /// The one count these figures are of: the responses, or in a before-and-after survey counted by quarter, the
    /// people who answered both times (each with two answers, so their answers are no separate figure). A survey asked
    /// once does not tell people apart: each response sent counts.
    public var countedPeople: Int { leavesOutSingleAnswers ? pairs : responses.reduce(0, +) }

    /// Under the rule, whether a quarter's answers come from too few to show at all. With fewer than the threshold,
    /// every table of their answers is made of counts of 1–4, and the tables tie each other (a required question's
    /// answers add up to the people), so together they narrow how each answered (review: three "<5" answers to one
    /// question beside "<5" people gave 3 or 4 people, and each yes/no answer as 1–3).
    public func withholdsAnswers(under policy: DisclosurePolicy) -> Bool {
        quarter != nil && policy.hides(countedPeople)
    }
}
