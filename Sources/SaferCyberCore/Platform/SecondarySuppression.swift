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
    /// Figures a reader can work out but that are never printed (all referrals closed in the period, which both
    /// the quarters and the outcome table add up to).
    public private(set) var unpublished: Set<String> = []

    /// Figures another page publishes, as it shows them: they tie this page's figures to that page's (the focus
    /// page's four quarters add up to four crime-picture quarters) and cannot be withheld here.
    public private(set) var elsewhere: [String: Visibility] = [:]

    public init() {}

    /// Every figure of another page, under `prefix`, as that page shows them, with the sums that tie them.
    public mutating func include(_ other: ProtectedFigures, prefix: String) {
        for (id, value) in other.figures.values {
            if other.figures.unpublished.contains(id) {
                unpublishedCell(prefix + id, value)
            } else {
                values[prefix + id] = value
                elsewhere[prefix + id] = other.visibility[id] ?? .shown
            }
        }
        sums += other.figures.sums.map { Sum(total: prefix + $0.total, parts: $0.parts.map { prefix + $0 }) }
    }

    /// A number shown under `id`. The same number shown in two places (a quarter in the table and in the chart)
    /// is one cell.
    public mutating func cell(_ id: String, _ value: Int) { values[id] = value }

    /// A figure that ties two published tables together without being printed itself.
    public mutating func unpublishedCell(_ id: String, _ value: Int) {
        values[id] = value
        unpublished.insert(id)
    }

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

    /// Primary suppression (counts from 1 to threshold − 1), then secondary: while a reader who narrows each hidden
    /// cell's range by the published sums (`DisclosureCheck`) could still pin a hidden cell to fewer values than
    /// "<5" stands for, one more cell is withheld ("[c]"). A board needs its headline (issue 19), so the cell is
    /// chosen in this order, the first that frees the pinned cell winning: a shown row of a sum that holds it
    /// (the smallest at least the threshold first), then a "<5" row turned into "[c]", and a total only when
    /// nothing else will do. Many small rows beside one another protect each other and cost nothing.
    public func protect(_ figures: PublishedFigures, secondary: Bool = true) -> [String: Visibility] {
        var visibility = figures.values.mapValues { hides($0) ? Visibility.small : .shown }
        for id in figures.unpublished { visibility[id] = .withheld }
        for (id, shown) in figures.elsewhere { visibility[id] = shown }
        guard applies, secondary else { return visibility }
        let prepared = DisclosureCheck.Prepared(sums: figures.sums)
        // Each round withholds one more cell, and a cell is withheld at most once.
        for _ in 0...figures.values.count {
            guard let exposed = givenAway(figures, visibility, prepared).first?.cell else { break }
            guard let pick = nextToWithhold(freeing: exposed, figures, visibility, prepared) else { break }
            visibility[pick] = .withheld
        }
        return visibility
    }

    /// Looks at the sums that hold the pinned cell, then at the sums that hold those sums' cells, and so on: the
    /// first candidate, nearest first, that frees the cell wins; failing that, the nearest candidate.
    func nextToWithhold(
        freeing exposed: String, _ figures: PublishedFigures, _ visibility: [String: Visibility],
        _ prepared: DisclosureCheck.Prepared
    ) -> String? {
        var reached: Set<String> = [exposed]
        var fallback: String?
        while true {
            let candidates = candidatesToWithhold(around: reached, figures, visibility)
            // Trying every candidate would cost a check each; the cheapest few are enough in practice.
            if let pick = candidates.prefix(8).first(where: { candidate in
                var trial = visibility
                trial[candidate] = .withheld
                return !givenAway(figures, trial, prepared).contains { $0.cell == exposed }
            }) {
                return pick
            }
            fallback = fallback ?? candidates.first
            let next = reached.union(
                figures.sums.filter { !reached.isDisjoint(with: [$0.total] + $0.parts) }.flatMap {
                    [$0.total] + $0.parts
                })
            if next == reached { return fallback }
            reached = next
        }
    }

    func givenAway(
        _ figures: PublishedFigures, _ visibility: [String: Visibility], _ prepared: DisclosureCheck.Prepared
    ) -> [DisclosureCheck.Finding] {
        let published = prepared.ids.reduce(into: [String: String]()) {
            guard figures.values[$1] != nil else { return }
            $0[$1] = figures.unpublished.contains($1) ? "?" : text($1, in: figures, visibility)
        }
        return prepared.givenAway(published: published, threshold: threshold)
    }

    /// The cells that could be withheld to give `cells` room, cheapest first: shown rows of the sums that hold
    /// them, then small rows, then the sums' totals.
    func candidatesToWithhold(
        around cells: Set<String>, _ figures: PublishedFigures, _ visibility: [String: Visibility]
    )
        -> [String]
    {
        let holding = figures.sums.filter { !cells.isDisjoint(with: [$0.total] + $0.parts) }
        let value = { (id: String) in figures.values[id]! }
        let rows = Set(holding.flatMap(\.parts)).filter { figures.elsewhere[$0] == nil }
        let shownRows = rows.filter { visibility[$0] == .shown && value($0) > 0 }.sorted {
            (value($0) < threshold ? 1 : 0, value($0), $0) < (value($1) < threshold ? 1 : 0, value($1), $1)
        }
        let smallRows = rows.filter { visibility[$0] == .small }.sorted { (value($0), $0) > (value($1), $1) }
        let totals = Set(holding.map(\.total)).filter {
            visibility[$0] != .withheld && value($0) > 0 && figures.elsewhere[$0] == nil
        }.sorted {
            (value($0), $0) < (value($1), $1)
        }
        return shownRows + smallRows + totals
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
        Prepared(sums: sums).givenAway(published: published, threshold: threshold)
    }

    /// The sums a reader can use (with the nested ones derived), numbered once, for the many checks that
    /// `DisclosurePolicy.protect` makes of one page as it withholds cell after cell.
    struct Prepared {
        let ids: [String]
        let index: [String: Int]
        let sums: [(total: Int, parts: [Int])]

        init(sums published: [PublishedFigures.Sum]) {
            var ids: [String] = []
            var index: [String: Int] = [:]
            func number(_ id: String) -> Int {
                if let known = index[id] { return known }
                index[id] = ids.count
                ids.append(id)
                return ids.count - 1
            }
            sums = DisclosureCheck.withNested(published).map { (number($0.total), $0.parts.map(number)) }
            self.ids = ids
            self.index = index
        }

        func givenAway(published: [String: String], threshold: Int) -> [Finding] {
            // Large enough to stand for "no limit", small enough that adding a hundred of them cannot overflow.
            let unbounded = 1_000_000_000
            var low = [Int](repeating: 0, count: ids.count)
            var high = [Int](repeating: 0, count: ids.count)
            var known = [Bool](repeating: false, count: ids.count)
            var hidden = [Bool](repeating: false, count: ids.count)
            for (number, id) in ids.enumerated() {
                guard let text = published[id] else { continue }
                known[number] = true
                if text == "<\(threshold)" {
                    (low[number], high[number], hidden[number]) = (1, threshold - 1, true)
                } else if text == DisclosurePolicy.withheldText {
                    // A 0 is never withheld (it hides nothing), so a reader may take "[c]" as at least 1.
                    (low[number], high[number], hidden[number]) = (1, unbounded, true)
                } else if text == "?" {
                    // A figure that is never printed: anything from 0.
                    (low[number], high[number]) = (0, unbounded)
                } else if let value = Int(text.filter(\.isNumber)) {
                    (low[number], high[number]) = (value, value)
                } else {
                    known[number] = false
                }
            }
            let usable = sums.filter { sum in known[sum.total] && sum.parts.allSatisfy { known[$0] } }
            var changed = true
            var rounds = 0
            while changed && rounds < 1000 {
                changed = false
                rounds += 1
                for sum in usable {
                    // total ∈ [Σ low(parts), Σ high(parts)]
                    var partsLow = 0
                    var partsHigh = 0
                    for part in sum.parts {
                        partsLow += low[part]
                        partsHigh += high[part]
                    }
                    if partsLow > low[sum.total] {
                        low[sum.total] = partsLow
                        changed = true
                    }
                    if partsHigh < high[sum.total] {
                        high[sum.total] = partsHigh
                        changed = true
                    }
                    // part ∈ [low(total) − Σ high(others), high(total) − Σ low(others)]
                    for part in sum.parts {
                        let newLow = low[sum.total] - (partsHigh - high[part])
                        let newHigh = high[sum.total] - (partsLow - low[part])
                        if newLow > low[part] {
                            low[part] = newLow
                            changed = true
                        }
                        if newHigh < high[part] {
                            high[part] = newHigh
                            changed = true
                        }
                    }
                }
            }
            return ids.indices.filter { hidden[$0] && high[$0] - low[$0] + 1 < threshold - 1 }.map {
                Finding(cell: ids[$0], low: low[$0], high: high[$0])
            }.sorted { $0.cell < $1.cell }
        }
    }

    /// Sums a reader can derive by subtracting published sums from one whose rows include all of theirs (the total
    /// less the young and the older age groups is the other age bands), repeated until nothing new appears; interval
    /// reasoning on each published sum alone would miss these.
    static func withNested(_ sums: [PublishedFigures.Sum]) -> [PublishedFigures.Sum] {
        var all = sums
        var seen = Set(sums.map { [$0.total] + $0.parts.sorted() })
        var frontier = sums
        for _ in 0..<4 where !frontier.isEmpty {
            var next: [PublishedFigures.Sum] = []
            for outer in frontier {
                let outerParts = Set(outer.parts)
                for inner in sums where inner.total != outer.total && !outer.parts.contains(inner.total) {
                    let innerParts = Set(inner.parts)
                    guard innerParts.count < outerParts.count, innerParts.isSubset(of: outerParts) else { continue }
                    let derived = PublishedFigures.Sum(
                        total: outer.total, parts: [inner.total] + outer.parts.filter { !innerParts.contains($0) })
                    if seen.insert([derived.total] + derived.parts.sorted()).inserted { next.append(derived) }
                }
            }
            all += next
            frontier = next
        }
        return all
    }
}
