import SaferCyberCore
import XCTest

final class SurveyDefinitionTests: XCTestCase {
    func testEveryShippedTemplateIsAValidSurvey() {
        XCTAssertEqual(SurveyTemplates.all.count, 5)
        for template in SurveyTemplates.all {
            XCTAssertEqual(SurveyQuestions.problems(template.questions), [], template.key)
            XCTAssertTrue(
                template.questions.contains { $0.kind == .yesNo || $0.kind == .likert },
                "\(template.key) measures no behaviour")
        }
    }

    func testBrokenDefinitionsAreExplained() {
        let questions = [
            SurveyQuestion(key: "a", text: "Which?", kind: .single, options: ["Only one"], group: 1),
            SurveyQuestion(key: "b", text: "Later", kind: .yesNo, group: 1, showIf: .init(key: "c", answer: "yes")),
            SurveyQuestion(key: "c", text: "Do you?", kind: .yesNo, group: 2),
            SurveyQuestion(key: "d", text: "Then", kind: .text, group: 2, showIf: .init(key: "c", answer: "maybe")),
            SurveyQuestion(key: "d", text: "", kind: .number, group: 3),
        ]
        XCTAssertEqual(
            SurveyQuestions.problems(questions),
            [
                "Question 1 needs at least two answers to choose from.",
                "Question 2 depends on a question that does not come before it.",
                "Question 4 depends on an answer that question “Do you?” does not offer.",
                "Question 4 depends on a question on the same page or a later one: put it on a later page.",
                "Question 5 has no wording.",
                "Question 5 needs its own key.",
            ])
    }

    func testAnswersAreCheckedPageByPageWithShowIf() {
        let questions = SurveyTemplates.named("staying-safe-online")!.questions
        // Page 1, then page 2: "no" to 2-step verification hides the follow-up, so an answer sent for it is ignored.
        let first = SurveyAnswers.check(questions, group: 1, submitted: ["uses-2sv": ["no"]], earlier: [:])
        XCTAssertTrue(first.problems.isEmpty)
        let hidden = SurveyAnswers.check(
            questions, group: 2, submitted: ["2sv-accounts": ["Banking"]], earlier: first.answers)
        XCTAssertEqual(hidden.answers, ["uses-2sv": ["no"]])

        // Page 3: a missing required answer and an out-of-range scale value are both reported by question.
        let second = SurveyAnswers.check(
            questions, group: 3, submitted: ["backs-up": ["yes"], "password-confidence": ["7"]], earlier: first.answers)
        XCTAssertEqual(second.problems.map(\.key), ["updates", "password-confidence"])
        XCTAssertEqual(
            second.problems.first?.message,
            "Choose an answer for “Do you install updates on your phone and computer when they are offered?”")

        // "Choose all that apply" keeps each picked value once and refuses values not offered.
        let yes = SurveyAnswers.check(
            questions, group: 2, submitted: ["2sv-accounts": ["Work", "Banking", "Work"]],
            earlier: ["uses-2sv": ["yes"]])
        XCTAssertEqual(yes.answers["2sv-accounts"], ["Banking", "Work"])
        let odd = SurveyAnswers.check(
            questions, group: 2, submitted: ["2sv-accounts": ["Pizza"]], earlier: ["uses-2sv": ["yes"]])
        XCTAssertEqual(odd.problems.map(\.key), ["2sv-accounts"])

        // Numbers accept thousands separators and refuse words.
        let young = SurveyTemplates.named("small-business-security")!.questions
        XCTAssertEqual(
            SurveyAnswers.check(young, group: 3, submitted: ["staff-count": ["1,200"]], earlier: [:]).answers[
                "staff-count"], ["1200"])
        XCTAssertEqual(
            SurveyAnswers.check(young, group: 3, submitted: ["staff-count": ["lots"]], earlier: [:]).problems.first?
                .message,
            "Enter a number, like 3, for “How many people work in your organisation?”")
    }

    func testParticipantCodesCatchEveryMistypedCharacter() {
        for _ in 0..<50 {
            let code = ParticipantCode.random()
            XCTAssertEqual(ParticipantCode.normalised(code), code)
            XCTAssertEqual(ParticipantCode.normalised(ParticipantCode.display(code).lowercased()), code)
            // Every single-character substitution is refused.
            for position in 0..<6 {
                for replacement in "0123456789ABCDEFGHJKMNPQRSTVWXYZ" where replacement != Array(code)[position] {
                    var changed = Array(code)
                    changed[position] = replacement
                    XCTAssertNil(ParticipantCode.normalised(String(changed)), "\(code) → \(String(changed))")
                }
            }
        }
        // Letters people confuse with digits are read as the digits.
        let code = ParticipantCode.forBooking(token: "example-token")
        XCTAssertEqual(code, ParticipantCode.forBooking(token: "example-token"))
        XCTAssertNotEqual(code, ParticipantCode.forBooking(token: "another-token"))
        let withLetters = code.replacingOccurrences(of: "0", with: "o").replacingOccurrences(of: "1", with: "I")
        XCTAssertEqual(ParticipantCode.normalised(withLetters), code)
        XCTAssertNil(ParticipantCode.normalised("ABC"))
        XCTAssertNil(ParticipantCode.normalised("ABC-12!"))
    }

