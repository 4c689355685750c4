import Foundation

/// One question of a survey. Questions are kept with their survey as JSON: a survey has a few dozen at most,
/// and keeping them together means an answered survey's wording can be frozen as one value.
public struct SurveyQuestion: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, CaseIterable, Sendable {
        case yesNo = "yes-no"
        case likert, single, multiple, number, text
        public var label: String {
            switch self {
            case .yesNo: "Yes or no"
            case .likert: "Agree–disagree scale (5 points)"
            case .single: "Choose one"
            case .multiple: "Choose all that apply"
            case .number: "A number"
            case .text: "Free text"
            }
        }
        var hasOptions: Bool { self == .single || self == .multiple }
    }

    /// Show this question only when an earlier question was answered with `answer`.
    public struct ShowIf: Codable, Sendable, Equatable {
        public var key: String
        public var answer: String
        public init(key: String, answer: String) {
            self.key = key
            self.answer = answer
        }
    }

    /// Stable within the survey; answers, outcomes and show-if rules refer to it.
    public var key: String
    public var text: String
    public var hint: String
    public var kind: Kind
    public var options: [String]
    public var optional: Bool
    /// Questions with the same group number are asked on the same page.
    public var group: Int
    public var showIf: ShowIf?

    public init(
        key: String, text: String, hint: String = "", kind: Kind, options: [String] = [], optional: Bool = false,
        group: Int,
        showIf: ShowIf? = nil
    ) {
        self.key = key
        self.text = text
        self.hint = hint
        self.kind = kind
        self.options = options
        self.optional = optional
        self.group = group
        self.showIf = showIf
    }

    /// The five points of the scale, stored as 1–5.
    public static let likertLabels = [
        "Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree",
    ]

    /// The answers a person can pick, as (stored value, label).
    public var choices: [(value: String, label: String)] {
        switch kind {
        case .yesNo: [("yes", "Yes"), ("no", "No")]
        case .likert: Self.likertLabels.enumerated().map { ("\($0.offset + 1)", $0.element) }
        case .single, .multiple: options.map { ($0, $0) }
        case .number, .text: []
        }
    }

    /// Whether the question is asked, given the answers so far.
    public func isShown(given answers: [String: [String]]) -> Bool {
        guard let rule = showIf else { return true }
        return answers[rule.key]?.contains(rule.answer) ?? false
    }
}

/// Checks that a set of questions makes a survey people can answer.
public enum SurveyQuestions {
    public static let maximumQuestions = 60
    public static let maximumTextLength = 2000

    public static func problems(_ questions: [SurveyQuestion]) -> [String] {
        var problems: [String] = []
        var seen: [String: SurveyQuestion] = [:]
        if questions.count > maximumQuestions {
            problems.append("A survey can have at most \(maximumQuestions) questions.")
        }
        for (index, question) in questions.enumerated() {
            let name = "Question \(index + 1)"
            if question.text.trimmingCharacters(in: .whitespaces).isEmpty { problems.append("\(name) has no wording.") }
            if question.key.isEmpty || seen[question.key] != nil { problems.append("\(name) needs its own key.") }
            if question.kind.hasOptions {
                let options = question.options.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
                if options.count < 2 { problems.append("\(name) needs at least two answers to choose from.") }
                if Set(options).count != options.count { problems.append("\(name) lists the same answer twice.") }
            }
            if let rule = question.showIf {
                guard let earlier = seen[rule.key] else {
                    problems.append("\(name) depends on a question that does not come before it.")
                    seen[question.key] = question
                    continue
                }
                if !earlier.choices.contains(where: { $0.value == rule.answer }) {
                    problems.append("\(name) depends on an answer that question “\(earlier.text)” does not offer.")
                }
                // Pages work without JavaScript, so a question can only depend on an answer from an earlier page.
                if earlier.group >= question.group {
                    problems.append(
                        "\(name) depends on a question on the same page or a later one: put it on a later page.")
                }
            }
            seen[question.key] = question
        }
        return problems
    }

    /// A short key for a new question that no other question uses.
    public static func newKey(for text: String, existing: [SurveyQuestion]) -> String {
        let words = text.lowercased().split { !$0.isLetter && !$0.isNumber }.prefix(3).joined(separator: "-")
        let base = words.isEmpty ? "q" : String(words.prefix(30))
        var key = base
        var n = 2
        while existing.contains(where: { $0.key == key }) {
            key = "\(base)-\(n)"
            n += 1
        }
        return key
    }
}
