import Foundation

/// The tests the impact module uses, each matching scipy's definition (see StatisticsTests for the reference
/// values and the scipy calls that produced them). Paired tests for before/after on the same people; unpaired
/// ones when answers cannot be paired.
public enum Statistics {
    public struct Result: Sendable, Equatable {
        public var statistic: Double
        public var pValue: Double
        /// Which variant ran, e.g. "exact" or "normal approximation".
        public var method: String
    }

    static func normalSF(_ z: Double) -> Double { 0.5 * erfc(z / 2.0.squareRoot()) }
    static func chiSquareSF1(_ x: Double) -> Double { erfc((x / 2).squareRoot()) }

    // MARK: McNemar

    /// Paired yes/no. `b`: yes before, no after; `c`: no before, yes after. Exact binomial test on the discordant
    /// pairs when there are fewer than 25 of them, otherwise chi-square with continuity correction
    /// (statsmodels' `mcnemar(exact=…, correction=True)`).
    public static func mcNemar(b: Int, c: Int) -> Result {
        let n = b + c
        guard n > 0 else { return Result(statistic: 0, pValue: 1, method: "exact") }
        if n < 25 {
            let k = min(b, c)
            var cdf = 0.0
            for i in 0...k { cdf += exp(Binomial.logPMF(k: i, n: n, p: 0.5)) }
            return Result(statistic: Double(k), pValue: min(1, 2 * cdf), method: "exact")
        }
        let chi = pow(abs(Double(b - c)) - 1, 2) / Double(n)
        return Result(statistic: chi, pValue: chiSquareSF1(chi), method: "chi-square with continuity correction")
    }

    // MARK: Wilcoxon signed-rank

    /// Paired ordinal answers (Likert), as scipy.stats.wilcoxon (1.17, defaults) decides: zero differences are
    /// dropped (zero_method="wilcox"); with no ties and no zeros and at most 50 pairs, the exact distribution;
    /// with ties or zeros and at most 13 pairs, every one of the 2ⁿ sign patterns of the actual ranks (a
    /// permutation test, still exact); otherwise the normal approximation with the tie correction and no
    /// continuity correction. The statistic is the smaller rank sum, as scipy reports it.
    public static func wilcoxon(before: [Double], after: [Double]) -> Result {
        let all = zip(before, after).map { $1 - $0 }
        let differences = all.filter { $0 != 0 }
        let n = differences.count
        guard n > 0 else { return Result(statistic: 0, pValue: 1, method: "no differences") }
        let ranks = averageRanks(differences.map(abs))
        let plus = zip(differences, ranks).filter { $0.0 > 0 }.reduce(0) { $0 + $1.1 }
        let minus = Double(n * (n + 1)) / 2 - plus
        let statistic = min(plus, minus)
        let hasTies = Set(differences.map(abs)).count < n
        let hasZeros = differences.count < all.count
        if !hasTies && !hasZeros && n <= 50 {
            // Number of sign assignments giving each rank sum, by dynamic programming over 1…n.
            let maxSum = n * (n + 1) / 2
            var counts = [Double](repeating: 0, count: maxSum + 1)
            counts[0] = 1
            for rank in 1...n {
                for sum in stride(from: maxSum, through: rank, by: -1) { counts[sum] += counts[sum - rank] }
            }
            let cdf = counts[0...Int(statistic)].reduce(0, +) / pow(2, Double(n))
            return Result(statistic: statistic, pValue: min(1, 2 * cdf), method: "exact")
        }
        if all.count <= 13 {
            var below = 0
            var above = 0
            let total = 1 << n
            for pattern in 0..<total {
                var sum = 0.0
                for i in 0..<n where pattern & (1 << i) != 0 { sum += ranks[i] }
                if sum <= plus + 1e-9 { below += 1 }
                if sum >= plus - 1e-9 { above += 1 }
            }
            let p = 2 * Double(min(below, above)) / Double(total)
            return Result(statistic: statistic, pValue: min(1, p), method: "exact (all sign patterns)")
        }
        let mean = Double(n * (n + 1)) / 4
        var variance = Double(n * (n + 1) * (2 * n + 1)) / 24
        for count in Dictionary(grouping: differences.map(abs), by: { $0 }).values.map(\.count) where count > 1 {
            variance -= Double(count * count * count - count) / 48
        }
        let z = (statistic - mean) / variance.squareRoot()
        return Result(statistic: statistic, pValue: min(1, 2 * normalSF(abs(z))), method: "normal approximation")
    }

    /// Matched-pairs rank-biserial correlation with the unchanged ranked (Pratt): (W+ − W−) / (n(n+1)/2) over all n
    /// pairs, from −1 (all fell) to 1 (all rose).
    public static func rankBiserial(before: [Double], after: [Double]) -> Double {
        // Pratt: the unchanged are ranked with everyone (they hold the smallest ranks) but count for neither side,
        // so the effect covers everyone who answered both times. Dropping them (as the test's p-value does,
        // like scipy) turned 14 up, 2 down and 44 unchanged into r = 0.75; with them it is 0.34.
        let differences = zip(before, after).map { $1 - $0 }
        guard !differences.isEmpty else { return 0 }
        let ranks = averageRanks(differences.map(abs))
        var net = 0.0
        for (difference, rank) in zip(differences, ranks) where difference != 0 {
            net += difference > 0 ? rank : -rank
        }
        let n = Double(differences.count)
        return net / (n * (n + 1) / 2)
    }