    func testOutcomeAndIndicatorJudgement() {
        let better = ChangeFinding.yesNo(
            Array(repeating: (false, true), count: 12) + Array(repeating: (true, true), count: 10), behaviour: "x")
        let worse = ChangeFinding.yesNo(
            Array(repeating: (true, false), count: 12) + Array(repeating: (true, true), count: 10), behaviour: "x")
        let flat = ChangeFinding.yesNo(
            Array(repeating: (true, false), count: 3) + Array(repeating: (false, true), count: 4)
                + Array(repeating: (true, true), count: 10), behaviour: "x")
        let tiny = ChangeFinding.yesNo([(false, true), (false, true)], behaviour: "x")
        XCTAssertEqual(Outcomes.judge([better]).0, .green)
        XCTAssertEqual(Outcomes.judge([better, flat]).0, .amber)
        XCTAssertEqual(Outcomes.judge([better, worse]).0, .red)
        XCTAssertEqual(Outcomes.judge([tiny, nil]).0, .none)
        XCTAssertEqual(Outcomes.judge([better, tiny]).0, .green, "a measure with too few answers is not judged")
        // Review (issue 19): under the rule a measure whose test is withheld (3 changed one way, 4 the other) is not
        // judged either — "1 of 2 improved" beside the other's p-value told whether it was significant.
        let withheldWorse = ChangeFinding.yesNo(
            Array(repeating: (true, false), count: 4) + Array(repeating: (true, true), count: 20), behaviour: "x")
        XCTAssertEqual(Outcomes.judge([better, withheldWorse]).0, .amber, "staff: p = 0.125, not beyond chance")
        XCTAssertFalse(DisclosurePolicy.published.allowsFigure(from: withheldWorse.peopleCounts))
        XCTAssertEqual(Outcomes.judge([better, withheldWorse], policy: .published).0, .green)
        XCTAssertEqual(Outcomes.judge([better, worse], policy: .published).0, .red, "a published worse still counts")
        let alone = Outcomes.judge([withheldWorse], policy: .published)
        XCTAssertEqual(alone.0, .none)
        XCTAssertEqual(alone.1, "Too few people in part of the comparison to publish a rating.")

        // Latest against the average of the earlier quarters (40): +10% up is green for "up", red for "down".
        XCTAssertEqual(Indicators.judge([30, 50, nil, 44], direction: .up).0, .green)
        XCTAssertEqual(Indicators.judge([30, 50, nil, 44], direction: .down).0, .red)
        XCTAssertEqual(Indicators.judge([30, 50, 41], direction: .up).0, .amber)
        XCTAssertEqual(Indicators.judge([30, 50, nil], direction: .up).0, .none)
        XCTAssertEqual(Indicators.judge([nil, nil, 12], direction: .up).0, .none)
        XCTAssertEqual(
            Indicators.judge([30, 50, 44], direction: .up).1,
            "Up 10% on the average of the previous 2 quarters: the direction we want.")
    }

    /// Issue 19, case 4: a zero baseline gave "Up 100%" for a value that went down; shares were judged in
    /// relative per cent (40% → 42% "Up 5%"); counts of 3–4 were rated red or green.
    func testIndicatorsJudgeHonestly() {
        let fromZero = Indicators.judge([0, 0, -4], direction: .up, source: .manual)
        XCTAssertEqual(fromZero.0, .red)
        XCTAssertEqual(fromZero.1, "Down from 0 to -4 on the average of the previous 2 quarters: the wrong direction.")
        XCTAssertFalse(Indicators.judge([0, 0, 12], direction: .up, source: .manual).1.contains("%"))

        let share = Indicators.judge([40, 40, 42], direction: .up, source: .surveyShare)
        XCTAssertEqual(share.0, .amber)
        XCTAssertEqual(share.1, "Within 5 percentage points of the average of the previous 2 quarters: no real change.")
        let shareUp = Indicators.judge([40, 40, 47], direction: .up, source: .surveyShare)
        XCTAssertEqual(
            shareUp.1, "Up 7 percentage points on the average of the previous 2 quarters: the direction we want.")

        let tiny = Indicators.judge([3, 3, 4], direction: .down, source: .recordedCrimes)
        XCTAssertEqual(tiny.0, .none)
        XCTAssertTrue(tiny.1.hasPrefix("Too few to judge"), tiny.1)
        XCTAssertEqual(Indicators.judge([30, 30, 40], direction: .down, source: .recordedCrimes).0, .red)
    }
}
