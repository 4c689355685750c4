import FluentKit
import Foundation

/// Survey answers keep arriving, so a survey's figures to the end of one quarter and to the end of the next differ
/// by the answers between them: two board reports, or a viewer's results page before and after a quarter ends, gave
/// "5 people answering before and after", then "9" — the 4 who answered in between (review of issue 19).
///
/// For a reader under the rule, a survey's answers are counted to a quarter's end only when, against the last quarter
/// end they were counted to, each stage's responses and the pairs have grown by none or by at least the threshold.
/// Otherwise they stay counted to that earlier quarter end until enough more have come in. The chain starts from
/// nothing, so the first counted quarter end already holds at least the threshold at each stage that has any.
extension Surveys {
    /// The moment a reader under `policy` counts a survey's answers to, no later than `bound` (the end of the latest
    /// complete quarter, or of a report's quarter). `bound` itself for roles with exact counts (nil: every answer).
    public static func countedUntil(
        survey: Survey, responses: [SurveyResponse], bound: Date?, policy: DisclosurePolicy
    ) -> Date? {
        guard policy.applies, let bound else { return bound }
        guard let first = responses.map(\.submittedAt).filter({ $0 < bound }).min() else { return bound }
        var counted: [Int]?
        var cutoff = Quarter.span(Quarter.of(date: first)).start
        var quarter = Quarter.of(date: first)
        while Quarter.span(quarter).end <= bound {
            let end = Quarter.span(quarter).end
            let analysis = SurveyAnalysis.published(survey: survey, responses: responses, until: end, policy: policy)
            let tallies = analysis.responses + [analysis.pairs]
            let grown = zip(tallies, counted ?? tallies.map { _ in 0 }).map { abs($0 - $1) }
            if grown.allSatisfy({ $0 == 0 || $0 >= policy.threshold }) {
                counted = tallies
                cutoff = end
            }
            quarter = Quarter.adding(1, to: quarter)
        }
        return cutoff
    }

    /// A survey's responses as a reader under `policy` counts them at `now` (rounded, `DisclosurePolicy.rounded`), and
    /// the moment they are counted to (nil: every response so far, for roles with exact counts).
    public static func countedResponses(
        _ survey: Survey, policy: DisclosurePolicy, now: Date = Date(), on db: any Database
    )
        async throws -> (count: Int, until: Date?)
    {
        guard let bound = policy.countedUntil(now: now) else {
            return (try await responseCount(survey.requireID(), on: db), nil)
        }
        let responses = try await Self.responses(survey.requireID(), on: db)
        let until = countedUntil(survey: survey, responses: responses, bound: bound, policy: policy)
        let analysis = SurveyAnalysis.published(survey: survey, responses: responses, until: until, policy: policy)
        return (policy.rounded(analysis.responses.reduce(0, +)), until)
    }
}

extension SurveyAnalysis {
    /// The analysis a reader under `policy` sees: answers before `until` (a quarter's end; nil for every answer),
    /// held at an earlier quarter's end while too few have come in since (`Surveys.countedUntil`).
    public static func build(
        survey: Survey, responses: [SurveyResponse], until: Date?, policy: DisclosurePolicy
    ) -> SurveyAnalysis {
        let cutoff = Surveys.countedUntil(survey: survey, responses: responses, bound: until, policy: policy)
        var analysis = published(survey: survey, responses: responses, until: cutoff, policy: policy)
        analysis.countedUntil = cutoff
        return analysis
    }

    /// The answers before `until` as a reader under `policy` may count them (reviews of issue 19, F2). In a
    /// before-and-after survey, the people who answered at one stage only are its responses less the pairs, and a
    /// stage's table less the paired comparison gives their answers — a small number of them, or a small number
    /// choosing one answer among many of them. So once anyone has answered both times, the figures are of the people
    /// who did (the same people before and after, as the paired tests are), and the others' answers are left out
    /// (`leftOut`). Before anyone has, each stage stands alone, and a small stage is left out.
    static func published(survey: Survey, responses: [SurveyResponse], until: Date?, policy: DisclosurePolicy)
        -> SurveyAnalysis
    {
        let counted = responses.filter { until == nil || $0.submittedAt < until! }
        guard policy.applies, Surveys.stages(survey) == [.before, .after] else {
            return build(survey: survey, responses: counted, until: nil, rounding: policy)
        }
        func codes(_ stage: SurveyResponse.Stage) -> Set<String> {
            Set(counted.filter { $0.stage == stage }.compactMap(\.participantCode))
        }
        let (before, after) = (codes(.before), codes(.after))
        func unpaired(_ stage: SurveyResponse.Stage, _ other: Set<String>) -> [SurveyResponse] {
            counted.filter { $0.stage == stage && !($0.participantCode.map(other.contains) ?? false) }
        }
        let onlyBefore = unpaired(.before, after)
        let onlyAfter = unpaired(.after, before)
        let paired = !before.isDisjoint(with: after)
        let leaveOut = [
            !onlyBefore.isEmpty && (paired || policy.hides(onlyBefore.count)),
            !onlyAfter.isEmpty && (paired || policy.hides(onlyAfter.count)),
        ]
        var dropped = Set<ObjectIdentifier>()
        if leaveOut[0] { dropped.formUnion(onlyBefore.map(ObjectIdentifier.init)) }
        if leaveOut[1] { dropped.formUnion(onlyAfter.map(ObjectIdentifier.init)) }
        var analysis = build(
            survey: survey, responses: counted.filter { !dropped.contains(ObjectIdentifier($0)) }, until: nil,
            rounding: policy)
        analysis.leftOut = leaveOut
        return analysis
    }
}