    static func averageRanks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && values[order[j + 1]] == values[order[i]] { j += 1 }
            let rank = Double(i + j + 2) / 2
            for k in i...j { ranks[order[k]] = rank }
            i = j + 1
        }
        return ranks
    }

    // MARK: Unpaired

    /// Fisher's exact test on [[a, b], [c, d]], two-sided as scipy.stats.fisher_exact computes it.
    public static func fisherExact(_ a: Int, _ b: Int, _ c: Int, _ d: Int) -> Result {
        let row1 = a + b
        let col1 = a + c
        let n = a + b + c + d
        func logP(_ x: Int) -> Double {
            logChoose(col1, x) + logChoose(n - col1, row1 - x) - logChoose(n, row1)
        }
        let low = max(0, row1 + col1 - n)
        let high = min(row1, col1)
        let observed = logP(a) + log1p(1e-7)
        var p = 0.0
        for x in low...high where logP(x) <= observed { p += exp(logP(x)) }
        let oddsRatio = b * c == 0 ? (a * d == 0 ? Double.nan : .infinity) : Double(a * d) / Double(b * c)
        return Result(statistic: oddsRatio, pValue: min(1, p), method: "Fisher's exact test")
    }

    /// Chi-square test of a 2×2 table with Yates' continuity correction (scipy.stats.chi2_contingency defaults).
    public static func chiSquare(_ a: Int, _ b: Int, _ c: Int, _ d: Int) -> Result {
        let n = Double(a + b + c + d)
        let observed = [Double(a), Double(b), Double(c), Double(d)]
        let rows = [Double(a + b), Double(c + d)]
        let cols = [Double(a + c), Double(b + d)]
        let expected = [rows[0] * cols[0] / n, rows[0] * cols[1] / n, rows[1] * cols[0] / n, rows[1] * cols[1] / n]
        var chi = 0.0
        for i in 0..<4 {
            let gap = abs(observed[i] - expected[i])
            let corrected = max(0, gap - min(0.5, gap))
            chi += corrected * corrected / expected[i]
        }
        return Result(statistic: chi, pValue: chiSquareSF1(chi), method: "chi-square with Yates' correction")
    }

    /// Mann–Whitney U, two-sided: exact when either group is under 8 and there are no ties, otherwise the normal
    /// approximation with tie and continuity corrections (scipy.stats.mannwhitneyu defaults). Statistic: U of `x`.
    public static func mannWhitney(_ x: [Double], _ y: [Double]) -> Result {
        let n1 = x.count
        let n2 = y.count
        guard n1 > 0, n2 > 0 else { return Result(statistic: 0, pValue: 1, method: "no data") }
        let ranks = averageRanks(x + y)
        let r1 = ranks.prefix(n1).reduce(0, +)
        let u1 = r1 - Double(n1 * (n1 + 1)) / 2
        let hasTies = Set(x + y).count < n1 + n2
        if min(n1, n2) < 8 && !hasTies {
            // Distribution of U by counting subsets (small groups only).
            var counts = [[Double]](repeating: [Double](repeating: 0, count: n1 * n2 + 1), count: n1 + 1)
            counts[0][0] = 1
            for value in 1...(n1 + n2) {
                for taken in stride(from: min(value, n1), through: 1, by: -1) {
                    let shift = value - taken
                    for u in stride(from: n1 * n2, through: shift, by: -1) {
                        counts[taken][u] += counts[taken - 1][u - shift]
                    }
                }
            }
            let distribution = counts[n1]
            let total = distribution.reduce(0, +)
            let k = min(u1, Double(n1 * n2) - u1)
            let cdf = distribution[0...Int(k)].reduce(0, +) / total
            return Result(statistic: u1, pValue: min(1, 2 * cdf), method: "exact")
        }
        let mean = Double(n1 * n2) / 2
        let n = Double(n1 + n2)
        let tieTerm = Dictionary(grouping: x + y, by: { $0 }).values.map { Double($0.count) }.reduce(0) {
            $0 + ($1 * $1 * $1 - $1)
        }
        let sigma = (Double(n1 * n2) / 12 * ((n + 1) - tieTerm / (n * (n - 1)))).squareRoot()
        let u = max(u1, Double(n1 * n2) - u1)
        let z = (u - mean - 0.5) / sigma
        return Result(statistic: u1, pValue: min(1, 2 * normalSF(z)), method: "normal approximation")
    }

    static func logChoose(_ n: Int, _ k: Int) -> Double {
        guard k >= 0, k <= n else { return -.infinity }
        return lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
    }
}
