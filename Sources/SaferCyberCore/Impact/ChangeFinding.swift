import Foundation

/// A before/after result for one question, with the sentence a board member reads.
public struct ChangeFinding: Sendable, Equatable {
    public var test: Statistics.Result
    public var pairs: Int
    /// The change on the question's own scale: share answering yes (−1…1), or rank-biserial r (−1…1) for Likert.
    public var effect: Double
    public var effectLow: Double?
    public var effectHigh: Double?
    public var tooSmall: Bool
    public var sentence: String
    /// False for the unpaired fallback, where `pairs` counts everyone who answered.
    public var paired = true
    /// For Likert questions: the average move on the 1–5 scale with its 95% interval.
    public var meanChange: Double? = nil
    public var meanChangeLow: Double? = nil
    public var meanChangeHigh: Double? = nil
    /// The question as the sentence's subject, and every count of people the sentence gives (directly or as a
    /// share), so that a published version can leave them out when any is small.
    public var subjectText = ""
    public var peopleCounts: [Int] = []

    /// Fewer pairs than this and the result is reported with a warning rather than a conclusion.
    public static let minimumPairs = 10

    /// Paired yes/no answers for one behaviour (true = yes), one pair per participant code.
    public static func yesNo(_ pairs: [(before: Bool, after: Bool)], behaviour label: String) -> ChangeFinding {
        let behaviour = subject(label)
        let b = pairs.filter { $0.before && !$0.after }.count
        let c = pairs.filter { !$0.before && $0.after }.count
        let test = Statistics.mcNemar(b: b, c: c)
        let a = pairs.filter { $0.before && $0.after }.count
        let (difference, low, high) = Statistics.pairedProportionChange(
            a: a, b: b, c: c, d: pairs.count - a - b - c)
        let beforeShare = pairs.isEmpty ? 0 : Double(pairs.filter(\.before).count) / Double(pairs.count)
        let afterShare = pairs.isEmpty ? 0 : Double(pairs.filter(\.after).count) / Double(pairs.count)
        let tooSmall = pairs.count < minimumPairs
        let shares = String(format: "%.0f%% before and %.0f%% after", beforeShare * 100, afterShare * 100)
        let sentence: String
        if tooSmall {
            sentence =
                "\(behaviour): \(shares), but only \(pairs.count) people answered both times, too few to say whether anything changed."
        } else if test.pValue < 0.05 {
            sentence =
                "\(behaviour): \(shares) of the same \(pairs.count) people. This \(difference > 0 ? "rise" : "fall") is unlikely to be chance (McNemar \(pText(test.pValue)))."
        } else {
            sentence =
                "\(behaviour): \(shares) of the same \(pairs.count) people. The change could be chance (McNemar \(pText(test.pValue)))."
        }
        var finding = ChangeFinding(
            test: test, pairs: pairs.count, effect: difference, effectLow: low, effectHigh: high, tooSmall: tooSmall,
            sentence: sentence)
        let yesBefore = pairs.filter(\.before).count
        let yesAfter = pairs.filter(\.after).count
        finding.subjectText = behaviour
        // The people who changed their answer too: McNemar's p is theirs alone (p = 0.500 is 2 changing, both
        // one way), so a small number of them hides the test as it hides a small margin (review, issue 19).
        // And those who did not (yes both times, no both times): the stage tables less the changers give them.
        finding.peopleCounts = [
            pairs.count, yesBefore, pairs.count - yesBefore, yesAfter, pairs.count - yesAfter, b, c, a,
            pairs.count - a - b - c,
        ]
        return finding
    }

    /// Paired answers on a 1–5 scale.
    public static func likert(_ pairs: [(before: Int, after: Int)], statement label: String) -> ChangeFinding {
        let statement = subject(label)
        let before = pairs.map { Double($0.before) }
        let after = pairs.map { Double($0.after) }
        let test = Statistics.wilcoxon(before: before, after: after)
        let r = Statistics.rankBiserial(before: before, after: after)
        let tooSmall = pairs.count < minimumPairs
        let up = pairs.filter { $0.after > $0.before }.count
        let down = pairs.filter { $0.after < $0.before }.count
        let moved = "\(up) moved up the scale and \(down) down, of \(pairs.count) people"
        let sentence: String
        if tooSmall {
            sentence = "\(statement): \(moved), too few to say whether anything changed."
        } else if test.pValue < 0.05 {
            sentence =
                "\(statement): \(moved). The shift \(r > 0 ? "up" : "down") is unlikely to be chance (Wilcoxon \(pText(test.pValue)), r = \(String(format: "%.2f", r)))."
        } else {
            sentence = "\(statement): \(moved). The change could be chance (Wilcoxon \(pText(test.pValue)))."
        }
        let mean = Statistics.meanDifference(before: before, after: after)
        var finding = ChangeFinding(
            test: test, pairs: pairs.count, effect: r, effectLow: nil, effectHigh: nil, tooSmall: tooSmall,
            sentence: sentence,
            meanChange: mean.mean, meanChangeLow: mean.low, meanChangeHigh: mean.high)
        finding.subjectText = statement
        finding.peopleCounts = [pairs.count, up, down, pairs.count - up - down]
        return finding
    }

