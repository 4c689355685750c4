import Foundation

/// Effect sizes and confidence intervals reported next to the tests.
extension Statistics {
    static let z975 = 1.959963984540054

    /// Wilson's score interval for a proportion k/n (95%).
    public static func wilson(_ k: Int, _ n: Int) -> (low: Double, high: Double) {
        guard n > 0 else { return (0, 1) }
        let p = Double(k) / Double(n)
        let z2 = z975 * z975
        let nn = Double(n)
        let centre = (p + z2 / (2 * nn)) / (1 + z2 / nn)
        let half = z975 / (1 + z2 / nn) * (p * (1 - p) / nn + z2 / (4 * nn * nn)).squareRoot()
        return (max(0, centre - half), min(1, centre + half))
    }

    /// Difference in the share answering yes between two independent groups (second − first), with Newcombe's
    /// hybrid score interval (1998, method 10; statsmodels' `confint_proportions_2indep(method="newcomb")`):
    /// it stays inside −1…1 and does not collapse to a point at 0% or 100%, as the Wald interval did.
    public static func proportionDifference(yes1: Int, n1: Int, yes2: Int, n2: Int) -> (
        difference: Double, low: Double, high: Double
    ) {
        guard n1 > 0, n2 > 0 else { return (0, 0, 0) }
        let p1 = Double(yes1) / Double(n1)
        let p2 = Double(yes2) / Double(n2)
        let (l1, u1) = wilson(yes1, n1)
        let (l2, u2) = wilson(yes2, n2)
        let difference = p2 - p1
        let low = difference - ((p2 - l2) * (p2 - l2) + (u1 - p1) * (u1 - p1)).squareRoot()
        let high = difference + ((u2 - p2) * (u2 - p2) + (p1 - l1) * (p1 - l1)).squareRoot()
        return (difference, max(-1, low), min(1, high))
    }

    /// The change in the share answering yes among the same people (after − before), with Newcombe's hybrid
    /// score interval for paired proportions (1998, Stat Med 17:2635, method 10, with its continuity-adjusted φ).
    /// `a`: yes both times, `b`: yes then no, `c`: no then yes, `d`: no both times. Unlike the Wald interval it
    /// replaces, it does not give "+100 (+100 to +100)" for 10 of 10 changing, pass 100%, or collapse to
    /// "0 (0 to 0)" when nobody changed.
    public static func pairedProportionChange(a: Int, b: Int, c: Int, d: Int) -> (
        difference: Double, low: Double, high: Double
    ) {
        let n = a + b + c + d
        guard n > 0 else { return (0, 0, 0) }
        let nn = Double(n)
        let after = Double(a + c) / nn
        let before = Double(a + b) / nn
        let (l1, u1) = wilson(a + c, n)
        let (l2, u2) = wilson(a + b, n)
        let product = Double(a + b) * Double(c + d) * Double(a + c) * Double(b + d)
        let cross = Double(a) * Double(d) - Double(b) * Double(c)
        let adjusted = cross > nn / 2 ? cross - nn / 2 : cross < 0 ? cross : 0
        let phi = product > 0 ? adjusted / product.squareRoot() : 0
        let difference = after - before
        let lowMargin =
            (after - l1) * (after - l1) - 2 * phi * (after - l1) * (u2 - before) + (u2 - before)
            * (u2 - before)
        let highMargin =
            (before - l2) * (before - l2) - 2 * phi * (before - l2) * (u1 - after) + (u1 - after)
            * (u1 - after)
        return (
            difference, max(-1, difference - max(0, lowMargin).squareRoot()),
            min(1, difference + max(0, highMargin).squareRoot())
        )
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

    /// P(T > t) for Student's t with `df` degrees of freedom (t ≥ 0).
    public static func tSF(_ t: Double, df: Double) -> Double {
        0.5 * IncompleteBeta.regularized(df / (df + t * t), a: df / 2, b: 0.5)
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
