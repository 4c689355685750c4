import Foundation

/// The partnership's view of the checks: results by sector, size and area (groups under the partnership's threshold
/// suppressed, and enough others that none can be worked out), the weakest areas per sector, and the progress of
/// organisations that re-took the check. Pure: rows in, figures out.
public struct CheckAggregates: Sendable, Equatable {
    /// One check as the aggregates need it.
    public struct Row: Sendable, Equatable {
        public var overall: Int
        public var scores: [String: Int]
        public var sector: String?
        public var size: String?
        public var area: String?
        /// The scores of the check this one re-took, if any.
        public var before: [String: Int]?
        public init(
            overall: Int, scores: [String: Int], sector: String?, size: String?, area: String?, before: [String: Int]?
        ) {
            self.overall = overall
            self.scores = scores
            self.sector = sector
            self.size = size
            self.area = area
            self.before = before
        }
    }

    public struct Group: Sendable, Equatable {
        public var label: String
        public var count: Int
        /// nil when the group is suppressed: under 5, or hidden so that a group under 5 cannot be worked out.
        public var overall: Int?
        public var byArea: [String: Int]?
    }

    public struct Weakest: Sendable, Equatable {
        public var sector: String
        public var count: Int
        /// The three lowest-scoring areas, lowest first, with their mean score.
        public var areas: [(id: String, score: Int)]
        public static func == (a: Weakest, b: Weakest) -> Bool {
            a.sector == b.sector && a.count == b.count && a.areas.map(\.id) == b.areas.map(\.id)
                && a.areas.map(\.score) == b.areas.map(\.score)
        }
    }

    public struct Progress: Sendable, Equatable {
        public var areaID: String
        public var count: Int
        public var before: Int?
        public var after: Int?
    }

    public var total: Int
    /// All organisations' mean overall score (nil under 5).
    public var overall: Int?
    public var bySector: [Group]
    public var bySize: [Group]
    public var byArea: [Group]
    public var weakest: [Weakest]
    /// Per area, for organisations that re-took the check (their latest against the one before); nil means suppressed.
    public var progress: [Progress]
    public var retaken: Int

    /// The rounded mean; 0 for no values (callers never publish a mean of fewer than the threshold).
    static func mean(_ values: [Int]) -> Int {
        guard !values.isEmpty else { return 0 }
        return Int((Double(values.reduce(0, +)) / Double(values.count)).rounded(.toNearestOrAwayFromZero))
    }

