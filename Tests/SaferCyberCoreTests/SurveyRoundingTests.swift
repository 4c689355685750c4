import XCTest

@testable import SaferCyberCore

/// Review of issue 19, F3: a survey is counted again at each quarter's end, and two exact versions of one finding
/// differ by the few who answered between them ("30% of the same 30", then "26% of the same 50": 4 of the 20 new
/// people said yes). For a reader without exact counts the findings are written from counts rounded to the threshold
/// and p-values in bands, so that no pair of versions pins down how the new few answered.
final class SurveyRoundingTests: XCTestCase {
    /// What a reader sees of the paired yes/no finding when `yes` of `pairs` people (all "no" before) say yes after.
    func published(yes: Int, of pairs: Int, _ policy: DisclosurePolicy) -> [String] {
        let answers = (0..<pairs).map { (before: false, after: $0 < yes) }
        let finding = ChangeFinding.yesNo(answers, behaviour: "Hangs up", rounding: policy)
        return [
            finding.sentence(publishedWith: policy), finding.pValueFigure,
            String(format: "%+.0f", finding.effect * 100),
        ] + [finding.effectLow, finding.effectHigh].map { String(format: "%+.0f", ($0 ?? 0) * 100) }
    }

    /// The attacker: every count of the new people saying yes that fits both versions a reader saw.
    func feasibleNewYes(first: (yes: Int, pairs: Int), second: (yes: Int, pairs: Int), _ policy: DisclosurePolicy)
        -> Set<Int>
    {
        let seen = (
            published(yes: first.yes, of: first.pairs, policy), published(yes: second.yes, of: second.pairs, policy)
        )
        let earlier = (0...first.pairs).filter { published(yes: $0, of: first.pairs, policy) == seen.0 }
        let later = (0...second.pairs).filter { published(yes: $0, of: second.pairs, policy) == seen.1 }
        var differences = Set<Int>()
        for a in earlier {
            for b in later where b >= a && b - a <= second.pairs - first.pairs { differences.insert(b - a) }
        }
        return differences
    }

    func testTwoVersionsDoNotGiveHowTheNewFewAnswered() {
        // Exact figures (staff): the versions give the 4 exactly — the review's finding, kept as the control.
        XCTAssertEqual(feasibleNewYes(first: (9, 30), second: (13, 50), .exact), [4])
        // Rounded for a viewer: at least as many candidates as "<5" stands for.
        let viewer = feasibleNewYes(first: (9, 30), second: (13, 50), .published)
        XCTAssertGreaterThanOrEqual(viewer.count, DisclosurePolicy.published.threshold, "\(viewer.sorted())")
        XCTAssertTrue(viewer.contains(4))
        // Across other versions a quarter apart, none pins the new few to one value.
        for (first, second) in [((10, 31), (11, 62)), ((12, 40), (14, 45)), ((20, 40), (21, 46)), ((5, 25), (9, 30))] {
            let candidates = feasibleNewYes(first: first, second: second, .published)
            XCTAssertGreaterThanOrEqual(candidates.count, 3, "\(first) → \(second): \(candidates.sorted())")
        }
    }

    /// What a reader sees of a yes/no question's table: total, yes and no, each rounded or "<5".
    func table(yes: Int, no: Int, _ policy: DisclosurePolicy) -> [String] {
        [yes + no, yes, no].map { policy.text(policy.rounded($0)) }
    }

    /// The outside review's case: rounded rows beside an exact total fixed each row ("14 answered: Yes 5, No 5" can
    /// only be 7 and 7; then "21: Yes 10, No 15" only 8 and 13), so two versions gave 1 new "yes" of 7. With the
    /// total rounded too, the reader lists every table that fits both versions.
    func testTwoVersionsOfATableDoNotPinTheNewFew() {
        func candidates(_ first: (Int, Int), _ second: (Int, Int), _ policy: DisclosurePolicy) -> Set<Int> {
            let seen = (table(yes: first.0, no: first.1, policy), table(yes: second.0, no: second.1, policy))
            var found = Set<Int>()
            for y1 in 0...40 {
                for n1 in 0...40 where table(yes: y1, no: n1, policy) == seen.0 {
                    for y2 in y1...60 {
                        for n2 in n1...60 where table(yes: y2, no: n2, policy) == seen.1 {
                            // The chain rule: totals grow by none or at least the threshold.
                            let growth = (y2 + n2) - (y1 + n1)
                            if growth == 0 || growth >= policy.threshold { found.insert(y2 - y1) }
                        }
                    }
                }
            }
            return found
        }
        // Exact figures pin it (the control); so did rounded rows beside the exact total.
        XCTAssertEqual(candidates((7, 7), (8, 13), .exact), [1])
        let viewer = candidates((7, 7), (8, 13), .published)
        XCTAssertGreaterThan(viewer.count, 1, "\(viewer.sorted())")
        XCTAssertTrue(viewer.contains(1))
        for (first, second) in [((10, 21), (11, 51)), ((6, 9), (8, 13)), ((12, 8), (15, 10)), ((5, 5), (9, 6))] {
            let found = candidates(first, second, .published)
            XCTAssertGreaterThan(found.count, 1, "\(first) → \(second): \(found.sorted())")
        }
    }

    func testRoundingToTheThreshold() {
        let policy = DisclosurePolicy.published
        // Independent of the code: the nearest multiple of 5, halves away from zero.
        for count in 1...4 { XCTAssertEqual(policy.rounded(count), count, "a hidden count stays hidden") }
        for count in 5...200 {
            let expected = Int((Double(count) / 5).rounded(.toNearestOrAwayFromZero)) * 5
            XCTAssertEqual(policy.rounded(count), expected)
            XCTAssertLessThanOrEqual(abs(policy.rounded(count) - count), 2)
        }
        XCTAssertEqual(DisclosurePolicy(threshold: 10, applies: true).rounded(14), 10)
        XCTAssertEqual(DisclosurePolicy.exact.rounded(13), 13)
        // p-values in bands for a viewer, exact for staff.
        let finding = ChangeFinding.yesNo(
            (0..<40).map { (before: false, after: $0 < 9) }, behaviour: "Hangs up", rounding: policy)
        XCTAssertEqual(finding.pValueFigure, "< 0.05")
        XCTAssertNil(finding.effectLow, "no interval: worked out from exact counts")
        XCTAssertEqual(finding.effect, 0.25, accuracy: 1e-12, "from the rounded counts: 10 of 40")
        XCTAssertTrue(finding.sentence.contains("of the same about 40 people"), finding.sentence)
        XCTAssertTrue(finding.sentence.contains("0% before and 25% after"), finding.sentence)
        let exact = ChangeFinding.yesNo((0..<40).map { (before: false, after: $0 < 9) }, behaviour: "Hangs up")
        XCTAssertEqual(exact.pValueFigure, String(format: "%.3f", exact.test.pValue))
        XCTAssertTrue(exact.sentence.contains("0% before and 22% after of the same 40 people"), exact.sentence)
    }
}
