import SaferCyberCore
import XCTest

/// Reference values from scipy 1.17.1 / numpy (Python 3, development machine), recorded here:
///   t quantile:        scipy.stats.t.ppf(0.975, df)
///   mean difference:   d = after − before; d.mean() ± scipy.stats.t.ppf(0.975, n−1) · d.std(ddof=1)/√n
///   Mann–Whitney U:    scipy.stats.mannwhitneyu(y, x).statistic = U_y; rank-biserial = 2·U_y/(n₁n₂) − 1
///   proportions:       statsmodels confint_proportions_2indep(yes₂, n₂, yes₁, n₁, method="newcomb")
///   unpaired yes/no:   scipy.stats.chi2_contingency([[12, 28], [25, 20]]) and scipy.stats.fisher_exact([[2, 8], [7, 4]])
///   unpaired Likert:   scipy.stats.mannwhitneyu(before, after)
final class EffectSizeTests: XCTestCase {
    let accuracy = 1e-6

    func testTQuantile() {
        XCTAssertEqual(Statistics.tQuantile(0.975, df: 9), 2.262157162798205, accuracy: accuracy)
        XCTAssertEqual(Statistics.tQuantile(0.975, df: 29), 2.045229642132703, accuracy: accuracy)
        XCTAssertEqual(Statistics.tQuantile(0.975, df: 2), 4.302652729749462, accuracy: accuracy)
    }

    func testMeanDifferenceInterval() {
        let before: [Double] = [2, 3, 3, 4, 2, 1, 3, 4, 5, 2, 3, 3]
        let after: [Double] = [3, 4, 3, 5, 3, 2, 3, 4, 5, 4, 4, 2]
        let result = Statistics.meanDifference(before: before, after: after)
        XCTAssertEqual(result.mean, 0.5833333333333334, accuracy: accuracy)
        XCTAssertEqual(result.low, 0.0795096577297677, accuracy: accuracy)
        XCTAssertEqual(result.high, 1.0871570089368991, accuracy: accuracy)
    }

    func testUnpairedRankBiserialAndProportions() {
        XCTAssertEqual(
            Statistics.rankBiserialUnpaired([1, 2, 2, 3, 3, 3, 4, 5], [2, 3, 4, 4, 5, 5, 5, 3, 4]), 0.4722222222222223,
            accuracy: accuracy)
        // Newcombe's interval (statsmodels confint_proportions_2indep(25, 45, 12, 40, method="newcomb")); the Wald
        // interval this replaced was 0.0525 to 0.4586.
        let difference = Statistics.proportionDifference(yes1: 12, n1: 40, yes2: 25, n2: 45)
        XCTAssertEqual(difference.difference, 0.2555555555555556, accuracy: accuracy)
        XCTAssertEqual(difference.low, 0.04464011496203507, accuracy: accuracy)
        XCTAssertEqual(difference.high, 0.43572443071391254, accuracy: accuracy)
    }

    func testUnpairedFindingsPickTheRightTest() {
        let large = ChangeFinding.yesNoUnpaired(
            beforeYes: 12, beforeCount: 40, afterYes: 25, afterCount: 45, behaviour: "Uses 2-step verification")
        XCTAssertEqual(large.test.method, "chi-square with Yates' correction")
        XCTAssertEqual(large.test.statistic, 4.6346444100350315, accuracy: accuracy)
        XCTAssertEqual(large.test.pValue, 0.03133263673313783, accuracy: accuracy)
        XCTAssertFalse(large.paired)
        XCTAssertTrue(large.sentence.contains("not paired"))

        // Expected count of "yes" after is 10 × 9 / 21 < 5, so Fisher's exact test.
        let small = ChangeFinding.yesNoUnpaired(
            beforeYes: 2, beforeCount: 10, afterYes: 7, afterCount: 11, behaviour: "Backs up")
        XCTAssertEqual(small.test.method, "Fisher's exact test")
        XCTAssertEqual(small.test.pValue, 0.0804953560371517, accuracy: accuracy)

        let likert = ChangeFinding.likertUnpaired(
            before: [1, 2, 2, 3, 3, 3, 4, 5, 2, 3, 3], after: [2, 3, 4, 4, 5, 5, 5, 3, 4, 4, 4, 5],
            statement: "I feel confident")
        XCTAssertEqual(likert.test.statistic, 27, accuracy: accuracy)
        XCTAssertEqual(likert.test.pValue, 0.014538249149367825, accuracy: accuracy)
        XCTAssertEqual(likert.effect, 2 * 105.0 / 132 - 1, accuracy: accuracy)
    }

    func testPairedLikertCarriesTheMeanChangeInterval() {
        let before = [2, 3, 3, 4, 2, 1, 3, 4, 5, 2, 3, 3]
        let after = [3, 4, 3, 5, 3, 2, 3, 4, 5, 4, 4, 2]
        let finding = ChangeFinding.likert(zip(before, after).map { ($0, $1) }, statement: "Confident")
        XCTAssertEqual(finding.meanChange ?? .nan, 0.5833333333333334, accuracy: accuracy)
        XCTAssertEqual(finding.meanChangeLow ?? .nan, 0.0795096577297677, accuracy: accuracy)
        XCTAssertEqual(finding.meanChangeHigh ?? .nan, 1.0871570089368991, accuracy: accuracy)
    }
}

