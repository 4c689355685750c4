import FluentKit
import Foundation

/// "Where to focus": theme × victim group (and theme × area) cells ranked by volume, trend, harm and
/// vulnerability over the last four quarters, so the partnership can narrow its effort (domain guide §1).
///
/// Method (shown on the page): volume index = the cell's records ÷ the average of all non-empty cells;
/// trend factor = 1 + trend weight × change on the previous four quarters (the change is capped between
/// −50% and +100%, and measured against at least 5 so that tiny cells do not swing); score = volume index ×
/// harm weight of the theme × vulnerability weight of the group × trend factor.
public struct FocusRanking: Sendable {
    public struct Cell: Sendable, Equatable {
        public var theme: String
        public var group: String
        public var recent: Int
        public var previous: Int
        public var volumeIndex: Double
        public var trendFactor: Double
        public var harm: Double
        public var vulnerability: Double
        public var score: Double
        /// Per 1,000 residents (area cells only).
        public var rate: Double?
    }

    public var byGroup: [Cell]
    public var byArea: [Cell]
    public var lastQuarter: Int
    public var settings: CrimeSettingsDocument
    /// The averages the volume indices divide by (records per cell; rate per area cell).
    var groupMean = 0.0
    var areaMean = 0.0

    public static func score(
        recent: Int, previous: Int, meanRecent: Double, harm: Double, vulnerability: Double,
        trendWeight: Double
    ) -> (volume: Double, trend: Double, score: Double) {
        let volume = meanRecent > 0 ? Double(recent) / meanRecent : 0
        let change = Double(recent - previous) / Double(max(previous, 5))
        let trend = 1 + trendWeight * min(max(change, -0.5), 1.0)
        return (volume, trend, volume * harm * vulnerability * trend)
    }

    public static func build(
        partnershipID: UUID, lastQuarter: Int, scope: CrimeFilter.Scope = .cyber, edition: CrimeEdition = .live,
        on db: any Database
    ) async throws -> FocusRanking {
        let settings = try await CrimeSettingsStore.load(partnershipID: partnershipID, on: db)
        var ranking = FocusRanking(byGroup: [], byArea: [], lastQuarter: lastQuarter, settings: settings)
        guard let reader = try await CrimeCountReader(partnershipID: partnershipID, edition: edition, on: db) else {
            return ranking
        }
        let dictionary = try await CrimeDictionary.load(sourceKey: reader.sourceKey, on: db)
        let themes = try await Theme.query(on: db).filter(\.$partnership.$id == partnershipID).all()
        let themeNames = Dictionary(
            uniqueKeysWithValues: themes.compactMap { t in t.id.map { ($0.uuidString, t.name) } })
        func name(ofTheme number: Int) -> String? { dictionary.label(.theme, number).flatMap { themeNames[$0] } }

        let recentFrom = Quarter.firstMonth(Quarter.adding(-3, to: lastQuarter))
        let recentTo = Quarter.firstMonth(lastQuarter) + 2
        let previousFrom = Quarter.firstMonth(Quarter.adding(-7, to: lastQuarter))
        let previousTo = recentFrom - 1
        func counts(_ dimension: CrimeDimension, _ column: String, from: Int, to: Int) async throws -> [[Int]: Int] {
            let rows = try await reader.sum(
                dimension, by: ["theme", column], fromMonth: from, toMonth: to,
                classes: scope.classes, theme: nil, area: nil)
            return Dictionary(rows.map { ($0.0, $0.1) }, uniquingKeysWith: +)
        }
        func group(age: Int) -> VictimGroup? {
            guard let band = AgeBand(rawValue: age), band != .unknown else { return nil }
            return band.isYoungPerson ? .youngPeople : band.isOlderPerson ? .olderPeople : .adults
        }
        func group(victimType: Int) -> VictimGroup? {
            switch VictimType(rawValue: victimType) {
            case .business: .businesses
            case .school: .schools
            case .charity: .charities
            default: nil
            }
        }
        var recent: [String: [VictimGroup: Int]] = [:]
        var previous: [String: [VictimGroup: Int]] = [:]
        for (target, from, to) in [(0, recentFrom, recentTo), (1, previousFrom, previousTo)] {
            var cells: [String: [VictimGroup: Int]] = [:]
            for (keys, count) in try await counts(.ageBand, "value", from: from, to: to) {
                guard let theme = name(ofTheme: keys[0]), let g = group(age: keys[1]) else { continue }
                cells[theme, default: [:]][g, default: 0] += count
            }
            for (keys, count) in try await counts(.victimType, "value", from: from, to: to) {
                guard let theme = name(ofTheme: keys[0]), let g = group(victimType: keys[1]) else { continue }
                cells[theme, default: [:]][g, default: 0] += count
            }
            if target == 0 { recent = cells } else { previous = cells }
        }
        let nonEmpty = recent.values.flatMap(\.values).filter { $0 > 0 }
        let mean = nonEmpty.isEmpty ? 0 : Double(nonEmpty.reduce(0, +)) / Double(nonEmpty.count)
        ranking.groupMean = mean
        for (theme, groups) in recent {
            for (g, count) in groups where count > 0 {
                let before = previous[theme]?[g] ?? 0
                let harm = settings.harm(theme: theme)
                let vulnerability = settings.vulnerability(g)
                let (volume, trend, score) = score(
                    recent: count, previous: before, meanRecent: mean, harm: harm,
                    vulnerability: vulnerability, trendWeight: settings.trendWeight)
                ranking.byGroup.append(
                    Cell(
                        theme: theme, group: g.label, recent: count, previous: before, volumeIndex: volume,
                        trendFactor: trend, harm: harm, vulnerability: vulnerability, score: score))
            }
        }
        ranking.byGroup.sort { ($0.score, $0.recent) > ($1.score, $1.recent) }
        try await addAreas(
            &ranking, reader: reader, dictionary: dictionary, name: name, scope: scope,
            recent: (recentFrom, recentTo), previous: (previousFrom, previousTo), on: db)
        return ranking
    }

