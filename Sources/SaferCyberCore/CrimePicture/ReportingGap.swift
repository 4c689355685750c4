import FluentKit
import Foundation

/// How many incidents there probably were, from the number reported and the share of incidents that the
/// Crime Survey finds are reported. The partnership wants reporting to rise, so a falling gap is good news.
public struct ReportingGap: Sendable {
    public struct Quarter: Sendable, Equatable {
        public var quarter: Int
        /// The records the estimate starts from: individual victims aged 16 and over when the quarter's records give
        /// victims' age or type (`basedOnVictims`), otherwise every record of the theme.
        public var reported: Int
        public var estimate: Int
        public var low: Int
        public var high: Int
        /// Every record of the theme in the quarter.
        public var records: Int = 0
        /// True when `reported` counts only individual victims aged 16 and over (the group the Crime Survey's shares
        /// describe); false when no record of the quarter gives a victim's age or type (data.police.uk files never
        /// do), so the estimate starts from every record, businesses and children included.
        public var basedOnVictims: Bool = false

        public init(
            quarter: Int, reported: Int, estimate: Int, low: Int, high: Int, records: Int = 0,
            basedOnVictims: Bool = false
        ) {
            self.quarter = quarter
            self.reported = reported
            self.estimate = estimate
            self.low = low
            self.high = high
            self.records = records
            self.basedOnVictims = basedOnVictims
        }
    }

    /// How many of a quarter's records describe the Crime Survey's group — individual victims aged 16 and over — and
    /// whether any record gives a victim's age or type at all, from the age × victim-type counts
    /// (`CrimeDimension.ageByVictimType` values).
    public static func surveyGroup(_ cells: [(value: Int, count: Int)]) -> (adults: Int, described: Bool) {
        var adults = 0
        var described = false
        for cell in cells where cell.count > 0 {
            let age = AgeBand(rawValue: cell.value / 16) ?? .unknown
            let type = VictimType(rawValue: cell.value % 16) ?? .unknown
            if age != .unknown || type != .unknown { described = true }
            if type == .person, age != .unknown, age != .under16 { adults += cell.count }
        }
        return (adults, described)
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
        func scale(_ share: Double) -> Int { Int((Double(reported) * 100 / share).rounded()) }
        return (scale(ratio.central), scale(ratio.high), scale(ratio.low))
    }

    public static func build(partnershipID: UUID, fromQuarter: Int, toQuarter: Int, on db: any Database) async throws
        -> ReportingGap
    {
        let settings = try await CrimeSettingsStore.load(partnershipID: partnershipID, on: db)
        let themes = try await SaferCyberCore.Theme.query(on: db).filter(\.$partnership.$id == partnershipID).sort(
            \.$position
        ).all()
        guard let reader = try await CrimeCountReader(partnershipID: partnershipID, on: db) else {
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
                let records = byQuarter[quarter] ?? 0
                let group = surveyGroup(cellsPerTheme[number]?[quarter] ?? [])
                let reported = group.described ? group.adults : records
                let (estimate, low, high) = estimate(reported: reported, ratio: ratio)
                return Quarter(
                    quarter: quarter, reported: reported, estimate: estimate, low: low, high: high, records: records,
                    basedOnVictims: group.described)
            }
            result.themes.append(Theme(name: theme.name, ratio: ratio, quarters: quarters))
        }
        return result
    }
}