/// Issue 19, case 4: intervals and effect sizes that said more than the data. Reference values from
/// `python3 scripts/reference_values.py`: Newcombe's paired interval written from the paper's formula,
/// statsmodels 0.15 `confint_proportions_2indep(method="newcomb")` for independent groups, and the Pratt
/// rank-biserial from scipy's rankdata.
final class NewcombeAndPrattTests: XCTestCase {
    func testPairedIntervalsMatchTheReference() {
        let cases: [(Int, Int, Int, Int, Double, Double, Double)] = [
            (0, 0, 10, 0, 1.0, 0.6075093504305241, 1.0),
            (0, 0, 9, 1, 0.9, 0.48825773377113824, 0.982123786904927),
            (0, 1, 9, 0, 0.8, 0.19169994640952293, 0.964247573809854),
            (12, 0, 0, 0, 0.0, -0.24249400665524112, 0.24249400665524112),
            (0, 0, 0, 12, 0.0, -0.24249400665524096, 0.24249400665524096),
            (5, 3, 12, 20, 0.225, 0.03629707391715978, 0.39353764788698953),
            (1, 1, 7, 12, 0.2857142857142857, 0.025559124164859837, 0.506920226686141),
            (8, 2, 1, 3, -0.0714285714285714, -0.3226614912123944, 0.19277877778514424),
        ]
        for (a, b, c, d, difference, low, high) in cases {
            let result = Statistics.pairedProportionChange(a: a, b: b, c: c, d: d)
            XCTAssertEqual(result.difference, difference, accuracy: 1e-9, "\((a, b, c, d))")
            XCTAssertEqual(result.low, low, accuracy: 1e-9, "\((a, b, c, d))")
            XCTAssertEqual(result.high, high, accuracy: 1e-9, "\((a, b, c, d))")
        }
    }

    /// The Wald interval gave "+100 (+100 to +100)" for 10 of 10 changing, "+90 (+71 to +109)" past 100% for
    /// 9 of 10, and "0 (0 to 0)" for 12 unchanged pairs.
    func testTheReportedCasesNowGiveHonestIntervals() {
        let all = ChangeFinding.yesNo(Array(repeating: (false, true), count: 10), behaviour: "Backs up")
        XCTAssertEqual(all.effectLow ?? .nan, 0.6075093504305241, accuracy: 1e-9)
        XCTAssertEqual(all.effectHigh ?? .nan, 1, accuracy: 1e-12)
        let nine = ChangeFinding.yesNo(
            Array(repeating: (false, true), count: 9) + [(false, false)], behaviour: "Backs up")
        XCTAssertLessThanOrEqual(nine.effectHigh ?? 2, 1)
        let none = ChangeFinding.yesNo(Array(repeating: (true, true), count: 12), behaviour: "Backs up")
        XCTAssertEqual(none.effectLow ?? .nan, -0.24249400665524112, accuracy: 1e-9)
        XCTAssertEqual(none.effectHigh ?? .nan, 0.24249400665524112, accuracy: 1e-9)
    }

    func testIndependentIntervalsMatchStatsmodels() {
        let cases: [(Int, Int, Int, Int, Double, Double)] = [
            (12, 40, 25, 45, 0.04464011496203507, 0.43572443071391254),
            (0, 10, 10, 10, 0.6075093504305241, 1.0),
            (3, 20, 3, 20, -0.23196542935676104, 0.23196542935676104),
            (2, 10, 7, 11, 0.01702983270086733, 0.6922385809220606),
        ]
        for (yes1, n1, yes2, n2, low, high) in cases {
            let result = Statistics.proportionDifference(yes1: yes1, n1: n1, yes2: yes2, n2: n2)
            XCTAssertEqual(result.low, low, accuracy: 1e-9, "\((yes1, n1, yes2, n2))")
            XCTAssertEqual(result.high, high, accuracy: 1e-9, "\((yes1, n1, yes2, n2))")
        }
    }

    /// 60 pairs, 44 unchanged, 14 up, 2 down: r = 0.75 when the unchanged were dropped; 0.34 with them ranked.
    func testPrattEffectCountsTheUnchanged() {
        let before = [Double](repeating: 3, count: 60)
        let after = [Double](repeating: 3, count: 44) + [Double](repeating: 4, count: 14) + [2, 2]
        XCTAssertEqual(Statistics.rankBiserial(before: before, after: after), 0.3442622950819672, accuracy: 1e-12)
        XCTAssertEqual(
            Statistics.rankBiserial(
                before: [2, 3, 3, 4, 2, 1, 3, 4, 5, 2, 3, 3], after: [3, 4, 3, 5, 3, 2, 3, 4, 5, 4, 4, 2]),
            0.6666666666666666, accuracy: 1e-12)
    }
}