    /// Theme × local authority, scored on the rate per 1,000 residents instead of the raw count.
    private static func addAreas(
        _ ranking: inout FocusRanking, reader: CrimeCountReader, dictionary: CrimeDictionary,
        name: (Int) -> String?, scope: CrimeFilter.Scope, recent: (Int, Int), previous: (Int, Int),
        on db: any Database
    ) async throws {
        let areaCodes = dictionary.all(.area)
        let geography = try await Geography.all(laCodes: Array(areaCodes.values), on: db)
        let population = Dictionary(geography.map { ($0.laCode, $0.population ?? 0) }, uniquingKeysWith: +)
        let laNames = Dictionary(geography.map { ($0.laCode, $0.laName) }, uniquingKeysWith: { a, _ in a })
        func cells(_ range: (Int, Int)) async throws -> [[Int]: Int] {
            let rows = try await reader.sum(
                .total, by: ["theme", "area"], fromMonth: range.0, toMonth: range.1,
                classes: scope.classes, theme: nil, area: nil)
            return Dictionary(rows.map { ($0.0, $0.1) }, uniquingKeysWith: +)
        }
        let now = try await cells(recent)
        let before = try await cells(previous)
        var rates: [([Int], Double)] = []
        for (keys, count) in now {
            guard let code = areaCodes[keys[1]], let people = population[code], people > 0 else { continue }
            rates.append((keys, Double(count) * 1000 / Double(people)))
        }
        let mean = rates.isEmpty ? 0 : rates.map(\.1).reduce(0, +) / Double(rates.count)
        ranking.areaMean = mean
        for (keys, rate) in rates {
            guard let theme = name(keys[0]), let code = areaCodes[keys[1]] else { continue }
            let count = now[keys] ?? 0
            let earlier = before[keys] ?? 0
            let harm = ranking.settings.harm(theme: theme)
            let change = Double(count - earlier) / Double(max(earlier, 5))
            let trend = 1 + ranking.settings.trendWeight * min(max(change, -0.5), 1.0)
            let volume = mean > 0 ? rate / mean : 0
            ranking.byArea.append(
                Cell(
                    theme: theme, group: laNames[code] ?? code, recent: count, previous: earlier, volumeIndex: volume,
                    trendFactor: trend, harm: harm, vulnerability: 1, score: volume * harm * trend, rate: rate))
        }
        ranking.byArea.sort { ($0.score, $0.recent) > ($1.score, $1.recent) }
    }
}
