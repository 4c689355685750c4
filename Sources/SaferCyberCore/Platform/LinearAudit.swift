import Foundation

/// Whether published sums, added and subtracted in any proportions, pin down the sum over fewer than the threshold
/// of the people or organisations they add up (issue 19, case 6: retail + size 2–9 − Seaham gave one organisation's
/// score). Each published sum adds up some *cells* (members that fall in the same group of every breakdown, so no sum
/// tells them apart, and only whole cells can be pinned). A set of cells is pinned exactly when its indicator lies in
/// the span of the sums, that is when its part outside that span (its projection on the sums' null space) is zero:
/// when its cells' parts add up to zero.
///
/// Every set of cells holding 1 to threshold − 1 members is looked at (it has at most threshold − 1 cells): each is
/// split into two halves of at most ⌈(threshold − 1) / 2⌉ cells, all such halves are listed with their parts seen
/// through a few fixed random directions, halves whose parts cancel are matched by sorting (meeting in the middle),
/// and a match is confirmed exactly. With more halves than `budget` the answer is `.unchecked`.
public enum LinearAudit {
    public enum Finding: Sendable, Equatable {
        case clear
        /// These cells' total is pinned.
        case pinned(Set<Int>)
        /// Too many small cells to look at every set: the caller must publish as if something were pinned.
        case unchecked
    }

    /// `sums` are sets of cell indices; `weights` the members of each cell.
    public static func audit(sums: [Set<Int>], weights: [Int], threshold: Int, budget: Int = 400_000) -> Finding {
        guard threshold > 1, !sums.isEmpty else { return .clear }
        let basis = orthonormal(sums.map { sum in weights.indices.map { sum.contains($0) ? 1.0 : 0.0 } })
        // Exactly: the set's indicator less its projection on the sums' span is zero.
        func isPinned(_ cells: [Int]) -> Bool {
            let projected = basis.reduce(0.0) { total, u in
                let dot = cells.reduce(0.0) { $0 + u[$1] }
                return total + dot * dot
            }
            return Double(cells.count) - projected < 1e-7
        }
        // Each small cell's part outside the span, seen through fixed random directions.
        var random = SplitMix64(seed: 0x5AFE)
        let directions = (0..<8).map { _ in
            weights.indices.map { _ in Double(random.next() % 2_000_001) / 1_000_000 - 1 }
        }
        let seen = basis.map { u in directions.map { d in zip(d, u).reduce(0.0) { $0 + $1.0 * $1.1 } } }
        let small = weights.indices.filter { weights[$0] > 0 && weights[$0] < threshold }
        let parts: [SIMD8<Double>] = small.map { c in
            SIMD8(
                directions.indices.map { k in
                    directions[k][c] - basis.indices.reduce(0.0) { $0 + basis[$1][c] * seen[$1][k] }
                })
        }
        func zero(_ v: SIMD8<Double>) -> Bool { pointwiseMax(v, -v).max() < 1e-7 }

        // The halves: sets of up to `half` small cells under the threshold, each stored as its last cell and the
        // half it grew from.
        struct Half {
            var parent: Int32
            var last: Int32
            var size: Int8
            var weight: Int32
            var part: SIMD8<Double>
        }
        let half = threshold / 2
        var halves: [Half] = []
        func cells(_ index: Int) -> [Int] {
            var out: [Int] = []
            var i = index
            while i >= 0 {
                out.append(small[Int(halves[i].last)])
                i = Int(halves[i].parent)
            }
            return out
        }
        var pinned: [Int]?
        var overBudget = false
        func grow(from parent: Int, start: Int, size: Int, weight: Int, part: SIMD8<Double>) {
            for i in start..<small.count {
                guard pinned == nil, !overBudget else { return }
                let w = weight + weights[small[i]]
                guard w < threshold else { continue }
                halves.append(
                    Half(
                        parent: Int32(parent), last: Int32(i), size: Int8(size + 1), weight: Int32(w),
                        part: part + parts[i]))
                let index = halves.count - 1
                if zero(halves[index].part), isPinned(cells(index)) {
                    pinned = cells(index)
                    return
                }
                if halves.count > budget {
                    overBudget = true
                    return
                }
                if size + 1 < half {
                    grow(from: index, start: i + 1, size: size + 1, weight: w, part: halves[index].part)
                }
            }
        }
        grow(from: -1, start: 0, size: 0, weight: 0, part: .zero)
        if let pinned { return .pinned(Set(pinned)) }
        if overBudget { return .unchecked }
        // Two disjoint halves whose parts cancel and who hold fewer than the threshold together.
        let order = halves.indices.sorted { halves[$0].part[0] < halves[$1].part[0] }
        let firsts = order.map { halves[$0].part[0] }
        for a in halves.indices {
            let target = -halves[a].part[0]
            var low = 0
            var high = firsts.count
            while low < high {
                let mid = (low + high) / 2
                if firsts[mid] < target - 1e-7 { low = mid + 1 } else { high = mid }
            }
            while low < firsts.count, firsts[low] <= target + 1e-7 {
                let b = order[low]
                low += 1
                guard halves[a].weight + halves[b].weight < Int32(threshold), zero(halves[a].part + halves[b].part)
                else { continue }
                let together = cells(a) + cells(b)
                if Set(together).count == together.count, isPinned(together) { return .pinned(Set(together)) }
            }
        }
        return .clear
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
