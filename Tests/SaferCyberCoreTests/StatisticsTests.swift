import SaferCyberCore
import XCTest

/// Reference values from scipy 1.17.1 (Python 3, run on the development machine), recorded here:
///   McNemar exact:   min(1, 2 * scipy.stats.binom.cdf(min(b, c), b + c, 0.5))
///   McNemar chi:     chi = (|b − c| − 1)² / (b + c); scipy.stats.chi2.sf(chi, 1)
///   Wilcoxon:        scipy.stats.wilcoxon(before, after)            (defaults)
///   Fisher:          scipy.stats.fisher_exact([[a, b], [c, d]])       (two-sided)
///   Chi-square 2×2:  scipy.stats.chi2_contingency([[a, b], [c, d]])  (Yates' correction)
///   Mann–Whitney:    scipy.stats.mannwhitneyu(x, y)                   (two-sided, defaults)
final class StatisticsTests: XCTestCase {
    let accuracy = 1e-6

    func testMcNemar() {
        let exact: [(Int, Int, Double)] = [(3, 12, 0.03515625), (2, 9, 0.0654296875), (10, 10, 1), (1, 0, 1)]
        for (b, c, p) in exact {
            let result = Statistics.mcNemar(b: b, c: c)
            XCTAssertEqual(result.method, "exact")
            XCTAssertEqual(result.pValue, p, accuracy: accuracy, "\(b), \(c)")
        }
        let large: [(Int, Int, Double, Double)] = [
            (20, 45, 8.861538461538462, 0.0029124200699637),
            (30, 32, 0.016129032258064516, 0.8989402980321263),
            (15, 40, 10.472727272727273, 0.0012114973654306278),
        ]
        for (b, c, chi, p) in large {
            let result = Statistics.mcNemar(b: b, c: c)
            XCTAssertEqual(result.statistic, chi, accuracy: accuracy)
            XCTAssertEqual(result.pValue, p, accuracy: accuracy, "\(b), \(c)")
        }
    }

