import XCTest

@testable import SaferCyberCore

final class EscapeRulesTests: XCTestCase {
    var escapeScenarios: [EscapeScenario] {
        ScenarioLibrary.shipped.scenarios.compactMap { if case .escape(let s) = $0 { s } else { nil } }
    }

    func testShippedScenariosUseEveryPuzzleKind() {
        XCTAssertEqual(Set(escapeScenarios.map(\.id)), ["student-account", "scam-week"])
        for s in escapeScenarios {
            XCTAssertTrue((30...45).contains(s.minutes), s.id)
            XCTAssertEqual(Set(s.puzzles.map(\.kind)), Set(EscapeScenario.PuzzleKind.allCases), s.id)
            XCTAssertTrue(
                s.puzzles.allSatisfy { !$0.hints.isEmpty && $0.hints.allSatisfy { $0.costSeconds > 0 } },
                "every puzzle has hints that cost time")
            XCTAssertFalse(s.debrief.keyMessages.isEmpty)
            XCTAssertTrue(s.debrief.report.contains("Report Fraud"), "the debrief says where to report")
        }
        XCTAssertTrue(ScenarioLibrary.shipped.rejected.isEmpty, "\(ScenarioLibrary.shipped.rejected)")
    }

    func testNormalisingFreeTextAnswers() {
        XCTAssertEqual(EscapeRules.normalise("  2-Step   Verification! "), "2 step verification")
        XCTAssertEqual(EscapeRules.normalise("The Café"), "cafe")
        XCTAssertEqual(EscapeRules.normalise("the"), "the")
        XCTAssertEqual(EscapeRules.normalise("haveibeenpwned.com"), "haveibeenpwned com")
        XCTAssertEqual(EscapeRules.normaliseCode(" 73-9 1 "), "7391")
    }

    /// Every shipped puzzle accepts its right answer (every accepted variant) and refuses wrong ones.
    func testEveryShippedPuzzleAcceptsTheRightAnswerAndRefusesWrongOnes() {
        for s in escapeScenarios {
            for p in s.puzzles {
                let label = "\(s.id)/\(p.id)"
                switch p.kind {
                case .text:
                    for answer in p.answers! {
                        XCTAssertTrue(EscapeRules.check(p, answer: .text(answer.uppercased() + "  ")).correct, label)
                    }
                    XCTAssertFalse(EscapeRules.check(p, answer: .text("password")).correct, label)
                    XCTAssertFalse(EscapeRules.check(p, answer: .text("")).correct, label)
                case .choice:
                    for i in p.options!.indices {
                        let verdict = EscapeRules.check(p, answer: .choice(i))
                        XCTAssertEqual(verdict.correct, i == p.correct, label)
                        XCTAssertEqual(verdict.explanation, i == p.correct ? p.right : p.wrong, label)
                    }
                case .redFlags:
                    let parts = p.message!.parts
                    let flags = parts.indices.filter { parts[$0].flag == true }
                    let ordinary = parts.indices.filter { parts[$0].flag != true }
                    XCTAssertTrue(EscapeRules.check(p, answer: .flags(flags)).correct, label)
                    XCTAssertFalse(
                        EscapeRules.check(p, answer: .flags(flags + [ordinary[0]])).correct,
                        "\(label): marking an ordinary part is wrong")
                    let need = p.message!.need ?? flags.count
                    XCTAssertTrue(
                        EscapeRules.check(p, answer: .flags(Array(flags.prefix(need)))).correct,
                        "\(label): finding enough flags is right")
                    let short = EscapeRules.check(p, answer: .flags(Array(flags.prefix(need - 1))))
                    XCTAssertFalse(short.correct, label)
                    XCTAssertTrue(short.details.last!.contains("\(need - 1) of the \(need)"), label)
                case .ordering:
                    let count = p.items!.count
                    XCTAssertTrue(EscapeRules.check(p, answer: .order(Array(0..<count))).correct, label)
                    XCTAssertFalse(
                        EscapeRules.check(p, answer: .order(EscapeRules.shuffled(p))).correct,
                        "\(label): the shuffled start is never right")
                    XCTAssertFalse(EscapeRules.check(p, answer: .order(Array(0..<count - 1))).correct, label)
                case .codeLock:
                    XCTAssertTrue(EscapeRules.check(p, answer: .code(p.code!)).correct, label)
                    let fromClues = p.cluesFrom!.compactMap { s.puzzle($0)?.clue }.joined(separator: "-")
                    XCTAssertTrue(
                        EscapeRules.check(p, answer: .code(fromClues)).correct, "\(label): the clues open the lock")
                    XCTAssertFalse(EscapeRules.check(p, answer: .code(String(p.code!.reversed()))).correct, label)
                }
                XCTAssertFalse(
                    EscapeRules.check(p, answer: p.kind == .text ? .choice(0) : .text("x")).correct,
                    "\(label): an answer of the wrong kind")
            }
        }
    }

    func testRedFlagFeedbackNamesWhatWasFoundAndWhatWasNot() throws {
        let s = try XCTUnwrap(escapeScenarios.first { $0.id == "scam-week" })
        let puzzle = try XCTUnwrap(s.puzzle("refund-site"))
        // the padlock (not a flag) and the address (a flag)
        let verdict = EscapeRules.check(puzzle, answer: .flags([0, 1]))
        XCTAssertFalse(verdict.correct)
        XCTAssertEqual(verdict.details.count, 3)
        XCTAssertTrue(verdict.details[0].hasPrefix("Red flag: “Address: energy-refund-claim.co”"))
        XCTAssertTrue(
            verdict.details[1].hasPrefix("Not a red flag: “A padlock next to the address” — The padlock only means"))
        XCTAssertEqual(verdict.details[2], "You have found 1 of the 3 red flags to find.")
    }

    func testShuffleIsStableAndUsesEveryItem() throws {
        for p in escapeScenarios.flatMap(\.puzzles) where p.kind == .ordering {
            let order = EscapeRules.shuffled(p)
            XCTAssertEqual(order, EscapeRules.shuffled(p))
            XCTAssertEqual(order.sorted(), Array(0..<p.items!.count))
            XCTAssertNotEqual(order, Array(0..<p.items!.count))
        }
    }
}
