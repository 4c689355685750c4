import Foundation

/// Is the change between two periods' counts beyond chance?
///
/// Method, by default: treat each period's count as Poisson with a rate per day. Given the total n = a + b,
/// the later count b follows Binomial(n, d_b / (d_a + d_b)) when the daily rate has not changed (d = days in
/// each period), so the exact two-sided binomial test gives the p-value (as scipy.stats.binomtest does: the
/// sum of the probabilities of all outcomes no more likely than the one observed). The 95% confidence interval
/// for the rate ratio comes from the exact Clopper–Pearson interval for b/n, transformed by p/(1−p)·d_a/d_b.
///
/// Recorded crime varies more than a Poisson model allows (over-dispersion). When the dispersion φ estimated
/// from the partnership's own earlier quarters (`Dispersion.estimate`, at least 8 complete quarters) is above 1,
/// the test is quasi-Poisson instead: the log rate ratio over its standard error √(φ(1/a + 1/b)) against
/// Student's t with the estimate's degrees of freedom (quarters − 2), as R's quasipoisson does; when one count
/// is 0, the likelihood-ratio statistic divided by φ. When φ is 1 or less the exact test is kept: a history
/// that varies no more than chance is not evidence that this change is more certain.
public struct CountComparison: Sendable, Equatable {
    public enum Method: Sendable, Equatable {
        /// Exact conditional test: assumes counts vary only by chance.
        case exactPoisson
        /// Allows for the extra variation seen in the partnership's own history.
        case quasiPoisson(dispersion: Double, quarters: Int)
    }

    public var earlier: Int
    public var later: Int
    public var earlierDays: Int
    public var laterDays: Int
    public var method: Method
    public var pValue: Double
    public var rateRatioLow: Double
    public var rateRatioHigh: Double

    public init(earlier: Int, later: Int, earlierDays: Int = 1, laterDays: Int = 1, dispersion: Dispersion? = nil) {
        self.earlier = earlier
        self.later = later
        self.earlierDays = max(1, earlierDays)
        self.laterDays = max(1, laterDays)
        let n = earlier + later
        let exposure = Double(self.earlierDays) / Double(self.laterDays)
        let share = Double(self.laterDays) / Double(self.earlierDays + self.laterDays)
        let (low, high) = n == 0 ? (0, 1) : Binomial.clopperPearson(k: later, n: n, confidence: 0.95)
        rateRatioLow = low >= 1 ? .infinity : low / (1 - low) * exposure
        rateRatioHigh = high >= 1 ? .infinity : high / (1 - high) * exposure
        if let dispersion, dispersion.phi.isFinite, dispersion.phi > 1, n > 0 {
            let phi = dispersion.phi
            let df = Double(max(1, dispersion.quarters - 2))
            method = .quasiPoisson(dispersion: phi, quarters: dispersion.quarters)
            if earlier > 0, later > 0 {
                let logRatio = log(Double(later) / Double(earlier) * exposure)
                let se = (phi * (1 / Double(earlier) + 1 / Double(later))).squareRoot()
                pValue = 2 * Statistics.tSF(abs(logRatio) / se, df: df)
                let t = Statistics.tQuantile(0.975, df: df)
                rateRatioLow = exp(logRatio - t * se)
                rateRatioHigh = exp(logRatio + t * se)
            } else {
                // One count is 0: no log ratio, so the deviance against "no change", scaled by φ.
                let expectedLater = Double(n) * share
                let observed = Double(max(earlier, later))
                let expected = earlier > 0 ? Double(n) - expectedLater : expectedLater
                let deviance = 2 * observed * log(observed / expected)
                pValue = min(1, 2 * Statistics.tSF((deviance / phi).squareRoot(), df: df))
            }
            return
        }
        method = .exactPoisson
        pValue = n == 0 ? 1 : Binomial.twoSidedP(k: later, n: n, p: share)
    }

    public var hasEqualLengths: Bool { earlierDays == laterDays }

    /// The change in the rate per day (the same as the change in the count when the periods are as long).
    public var percentChange: Double? {
        earlier == 0
            ? nil
            : (Double(later) / Double(laterDays)) / (Double(earlier) / Double(earlierDays)) * 100 - 100
    }
    public var isBeyondChance: Bool { pValue < 0.05 }

