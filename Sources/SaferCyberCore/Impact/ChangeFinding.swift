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
    /// The p-value as this finding shows it: exact ("p = 0.035"), or in bands ("p < 0.05") when its figures are
    /// rounded for a reader without exact counts.
    public var pValueText: String { pBand ?? Self.pText(test.pValue) }
    var pBand: String?
    /// The p-value for a table of facts: "0.035", "< 0.001", or its band ("< 0.05", "≥ 0.05") when rounded.
    public var pValueFigure: String { pBand.map { String($0.dropFirst(2)) } ?? Self.format(test.pValue) }
    /// Whether the figures (counts, shares, effect, interval) are rounded for a reader without exact counts.
    public var rounded = false

    /// Fewer pairs than this and the result is reported with a warning rather than a conclusion.
    public static let minimumPairs = 10

    /// Paired yes/no answers for one behaviour (true = yes), one pair per participant code.
    public static func yesNo(
        _ pairs: [(before: Bool, after: Bool)], behaviour label: String, rounding policy: DisclosurePolicy = .exact
    ) -> ChangeFinding {
        let numbers = Rounding(policy: policy)
        let behaviour = subject(label)
        let b = pairs.filter { $0.before && !$0.after }.count
        let c = pairs.filter { !$0.before && $0.after }.count
        let test = Statistics.mcNemar(b: b, c: c)
        let a = pairs.filter { $0.before && $0.after }.count
        let (difference, low, high) = Statistics.pairedProportionChange(
            a: a, b: b, c: c, d: pairs.count - a - b - c)
        let beforeShare = numbers.share(pairs.filter(\.before).count, of: pairs.count)
        let afterShare = numbers.share(pairs.filter(\.after).count, of: pairs.count)
        let tooSmall = pairs.count < minimumPairs
        let shares = String(format: "%.0f%% before and %.0f%% after", beforeShare * 100, afterShare * 100)
        let p = numbers.p(test.pValue)
        let sentence: String
        if tooSmall {
            sentence =
                "\(behaviour): \(shares), but only \(numbers.people(pairs.count)) people answered both times, too few to say whether anything changed."
        } else if test.pValue < 0.05 {
            sentence =
                "\(behaviour): \(shares) of the same \(numbers.people(pairs.count)) people. This \(difference > 0 ? "rise" : "fall") is unlikely to be chance (McNemar \(p))."
        } else {
            sentence =
                "\(behaviour): \(shares) of the same \(numbers.people(pairs.count)) people. The change could be chance (McNemar \(p))."
        }
        var finding = ChangeFinding(
            test: test, pairs: pairs.count, effect: numbers.rounds ? afterShare - beforeShare : difference,
            effectLow: numbers.interval(low), effectHigh: numbers.interval(high), tooSmall: tooSmall, sentence: sentence
        )
        finding.pBand = numbers.rounds ? p : nil
        finding.rounded = numbers.rounds
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
    public static func likert(
        _ pairs: [(before: Int, after: Int)], statement label: String, rounding policy: DisclosurePolicy = .exact
    ) -> ChangeFinding {
        let numbers = Rounding(policy: policy)
        let statement = subject(label)
        let before = pairs.map { Double($0.before) }
        let after = pairs.map { Double($0.after) }
        let test = Statistics.wilcoxon(before: before, after: after)
        let r = Statistics.rankBiserial(before: before, after: after)
        let tooSmall = pairs.count < minimumPairs
        let up = pairs.filter { $0.after > $0.before }.count
        let down = pairs.filter { $0.after < $0.before }.count
        let moved =
            "\(numbers.people(up)) moved up the scale and \(numbers.people(down)) down, of \(numbers.people(pairs.count)) people"
        let p = numbers.p(test.pValue)
        let rText = numbers.rounds ? String(format: "%.1f", numbers.tenth(r)) : String(format: "%.2f", r)
        let sentence: String
        if tooSmall {
            sentence = "\(statement): \(moved), too few to say whether anything changed."
        } else if test.pValue < 0.05 {
            sentence =
                "\(statement): \(moved). The shift \(r > 0 ? "up" : "down") is unlikely to be chance (Wilcoxon \(p), r = \(rText))."
        } else {
            sentence = "\(statement): \(moved). The change could be chance (Wilcoxon \(p))."
        }
        let mean = Statistics.meanDifference(before: before, after: after)
        var finding = ChangeFinding(
            test: test, pairs: pairs.count, effect: numbers.tenth(r), effectLow: nil, effectHigh: nil,
            tooSmall: tooSmall, sentence: sentence, meanChange: numbers.rounds ? nil : mean.mean,
            meanChangeLow: numbers.interval(mean.low), meanChangeHigh: numbers.interval(mean.high))
        finding.pBand = numbers.rounds ? p : nil
        finding.rounded = numbers.rounds
        finding.subjectText = statement
        finding.peopleCounts = [pairs.count, up, down, pairs.count - up - down]
        return finding
    }

    /// Yes/no answers that cannot be paired: everyone who answered before against everyone after.
    /// Fisher's exact test when any expected count is under 5, otherwise chi-square.
    public static func yesNoUnpaired(
        beforeYes: Int, beforeCount: Int, afterYes: Int, afterCount: Int, behaviour label: String,
        rounding policy: DisclosurePolicy = .exact
    ) -> ChangeFinding {
        let numbers = Rounding(policy: policy)
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
        let shares =
            String(format: "%.0f%%", numbers.share(beforeYes, of: beforeCount) * 100)
            + " of \(numbers.people(beforeCount)) people before and "
            + String(format: "%.0f%%", numbers.share(afterYes, of: afterCount) * 100)
            + " of \(numbers.people(afterCount)) after"
        let p = numbers.p(test.pValue)
        let sentence: String
        if tooSmall {
            sentence = "\(behaviour): \(shares), too few to say whether anything changed."
        } else if test.pValue < 0.05 {
            sentence =
                "\(behaviour): \(shares). The answers were not paired, so this compares different groups; the \(difference.difference > 0 ? "rise" : "fall") is unlikely to be chance (\(p))."
        } else {
            sentence =
                "\(behaviour): \(shares). The answers were not paired, and the difference could be chance (\(p))."
        }
        var finding = ChangeFinding(
            test: test, pairs: beforeCount + afterCount,
            effect: numbers.rounds
                ? numbers.share(afterYes, of: afterCount) - numbers.share(beforeYes, of: beforeCount)
                : difference.difference,
            effectLow: numbers.interval(difference.low), effectHigh: numbers.interval(difference.high),
            tooSmall: tooSmall,
            sentence: sentence, paired: false)
        finding.pBand = numbers.rounds ? p : nil
        finding.rounded = numbers.rounds
        finding.subjectText = behaviour
        finding.peopleCounts = [beforeCount, afterCount, a, b, c, d]
        return finding
    }

    /// Likert answers that cannot be paired: Mann–Whitney U and the rank-biserial correlation.
    public static func likertUnpaired(
        before: [Int], after: [Int], statement label: String, rounding policy: DisclosurePolicy = .exact
    ) -> ChangeFinding {
        let numbers = Rounding(policy: policy)
        let statement = subject(label)
        let x = before.map(Double.init)
        let y = after.map(Double.init)
        let test = Statistics.mannWhitney(x, y)
        let r = Statistics.rankBiserialUnpaired(x, y)
        let tooSmall = min(before.count, after.count) < minimumPairs
        let agree = { (values: [Int]) in numbers.share(values.filter { $0 >= 4 }.count, of: values.count) * 100 }
        let shares =
            String(format: "%.0f%%", agree(before)) + " agreed before (of \(numbers.people(before.count))) and "
            + String(format: "%.0f%%", agree(after)) + " after (of \(numbers.people(after.count)))"
        let p = numbers.p(test.pValue)
        let rText = numbers.rounds ? String(format: "%.1f", numbers.tenth(r)) : String(format: "%.2f", r)
        let sentence: String
        if tooSmall {
            sentence = "\(statement): \(shares), too few to say whether anything changed."
        } else if test.pValue < 0.05 {
            sentence =
                "\(statement): \(shares). The answers were not paired; the shift \(r > 0 ? "up" : "down") is unlikely to be chance (Mann–Whitney \(p), r = \(rText))."
        } else {
            sentence =
                "\(statement): \(shares). The answers were not paired, and the difference could be chance (Mann–Whitney \(p))."
        }
        var finding = ChangeFinding(
            test: test, pairs: before.count + after.count, effect: numbers.tenth(r), effectLow: nil, effectHigh: nil,
            tooSmall: tooSmall,
            sentence: sentence, paired: false)
        finding.pBand = numbers.rounds ? p : nil
        finding.rounded = numbers.rounds
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
        let about = "about " + policy.text(policy.rounded(pairs))
        let who = paired ? "the same \(about) people before and after" : "\(about) people's answers"
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

extension ChangeFinding {
    /// How a finding's numbers are written for a reader without exact counts (review of issue 19, F3). A survey's
    /// answers are counted again at each quarter's end, and two exact versions differ by the few who answered between
    /// them ("10 of 31 chose Embarrassment", then "11 of 62"; "30% of 30", then "26% of 50"). For such a reader every
    /// count of people is rounded to the nearest multiple of the threshold (5: 7 is "about 5", 8 "about 10"), the
    /// totals too; shares and the change in the share answering yes are worked out from the rounded counts; effect
    /// sizes are given to one decimal place; the average move on a scale is left out (to one decimal place beside
    /// about 10 pairs it is their total move), as are confidence intervals (worked out from the exact counts, and
    /// fine enough to give them back); and the p-value says only which side of 0.05 it falls ("p < 0.05"). Exact
    /// counts decide what is hidden; the tests themselves run on the exact answers, so "unlikely to be chance" means
    /// the same for every reader.
    struct Rounding {
        let policy: DisclosurePolicy
        var rounds: Bool { policy.applies }

        func count(_ n: Int) -> Int { policy.rounded(n) }
        func people(_ n: Int) -> String { rounds ? "about \(count(n))" : "\(n)" }
        func share(_ part: Int, of whole: Int) -> Double {
            let (part, whole) = (count(part), count(whole))
            return whole == 0 ? 0 : Double(part) / Double(whole)
        }
        func tenth(_ value: Double) -> Double { rounds ? (value * 10).rounded() / 10 : value }
        /// A bound of a confidence interval: not shown when rounding.
        func interval(_ bound: Double) -> Double? { rounds ? nil : bound }
        func p(_ p: Double) -> String { rounds ? (p < 0.05 ? "p < 0.05" : "p ≥ 0.05") : ChangeFinding.pText(p) }
    }
}
