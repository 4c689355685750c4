import SaferCyberCore
import XCTest

final class CountComparisonTests: XCTestCase {
    /// Reference values from scipy 1.17.1:
    ///   r = scipy.stats.binomtest(later, earlier + later, 0.5)
    ///   ci = r.proportion_ci(confidence_level=0.95, method="exact")
    ///   rate ratio bounds = ci.low / (1 - ci.low), ci.high / (1 - ci.high)
    let reference: [(earlier: Int, later: Int, p: Double, low: Double, high: Double)] = [
        (745, 812, 0.09436864394299369, 0.9855502589490522, 1.205504086320618),
        (100, 130, 0.05561357778139238, 0.9939622683564091, 1.7044993024473392),
        (30, 45, 0.10534226887460482, 0.9244479784761918, 2.4659735121053252),
        (5, 12, 0.143463134765625, 0.7870458941728161, 8.695981118680269),
        (0, 3, 0.25, 0.413231355030894, .infinity),
        (2000, 2150, 0.020715456049267052, 1.011025482806835, 1.1430616041796677),
        (740, 740, 1.0, 0.9019008112326523, 1.1087693763500146),
        (9, 3, 0.14599609375, 0.05804503241809745, 1.3356761980784038),
    ]

    func testMatchesScipy() {
        for r in reference {
            let result = CountComparison(earlier: r.earlier, later: r.later)
            XCTAssertEqual(result.pValue, r.p, accuracy: 1e-9, "p for \(r.earlier) → \(r.later)")
            XCTAssertEqual(result.rateRatioLow, r.low, accuracy: 1e-7, "low for \(r.earlier) → \(r.later)")
            if r.high.isInfinite {
                XCTAssertTrue(result.rateRatioHigh.isInfinite)
            } else {
                XCTAssertEqual(result.rateRatioHigh, r.high, accuracy: 1e-6, "high for \(r.earlier) → \(r.later)")
            }
        }
    }

    func testSentenceSaysWhenARiseIsBeyondChance() {
        XCTAssertTrue(
            CountComparison(earlier: 2000, later: 2150).sentence.hasPrefix("A rise of 8% that is larger than chance"))
        XCTAssertTrue(CountComparison(earlier: 745, later: 812).sentence.contains("could be chance"))
        XCTAssertTrue(CountComparison(earlier: 5, later: 9).sentence.contains("too small"))
    }
}

/// Per-day comparisons and the over-dispersion allowance (issue 19, case 5). Reference values from
/// `python3 scripts/reference_values.py` (scipy 1.17.1, statsmodels 0.15.0), recorded to 1e-6 or better.
final class OverdispersionTests: XCTestCase {
    /// 2023 Q1 to 2025 Q4 and their lengths in days.
    let history = [1850, 2010, 1930, 2105, 1990, 2200, 2040, 1960, 2230, 2000, 2150, 2290]
    let historyDays = [90, 91, 92, 92, 91, 91, 92, 92, 90, 91, 92, 92]

    func testQuarterLengthsAreCalendarDays() {
        XCTAssertEqual((0..<12).map { Month.days(quarter: (2023 + $0 / 4) * 10 + $0 % 4 + 1) }, historyDays)
    }

    /// statsmodels: GLM(y, [1, t], Poisson(), offset=log(days)).fit(scale="X2").scale
    func testDispersionMatchesStatsmodels() throws {
        let d = try XCTUnwrap(Dispersion.estimate(counts: history, days: historyDays))
        XCTAssertEqual(d.phi, 5.5740566713132145, accuracy: 1e-9)
        XCTAssertEqual(d.quarters, 12)
    }

    func testDispersionNeedsEightQuarters() {
        XCTAssertNil(Dispersion.estimate(counts: Array(history.prefix(7)), days: Array(historyDays.prefix(7))))
        XCTAssertNotNil(Dispersion.estimate(counts: Array(history.prefix(8)), days: Array(historyDays.prefix(8))))
    }

    /// The Wald statistic of statsmodels' GLM([a, b], [1, [0, 1]], Poisson(), offset=log([da, db])).fit(scale=φ)
    /// against Student's t with quarters − 2 degrees of freedom (to 1e-7: statsmodels stops its iterations at a
    /// 1e-8 change).
    func testQuasiPoissonMatchesStatsmodels() throws {
        let phi = Dispersion(phi: 5.5740566713132145, quarters: 12)
        let cases: [(Int, Int, Int, Int, Double, Double, Double)] = [
            (2000, 2150, 90, 91, 0.4230196958045111, 0.9028905877544559, 1.2519415032840489),
            (2000, 2150, 92, 92, 0.34737788327871905, 0.9129227053961722, 1.2658519644316497),
            (900, 930, 92, 90, 0.6305343809501789, 0.8259622981923348, 1.3508629486008996),
        ]
        for (a, b, da, db, p, low, high) in cases {
            let c = CountComparison(earlier: a, later: b, earlierDays: da, laterDays: db, dispersion: phi)
            XCTAssertEqual(c.pValue, p, accuracy: 1e-7, "\(a) → \(b)")
            XCTAssertEqual(c.rateRatioLow, low, accuracy: 1e-7)
            XCTAssertEqual(c.rateRatioHigh, high, accuracy: 1e-7)
            XCTAssertEqual(c.method, .quasiPoisson(dispersion: phi.phi, quarters: 12))
        }
    }