    /// A sentence a councillor can read.
    public var sentence: String {
        if earlier + later == 0 { return "No records in either period." }
        let direction = rateDirection
        if later == earlier && hasEqualLengths { return "No change (\(later) in both periods)." }
        // "A fall of 10%", not "a fall of -10%": the word already gives the direction.
        let change = percentChange.map { String(format: "%.0f%%", abs($0)) } ?? "new"
        let perDay = hasEqualLengths ? "" : " per day"
        if earlier + later < 20 {
            return
                "A \(direction)\(perDay) (\(change)), but the numbers are too small to tell a real change from chance."
        }
        if percentChange == nil {
            return "A rise from none to \(later)"
                + (isBeyondChance ? ", larger than chance alone would explain (\(ChangeFinding.pText(pValue)))." : ".")
        }
        if direction == "no change" { return "No change\(perDay) (\(ChangeFinding.pText(pValue)))." }
        return isBeyondChance
            ? "A \(direction)\(perDay) of \(change) that is larger than chance alone would explain (\(ChangeFinding.pText(pValue)))."
            : "A \(direction)\(perDay) of \(change) that could be chance (\(ChangeFinding.pText(pValue))): not a clear change."
    }

    private var rateDirection: String {
        let ratio = Double(later) * Double(earlierDays) - Double(earlier) * Double(laterDays)
        return ratio > 0 ? "rise" : ratio < 0 ? "fall" : "no change"
    }

    /// How the change was tested, in plain words (for notes and the board report's CSV).
    public var methodText: String { methodText(showingDispersion: true) }

    /// `showingDispersion: false` for roles without exact counts: the dispersion is worked out from every complete
    /// quarter's count, some of them withheld on their own pages, so printing it adds an equation on them.
    public func methodText(showingDispersion: Bool) -> String {
        switch method {
        case .exactPoisson:
            return "Exact test on the two counts"
                + (hasEqualLengths ? "" : ", per day (the periods differ in length)")
                + "; it assumes counts vary only by chance."
        case .quasiPoisson(let phi, let quarters):
            guard showingDispersion else {
                return "Quasi-Poisson test\(hasEqualLengths ? "" : " per day"), allowing for the extra variation in "
                    + "\(quarters) complete quarters of history."
            }
            return String(
                format: "Quasi-Poisson test%@, allowing for the extra variation in %d complete quarters of history "
                    + "(dispersion %.2f).", hasEqualLengths ? "" : " per day", quarters, phi)
        }
    }
}

/// How much more a partnership's quarterly counts vary than chance alone (Poisson) allows.
public struct Dispersion: Sendable, Equatable {
    public var phi: Double
    public var quarters: Int

    public init(phi: Double, quarters: Int) {
        self.phi = phi
        self.quarters = quarters
    }

    /// The fewest complete quarters the dispersion is estimated from.
    public static let minimumQuarters = 8

    /// Pearson χ² over residual degrees of freedom of a Poisson GLM with a log-linear trend and log(days) as
    /// offset (statsmodels: `GLM(y, [1, t], Poisson(), offset=log(days)).fit(scale="X2").scale`), so a steady
    /// rise or fall is not mistaken for noise. `times` are the quarters' positions in calendar time (gaps kept),
    /// 0, 1, 2… by default. Nil with fewer than `minimumQuarters` quarters, or when the model has no finite fit.
    public static func estimate(counts: [Int], days: [Int], times: [Double]? = nil) -> Dispersion? {
        let n = counts.count
        guard n >= minimumQuarters, days.count == n, counts.contains(where: { $0 > 0 }) else { return nil }
        let y = counts.map(Double.init)
        let offset = days.map { log(Double(max(1, $0))) }
        let positions = times ?? (0..<n).map(Double.init)
        guard positions.count == n else { return nil }
        // Centred, so the two coefficients stay well conditioned whatever the positions' scale (φ is unchanged).
        let centre = positions.reduce(0, +) / Double(n)
        let t = positions.map { $0 - centre }
        // Iteratively reweighted least squares for (intercept, slope).
        let meanRate = y.reduce(0, +) / days.reduce(0) { $0 + Double($1) }
        var b0 = log(max(meanRate, 1e-9))
        var b1 = 0.0
        for _ in 0..<100 {
            var (s00, s01, s11, r0, r1) = (0.0, 0.0, 0.0, 0.0, 0.0)
            for i in 0..<n {
                let eta = b0 + b1 * t[i] + offset[i]
                let mu = exp(eta)
                let z = eta - offset[i] + (y[i] - mu) / mu
                s00 += mu
                s01 += mu * t[i]
                s11 += mu * t[i] * t[i]
                r0 += mu * z
                r1 += mu * z * t[i]
            }
            let det = s00 * s11 - s01 * s01
            guard det != 0 else { return nil }
            let new0 = (s11 * r0 - s01 * r1) / det
            let new1 = (s00 * r1 - s01 * r0) / det
            let converged = abs(new0 - b0) < 1e-12 && abs(new1 - b1) < 1e-12
            (b0, b1) = (new0, new1)
            if converged { break }
        }
        var chi2 = 0.0
        for i in 0..<n {
            let mu = exp(b0 + b1 * t[i] + offset[i])
            chi2 += (y[i] - mu) * (y[i] - mu) / mu
        }
        let phi = chi2 / Double(n - 2)
        return phi.isFinite ? Dispersion(phi: phi, quarters: n) : nil
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
