import Foundation

/// The partnership's view of the checks: results by sector, size and area (groups under 5 suppressed), the weakest
/// areas per sector, and the progress of organisations that re-took the check. Pure: rows in, figures out.
public struct CheckAggregates: Sendable, Equatable {
    public static let smallest = 5

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

    static func mean(_ values: [Int]) -> Int {
        Int((Double(values.reduce(0, +)) / Double(values.count)).rounded(.toNearestOrAwayFromZero))
    }

    /// `rows` are organisations' current checks (not those re-taken since); `areaIDs` the check's areas in order.
    public static func build(
        _ rows: [Row], areaIDs: [String], labels: (sector: (String) -> String, size: (String) -> String)
    ) -> CheckAggregates {
        func groups(_ key: (Row) -> String?, _ label: (String) -> String, order: [String]) -> [Group] {
            let grouped = Dictionary(grouping: rows) { key($0) ?? "" }
            let keys = order.filter { grouped[$0] != nil } + (grouped[""] != nil ? [""] : [])
            var hidden = Set(keys.filter { grouped[$0]!.count < smallest })
            // With all organisations' mean published, one hidden group could be worked out from the others:
            // hide the next smallest as well, so at least two groups (and five organisations) are always combined.
            if hidden.count == 1, keys.count > 1,
                let next = keys.filter({ !hidden.contains($0) }).min(by: { grouped[$0]!.count < grouped[$1]!.count })
            {
                hidden.insert(next)
            }
            return keys.map { k in
                let members = grouped[k]!
                let shown = !hidden.contains(k)
                return Group(
                    label: k.isEmpty ? "Not given" : label(k), count: members.count,
                    overall: shown ? mean(members.map(\.overall)) : nil,
                    byArea: shown
                        ? Dictionary(
                            uniqueKeysWithValues: areaIDs.map { id in (id, mean(members.compactMap { $0.scores[id] })) }
                        ) : nil)
            }
        }
        let sectors = ResilienceCheck.Sector.allCases.map(\.rawValue)
        let sizes = ResilienceCheck.Size.allCases.map(\.rawValue)
        let areas = Set(rows.compactMap(\.area)).sorted()
        let bySector = groups(\.sector, labels.sector, order: sectors)
        let weakest = Dictionary(grouping: rows.filter { $0.sector != nil }, by: { $0.sector! })
            .filter { $0.value.count >= smallest }
            .sorted { sectors.firstIndex(of: $0.key) ?? 99 < sectors.firstIndex(of: $1.key) ?? 99 }
            .map { sector, members in
                let means = areaIDs.map { id in (id: id, score: mean(members.compactMap { $0.scores[id] })) }
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
            let shown = pairs.count >= smallest
            return Progress(
                areaID: id, count: pairs.count, before: shown ? mean(pairs.map(\.0)) : nil,
                after: shown ? mean(pairs.map(\.1)) : nil)
        }
        return CheckAggregates(
            total: rows.count, overall: rows.count >= smallest ? mean(rows.map(\.overall)) : nil, bySector: bySector,
            bySize: groups(\.size, labels.size, order: sizes),
            byArea: groups(\.area, { $0 }, order: areas), weakest: weakest, progress: progress, retaken: retakes.count)
    }
}
