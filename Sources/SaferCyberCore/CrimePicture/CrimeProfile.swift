import Foundation

/// What the importer needs from each row, whatever a force calls its columns.
public enum CrimeField: String, CaseIterable, Codable, Sendable {
    case reference, recordedDate, offenceCode, offenceDescription, onlineFlag, victimAgeBand, victimType
    case repeatVictim, lsoa, outcome, modusOperandi

    /// Position in `allCases`, for array look-ups in the import's inner loop.
    var ordinal: Int {
        switch self {
        case .reference: 0
        case .recordedDate: 1
        case .offenceCode: 2
        case .offenceDescription: 3
        case .onlineFlag: 4
        case .victimAgeBand: 5
        case .victimType: 6
        case .repeatVictim: 7
        case .lsoa: 8
        case .outcome: 9
        case .modusOperandi: 10
        }
    }

    public var label: String {
        switch self {
        case .reference: "Crime reference"
        case .recordedDate: "Recorded date"
        case .offenceCode: "Offence code"
        case .offenceDescription: "Offence description"
        case .onlineFlag: "Home Office online flag"
        case .victimAgeBand: "Victim age band"
        case .victimType: "Victim type"
        case .repeatVictim: "Repeat victim"
        case .lsoa: "LSOA code"
        case .outcome: "Outcome"
        case .modusOperandi: "Modus operandi"
        }
    }
}

/// How one kind of file maps onto `CrimeField`s.
public struct CrimeProfile: Sendable, Equatable {
    public var name: String
    public var columns: [CrimeField: String]
    /// Street-level files leave the reference blank for anti-social behaviour: those rows get a key
    /// built from their content, so importing the same file twice still changes nothing.
    public var referenceMayBeBlank: Bool

    public init(name: String, columns: [CrimeField: String], referenceMayBeBlank: Bool) {
        self.name = name
        self.columns = columns
        self.referenceMayBeBlank = referenceMayBeBlank
    }

    public static let policeUKStreet = CrimeProfile(
        name: "police-uk-street",
        columns: [
            .reference: "Crime ID", .recordedDate: "Month", .lsoa: "LSOA code", .offenceDescription: "Crime type",
            .outcome: "Last outcome category", .modusOperandi: "Context",
        ],
        referenceMayBeBlank: true)

    /// The columns of a force's own extract, in the order the example file uses (docs/import-formats.md).
    public static let forceExtractColumns: [(CrimeField, String)] = [
        (.reference, "crime_reference"), (.recordedDate, "recorded_date"), (.offenceCode, "offence_code"),
        (.offenceDescription, "offence_description"), (.onlineFlag, "online_flag"),
        (.victimAgeBand, "victim_age_band"), (.victimType, "victim_type"), (.repeatVictim, "repeat_victim"),
        (.lsoa, "lsoa_code"), (.outcome, "outcome"), (.modusOperandi, "modus_operandi"),
    ]

    public static let forceExtract = CrimeProfile(
        name: "force-extract", columns: Dictionary(uniqueKeysWithValues: forceExtractColumns),
        referenceMayBeBlank: false)

    public static let builtIn = [policeUKStreet, forceExtract]

    /// Positions of the mapped columns in a file's header, or a plain-English reason the header is wrong.
    public func resolve(header: [String]) throws -> [CrimeField: Int] {
        let normalised = header.map(Self.normalise)
        var indices: [CrimeField: Int] = [:]
        var missing: [String] = []
        for field in CrimeField.allCases {
            guard let column = columns[field] else { continue }
            if let index = normalised.firstIndex(of: Self.normalise(column)) {
                indices[field] = index
            } else {
                missing.append("\"\(column)\"")
            }
        }
        guard missing.isEmpty else {
            let found = header.prefix(12).map { "\"\($0.prefix(40))\"" }.joined(separator: ", ")
            throw CrimeImportError.wrongHeader(
                "The first line should name the columns of a \(name) file, but it has no \(missing.joined(separator: ", ")) column. It has: \(found)."
            )
        }
        guard indices[.recordedDate] != nil else {
            throw CrimeImportError.wrongHeader("The column mapping must say which column holds the recorded date.")
        }
        return indices
    }

    /// Header names compare ignoring case, spaces, underscores and hyphens.
    static func normalise(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) })
    }
}

public enum CrimeImportError: Error, Equatable, CustomStringConvertible {
    case emptyFile
    case wrongHeader(String)
    case unreadable(String)
    case unknownProfile(String)
    case tooManyRejections(Int)

    public var description: String {
        switch self {
        case .emptyFile: "The file is empty. Choose the CSV file exported from the police system."
        case .wrongHeader(let reason): reason
        case .unreadable(let reason): reason
        case .unknownProfile(let name):
            "There is no import profile called \"\(name)\". Use police-uk-street, force-extract or a saved column mapping."
        case .tooManyRejections(let limit):
            "More than \(limit) rows were rejected, so reading stopped. Check that the file matches the profile chosen."
        }
    }
}
