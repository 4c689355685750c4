import Foundation

/// Whether published sums, added and subtracted in any proportions, pin down the sum over fewer than the threshold
/// of the people or organisations they add up (issue 19, case 6: retail + size 2–9 − Seaham gave one organisation's
/// score). Each published sum adds up some *cells* (members that fall in the same group of every breakdown, so no sum
/// tells them apart). A set of cells is pinned exactly when its indicator lies in the span of the sums, that is when
/// its part outside that span (its projection on the sums' null space) is zero: the sum of its cells' parts.
///
/// The search covers every set of up to four cells holding 1 to threshold − 1 members: all of them at the default
/// threshold of 5 (four members are at most four cells). Each cell's part is reduced to a few random coordinates
/// (fixed seed), sets are matched by meeting in the middle (pairs against pairs), and a match is confirmed exactly.
public enum LinearAudit {
    /// The largest set of cells the search looks at.
    public static let largestSet = 4

    /// The first set of cells (fewest cells first) holding 1 to `threshold − 1` members whose total the published
    /// `sums` (each a set of cell indices) pin down; nil when there is none. `weights` are the members of each cell.
    public static func pinned(sums: [Set<Int>], weights: [Int], threshold: Int) -> Set<Int>? {
        guard threshold > 1, !sums.isEmpty else { return nil }
        let basis = orthonormal(sums.map { sum in weights.indices.map { sum.contains($0) ? 1.0 : 0.0 } })
        // Exactly: the set's indicator less its projection on the sums' span is zero.
        func isPinned(_ cells: [Int]) -> Bool {
            let projected = basis.reduce(0.0) { total, u in
                let dot = cells.reduce(0.0) { $0 + u[$1] }
                return total + dot * dot
            }
            return Double(cells.count) - projected < 1e-7
        }
        // Each cell's part outside the span, seen through a few fixed random directions.
        var random = SplitMix64(seed: 0x5AFE)
        let directions = (0..<6).map { _ in
            weights.indices.map { _ in Double(random.next() % 2_000_001) / 1_000_000 - 1 }
        }
        let seen = basis.map { u in directions.map { d in zip(d, u).reduce(0.0) { $0 + $1.0 * $1.1 } } }
        let small = weights.indices.filter { weights[$0] > 0 && weights[$0] < threshold }
        var part: [Int: [Double]] = [:]
        for c in small {
            part[c] = directions.indices.map { k in
                directions[k][c] - basis.indices.reduce(0.0) { $0 + basis[$1][c] * seen[$1][k] }
            }
        }
        func near(_ x: [Double], _ y: [Double]) -> Bool { zip(x, y).allSatisfy { abs($0 + $1) < 1e-7 } }
        let zero = [Double](repeating: 0, count: directions.count)
        for c in small where near(part[c]!, zero) && isPinned([c]) { return [c] }
        // Pairs under the threshold, by their first coordinate.
        struct Pair {
            var cells: (Int, Int)
            var weight: Int
            var part: [Double]
        }
        var pairs: [Pair] = []
        for (i, a) in small.enumerated() {
            for b in small[(i + 1)...] where weights[a] + weights[b] < threshold {
                let sum = zip(part[a]!, part[b]!).map { $0 + $1 }
                if near(sum, zero), isPinned([a, b]) { return [a, b] }
                pairs.append(Pair(cells: (a, b), weight: weights[a] + weights[b], part: sum))
            }
        }
        guard threshold > 3 else { return nil }
        pairs.sort { $0.part[0] < $1.part[0] }
        let firsts = pairs.map { $0.part[0] }
        // The pairs whose part is minus `target`.
        func opposite(_ target: [Double]) -> ArraySlice<Pair> {
            var low = 0
            var high = firsts.count
            while low < high {
                let mid = (low + high) / 2
                if firsts[mid] < -target[0] - 1e-7 { low = mid + 1 } else { high = mid }
            }
            var end = low
            while end < firsts.count, firsts[end] <= -target[0] + 1e-7 { end += 1 }
            return pairs[low..<end]
        }
        for c in small where weights[c] + 2 < threshold {
            for pair in opposite(part[c]!) where pair.cells.0 != c && pair.cells.1 != c {
                let cells = [c, pair.cells.0, pair.cells.1]
                if weights[c] + pair.weight < threshold, near(part[c]!, pair.part), isPinned(cells) {
                    return Set(cells)
                }
            }
        }
        guard threshold > 4 else { return nil }
        for pair in pairs where pair.weight + 2 < threshold {
            for other in opposite(pair.part) {
                let cells = Set([pair.cells.0, pair.cells.1, other.cells.0, other.cells.1])
                if cells.count == 4, pair.weight + other.weight < threshold, near(pair.part, other.part),
                    isPinned(Array(cells))
                {
                    return cells
                }
            }
        }
        return nil
    }

    /// An orthonormal basis of the rows' span (modified Gram–Schmidt, twice for accuracy); the rows are 0/1 vectors
    /// and a few dozen of them, well inside double precision.
    static func orthonormal(_ rows: [[Double]]) -> [[Double]] {
        var basis: [[Double]] = []
        for row in rows {
            var r = row
            for _ in 0..<2 {
                for u in basis {
                    let dot = zip(r, u).reduce(0.0) { $0 + $1.0 * $1.1 }
                    for i in r.indices { r[i] -= dot * u[i] }
                }
            }
            let norm = r.reduce(0.0) { $0 + $1 * $1 }.squareRoot()
            if norm > 1e-9 * max(1, row.reduce(0.0) { $0 + $1 * $1 }.squareRoot()) { basis.append(r.map { $0 / norm }) }
        }
        return basis
    }
}