    /// `rows` are organisations' current checks (not those re-taken since); `areaIDs` the check's areas in order;
    /// `threshold` the partnership's small-number threshold (`DisclosurePolicy`).
    public static func build(
        _ rows: [Row], areaIDs: [String], labels: (sector: (String) -> String, size: (String) -> String),
        threshold smallest: Int = DisclosurePolicy.defaultThreshold
    ) -> CheckAggregates {
        // Each area's mean over the members that answered it (a newer version of the check can add an area some
        // have not answered), only when at least `threshold` did: never a mean of one organisation, or of none.
        func areaMeans(_ members: [Row]) -> [String: Int] {
            var means: [String: Int] = [:]
            for id in areaIDs {
                let values = members.compactMap { $0.scores[id] }
                if values.count >= smallest { means[id] = mean(values) }
            }
            return means
        }
        let sectors = ResilienceCheck.Sector.allCases.map(\.rawValue)
        let sizes = ResilienceCheck.Size.allCases.map(\.rawValue)
        let areas = Set(rows.compactMap(\.area)).sorted()
        // The three breakdowns, each a partition of the same organisations (by index in `rows`).
        func partition(_ key: (Row) -> String?, order: [String]) -> [(key: String, members: Set<Int>)] {
            let grouped = Dictionary(grouping: rows.indices) { key(rows[$0]) ?? "" }
            // Known keys in their order, any other (a sector since removed) after them, then "not given": every
            // organisation is in exactly one group.
            let keys =
                order.filter { grouped[$0] != nil }
                + grouped.keys.filter { !$0.isEmpty && !order.contains($0) }.sorted()
                + (grouped[""] != nil ? [""] : [])
            return keys.map { ($0, Set(grouped[$0]!)) }
        }
        let breakdowns = [
            partition(\.sector, order: sectors), partition(\.size, order: sizes), partition(\.area, order: areas),
        ]
        let hidden = hiddenGroups(breakdowns, threshold: smallest)
        func groups(_ index: Int, _ label: (String) -> String) -> [Group] {
            breakdowns[index].enumerated().map { position, group in
                let members = group.members.sorted().map { rows[$0] }
                let shown = !hidden[index].contains(position)
                return Group(
                    label: group.key.isEmpty ? "Not given" : label(group.key), count: members.count,
                    overall: shown ? mean(members.map(\.overall)) : nil,
                    byArea: shown ? areaMeans(members) : nil)
            }
        }
        let bySector = groups(0, labels.sector)
        // A sector's weakest areas are its means: only for sectors whose means are published above.
        let shownSectors = Set(
            breakdowns[0].enumerated().filter { !hidden[0].contains($0.offset) && !$0.element.key.isEmpty }.map(
                \.element.key))
        let weakest = Dictionary(grouping: rows.filter { $0.sector != nil }, by: { $0.sector! })
            .filter { shownSectors.contains($0.key) }
            .sorted { sectors.firstIndex(of: $0.key) ?? 99 < sectors.firstIndex(of: $1.key) ?? 99 }
            .map { sector, members in
                let byArea = areaMeans(members)
                let means = areaIDs.compactMap { id in byArea[id].map { (id: id, score: $0) } }
                // Lowest first; ties keep the check's own order.
                let ranked = means.enumerated().sorted { ($0.element.score, $0.offset) < ($1.element.score, $1.offset) }
                    .map(\.element)
                return Weakest(sector: labels.sector(sector), count: members.count, areas: Array(ranked.prefix(3)))
            }
        let retakes = rows.filter { $0.before != nil }
        let progress = areaIDs.map { id in
            let pairs = retakes.compactMap { row -> (Int, Int)? in
                guard let before = row.before?[id], let after = row.scores[id] else { return nil }
                return (before, after)
            }
            // The organisations answering this area that are not among the pairs: with everyone's mean for the area
            // published elsewhere (a group holding everyone), 1 to threshold − 1 of them would come back.
            let others = rows.filter { $0.scores[id] != nil }.count - pairs.count
            let shown = pairs.count >= smallest && (others == 0 || others >= smallest)
            return Progress(
                areaID: id, count: pairs.count, before: shown ? mean(pairs.map(\.0)) : nil,
                after: shown ? mean(pairs.map(\.1)) : nil)
        }
        return CheckAggregates(
            total: rows.count, overall: rows.count >= smallest ? mean(rows.map(\.overall)) : nil, bySector: bySector,
            bySize: groups(1, labels.size), byArea: groups(2, { $0 }), weakest: weakest, progress: progress,
            retaken: retakes.count)
    }

    /// Which groups of each breakdown (by position) are withheld. A group under the threshold is; a breakdown with one
    /// group withheld withholds its next smallest too (or the total gives it back); and while any set of organisations
    /// a reader can form from what is published in one breakdown (a union of its published groups, the total less
    /// such a union, its withheld groups together) differs from such a set of another breakdown by 1 to threshold − 1
    /// organisations, their difference's scores could be worked out ("not given" for size less "not given" for sector
    /// is the two charities that gave only a sector, issue 19 case 6): one more group is withheld.
    static func hiddenGroups(_ breakdowns: [[(key: String, members: Set<Int>)]], threshold: Int) -> [Set<Int>] {
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
                        func shownOf(_ b: Int) -> [Int] { groups[b].indices.filter { !hidden[b].contains($0) } }
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
        }
        return hidden
    }
}