    /// One count is 0: the deviance of "no change" (statsmodels' intercept-only GLM) over φ, as a squared t.
    /// Before, a 0 dropped the allowance for noise altogether: 0 → 30 was "larger than chance" at p = 2e-9.
    func testAZeroCountKeepsTheAllowanceForNoise() {
        let phi = Dispersion(phi: 5, quarters: 10)
        let up = CountComparison(earlier: 0, later: 30, earlierDays: 91, laterDays: 91, dispersion: phi)
        XCTAssertEqual(up.pValue, 0.02038430612003106, accuracy: 1e-9)
        let down = CountComparison(earlier: 30, later: 0, earlierDays: 90, laterDays: 92, dispersion: phi)
        XCTAssertEqual(down.pValue, 0.019680855807547276, accuracy: 1e-9)
        XCTAssertEqual(up.method, .quasiPoisson(dispersion: 5, quarters: 10))
    }

    /// Positions are calendar quarters: a steady 3% a quarter rise over 2019–2020 and 2024–2025 is a trend, not
    /// noise (φ ≈ 0.10, statsmodels with tol=1e-14); counting the two runs as adjacent made φ ≈ 14.
    func testGapsInTheHistoryStayGaps() throws {
        let quarters = (0..<8).map { 2019 * 4 + $0 } + (0..<8).map { 2024 * 4 + $0 }
        let counts = quarters.map { Int((1000 * pow(1.03, Double($0 - quarters[0]))).rounded()) }
        let days = quarters.map { Month.days(quarter: ($0 / 4) * 10 + $0 % 4 + 1) }
        let d = try XCTUnwrap(Dispersion.estimate(counts: counts, days: days, times: quarters.map(Double.init)))
        XCTAssertEqual(d.phi, 0.10232854362849723, accuracy: 1e-6)
        let adjacent = try XCTUnwrap(Dispersion.estimate(counts: counts, days: days))
        XCTAssertGreaterThan(adjacent.phi, 5)
        // φ ≤ 1: the exact test is kept.
        XCTAssertEqual(CountComparison(earlier: 1800, later: 1900, dispersion: d).method, .exactPoisson)
    }

    /// Issue 19 case 5: the exact test calls 2,000 → 2,150 "larger than chance" (p = 0.021); allowing for a
    /// dispersion of 3, usual in recorded crime, gives p ≈ 0.2 — not a clear change.
    func testOverdispersedChangeIsNotCalledBeyondChance() {
        let exact = CountComparison(earlier: 2000, later: 2150)
        XCTAssertTrue(exact.isBeyondChance)
        let quasi = CountComparison(
            earlier: 2000, later: 2150, earlierDays: 91, laterDays: 91, dispersion: Dispersion(phi: 3, quarters: 10))
        XCTAssertEqual(quasi.pValue, 0.21580413068879659, accuracy: 1e-7)
        XCTAssertFalse(quasi.isBeyondChance)
        XCTAssertTrue(quasi.sentence.contains("could be chance"), quasi.sentence)
        XCTAssertTrue(quasi.methodText.contains("10 complete quarters"), quasi.methodText)
    }

    /// A history calmer than chance does not make a change more certain: with φ ≤ 1 the exact test is kept.
    func testDispersionAtOrBelowOneKeepsTheExactTest() {
        let calm = CountComparison(
            earlier: 6, later: 16, earlierDays: 91, laterDays: 91, dispersion: Dispersion(phi: 0.4, quarters: 9))
        let exact = CountComparison(earlier: 6, later: 16, earlierDays: 91, laterDays: 91)
        XCTAssertEqual(calm.pValue, exact.pValue)
        XCTAssertEqual(calm.method, .exactPoisson)
    }

    /// scipy: binomtest(b, a + b, db / (da + db)); exact interval scaled by da / db.
    func testExactPerDayMatchesScipy() {
        let cases: [(Int, Int, Int, Int, Double, Double, Double)] = [
            (2000, 2150, 90, 91, 0.04868239500052472, 0.9999153126661006, 1.130500487650221),
            (900, 310, 90, 30, 0.6185748998171121, 0.9052609618920289, 1.1770040177485994),
            (812, 745, 92, 92, 0.09436864394299369, 0.8295285029287228, 1.0146615973358437),
            (100, 130, 92, 90, 0.034708263727755005, 1.0160503187643293, 1.7423770647239465),
        ]
        for (a, b, da, db, p, low, high) in cases {
            let c = CountComparison(earlier: a, later: b, earlierDays: da, laterDays: db)
            XCTAssertEqual(c.pValue, p, accuracy: 1e-9, "\(a) → \(b)")
            XCTAssertEqual(c.rateRatioLow, low, accuracy: 1e-7)
            XCTAssertEqual(c.rateRatioHigh, high, accuracy: 1e-6)
        }
    }

    /// Issue 19 case 1: one month (April, 30 days) of 310 against a full quarter of 900 (90 days) is "a fall of
    /// 66%, p = 4.9e-67" as counts; per day it is no change (rate ratio 1.03, p = 0.62).
    func testPartQuarterPerDayIsNoChange() throws {
        let c = CountComparison(earlier: 900, later: 310, earlierDays: 90, laterDays: 30)
        XCTAssertEqual(try XCTUnwrap(c.percentChange), 3.33, accuracy: 0.01)
        XCTAssertFalse(c.isBeyondChance)
        XCTAssertTrue(c.sentence.contains("per day"), c.sentence)
    }
}
