import FluentKit
import Foundation
import SQLKit

/// Everything the crime picture page shows for one filter, computed from `crime_counts` and the geography.
public struct CrimePictureReport: Sendable {
    public struct Row: Sendable, Equatable {
        public var label: String
        public var count: Int
        public var population: Int?
        /// Per 1,000 residents, when a population is known.
        public var rate: Double? { population.flatMap { $0 > 0 ? Double(count) * 1000 / Double($0) : nil } }
        public init(label: String, count: Int, population: Int? = nil) {
            self.label = label
            self.count = count
            self.population = population
        }
    }

    public var filter: CrimeFilter
    public var total = 0
    public var quarters: [(quarter: Int, count: Int)] = []
    /// yyyymm and count, for every month of the period.
    public var months: [(month: Int, count: Int)] = []
    /// Only between complete quarters (per day: quarters differ in length); nil otherwise, with the reason in
    /// the matching note.
    public var quarterOnQuarter: CountComparison?
    public var yearOnYear: CountComparison?
    public var quarterOnQuarterNote: String?
    public var yearOnYearNote: String?
    /// Which months the partnership's imports cover.
    public var coverage = CrimeCoverage()
    /// The extra variation in this filter's complete quarters (nil with fewer than 8).
    public var dispersion: Dispersion?
    /// Records of every class in the period, when none of them is in the chosen scope (e.g. data.police.uk
    /// files carry no online flag, so the cyber scope finds nothing in them).
    public var recordsOutsideScope = 0
    public var byTheme: [Row] = []
    public var byAge: [Row] = []
    public var youngPeople = Row(label: "Young people (under 25)", count: 0)
    public var olderPeople = Row(label: "Older people (65 and over)", count: 0)
    public var under16 = Row(label: "Children under 16", count: 0)
    public var byVictimType: [Row] = []
    public var repeatVictims = 0
    public var byOutcome: [Row] = []
    public var byBasis: [Row] = []
    public var byOffence: [Row] = []
    /// Records by theme (label) and offence (label), for the disclosure rule only: where rules classify by offence
    /// code, a theme is the sum of its offences, and a reader who notices can subtract across the two tables.
    public var themeOffences: [String: [String: Int]] = [:]
    public var byArea: [Row] = []
    public var byWard: [Row] = []
    public var byDecile: [Row] = []
    public var themes: [(id: UUID, name: String)] = []
    public var areas: [(code: String, name: String)] = []
    public var hasData = false

    /// A quarter's state: complete, part-covered (which months) or no data.
    public func status(ofQuarter quarter: Int) -> CrimeCoverage.QuarterStatus { coverage.status(ofQuarter: quarter) }

    /// Whether every quarter of the chosen period is complete.
    public var periodIsComplete: Bool {
        Quarter.between(filter.fromQuarter, filter.toQuarter).allSatisfy(coverage.isComplete(quarter:))
    }

    /// "Apr–Jun 2026 holds April only", for the quarters of the period that are not complete.
    public var incompleteQuarters: [String] {
        Quarter.between(filter.fromQuarter, filter.toQuarter).filter { !coverage.isComplete(quarter: $0) }.map {
            "\(Quarter.label($0)) \(coverage.describe(quarter: $0))"
        }
    }

    /// Compares two quarters only when both are complete; otherwise says why not.
    static func compare(
        _ earlier: Int, _ later: Int, counts: [Int: Int], coverage: CrimeCoverage, dispersion: Dispersion?
    ) -> (CountComparison?, String?) {
        for quarter in [later, earlier] where !coverage.isComplete(quarter: quarter) {
            let reason =
                coverage.status(ofQuarter: quarter) == .none
                ? "no data was imported for \(Quarter.label(quarter))"
                : "\(Quarter.label(quarter)) \(coverage.describe(quarter: quarter))"
            return (nil, "Not compared: \(reason). Only complete quarters are compared.")
        }
        return (
            CountComparison(
                earlier: counts[earlier] ?? 0, later: counts[later] ?? 0, earlierDays: Month.days(quarter: earlier),
                laterDays: Month.days(quarter: later), dispersion: dispersion),
            nil
        )
    }
}

