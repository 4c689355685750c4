import Foundation

/// How escape-room answers are judged and explained, as pure functions.
public enum EscapeRules {
    /// What a team submits for a puzzle.
    public enum Answer: Codable, Sendable, Equatable {
        case text(String)
        case choice(Int)
        /// red-flags: the indexes of the parts the team marked as suspicious.
        case flags([Int])
        /// ordering: the items' indexes (in the scenario's right order) as the team arranged them.
        case order([Int])
        case code(String)
    }

    public struct Verdict: Sendable, Equatable {
        public var correct: Bool
        /// The scenario's "why", right or wrong.
        public var explanation: String
        /// Specific feedback on this answer (each flag found, items out of place…).
        public var details: [String]
    }

    /// Free-text answers match whatever the case, accents, punctuation, spacing or a leading "the".
    public static func normalise(_ text: String) -> String {
        let folded = text.folding(
            options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: Locale(identifier: "en_GB"))
        let kept = folded.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) ? Character($0) : " " }
        var words = String(kept).split(separator: " ").map(String.init)
        if words.first == "the", words.count > 1 { words.removeFirst() }
        return words.joined(separator: " ")
    }

    /// Codes match ignoring spaces, dashes and case ("47-19" opens a 4719 lock).
    public static func normaliseCode(_ text: String) -> String {
        String(text.uppercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }

    public static func check(_ puzzle: EscapeScenario.Puzzle, answer: Answer) -> Verdict {
        func verdict(_ correct: Bool, _ details: [String] = []) -> Verdict {
            Verdict(correct: correct, explanation: correct ? puzzle.right : puzzle.wrong, details: details)
        }
        switch (puzzle.kind, answer) {
        case (.text, .text(let given)):
            let wanted = Set((puzzle.answers ?? []).map(normalise))
            return verdict(!normalise(given).isEmpty && wanted.contains(normalise(given)))
        case (.choice, .choice(let index)):
            return verdict(index == puzzle.correct)
        case (.redFlags, .flags(let marked)):
            return redFlagsVerdict(puzzle, marked: Set(marked))
        case (.ordering, .order(let order)):
            let count = puzzle.items?.count ?? 0
            guard order.count == count, Set(order) == Set(0..<count) else {
                return verdict(false, ["Put every item in order, each once."])
            }
            let inPlace = order.enumerated().filter { $0.offset == $0.element }.count
            return inPlace == count ? verdict(true) : verdict(false, ["\(inPlace) of \(count) are in the right place."])
        case (.codeLock, .code(let given)):
            return verdict(normaliseCode(given) == normaliseCode(puzzle.code ?? ""))
        default:
            return verdict(false, ["That kind of answer does not fit this puzzle."])
        }
    }

    static func redFlagsVerdict(_ puzzle: EscapeScenario.Puzzle, marked: Set<Int>) -> Verdict {
        let parts = puzzle.message?.parts ?? []
        let flags = Set(parts.indices.filter { parts[$0].flag == true })
        let need = puzzle.message?.need ?? flags.count
        let found = marked.intersection(flags)
        let wrongly = marked.subtracting(flags).filter { parts.indices.contains($0) }
        var details: [String] = found.sorted().map { "Red flag: “\(parts[$0].text)” — \(parts[$0].why ?? "")" }
        details += wrongly.sorted().map {
            "Not a red flag: “\(parts[$0].text)”" + (parts[$0].why.map { " — \($0)" } ?? "")
        }
        let correct = found.count >= need && wrongly.isEmpty
        if !correct, found.count < need {
            details.append("You have found \(found.count) of the \(need) red flags to find.")
        }
        return Verdict(correct: correct, explanation: correct ? puzzle.right : puzzle.wrong, details: details)
    }

    /// The order players first see an ordering puzzle's items in: shuffled the same way on every
    /// device and after every restart (seeded by the puzzle id), and never already right.
    public static func shuffled(_ puzzle: EscapeScenario.Puzzle) -> [Int] {
        let count = puzzle.items?.count ?? 0
        guard count > 1 else { return Array(0..<count) }
        var seed = puzzle.id.utf8.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
        var order = Array(0..<count)
        for i in stride(from: count - 1, to: 0, by: -1) {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            order.swapAt(i, Int((seed >> 33) % UInt64(i + 1)))
        }
        if order == Array(0..<count) { order.swapAt(0, 1) }
        return order
    }
}
