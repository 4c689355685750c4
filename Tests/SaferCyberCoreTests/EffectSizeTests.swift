import SaferCyberCore
import XCTest

/// Reference values from scipy 1.17.1 / numpy (Python 3, development machine), recorded here:
///   t quantile:        scipy.stats.t.ppf(0.975, df)
///   mean difference:   d = after − before; d.mean() ± scipy.stats.t.ppf(0.975, n−1) · d.std(ddof=1)/√n
///   Mann–Whitney U:    scipy.stats.mannwhitneyu(y, x).statistic = U_y; rank-biserial = 2·U_y/(n₁n₂) − 1
///   proportions:       p₂ − p₁ ± scipy.stats.norm.ppf(0.975) · √(p₁q₁/n₁ + p₂q₂/n₂)
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
        let difference = Statistics.proportionDifference(yes1: 12, n1: 40, yes2: 25, n2: 45)
        XCTAssertEqual(difference.difference, 0.2555555555555556, accuracy: accuracy)
        XCTAssertEqual(difference.low, 0.05246537322390385, accuracy: accuracy)
        XCTAssertEqual(difference.high, 0.4586457378872073, accuracy: accuracy)
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
