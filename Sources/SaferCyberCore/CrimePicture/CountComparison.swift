import Foundation

/// Is the change between two periods' counts beyond chance?
///
/// Method: treat each period's count as Poisson. Given the total n = a + b, the later count b follows
/// Binomial(n, 1/2) when the underlying rate has not changed (equal-length periods), so the exact two-sided
/// binomial test gives the p-value (as scipy.stats.binomtest does: the sum of the probabilities of all
/// outcomes no more likely than the one observed). The 95% confidence interval for the rate ratio b/a comes
/// from the exact Clopper–Pearson interval for b/n, transformed by p/(1−p).
public struct CountComparison: Sendable, Equatable {
    public var earlier: Int
    public var later: Int
    public var pValue: Double
    public var rateRatioLow: Double
    public var rateRatioHigh: Double

    public init(earlier: Int, later: Int) {
        self.earlier = earlier
        self.later = later
        let n = earlier + later
        pValue = n == 0 ? 1 : Binomial.twoSidedP(k: later, n: n, p: 0.5)
        let (low, high) = n == 0 ? (0, 1) : Binomial.clopperPearson(k: later, n: n, confidence: 0.95)
        rateRatioLow = low >= 1 ? .infinity : low / (1 - low)
        rateRatioHigh = high >= 1 ? .infinity : high / (1 - high)
    }

    public var percentChange: Double? { earlier == 0 ? nil : Double(later - earlier) / Double(earlier) * 100 }
    public var isBeyondChance: Bool { pValue < 0.05 }

    /// A sentence a councillor can read.
    public var sentence: String {
        if earlier + later == 0 { return "No records in either period." }
        let direction = later > earlier ? "rise" : later < earlier ? "fall" : "no change"
        if later == earlier { return "No change (\(later) in both periods)." }
        // "A fall of 10%", not "a fall of -10%": the word already gives the direction.
        let change = percentChange.map { String(format: "%.0f%%", abs($0)) } ?? "new"
        if earlier + later < 20 {
            return "A \(direction) (\(change)), but the numbers are too small to tell a real change from chance."
        }
        if percentChange == nil {
            return "A rise from none to \(later)"
                + (isBeyondChance ? ", larger than chance alone would explain (\(ChangeFinding.pText(pValue)))." : ".")
        }
        return isBeyondChance
            ? "A \(direction) of \(change) that is larger than chance alone would explain (\(ChangeFinding.pText(pValue)))."
            : "A \(direction) of \(change) that could be chance (\(ChangeFinding.pText(pValue))): not a clear change."
    }

}

/// Exact binomial calculations, done in log space so that counts in the hundreds of thousands are safe.
public enum Binomial {
    public static func logPMF(k: Int, n: Int, p: Double) -> Double {
        if p == 0 { return k == 0 ? 0 : -.infinity }
        if p == 1 { return k == n ? 0 : -.infinity }
        return lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
            + Double(k) * log(p) + Double(n - k) * log1p(-p)
    }

    /// scipy.stats.binomtest(k, n, p, alternative="two-sided").pvalue
    public static func twoSidedP(k: Int, n: Int, p: Double) -> Double {
        let observed = logPMF(k: k, n: n, p: p)
        // scipy's relative tolerance for "as likely as the observed", so ties count on both sides.
        let threshold = observed + log1p(1e-7)
        var total = 0.0
        for i in 0...n {
            let value = logPMF(k: i, n: n, p: p)
            if value <= threshold { total += exp(value) }
        }
        return min(1, total)
    }

    /// Exact (Clopper–Pearson) interval for a proportion k/n.
    public static func clopperPearson(k: Int, n: Int, confidence: Double) -> (Double, Double) {
        let alpha = 1 - confidence
        let low = k == 0 ? 0 : IncompleteBeta.inverse(alpha / 2, a: Double(k), b: Double(n - k + 1))
        let high = k == n ? 1 : IncompleteBeta.inverse(1 - alpha / 2, a: Double(k + 1), b: Double(n - k))
        return (low, high)
    }
}

/// The regularised incomplete beta function I_x(a, b) and its inverse (by bisection, which is slow but
/// never fails to converge; it runs a handful of times per page).
public enum IncompleteBeta {
    public static func regularized(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * continuedFraction(x, a: a, b: b) / a
        }
        return 1 - exp(logFront) * continuedFraction(1 - x, a: b, b: a) / b
    }

    /// Lentz's method for the continued fraction of I_x(a, b) (Numerical Recipes §6.4).
    static func continuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...10_000 {
            let m = Double(m)
            var aa = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return h
    }

    public static func inverse(_ probability: Double, a: Double, b: Double) -> Double {
        var low = 0.0
        var high = 1.0
        for _ in 0..<200 {
            let mid = (low + high) / 2
            if regularized(mid, a: a, b: b) < probability { low = mid } else { high = mid }
            if high - low < 1e-15 { break }
        }
        return (low + high) / 2
    }
}
