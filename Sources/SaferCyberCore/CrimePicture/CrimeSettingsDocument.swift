import FluentKit
import Foundation

/// A partnership's crime-picture settings: reporting ratios for the reporting-gap estimate and the weights
/// of the where-to-focus ranking. Stored as one JSON document; missing values take the defaults.
public struct CrimeSettingsDocument: Codable, Sendable, Equatable {
    /// The share of incidents reported to the police or Action Fraud, for one theme.
    public struct ReportingRatio: Codable, Sendable, Equatable {
        public var themeName: String
        /// Percentages: the central estimate and the range used for the low and high estimates.
        public var central: Double
        public var low: Double
        public var high: Double
        public var source: String
        public var sourceURL: String

        /// True when these are the national survey's shares as shipped (same theme and source): they describe
        /// individual victims aged 16 and over. Anything else is the partnership's own evidence, applied to every
        /// record of the theme.
        public var isNational: Bool {
            CrimeSettingsDocument.defaults.ratios.contains { $0.themeName == themeName && $0.source == source }
        }

        public init(
            themeName: String, central: Double, low: Double, high: Double, source: String, sourceURL: String
        ) {
            self.themeName = themeName
            self.central = central
            self.low = low
            self.high = high
            self.source = source
            self.sourceURL = sourceURL
        }
    }

    public var ratios: [ReportingRatio]
    /// Harm weight by theme name (1 = ordinary).
    public var harm: [String: Double]
    /// Vulnerability weight by victim group.
    public var vulnerability: [String: Double]
    /// How much a rising trend raises a cell's score (0 = not at all).
    public var trendWeight: Double

    /// Defaults from the Crime Survey for England and Wales (reference-data/reference/csew_fraud_computer_misuse_headlines.csv).
    public static let defaults = CrimeSettingsDocument(
        ratios: [
            ReportingRatio(
                // "About 1 in 7" is 1/7 (14.29%), not 14%: the published fraction, kept exact.
                themeName: "Fraud and scams", central: 100.0 / 7, low: 100.0 / 7, high: 15,
                source:
                    "CSEW: about 1 in 7 fraud incidents reported to Action Fraud or the police (year ending Sep 2024); 15% in the year ending Mar 2019",
                sourceURL:
                    "https://osr.statisticsauthority.gov.uk/publication/review-of-fraud-and-computer-misuse-statistics-for-england-and-wales/pages/4"
            ),
            ReportingRatio(
                // "About 1 in 15" is 1/15 (6.67%): stored as 7% it turned 100 reports into 1,429, not 1,500.
                themeName: "Hacking and computer misuse", central: 100.0 / 15, low: 100.0 / 15, high: 100.0 / 15,
                source:
                    "CSEW: about 1 in 15 computer misuse incidents reported to Action Fraud or the police (year ending Sep 2024); only one published estimate, so no range",
                sourceURL:
                    "https://osr.statisticsauthority.gov.uk/publication/review-of-fraud-and-computer-misuse-statistics-for-england-and-wales/pages/4"
            ),
        ],
        harm: [
            "Fraud and scams": 1, "Hacking and computer misuse": 1, "Online child sexual abuse and grooming": 3,
            "Extremism and radicalisation": 2.5, "Harassment, stalking and cyberbullying": 1.5,
            "Image-based abuse and sextortion": 2.5,
        ],
        vulnerability: Dictionary(uniqueKeysWithValues: VictimGroup.allCases.map { ($0.rawValue, $0.defaultWeight) }),
        trendWeight: 0.5)

    public func harm(theme: String) -> Double { harm[theme] ?? 1 }

    /// Form field names, shared by the page and the error messages so that error links land on the field.
    public static func harmField(_ theme: String) -> String {
        "harm-" + String(theme.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }
    public func vulnerability(_ group: VictimGroup) -> Double { vulnerability[group.rawValue] ?? group.defaultWeight }
}

/// The victim groups the where-to-focus table ranks.
public enum VictimGroup: String, CaseIterable, Codable, Sendable {
    case youngPeople = "young-people"
    case adults
    case olderPeople = "older-people"
    case businesses, schools, charities

