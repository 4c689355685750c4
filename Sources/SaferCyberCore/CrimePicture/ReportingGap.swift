import FluentKit
import Foundation

/// How many incidents there probably were, from the number reported and the share of incidents that the
/// Crime Survey finds are reported. The partnership wants reporting to rise, so a falling gap is good news.
public struct ReportingGap: Sendable {
    /// What a quarter's estimate starts from.
    public enum Base: Sendable, Equatable {
        /// Individual victims aged 16 and over (the people the Crime Survey asks); every record says who the victim
        /// was.
        case adults
        /// Individual victims aged 16 and over, with the records that do not say the victim's age or type
        /// (`unrecorded` of them) shared out in the proportion of those that do.
        case adultsWithShare(unrecorded: Int)
        /// Every record of the theme: none of the quarter's records says both who and how old the victim was
        /// (data.police.uk files never do). Overstates.
        case allRecords
        /// Every record of the theme, with the partnership's own reporting evidence (which describes its records,
        /// not the national survey's group).
        case local
        /// Nothing imported for the quarter: no estimate, not 0.
        case noData
    }

    public struct Quarter: Sendable, Equatable {
        public var quarter: Int
        /// The records the estimate starts from, rounded (with a share-out it is not a whole number).
        public var reported: Int
        public var estimate: Int
        public var low: Int
        public var high: Int
        /// Every record of the theme in the quarter.
        public var records: Int = 0
        public var base: Base = .allRecords
        /// For a quarter only partly imported, what it holds ("holds April only"); nil when complete.
        public var soFar: String?
        /// Records known to be outside the survey's group (businesses, schools, charities, children under 16).
        public var outside = 0
        /// Set by `withhold(under:…)`: the quarter's all-records view withholds this theme's row from a reader without
        /// exact counts, so its records (and what follows from them) are not published here either.
        public var withheld = false

        public init(
            quarter: Int, reported: Int, estimate: Int, low: Int, high: Int, records: Int = 0,
            base: Base = .allRecords, soFar: String? = nil
        ) {
            self.quarter = quarter
            self.reported = reported
            self.estimate = estimate
            self.low = low
            self.high = high
            self.records = records
            self.base = base
            self.soFar = soFar
        }

        /// True when the estimate starts from individual victims aged 16 and over.
        public var basedOnVictims: Bool {
            switch base {
            case .adults, .adultsWithShare: true
            default: false
            }
        }
    }

    /// The Crime Survey's group in a quarter's age × victim-type counts (`CrimeDimension.ageByVictimType` values):
    /// individual victims aged 16 and over (`adults`); records known to be outside it — businesses, schools,
    /// charities, children under 16 (`outside`); and records that do not say the victim's type, or a person's age
    /// (`unrecorded`).
    public static func surveyGroup(_ cells: [(value: Int, count: Int)]) -> (adults: Int, outside: Int, unrecorded: Int)
    {
        var adults = 0
        var outside = 0
        var unrecorded = 0
        for cell in cells where cell.count > 0 {
            let age = AgeBand(rawValue: cell.value / 16) ?? .unknown
            let type = VictimType(rawValue: cell.value % 16) ?? .unknown
            switch (type, age) {
            case (.business, _), (.school, _), (.charity, _), (.person, .under16): outside += cell.count
            case (.person, .unknown), (.unknown, _): unrecorded += cell.count
            case (.person, _): adults += cell.count
            }
        }
        return (adults, outside, unrecorded)
    }

    /// The number a quarter's estimate starts from, and on what base: adults aged 16 and over, with unrecorded
    /// records shared out in the proportion of the recorded ones; every record when nothing says who the victims
    /// were.
    public static func base(records: Int, group: (adults: Int, outside: Int, unrecorded: Int)) -> (Double, Base) {
        let known = group.adults + group.outside
        guard known > 0 else { return (Double(records), .allRecords) }
        guard group.unrecorded > 0 else { return (Double(group.adults), .adults) }
        let shared = Double(group.unrecorded) * Double(group.adults) / Double(known)
        return (Double(group.adults) + shared, .adultsWithShare(unrecorded: group.unrecorded))
    }

    public struct Theme: Sendable {
        public var name: String
        public var ratio: CrimeSettingsDocument.ReportingRatio
        public var quarters: [Quarter]
    }

    public var themes: [Theme]
    /// Themes with records but no published reporting ratio.
    public var themesWithoutRatio: [String]

    /// Estimated incidents = reported ÷ share reported; the low estimate uses the highest share, the high
    /// estimate the lowest. Counts records of the theme cyber-related or not, as the survey's shares do; `build`
    /// passes individual victims aged 16 and over where the records say who the victim was.
    public static func estimate(reported: Int, ratio: CrimeSettingsDocument.ReportingRatio) -> (
        estimate: Int, low: Int, high: Int
    ) {
        estimate(reported: Double(reported), ratio: ratio)
    }

    public static func estimate(reported: Double, ratio: CrimeSettingsDocument.ReportingRatio) -> (
        estimate: Int, low: Int, high: Int
    ) {
        func scale(_ share: Double) -> Int { Int((reported * 100 / share).rounded()) }
        return (scale(ratio.central), scale(ratio.high), scale(ratio.low))
    }

