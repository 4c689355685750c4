import Foundation

/// Reads and checks one page of answers. Answers are kept as lists of strings keyed by question:
/// one value for most questions, several for "choose all that apply".
public enum SurveyAnswers {
    /// Checks the answers to the questions of `group`, given what was answered on earlier pages.
    /// Returns the cleaned answers for the shown questions and one plain-English problem per question.
    public static func check(
        _ questions: [SurveyQuestion], group: Int, submitted: [String: [String]],
        earlier: [String: [String]]
    ) -> (answers: [String: [String]], problems: [(key: String, message: String)]) {
        var answers = earlier
        var problems: [(String, String)] = []
        for question in questions where question.group == group {
            answers[question.key] = nil
            guard question.isShown(given: answers) else { continue }
            let values = (submitted[question.key] ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                .filter { !$0.isEmpty }
            if values.isEmpty {
                if !question.optional { problems.append((question.key, missing(question))) }
                continue
            }
            switch question.kind {
            case .yesNo, .likert, .single:
                guard values.count == 1, question.choices.contains(where: { $0.value == values[0] }) else {
                    problems.append((question.key, missing(question)))
                    continue
                }
                answers[question.key] = values
            case .multiple:
                let allowed = Set(question.choices.map(\.value))
                guard values.allSatisfy(allowed.contains) else {
                    problems.append((question.key, missing(question)))
                    continue
                }
                answers[question.key] = Array(Set(values)).sorted()
            case .number:
                guard let number = number(values[0]) else {
                    problems.append((question.key, "Enter a number, like 3, for “\(question.text)”"))
                    continue
                }
                answers[question.key] = [format(number)]
            case .text:
                guard values[0].count <= SurveyQuestions.maximumTextLength else {
                    problems.append(
                        (
                            question.key,
                            "Your answer to “\(question.text)” must be \(SurveyQuestions.maximumTextLength) characters or fewer"
                        ))
                    continue
                }
                answers[question.key] = [values[0]]
            }
        }
        return (answers, problems)
    }

    /// Drops answers to questions that are no longer shown (an earlier answer changed) and unknown keys.
    public static func pruned(_ answers: [String: [String]], questions: [SurveyQuestion]) -> [String: [String]] {
        var kept: [String: [String]] = [:]
        for question in questions.sorted(by: { $0.group < $1.group }) where question.isShown(given: kept) {
            if let value = answers[question.key] { kept[question.key] = value }
        }
        return kept
    }

    static func missing(_ question: SurveyQuestion) -> String {
        switch question.kind {
        case .yesNo, .likert, .single: "Choose an answer for “\(question.text)”"
        case .multiple: "Choose at least one answer for “\(question.text)”"
        case .number: "Enter a number for “\(question.text)”"
        case .text: "Enter an answer for “\(question.text)”"
        }
    }

    static func number(_ text: String) -> Double? {
        let cleaned = text.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "£", with: "")
        guard let value = Double(cleaned), value.isFinite, abs(value) < 1e9 else { return nil }
        return value
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    public static func encode(_ answers: [String: [String]]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(answers)) ?? Data("{}".utf8), as: UTF8.self)
    }

    public static func decode(_ json: String) -> [String: [String]] {
        (try? JSONDecoder().decode([String: [String]].self, from: Data(json.utf8))) ?? [:]
    }
}
