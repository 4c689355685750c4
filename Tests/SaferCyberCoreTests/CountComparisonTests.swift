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