    /// The quarters' estimates per theme; with a `policy`, as a reader under it may see them (`withhold(under:…)`).
    public static func build(
        partnershipID: UUID, fromQuarter: Int, toQuarter: Int, edition: CrimeEdition = .live,
        policy: DisclosurePolicy? = nil, on db: any Database
    ) async throws -> ReportingGap {
        let settings = try await CrimeSettingsStore.load(partnershipID: partnershipID, on: db)
        let themes = try await SaferCyberCore.Theme.query(on: db).filter(\.$partnership.$id == partnershipID).sort(
            \.$position
        ).all()
        guard let reader = try await CrimeCountReader(partnershipID: partnershipID, edition: edition, on: db) else {
            return ReportingGap(themes: [], themesWithoutRatio: [])
        }
        let dictionary = try await CrimeDictionary.load(sourceKey: reader.sourceKey, on: db)
        let counts = try await reader.sum(
            .total, by: ["theme", "month"], fromMonth: SaferCyberCore.Quarter.firstMonth(fromQuarter),
            toMonth: SaferCyberCore.Quarter.firstMonth(toQuarter) + 2, classes: [0, 1, 2], theme: nil, area: nil)
        var perTheme: [Int: [Int: Int]] = [:]
        for (keys, count) in counts {
            perTheme[keys[0], default: [:]][SaferCyberCore.Quarter.of(month: keys[1]), default: 0] += count
        }
        // Age × victim type, kept per quarter (month = the quarter's first month).
        let crossed = try await reader.sum(
            .ageByVictimType, by: ["theme", "month", "value"],
            fromMonth: SaferCyberCore.Quarter.firstMonth(fromQuarter),
            toMonth: SaferCyberCore.Quarter.firstMonth(toQuarter) + 2, classes: [0, 1, 2], theme: nil, area: nil)
        var cellsPerTheme: [Int: [Int: [(value: Int, count: Int)]]] = [:]
        for (keys, count) in crossed {
            cellsPerTheme[keys[0], default: [:]][SaferCyberCore.Quarter.of(month: keys[1]), default: []].append(
                (keys[2], count))
        }
        let coverage = try await CrimeCoverage.load(partnershipID: partnershipID, on: db)
        var result = ReportingGap(themes: [], themesWithoutRatio: [])
        for theme in themes {
            guard let id = theme.id else { continue }
            let number = dictionary.existingNumber(.theme, id.uuidString) ?? -1
            let byQuarter = perTheme[number] ?? [:]
            guard let ratio = settings.ratios.first(where: { $0.themeName == theme.name }) else {
                if !byQuarter.isEmpty { result.themesWithoutRatio.append(theme.name) }
                continue
            }
            let quarters = SaferCyberCore.Quarter.between(fromQuarter, toQuarter).map { quarter -> Quarter in
                let status = coverage.status(ofQuarter: quarter)
                let records = byQuarter[quarter] ?? 0
                if status == .none && records == 0 {
                    return Quarter(quarter: quarter, reported: 0, estimate: 0, low: 0, high: 0, base: .noData)
                }
                let group = surveyGroup(cellsPerTheme[number]?[quarter] ?? [])
                let (counted, base) =
                    ratio.isNational ? base(records: records, group: group) : (Double(records), .local)
                let (estimate, low, high) = estimate(reported: counted, ratio: ratio)
                var line = Quarter(
                    quarter: quarter, reported: Int(counted.rounded()), estimate: estimate, low: low, high: high,
                    records: records, base: base,
                    soFar: status == .complete ? nil : coverage.describe(quarter: quarter))
                line.outside = group.outside
                return line
            }
            result.themes.append(Theme(name: theme.name, ratio: ratio, quarters: quarters))
        }
        if let policy {
            try await result.withhold(under: policy, partnershipID: partnershipID, edition: edition, on: db)
        }
        return result
    }

    /// For a reader without exact counts (reviews of issue 19). A theme's records in a quarter sit beside the row the
    /// quarter's crime view shows that reader for the theme — the view of every record, or of cyber-related records
    /// when there are any (`CrimeFilter.standard`). The quarter is marked `withheld` where:
    /// - that view withholds the row (small, or "[c]" so that a small one cannot be worked out from the total):
    ///   printed here, the gap's count would stand in for it;
    /// - the view shows the row but counts cyber-related records only, and this page's count (every record) exceeds it
    ///   by a small number: the difference would be the theme's other records;
    /// - the estimate starts from individual victims aged 16 and over and the records it leaves out (businesses,
    ///   schools, charities, children) are a small number: the counts side by side (with any shared out) give them.
    /// Quarters with no data are left as they are.
    public mutating func withhold(
        under policy: DisclosurePolicy, partnershipID: UUID, edition: CrimeEdition, on db: any Database
    ) async throws {
        guard policy.applies else { return }
        let reader = try await CrimeCountReader(partnershipID: partnershipID, edition: edition, on: db)
        let hasCyber = try await reader?.hasCyberRecords() ?? false
        let quarters = Set(themes.flatMap { $0.quarters.filter { $0.base != .noData }.map(\.quarter) })
        for quarter in quarters.sorted() {
            let view = try await CrimePictureReport.build(
                partnershipID: partnershipID, filter: CrimeFilter.standard(quarter: quarter, hasCyberRecords: hasCyber),
                edition: edition, on: db)
            let hidden = view.withheldRows("themes", policy: policy)
            let shown = Dictionary(
                view.displayed("themes", suppress: true).map { ($0.label, $0.count) }, uniquingKeysWith: +)
            for t in themes.indices {
                for q in themes[t].quarters.indices where themes[t].quarters[q].quarter == quarter {
                    let line = themes[t].quarters[q]
                    let inView = shown[themes[t].name] ?? 0
                    let otherRecords = line.records - inView
                    // With records shared out too, the counted figure and the estimates still give the adults (and so
                    // the rest) exactly (fourth review): the records left out are checked whatever the base.
                    let leftOut = line.basedOnVictims ? line.outside : 0
                    if hidden.contains(themes[t].name) || policy.hides(otherRecords) || policy.hides(leftOut) {
                        themes[t].quarters[q].withheld = true
                    }
                }
            }
        }
    }
}