    func testWilcoxonSignedRank() {
        // Likert answers with many ties: normal approximation.
        let before: [Double] = [2, 3, 3, 2, 1, 4, 2, 3, 3, 2, 1, 2, 3, 4, 2]
        let after: [Double] = [4, 4, 3, 3, 3, 5, 3, 4, 2, 4, 3, 3, 4, 4, 4]
        let tied = Statistics.wilcoxon(before: before, after: after)
        XCTAssertEqual(tied.statistic, 4.5, accuracy: accuracy)
        XCTAssertEqual(tied.pValue, 0.0030679291699518773, accuracy: accuracy)
        // 8 pairs with one tie: every sign pattern (scipy's permutation method).
        let small = Statistics.wilcoxon(
            before: [1.1, 2.2, 3.1, 4.5, 5.0, 6.2, 7.7, 8.1], after: [1.9, 3.5, 2.9, 6.0, 7.3, 6.0, 10.1, 12.2])
        XCTAssertEqual(small.method, "exact (all sign patterns)")
        XCTAssertEqual(small.statistic, 3, accuracy: accuracy)
        XCTAssertEqual(small.pValue, 0.0390625, accuracy: accuracy)
        // No ties, no zeros: the exact distribution.
        let exact = Statistics.wilcoxon(
            before: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], after: [2.5, 1.9, 6, 8.3, 5.4, 12.1, 7.6, 13, 9.05, 17])
        XCTAssertEqual(exact.method, "exact")
        XCTAssertEqual(exact.statistic, 2, accuracy: accuracy)
        XCTAssertEqual(exact.pValue, 0.005859375, accuracy: accuracy)
    }

    func testFisherAndChiSquare() {
        let fisher: [((Int, Int, Int, Int), Double, Double)] = [
            ((8, 2, 1, 5), 20, 0.034965034965034975),
            ((3, 7, 9, 2), 0.09523809523809523, 0.02997312285237981),
            ((10, 10, 10, 10), 1, 1), ((0, 5, 5, 0), 0, 0.007936507936507938),
        ]
        for (t, odds, p) in fisher {
            let result = Statistics.fisherExact(t.0, t.1, t.2, t.3)
            XCTAssertEqual(result.statistic, odds, accuracy: accuracy)
            XCTAssertEqual(result.pValue, p, accuracy: accuracy, "\(t)")
        }
        let chi: [((Int, Int, Int, Int), Double, Double)] = [
            ((30, 20, 15, 35), 7.919191919191919, 0.004891311452359333),
            ((12, 5, 7, 18), 5.789204468972945, 0.016124884542928614),
        ]
        for (t, statistic, p) in chi {
            let result = Statistics.chiSquare(t.0, t.1, t.2, t.3)
            XCTAssertEqual(result.statistic, statistic, accuracy: accuracy)
            XCTAssertEqual(result.pValue, p, accuracy: accuracy, "\(t)")
        }
    }

    func testMannWhitney() {
        let tied = Statistics.mannWhitney([2, 3, 3, 2, 1, 4, 2, 3, 3, 2], [4, 4, 3, 3, 3, 5, 3, 4, 2, 4, 3, 3])
        XCTAssertEqual(tied.statistic, 27, accuracy: accuracy)
        XCTAssertEqual(tied.pValue, 0.022670646725339486, accuracy: accuracy)
        let exact = Statistics.mannWhitney([1.2, 3.4, 2.2, 5.1, 0.7], [4.4, 6.1, 3.9, 7.2, 5.5, 8.0])
        XCTAssertEqual(exact.method, "exact")
        XCTAssertEqual(exact.method, "exact")
        XCTAssertEqual(exact.statistic, 2, accuracy: accuracy)
        XCTAssertEqual(exact.pValue, 0.017316017316017316, accuracy: accuracy)
        // One small group is enough for the exact distribution.
        let uneven = Statistics.mannWhitney(
            [1.2, 3.4, 2.2, 5.1, 0.7], [4.4, 6.1, 3.9, 7.2, 5.5, 8.0, 2.9, 9.1, 10.3, 6.6, 7.7, 8.8])
        XCTAssertEqual(uneven.method, "exact")
        XCTAssertEqual(uneven.statistic, 4, accuracy: accuracy)
        XCTAssertEqual(uneven.pValue, 0.0038784744667097605, accuracy: accuracy)
    }

    func testEffectSizes() {
        // 5 yes both times, 3 moved yes→no, 12 no→yes, 20 no both times: +22.5 points, Newcombe's interval.
        let d = Statistics.pairedProportionChange(a: 5, b: 3, c: 12, d: 20)
        XCTAssertEqual(d.difference, 0.225, accuracy: 1e-12)
        XCTAssertEqual(d.low, 0.03629707391715978, accuracy: 1e-9)
        XCTAssertEqual(d.high, 0.39353764788698953, accuracy: 1e-9)
        XCTAssertEqual(Statistics.rankBiserial(before: [1, 2, 3], after: [2, 3, 4]), 1, accuracy: 1e-12)
    }
}

final class ChangeFindingTests: XCTestCase {
    func testSentencesSayWhatTheResultMeans() {
        // 40 people: 10 had 2-step verification before; 3 turned it off, 12 turned it on (McNemar exact p = 0.0352).
        var pairs: [(before: Bool, after: Bool)] =
            Array(repeating: (true, true), count: 7) + Array(repeating: (true, false), count: 3)
        pairs += Array(repeating: (false, true), count: 12) + Array(repeating: (false, false), count: 18)
        let finding = ChangeFinding.yesNo(pairs, behaviour: "Uses 2-step verification")
        XCTAssertEqual(finding.test.pValue, 0.03515625, accuracy: 1e-9)
        XCTAssertEqual(finding.effect, 0.225, accuracy: 1e-12)
        XCTAssertEqual(
            finding.sentence,
            "Uses 2-step verification: 25% before and 48% after of the same 40 people. This rise is unlikely to be chance (McNemar p = 0.035)."
        )

        let few = ChangeFinding.yesNo(Array(pairs.prefix(6)), behaviour: "Backs up photos")
        XCTAssertTrue(few.tooSmall)
        XCTAssertTrue(few.sentence.contains("too few to say"))

        let likert = ChangeFinding.likert(
            zip([2, 3, 3, 2, 1, 4, 2, 3, 3, 2, 1, 2, 3, 4, 2], [4, 4, 3, 3, 3, 5, 3, 4, 2, 4, 3, 3, 4, 4, 4]).map {
                ($0, $1)
            },
            statement: "I would know where to report a scam")
        XCTAssertEqual(likert.test.pValue, 0.0030679291699518773, accuracy: 1e-9)
        XCTAssertTrue(
            likert.sentence.hasPrefix(
                "I would know where to report a scam: 12 moved up the scale and 1 down, of 15 people. The shift up is unlikely to be chance"
            ))
    }
}
