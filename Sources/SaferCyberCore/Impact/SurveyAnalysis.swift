import Foundation

/// What a survey's answers show, question by question: counts at each stage, and for before/after
/// surveys the paired test on people who answered both times (with the unpaired test as the fallback).
public struct SurveyAnalysis: Sendable {
    public struct ChoiceCount: Sendable, Equatable {
        public var value: String
        public var label: String
        /// Count at each stage, in the survey's stage order.
        public var counts: [Int]
    }

    public struct NumberSummary: Sendable, Equatable {
        public var count: Int
        public var mean: Double
        public var median: Double
    }

    public struct QuestionResult: Sendable {
        public var question: SurveyQuestion
        /// People who answered this question at each stage.
        public var answered: [Int]
        public var choices: [ChoiceCount]
        public var numbers: [NumberSummary?]
        /// Free-text answers at each stage.
        public var texts: [[String]]
        public var words: [(word: String, count: Int)]
        public var paired: ChangeFinding?
        public var unpaired: ChangeFinding?
        /// The finding to lead with: paired when there are enough pairs, otherwise whichever exists.
        public var finding: ChangeFinding? {
            if let paired, !paired.tooSmall { return paired }
            if let unpaired, !unpaired.tooSmall { return unpaired }
            return paired ?? unpaired
        }
    }

    public var stages: [SurveyResponse.Stage]
    public var responses: [Int]
    /// Codes that answered at both stages.
    public var pairs: Int
    public var questions: [QuestionResult]
    /// The quarter whose answers these are (`build(survey:responses:quarter:policy:)`); nil for every answer so far.
    public var quarter: Int?
    /// Whether the answers of people who answered a before-and-after survey only once are left out: always, when the
    /// figures are a quarter's (`Surveys.answers(of:in:from:)`).
    public var leavesOutSingleAnswers: Bool { quarter != nil && stages == [.before, .after] }

    public func result(for key: String) -> QuestionResult? { questions.first { $0.question.key == key } }

    /// `rounding`: the rule whose reader sees the findings (their counts rounded, `ChangeFinding.Rounding`).
    public static func build(
        survey: Survey, responses: [SurveyResponse], rounding: DisclosurePolicy = .exact
    ) -> SurveyAnalysis {
        let stages = Surveys.stages(survey)
        let byStage = stages.map { stage in responses.filter { $0.stage == stage } }
        let answersByStage = byStage.map { $0.map(\.answers) }
        // Pairs: the same code at both stages (before/after surveys only).
        var pairedAnswers: [(before: [String: [String]], after: [String: [String]])] = []
        if stages == [.before, .after] {
            let after = Dictionary(
                byStage[1].compactMap { r in r.participantCode.map { ($0, r.answers) } },
                uniquingKeysWith: { a, _ in a })
            for response in byStage[0] {
                if let code = response.participantCode, let later = after[code] {
                    pairedAnswers.append((response.answers, later))
                }
            }
        }
        let results = survey.questions.map { question in
            result(question, stages: stages, answers: answersByStage, pairs: pairedAnswers, rounding: rounding)
        }
        return SurveyAnalysis(
            stages: stages, responses: byStage.map(\.count), pairs: pairedAnswers.count, questions: results)
    }

    static func result(
        _ question: SurveyQuestion, stages: [SurveyResponse.Stage], answers: [[[String: [String]]]],
        pairs: [(before: [String: [String]], after: [String: [String]])], rounding: DisclosurePolicy
    ) -> QuestionResult {
        let key = question.key
        let answered = answers.map { stage in stage.filter { $0[key] != nil }.count }
        let choices = question.choices.map { choice in
            ChoiceCount(
                value: choice.value, label: choice.label,
                counts: answers.map { stage in stage.filter { $0[key]?.contains(choice.value) ?? false }.count })
        }
        let numbers: [NumberSummary?] =
            question.kind == .number
            ? answers.map { stage in
                summary(stage.compactMap { $0[key]?.first.flatMap(Double.init) })
            } : []
        let texts = question.kind == .text ? answers.map { stage in stage.compactMap { $0[key]?.first } } : []
        var result = QuestionResult(
            question: question, answered: answered, choices: choices, numbers: numbers, texts: texts,
            words: question.kind == .text ? WordCount.top(texts.flatMap { $0 }) : [])
        guard stages == [.before, .after] else { return result }
        let label = question.text
        switch question.kind {
        case .yesNo:
            let both = pairs.compactMap { pair -> (before: Bool, after: Bool)? in
                guard let b = pair.before[key]?.first, let a = pair.after[key]?.first else { return nil }
                return (b == "yes", a == "yes")
            }
            if !both.isEmpty { result.paired = ChangeFinding.yesNo(both, behaviour: label, rounding: rounding) }
            let yes = choices.first { $0.value == "yes" }?.counts ?? [0, 0]
            if answered[0] > 0 && answered[1] > 0 {
                result.unpaired = ChangeFinding.yesNoUnpaired(
                    beforeYes: yes[0], beforeCount: answered[0], afterYes: yes[1], afterCount: answered[1],
                    behaviour: label, rounding: rounding)
            }
        case .likert:
            let both = pairs.compactMap { pair -> (before: Int, after: Int)? in
                guard let b = pair.before[key]?.first.flatMap(Int.init),
                    let a = pair.after[key]?.first.flatMap(Int.init)
                else { return nil }
                return (b, a)
            }
            if !both.isEmpty { result.paired = ChangeFinding.likert(both, statement: label, rounding: rounding) }
            let values = answers.map { stage in stage.compactMap { $0[key]?.first.flatMap(Int.init) } }
            if !values[0].isEmpty && !values[1].isEmpty {
                result.unpaired = ChangeFinding.likertUnpaired(
                    before: values[0], after: values[1], statement: label, rounding: rounding)
            }
        default:
            break
        }
        return result
    }

    static func summary(_ values: [Double]) -> NumberSummary? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        let median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        return NumberSummary(count: values.count, mean: values.reduce(0, +) / Double(values.count), median: median)
    }
}

/// The most frequent words in free-text answers, leaving out the small words every answer has.
public enum WordCount {
    static let stopWords: Set<String> = [
        "the", "and", "for", "are", "but", "not", "you", "all", "any", "can", "had", "her", "was", "one", "our", "out",
        "has", "have",
        "how", "its", "into", "that", "this", "with", "from", "they", "them", "what", "when", "were", "will", "would",
        "there", "their",
        "about", "which", "your", "more", "some", "than", "then", "also", "just", "like", "been", "being", "very",
        "much", "who", "get",
        "did", "does", "i'm", "it's", "don't", "dont", "yes", "nothing", "none", "too", "should", "could", "my", "me",
    ]

    public static func top(_ texts: [String], limit: Int = 20) -> [(word: String, count: Int)] {
        var counts: [String: Int] = [:]
        for text in texts {
            // Each answer counts a word once, so one long answer cannot dominate.
            let words = Set(text.lowercased().split { !($0.isLetter || $0 == "'" || $0.isNumber) }.map(String.init))
            for word in words where word.count >= 3 && !stopWords.contains(word) { counts[word, default: 0] += 1 }
        }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(limit).map {
            ($0.key, $0.value)
        }
    }
}