extension CrimePictureReport {
    public static func build(
        partnershipID: UUID, filter: CrimeFilter, edition: CrimeEdition = .live, on db: any Database
    ) async throws -> CrimePictureReport {
        var report = CrimePictureReport(filter: filter)
        let themes = try await Theme.query(on: db).filter(\.$partnership.$id == partnershipID).sort(\.$position).all()
        report.themes = themes.compactMap { theme in theme.id.map { ($0, theme.name) } }
        guard let reader = try await CrimeCountReader(partnershipID: partnershipID, edition: edition, on: db) else {
            return report
        }
        let dictionary = try await CrimeDictionary.load(sourceKey: reader.sourceKey, on: db)
        let areaCodes = dictionary.all(.area)
        let geography = try await geographyRows(laCodes: Array(areaCodes.values), on: db)
        report.areas = areaCodes.values.sorted().map { code in
            (code, geography.first { $0.laCode == code }?.laName ?? code)
        }

        // A filter naming a theme or area the records never used matches nothing.
        let theme = filter.themeID.map { dictionary.existingNumber(.theme, $0.uuidString) ?? -1 }
        let area = filter.areaCode.map { dictionary.existingNumber(.area, $0) ?? -1 }
        let classes = filter.scope.classes
        func sum(
            _ dimension: CrimeDimension, _ columns: [String], from: Int = filter.fromMonth, to: Int = filter.toMonth
        ) async throws -> [([Int], Int)] {
            try await reader.sum(
                dimension, by: columns, fromMonth: from, toMonth: to, classes: classes, theme: theme, area: area)
        }

        // Trend: the chosen quarters plus the year before, for year-on-year change, and every complete quarter
        // before that, for the dispersion.
        report.coverage = try await CrimeCoverage.load(partnershipID: partnershipID, area: filter.areaCode, on: db)
        let trendFrom = Quarter.adding(-4, to: filter.fromQuarter)
        let historyFrom = min(Quarter.firstMonth(trendFrom), report.coverage.complete.min() ?? Int.max)
        var perQuarter: [Int: Int] = [:]
        var perMonth: [Int: Int] = [:]
        for (keys, count) in try await sum(.total, ["month"], from: historyFrom) {
            perQuarter[Quarter.of(month: keys[0]), default: 0] += count
            perMonth[keys[0], default: 0] += count
        }
        report.months = Quarter.between(filter.fromQuarter, filter.toQuarter).flatMap { quarter in
            (0..<3).map { offset in
                let month = Quarter.firstMonth(quarter) + offset
                return (month, perMonth[month] ?? 0)
            }
        }
        report.quarters = Quarter.between(filter.fromQuarter, filter.toQuarter).map { ($0, perQuarter[$0] ?? 0) }
        report.total = report.quarters.reduce(0) { $0 + $1.count }
        report.hasData = perQuarter.keys.contains { $0 >= trendFrom }
        if !report.hasData && filter.scope != .all {
            report.recordsOutsideScope =
                try await reader.sum(
                    .total, by: [], fromMonth: Quarter.firstMonth(trendFrom), toMonth: filter.toMonth,
                    classes: CrimeFilter.Scope.all.classes, theme: theme, area: area
                ).first?.1 ?? 0
        }
        let last = filter.toQuarter
        // The dispersion comes from complete quarters before the one tested: a real jump must not inflate the
        // allowance for noise that judges it. Positions are calendar quarters, so gaps in the history stay gaps.
        let history = Quarter.between(Quarter.of(month: historyFrom == Int.max ? filter.toMonth : historyFrom), last)
            .filter { $0 < last && report.coverage.isComplete(quarter: $0) }
        report.dispersion = Dispersion.estimate(
            counts: history.map { perQuarter[$0] ?? 0 }, days: history.map(Month.days(quarter:)),
            times: history.map { Double($0 / 10 * 4 + $0 % 10) })
        (report.quarterOnQuarter, report.quarterOnQuarterNote) = compare(
            Quarter.adding(-1, to: last), last, counts: perQuarter, coverage: report.coverage,
            dispersion: report.dispersion)
        (report.yearOnYear, report.yearOnYearNote) = compare(
            Quarter.adding(-4, to: last), last, counts: perQuarter, coverage: report.coverage,
            dispersion: report.dispersion)

        let themeNames = Dictionary(
            uniqueKeysWithValues: themes.compactMap { t in t.id.map { ($0.uuidString, t.name) } })
        func themeLabel(_ number: Int) -> String {
            number == 0
                ? "No theme matched"
                : dictionary.label(.theme, number).flatMap { themeNames[$0] } ?? "A theme since removed"
        }
        report.byTheme = try await sum(.total, ["theme"]).map { keys, count in
            Row(label: themeLabel(keys[0]), count: count)
        }.sorted { $0.count > $1.count }

        // A rate divides by residents of the same ages as the victims counted: children 0–15 from either kind of
        // population file; under 25 and 65 and over only from one by single year of age (the IoD2019 file has 60 and
        // over, which understated the 65+ rate by about a quarter, issue 19). Every LSOA with a population must have
        // the band, or no rate is given (a part-loaded population would overstate it).
        let populated = geography.filter { $0.population != nil }
        func residents(_ band: (GeoLSOA) -> Int?) -> Int? {
            guard filter.areaCode == nil, !populated.isEmpty, populated.allSatisfy({ band($0) != nil }) else {
                return nil
            }
            let total = populated.reduce(0) { $0 + (band($1) ?? 0) }
            return total > 0 ? total : nil
        }
        let ages = Dictionary(try await sum(.ageBand, ["value"]).map { ($0.0[0], $0.1) }, uniquingKeysWith: +)
        report.byAge =
            AgeBand.allCases.filter { $0 != .unknown }.map { Row(label: $0.label, count: ages[$0.rawValue] ?? 0) }
            + [Row(label: AgeBand.unknown.label, count: ages[0] ?? 0)]
        report.youngPeople.count = AgeBand.allCases.filter(\.isYoungPerson).reduce(0) { $0 + (ages[$1.rawValue] ?? 0) }
        report.olderPeople.count = AgeBand.allCases.filter(\.isOlderPerson).reduce(0) { $0 + (ages[$1.rawValue] ?? 0) }
        report.youngPeople.population = residents(\.underTwentyFive)
        report.olderPeople.population = residents(\.sixtyFiveAndOver)
        report.under16 = Row(
            label: "Children under 16", count: ages[AgeBand.under16.rawValue] ?? 0,
            population: residents(\.children))

        let types = Dictionary(try await sum(.victimType, ["value"]).map { ($0.0[0], $0.1) }, uniquingKeysWith: +)
        report.byVictimType = VictimType.allCases.map { Row(label: $0.label, count: types[$0.rawValue] ?? 0) }
        report.repeatVictims = try await sum(.repeatVictim, ["value"]).first { $0.0[0] == 1 }?.1 ?? 0
        report.byOutcome = try await sum(.outcome, ["value"]).map {
            Row(label: dictionary.label(.outcome, $0.0[0]) ?? "Not recorded", count: $0.1)
        }
        .sorted { $0.count > $1.count }
        let bases = Dictionary(try await sum(.basis, ["value"]).map { ($0.0[0], $0.1) }, uniquingKeysWith: +)
        report.byBasis = ClassificationBasis.allCases.filter { filter.scope == .all || $0 != .none }
            .map { Row(label: $0.label, count: bases[$0.rawValue] ?? 0) }
        func offenceLabel(_ number: Int) -> String {
            let label = dictionary.label(.offence, number) ?? "|Not recorded"
            let parts = label.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
            let code = String(parts[0])
            let description = parts.count > 1 ? String(parts[1]) : ""
            return code.isEmpty ? description : "\(description) (\(code))"
        }
        report.byOffence = try await sum(.offence, ["value"]).map { keys, count in
            Row(label: offenceLabel(keys[0]), count: count)
        }.sorted { $0.count > $1.count }
        for (keys, count) in try await sum(.offence, ["theme", "value"]) where count > 0 {
            report.themeOffences[themeLabel(keys[0]), default: [:]][offenceLabel(keys[1]), default: 0] += count
        }

        try await addPlaces(
            to: &report,
            sum: try await reader.sumLSOA(
                fromMonth: filter.fromMonth, toMonth: filter.toMonth, classes: classes, theme: theme, area: area),
            areaTotals: try await sum(.total, ["area"]),
            areaCodes: areaCodes, geography: geography, dictionary: dictionary)
        return report
    }

