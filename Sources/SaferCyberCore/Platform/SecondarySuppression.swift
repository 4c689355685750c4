import Foundation

/// The numbers one page, CSV or report publishes, and the sums that tie them together (a total and its rows,
/// a quarter and its months), so that hiding a small number can also hide enough others that it cannot be
/// worked out by subtraction (issue 19: secondary suppression).
public struct PublishedFigures: Sendable, Equatable {
    public struct Sum: Sendable, Equatable {
        public var total: String
        public var parts: [String]
    }

    public private(set) var values: [String: Int] = [:]
    public private(set) var sums: [Sum] = []

    public init() {}

    /// A number shown under `id`. The same number shown in two places (a quarter in the table and in the chart)
    /// is one cell.
    public mutating func cell(_ id: String, _ value: Int) { values[id] = value }

    /// `total` is the sum of `parts`. Added only when the published numbers really add up, so that a table
    /// that is not a partition (deciles leave out records with no place) never claims to be one.
    public mutating func sum(_ total: String, of parts: [String]) {
        guard let whole = values[total], parts.allSatisfy({ values[$0] != nil }),
            parts.reduce(0, { $0 + values[$1]! }) == whole, !parts.isEmpty
        else { return }
        sums.append(Sum(total: total, parts: parts))
    }
}

/// How one published number is shown.
public enum Visibility: Sendable, Equatable {
    case shown
    /// Below the threshold: "<5".
    case small
    /// Hidden so that a small number cannot be worked out: "[c]".
    case withheld
}

extension DisclosurePolicy {
    /// What a withheld cell reads as (the ONS marker for confidential).
    public static let withheldText = "[c]"

    /// Primary suppression (counts from 1 to threshold − 1), then secondary, until every sum with a hidden term
    /// also has a withheld ("[c]") part large enough that each "<5" in it could still be anything from 1 to
    /// threshold − 1: the withheld parts must add up to at least threshold − 1 plus one for each other "<5"
    /// (so that subtracting the shown parts from the total leaves room). Parts are withheld smallest-sufficient
    /// first; when no part is left, the total is withheld instead.
    public func protect(_ figures: PublishedFigures, secondary: Bool = true) -> [String: Visibility] {
        var visibility = figures.values.mapValues { hides($0) ? Visibility.small : .shown }
        guard applies, secondary else { return visibility }
        var changed = true
        var rounds = 0
        while changed && rounds < 10_000 {
            changed = false
            rounds += 1
            for sum in figures.sums where !isProtected(sum, figures, visibility) {
                let deficit = self.deficit(sum, figures, visibility)
                // Withholding a 0 would add nothing to hide behind: only counts above 0 are candidates.
                let candidates = sum.parts.filter { visibility[$0] == .shown && figures.values[$0]! > 0 }
                    .sorted { (figures.values[$0]!, $0) < (figures.values[$1]!, $1) }
                if let pick = candidates.first(where: { figures.values[$0]! >= deficit }) ?? candidates.last {
                    visibility[pick] = .withheld
                    changed = true
                } else if visibility[sum.total] != .withheld {
                    visibility[sum.total] = .withheld
                    changed = true
                }
            }
        }
        return visibility
    }

    /// How much more the withheld parts of a sum must add up to, for each "<5" part to keep its full range.
    func deficit(_ sum: PublishedFigures.Sum, _ figures: PublishedFigures, _ visibility: [String: Visibility]) -> Int {
        let smallParts = sum.parts.filter { visibility[$0] == .small }.count
        let withheld = sum.parts.filter { visibility[$0] == .withheld }.reduce(0) { $0 + figures.values[$1]! }
        return threshold - 1 + smallParts - withheld
    }

