import FluentKit
import Foundation

/// How many incidents there probably were, from the number reported and the share of incidents that the
/// Crime Survey finds are reported. The partnership wants reporting to rise, so a falling gap is good news.
public struct ReportingGap: Sendable {
    public struct Quarter: Sendable, Equatable {
        public var quarter: Int
        public var reported: Int
        public var estimate: Int
        public var low: Int
        public var high: Int
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
    /// estimate the lowest. Counts every record of the theme (cyber or not), as the survey's shares do.
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
                let reported = byQuarter[quarter] ?? 0
                let (estimate, low, high) = estimate(reported: reported, ratio: ratio)
                return Quarter(quarter: quarter, reported: reported, estimate: estimate, low: low, high: high)
            }
            result.themes.append(Theme(name: theme.name, ratio: ratio, quarters: quarters))
        }
        return result
    }
}