    private static func addPlaces(
        to report: inout CrimePictureReport, sum lsoaCounts: [([Int], Int)], areaTotals: [([Int], Int)],
        areaCodes: [Int: String], geography: [GeoLSOA], dictionary: CrimeDictionary
    ) async throws {
        let byNumber = Dictionary(uniqueKeysWithValues: geography.map { ($0.number, $0) })
        let laPopulation = Dictionary(geography.map { ($0.laCode, $0.population ?? 0) }, uniquingKeysWith: +)
        let laNames = Dictionary(geography.map { ($0.laCode, $0.laName) }, uniquingKeysWith: { a, _ in a })
        report.byArea = areaTotals.map { keys, count in
            guard keys[0] != 0, let code = areaCodes[keys[0]] else {
                return Row(label: "Outside the loaded geography or no location", count: count)
            }
            return Row(label: laNames[code] ?? code, count: count, population: laPopulation[code])
        }.sorted { $0.count > $1.count }

        var wardCounts: [String: Int] = [:]
        var decileCounts: [Int: Int] = [:]
        var unplaced = 0
        for (keys, count) in lsoaCounts {
            guard let lsoa = byNumber[keys[0]], !lsoa.wardCode.isEmpty else {
                unplaced += count
                continue
            }
            wardCounts[lsoa.wardCode, default: 0] += count
            if let decile = lsoa.imdDecile { decileCounts[decile, default: 0] += count }
        }
        // Denominators cover every LSOA of the partnership's areas, including those with no records.
        let scope = report.filter.areaCode.map { code in geography.filter { $0.laCode == code } } ?? geography
        let wardPopulation = Dictionary(scope.map { ($0.wardCode, $0.population ?? 0) }, uniquingKeysWith: +)
        let wardNames = Dictionary(
            scope.map { ($0.wardCode, "\($0.wardName), \($0.laName)") }, uniquingKeysWith: { a, _ in a })
        report.byWard = wardCounts.map {
            Row(label: wardNames[$0.key] ?? $0.key, count: $0.value, population: wardPopulation[$0.key])
        }
        .sorted { ($0.rate ?? 0, $0.count) > ($1.rate ?? 0, $1.count) }
        let decilePopulation = Dictionary(
            scope.compactMap { l in l.imdDecile.map { ($0, l.population ?? 0) } }, uniquingKeysWith: +)
        report.byDecile = (1...10).map { decile in
            Row(
                label: decile == 1 ? "1 (most deprived 10%)" : decile == 10 ? "10 (least deprived 10%)" : "\(decile)",
                count: decileCounts[decile] ?? 0, population: decilePopulation[decile])
        }
        if unplaced > 0 {
            report.byWard.append(Row(label: "Outside the loaded geography or no location", count: unplaced))
        }
    }

    static func geographyRows(laCodes: [String], on db: any Database) async throws -> [GeoLSOA] {
        try await Geography.all(laCodes: laCodes, on: db)
    }
}