    /// Whether a sum gives none of its hidden terms away (a sufficient rule; `DisclosureCheck` verifies).
    func isProtected(_ sum: PublishedFigures.Sum, _ figures: PublishedFigures, _ visibility: [String: Visibility])
        -> Bool
    {
        let hiddenParts = sum.parts.filter { visibility[$0] != .shown }.count
        let hasWithheldPart = sum.parts.contains { visibility[$0] == .withheld }
        switch visibility[sum.total] ?? .shown {
        case .withheld:
            // The total is unknown: it is safe while it is not the sum of shown parts alone.
            return hiddenParts >= 1
        case .small:
            // One hidden part equal to a hidden total keeps the total's whole range; more need a withheld part.
            return hiddenParts == 1 || hasWithheldPart && deficit(sum, figures, visibility) <= 0
        case .shown:
            return hiddenParts == 0 || hiddenParts >= 2 && hasWithheldPart && deficit(sum, figures, visibility) <= 0
        }
    }

    /// A cell as published: its number, "<5" or "[c]".
    public func text(_ id: String, in figures: PublishedFigures, _ visibility: [String: Visibility]) -> String {
        switch visibility[id] ?? .shown {
        case .shown: return text(figures.values[id] ?? 0)
        case .small: return hiddenText
        case .withheld: return Self.withheldText
        }
    }
}

/// An independent check of what a reader can work out from a published page: it sees only the published text of
/// each cell ("812", "<5", "[c]") and the sums, and narrows every hidden cell's range by the sums until nothing
/// changes. A hidden cell whose range holds fewer values than "<5" does (1 to threshold − 1) is given away.
public enum DisclosureCheck {
    public struct Finding: Sendable, Equatable, CustomStringConvertible {
        public var cell: String
        public var low: Int
        public var high: Int
        public init(cell: String, low: Int, high: Int) {
            self.cell = cell
            self.low = low
            self.high = high
        }
        public var description: String { "\(cell) is \(low == high ? "exactly \(low)" : "between \(low) and \(high)")" }
    }

    public static func givenAway(
        published: [String: String], sums: [PublishedFigures.Sum], threshold: Int = DisclosurePolicy.defaultThreshold
    ) -> [Finding] {
        let unbounded = 1_000_000_000
        var low: [String: Int] = [:]
        var high: [String: Int] = [:]
        for (id, text) in published {
            if text == "<\(threshold)" {
                (low[id], high[id]) = (1, threshold - 1)
            } else if text == DisclosurePolicy.withheldText {
                (low[id], high[id]) = (0, unbounded)
            } else if let value = Int(text.filter(\.isNumber)) {
                (low[id], high[id]) = (value, value)
            }
        }
        var changed = true
        var rounds = 0
        while changed && rounds < 1000 {
            changed = false
            rounds += 1
            for sum in sums {
                let terms = [sum.total] + sum.parts
                guard terms.allSatisfy({ low[$0] != nil }) else { continue }
                // total ∈ [Σ low(parts), Σ high(parts)]
                let partsLow = sum.parts.reduce(0) { $0 + low[$1]! }
                let partsHigh = sum.parts.reduce(0) { min(unbounded, $0 + high[$1]!) }
                if partsLow > low[sum.total]! {
                    low[sum.total] = partsLow
                    changed = true
                }
                if partsHigh < high[sum.total]! {
                    high[sum.total] = partsHigh
                    changed = true
                }
                // part ∈ [low(total) − Σ high(others), high(total) − Σ low(others)]
                for part in sum.parts {
                    let othersLow = partsLow - low[part]!
                    let othersHigh = sum.parts.reduce(0) { $1 == part ? $0 : min(unbounded, $0 + high[$1]!) }
                    let newLow = max(low[part]!, low[sum.total]! - othersHigh)
                    let newHigh = min(high[part]!, high[sum.total]! - othersLow)
                    if newLow > low[part]! {
                        low[part] = newLow
                        changed = true
                    }
                    if newHigh < high[part]! {
                        high[part] = newHigh
                        changed = true
                    }
                }
            }
        }
        return published.keys.sorted().compactMap { id in
            let text = published[id]!
            guard text == "<\(threshold)" || text == DisclosurePolicy.withheldText, let l = low[id], let h = high[id]
            else { return nil }
            return h - l + 1 < threshold - 1 ? Finding(cell: id, low: l, high: h) : nil
        }
    }
}
