import Foundation

/// Effect sizes and confidence intervals reported next to the tests.
extension Statistics {
    static let z975 = 1.959963984540054

    /// Difference in the share answering yes between two independent groups (second − first), with a
    /// 95% Wald interval.
    public static func proportionDifference(yes1: Int, n1: Int, yes2: Int, n2: Int) -> (
        difference: Double, low: Double, high: Double
    ) {
        guard n1 > 0, n2 > 0 else { return (0, 0, 0) }
        let p1 = Double(yes1) / Double(n1)
        let p2 = Double(yes2) / Double(n2)
        let se = (p1 * (1 - p1) / Double(n1) + p2 * (1 - p2) / Double(n2)).squareRoot()
        let difference = p2 - p1
        return (difference, difference - z975 * se, difference + z975 * se)
    }

    /// Rank-biserial correlation for two independent groups: P(y > x) − P(x > y), from −1 to 1
    /// (equal to 2·U_y/(n₁n₂) − 1, where U_y is the Mann–Whitney U of `y`).
    public static func rankBiserialUnpaired(_ x: [Double], _ y: [Double]) -> Double {
        guard !x.isEmpty, !y.isEmpty else { return 0 }
        var greater = 0.0
        for a in y {
            for b in x { greater += a > b ? 1 : a == b ? 0.5 : 0 }
        }
        return 2 * greater / Double(x.count * y.count) - 1
    }

    /// Student's t quantile for `probability` (above 0.5) with `df` degrees of freedom, from the incomplete beta function.
    public static func tQuantile(_ probability: Double, df: Double) -> Double {
        let x = IncompleteBeta.inverse(2 * (1 - probability), a: df / 2, b: 0.5)
        return (df * (1 - x) / x).squareRoot()
    }

    /// The mean of paired differences (after − before) with its 95% t interval.
    public static func meanDifference(before: [Double], after: [Double]) -> (mean: Double, low: Double, high: Double) {
        let differences = zip(before, after).map { $1 - $0 }
        let n = Double(differences.count)
        guard differences.count > 1 else {
            return (differences.first ?? 0, differences.first ?? 0, differences.first ?? 0)
        }
        let mean = differences.reduce(0, +) / n
        let variance = differences.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        let margin = tQuantile(0.975, df: n - 1) * (variance / n).squareRoot()
        return (mean, mean - margin, mean + margin)
    }
}