    public var label: String {
        switch self {
        case .youngPeople: "Young people (under 25)"
        case .adults: "Adults 25 to 64"
        case .olderPeople: "Older people (65 and over)"
        case .businesses: "Businesses"
        case .schools: "Schools"
        case .charities: "Charities"
        }
    }

    var defaultWeight: Double {
        switch self {
        case .youngPeople, .olderPeople: 1.5
        case .adults, .businesses: 1
        case .schools: 1.3
        case .charities: 1.2
        }
    }
}

public enum CrimeSettingsStore {
    public static func load(partnershipID: UUID, on db: any Database) async throws -> CrimeSettingsDocument {
        guard let stored = try await CrimeSettings.query(on: db).filter(\.$partnership.$id == partnershipID).first(),
            let document = try? JSONDecoder().decode(CrimeSettingsDocument.self, from: Data(stored.settingsJSON.utf8))
        else { return .defaults }
        return document
    }

    /// Saves after checking every number; audited.
    public static func save(
        _ document: CrimeSettingsDocument, partnershipID: UUID, by actor: ActingUser, on db: any Database
    ) async throws {
        var errors = FieldErrors()
        for (index, ratio) in document.ratios.enumerated() {
            for (name, value) in [("central", ratio.central), ("low", ratio.low), ("high", ratio.high)]
            where !(0.1...100).contains(value) {
                errors.add("ratio-\(index)-\(name)", "Enter a percentage between 0.1 and 100 for \(ratio.themeName)")
            }
            if ratio.source.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                errors.add(
                    "ratio-\(index)-source",
                    "Say where the shares for \(ratio.themeName) come from, such as the partnership's own survey and its year"
                )
            }
            if ratio.source.count > 300 {
                errors.add(
                    "ratio-\(index)-source",
                    "Say where the shares for \(ratio.themeName) come from in 300 characters or fewer")
            }
            if ratio.sourceURL.count > 500 {
                errors.add("ratio-\(index)-sourceURL", "Enter a web address of 500 characters or fewer")
            }
            let link = ratio.sourceURL.trimmingCharacters(in: .whitespaces).lowercased()
            if !link.isEmpty, !(link.hasPrefix("https://") || link.hasPrefix("http://")) {
                errors.add(
                    "ratio-\(index)-sourceURL",
                    "Enter a web address starting https:// for the source, or leave it empty")
            }
            if ratio.low > ratio.central || ratio.central > ratio.high {
                errors.add(
                    "ratio-\(index)-low",
                    "For \(ratio.themeName), the low share must not be above the central one, nor the central above the high one"
                )
            }
        }
        for (name, value) in document.harm where !(0...10).contains(value) {
            errors.add(CrimeSettingsDocument.harmField(name), "Enter a harm weight from 0 to 10 for \(name)")
        }
        for (name, value) in document.vulnerability where !(0...10).contains(value) {
            errors.add(
                "vulnerability-\(name)",
                "Enter a vulnerability weight from 0 to 10 for \(VictimGroup(rawValue: name)?.label ?? name)")
        }
        if !(0...5).contains(document.trendWeight) { errors.add("trendWeight", "Enter a trend weight from 0 to 5") }
        try errors.throwIfAny()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(document), as: UTF8.self)
        try await db.write { tx in
            let stored =
                try await CrimeSettings.query(on: tx).filter(\.$partnership.$id == partnershipID).first()
                ?? CrimeSettings()
            let before = stored.id == nil ? nil : stored.settingsJSON
            stored.$partnership.id = partnershipID
            stored.settingsJSON = json
            try await stored.save(on: tx)
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .update, entity: "crime-settings",
                entityID: stored.id?.uuidString, summary: "Changed the reporting ratios or focus weights",
                before: before.map { ["settings": $0] }, after: ["settings": json])
        }
    }
}
