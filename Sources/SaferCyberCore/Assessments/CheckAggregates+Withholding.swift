import Foundation

extension CheckAggregates {
    /// Which groups of each breakdown (by position) are withheld. A group under the threshold is; a breakdown with one
    /// group withheld withholds its next smallest too (or the total gives it back); and while any set of organisations
    /// a reader can form from what is published in one breakdown (a union of its published groups, the total less
    /// such a union, its withheld groups together) differs from such a set of another breakdown by 1 to threshold − 1
    /// organisations, their difference's scores could be worked out ("not given" for size less "not given" for sector
    /// is the two charities that gave only a sector, issue 19 case 6): one more group is withheld. Then, while any
    /// combination of all the published sums pins down the total of 1 to threshold − 1 organisations (`LinearAudit`:
    /// retail + size 2–9 − Seaham was one organisation), one more group is withheld. `linearAudit: false` is the
    /// pairwise rule alone, for the tests that show the combination check is needed.
    static func hiddenGroups(
        _ breakdowns: [[(key: String, members: Set<Int>)]], threshold: Int, linearAudit: Bool = true
    ) -> [Set<Int>] {
        let size = (breakdowns.first?.reduce(0) { max($0, ($1.members.max() ?? -1) + 1) } ?? 0)
        let words = (size + 63) / 64
        func bits(_ members: Set<Int>) -> [UInt64] {
            var out = [UInt64](repeating: 0, count: words)
            for m in members { out[m / 64] |= 1 << UInt64(m % 64) }
            return out
        }
        let groups = breakdowns.map { $0.map { bits($0.members) } }
        let everyone = groups.first?.reduce([UInt64](repeating: 0, count: words)) { zip($0, $1).map { $0 | $1 } } ?? []
        func union(_ sets: [[UInt64]]) -> [UInt64] {
            sets.reduce([UInt64](repeating: 0, count: words)) { zip($0, $1).map { $0 | $1 } }
        }
        func apart(_ x: [UInt64], _ y: [UInt64]) -> Int { zip(x, y).reduce(0) { $0 + ($1.0 ^ $1.1).nonzeroBitCount } }
        var hidden = breakdowns.map { groups in Set(groups.indices.filter { groups[$0].members.count < threshold }) }
        // A breakdown's withheld groups together: at least two groups, and at least `threshold` organisations (the
        // total less the published groups gives their sum).
        func settle(_ b: Int) {
            while !hidden[b].isEmpty,
                hidden[b].count == 1 || hidden[b].reduce(0, { $0 + breakdowns[b][$1].members.count }) < threshold,
                let next = groups[b].indices.filter({ !hidden[b].contains($0) }).min(by: {
                    breakdowns[b][$0].members.count < breakdowns[b][$1].members.count
                })
            {
                hidden[b].insert(next)
            }
        }
        // Every union of published groups (all of them up to 10 published groups, as many as there are sectors;
        // beyond that, each group and each pair), the total less each, and the withheld groups together. Sorted, so
        // the same figures give the same result on every run.
        func readable(_ b: Int) -> [[UInt64]] {
            let shown = groups[b].indices.filter { !hidden[b].contains($0) }
            var unions: [[UInt64]] = []
            if shown.count <= 10 {
                for mask in 1..<(1 << shown.count) {
                    unions.append(union(shown.indices.filter { mask & (1 << $0) != 0 }.map { groups[b][shown[$0]] }))
                }
            } else {
                for (i, x) in shown.enumerated() {
                    unions.append(groups[b][x])
                    for y in shown[(i + 1)...] { unions.append(union([groups[b][x], groups[b][y]])) }
                }
            }
            var sets = unions + unions.map { u in zip(everyone, u).map { $0 & ~$1 } }
            if !hidden[b].isEmpty { sets.append(union(hidden[b].map { groups[b][$0] })) }
            return Set(sets).filter { $0.contains { $0 != 0 } }.sorted { $0.lexicographicallyPrecedes($1) }
        }
        for b in breakdowns.indices { settle(b) }
        // Organisations in the same group of every breakdown: no published sum tells them apart.
        let cellOf = Dictionary(grouping: 0..<size) { member in
            breakdowns.map { groups in groups.firstIndex { $0.members.contains(member) } ?? -1 }
        }.values.sorted { $0.min()! < $1.min()! }
        // The sums a reader has: each published group, and (with the total published) a breakdown's withheld groups
        // together. What the audit finds: clear, some cells whose total those sums, added and subtracted, pin down,
        // or too many small cells to look at every set.
        func auditCombinations() -> LinearAudit.Finding {
            guard size >= threshold, breakdowns.indices.contains(where: { hidden[$0].count < breakdowns[$0].count })
            else { return .clear }
            let cellIndex = Dictionary(
                uniqueKeysWithValues: cellOf.enumerated().flatMap { i, members in members.map { ($0, i) } })
            var sums: [Set<Int>] = []
            for b in breakdowns.indices {
                for g in breakdowns[b].indices where !hidden[b].contains(g) {
                    sums.append(Set(breakdowns[b][g].members.map { cellIndex[$0]! }))
                }
                if !hidden[b].isEmpty {
                    sums.append(Set(hidden[b].flatMap { breakdowns[b][$0].members.map { cellIndex[$0]! } }))
                }
            }
            return LinearAudit.audit(sums: sums, weights: cellOf.map(\.count), threshold: threshold)
        }
        func shownOf(_ b: Int) -> [Int] { groups[b].indices.filter { !hidden[b].contains($0) } }
        var changed = true
        while changed {
            changed = false
            let sets = breakdowns.indices.map(readable)
            search: for a in breakdowns.indices {
                let mine = sets[a]
                for b in breakdowns.indices where b > a {
                    for theirs in sets[b] {
                        guard let near = mine.first(where: { (1..<threshold).contains(apart($0, theirs)) }) else {
                            continue
                        }
                        // Withhold the smallest published group (of either breakdown) holding an organisation of the
                        // difference; else the smallest published group of the second breakdown.
                        let difference = zip(near, theirs).map { $0 ^ $1 }
                        func touching(_ b: Int) -> [Int] {
                            groups[b].indices.filter { g in
                                !hidden[b].contains(g) && zip(groups[b][g], difference).contains { $0 & $1 != 0 }
                            }
                        }
                        let tiers = [
                            touching(b).map { (b, $0) } + touching(a).map { (a, $0) }, shownOf(b).map { (b, $0) },
                            shownOf(a).map { (a, $0) },
                        ]
                        guard
                            let (which, group) = tiers.first(where: { !$0.isEmpty })?.min(by: {
                                breakdowns[$0.0][$0.1].members.count < breakdowns[$1.0][$1.1].members.count
                            })
                        else { continue }
                        hidden[which].insert(group)
                        settle(which)
                        changed = true
                        break search
                    }
                }
            }
            // With no two breakdowns' readable sets apart by a few, a combination of all three can still pin a few
            // down (retail + size 2–9 − Seaham): withhold the smallest published group holding one of them.
            guard !changed, linearAudit else { continue }
            switch auditCombinations() {
            case .clear: break
            case .unchecked:
                // Not every set could be looked at: publish no group mean at all.
                hidden = breakdowns.map { Set($0.indices) }
            case .pinned(let cells):
                let exposed = Set(cells.flatMap { cellOf[$0] })
                let touching = breakdowns.indices.flatMap { b in
                    shownOf(b).filter { !breakdowns[b][$0].members.isDisjoint(with: exposed) }.map { (b, $0) }
                }
                let pool = touching.isEmpty ? breakdowns.indices.flatMap { b in shownOf(b).map { (b, $0) } } : touching
                if let (which, group) = pool.min(by: {
                    breakdowns[$0.0][$0.1].members.count < breakdowns[$1.0][$1.1].members.count
                }) {
                    hidden[which].insert(group)
                    settle(which)
                    changed = true
                }
            }
        }
        return hidden
    }
}