    /// Yes/no answers that cannot be paired: everyone who answered before against everyone after.
    /// Fisher's exact test when any expected count is under 5, otherwise chi-square.
    public static func yesNoUnpaired(
        beforeYes: Int, beforeCount: Int, afterYes: Int, afterCount: Int, behaviour label: String
    ) -> ChangeFinding {
        let behaviour = subject(label)
        let a = beforeYes
        let b = beforeCount - beforeYes
        let c = afterYes
        let d = afterCount - afterYes
        let n = Double(beforeCount + afterCount)
        let expectedSmallest = n == 0 ? 0 : Double(min(beforeCount, afterCount)) * Double(min(a + c, b + d)) / n
        let test =
            n == 0
            ? Statistics.Result(statistic: 0, pValue: 1, method: "no data")
            : expectedSmallest < 5 ? Statistics.fisherExact(a, b, c, d) : Statistics.chiSquare(a, b, c, d)
        let difference = Statistics.proportionDifference(
            yes1: beforeYes, n1: beforeCount, yes2: afterYes, n2: afterCount)
        let tooSmall = min(beforeCount, afterCount) < minimumPairs
        let shares = String(
            format: "%.0f%% of %d people before and %.0f%% of %d after",
            beforeCount == 0 ? 0 : Double(beforeYes) / Double(beforeCount) * 100, beforeCount,
            afterCount == 0 ? 0 : Double(afterYes) / Double(afterCount) * 100, afterCount)
        let sentence: String
        if tooSmall {
            sentence = "\(behaviour): \(shares), too few to say whether anything changed."
        } else if test.pValue < 0.05 {
            sentence =
                "\(behaviour): \(shares). The answers were not paired, so this compares different groups; the \(difference.difference > 0 ? "rise" : "fall") is unlikely to be chance (\(pText(test.pValue)))."
        } else {
            sentence =
                "\(behaviour): \(shares). The answers were not paired, and the difference could be chance (\(pText(test.pValue)))."
        }
        var finding = ChangeFinding(
            test: test, pairs: beforeCount + afterCount, effect: difference.difference, effectLow: difference.low,
            effectHigh: difference.high, tooSmall: tooSmall, sentence: sentence, paired: false)
        finding.subjectText = behaviour
        finding.peopleCounts = [beforeCount, afterCount, a, b, c, d]
        return finding
    }

    /// Likert answers that cannot be paired: Mann–Whitney U and the rank-biserial correlation.
    public static func likertUnpaired(before: [Int], after: [Int], statement label: String) -> ChangeFinding {
        let statement = subject(label)
        let x = before.map(Double.init)
        let y = after.map(Double.init)
        let test = Statistics.mannWhitney(x, y)
        let r = Statistics.rankBiserialUnpaired(x, y)
        let tooSmall = min(before.count, after.count) < minimumPairs
        let agree = { (values: [Int]) in
            values.isEmpty ? 0 : Double(values.filter { $0 >= 4 }.count) / Double(values.count) * 100
        }
        let shares = String(
            format: "%.0f%% agreed before (of %d) and %.0f%% after (of %d)", agree(before), before.count, agree(after),
            after.count)
        let sentence: String
        if tooSmall {
            sentence = "\(statement): \(shares), too few to say whether anything changed."
        } else if test.pValue < 0.05 {
            sentence =
                "\(statement): \(shares). The answers were not paired; the shift \(r > 0 ? "up" : "down") is unlikely to be chance (Mann–Whitney \(pText(test.pValue)), r = \(String(format: "%.2f", r)))."
        } else {
            sentence =
                "\(statement): \(shares). The answers were not paired, and the difference could be chance (Mann–Whitney \(pText(test.pValue)))."
        }
        var finding = ChangeFinding(
            test: test, pairs: before.count + after.count, effect: r, effectLow: nil, effectHigh: nil,
            tooSmall: tooSmall,
            sentence: sentence, paired: false)
        let agreeing = { (values: [Int]) in values.filter { $0 >= 4 }.count }
        finding.subjectText = statement
        finding.peopleCounts = [
            before.count, after.count, agreeing(before), before.count - agreeing(before), agreeing(after),
            after.count - agreeing(after),
        ]
        return finding
    }

    /// The sentence as it may be published under `policy`: when any count of people it gives (directly or as a
    /// share) is small, a sentence without them (issue 19: "only 3 people answered" gave the 3 away).
    public func sentence(publishedWith policy: DisclosurePolicy) -> String {
        guard policy.applies, !subjectText.isEmpty, peopleCounts.contains(where: policy.hides) else { return sentence }
        if tooSmall || policy.hides(pairs) {
            return
                "\(subjectText): fewer than \(Self.minimumPairs) people answered, too few to say whether anything changed."
        }
        let who = paired ? "the same \(policy.text(pairs)) people before and after" : "\(policy.text(pairs)) answers"
        // No test: its p-value is made from the small count and would give it back.
        return "\(subjectText): answered by \(who); too few in part of the comparison to publish how the answers moved."
    }

    /// "p = 0.035", or "p < 0.001" for very small values.
    public static func pText(_ p: Double) -> String { p < 0.001 ? "p < 0.001" : "p = " + String(format: "%.3f", p) }

    /// A question used as the subject of a sentence: quoted when it is a whole question or statement.
    static func subject(_ label: String) -> String {
        let trimmed = label.trimmingCharacters(in: .whitespaces)
        return trimmed.hasSuffix("?") || trimmed.hasSuffix(".") ? "“\(trimmed)”" : trimmed
    }

    public static func format(_ p: Double) -> String { p < 0.001 ? "< 0.001" : String(format: "%.3f", p) }
}
