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
        // An area some organisations have not answered (a newer version of the check added it) has its means taken
        // over a smaller set of organisations: the same audit runs again over those who answered it, and a group's
        // mean for that area is published only if both audits let it (issue 19: sets of answerers that differ by
        // 1 to threshold − 1 organisations would otherwise give their scores for the area back).
        var hiddenForArea: [String: [Set<Int>]] = [:]
        for id in areaIDs {
            let answered = Set(rows.indices.filter { rows[$0].scores[id] != nil })
            guard answered.count < rows.count else { continue }
            let kept = breakdowns.map { groups in
                groups.indices.filter { !groups[$0].members.isDisjoint(with: answered) }
            }
            let withheld = hiddenGroups(
                zip(breakdowns, kept).map { groups, kept in
                    kept.map { (key: groups[$0].key, members: groups[$0].members.intersection(answered)) }
                }, threshold: smallest)
            hiddenForArea[id] = zip(kept, withheld).map { kept, withheld in Set(withheld.map { kept[$0] }) }
        }
        func publishedMeans(_ members: [Row], breakdown: Int, position: Int) -> [String: Int] {
            areaMeans(members).filter { id, _ in hiddenForArea[id].map { !$0[breakdown].contains(position) } ?? true }
        }
        func groups(_ index: Int, _ label: (String) -> String) -> [Group] {
            breakdowns[index].enumerated().map { position, group in
                let members = group.members.sorted().map { rows[$0] }
                let shown = !hidden[index].contains(position)
                return Group(
                    label: group.key.isEmpty ? "Not given" : label(group.key), count: members.count,
                    overall: shown ? mean(members.map(\.overall)) : nil,
                    byArea: shown ? publishedMeans(members, breakdown: index, position: position) : nil)
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
                let position = breakdowns[0].firstIndex { $0.key == sector }!
                let byArea = publishedMeans(members, breakdown: 0, position: position)
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
}
