import FluentKit
import Foundation

/// One file import: who imported what, when, and what happened to its rows (the import history).
public final class CrimeImport: Model, @unchecked Sendable {
    public static let schema = "crime_imports"

    public enum Status: String, Sendable {
        /// Every accepted row is in; rejected rows (if skipping was asked for) are listed.
        case imported
        /// Nothing was changed: the file, or some of its rows, could not be read.
        case refused
    }

    // managed fields
    @ID(key: .id) public var id: UUID?
    @Parent(key: "partnership_id") public var partnership: Partnership
    /// Small sequential number stored on each record this import wrote.
    @Field(key: "number") public var number: Int

    // data fields
    @Field(key: "profile") public var profile: String
    @Field(key: "file_name") public var fileName: String
    @Field(key: "actor_email") public var actorEmail: String
    @Field(key: "started_at") public var startedAt: Date
    @OptionalField(key: "finished_at") public var finishedAt: Date?
    @Field(key: "status") public var status: String
    @Field(key: "skip_bad_rows") public var skipBadRows: Bool
    @Field(key: "rows_read") public var rowsRead: Int
    @Field(key: "inserted") public var inserted: Int
    @Field(key: "updated") public var updated: Int
    @Field(key: "unchanged") public var unchanged: Int
    @Field(key: "rejected") public var rejected: Int
    @Field(key: "message") public var message: String
    /// The first and last month (yyyymm) of the records the file held: the months it covers.
    @OptionalField(key: "first_month") public var firstMonth: Int?
    @OptionalField(key: "last_month") public var lastMonth: Int?
    /// The last month (yyyymm) the file holds in full. A data.police.uk file is one published month, so complete;
    /// a force extract is taken as complete up to the month before the one it was imported in, until a
    /// coordinator confirms otherwise (`CrimeCoverage.confirm`).
    @OptionalField(key: "complete_to_month") public var completeToMonth: Int?
    /// The local authorities (codes, comma-separated) the file holds every crime for, when the coordinator said it
    /// covers only some of the partnership's areas; nil for the whole partnership.
    @OptionalField(key: "covered_areas") public var coveredAreas: String?

    /// `coveredAreas` as a set; nil for the whole partnership.
    public var areaSet: Set<String>? {
        coveredAreas.map { Set($0.split(separator: ",").map(String.init)) }
    }

    public init() {}
}

/// A saved column mapping: which of a force's columns holds each `CrimeField`.
public final class CrimeMapping: Model, @unchecked Sendable {
    public static let schema = "crime_mappings"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "partnership_id") public var partnership: Partnership
    @Field(key: "name") public var name: String
    /// `CrimeField` raw value → header name, as JSON.
    @Field(key: "columns_json") public var columnsJSON: String

    public init() {}

    public var columns: [CrimeField: String] {
        let raw = (try? JSONDecoder().decode([String: String].self, from: Data(columnsJSON.utf8))) ?? [:]
        return Dictionary(
            uniqueKeysWithValues: raw.compactMap { key, value in CrimeField(rawValue: key).map { ($0, value) } })
    }

    public var profile: CrimeProfile {
        CrimeProfile(name: name, columns: columns, referenceMayBeBlank: true)
    }
}

/// A partnership's crime-picture settings (reporting ratios, focus weights), stored as one JSON document.
public final class CrimeSettings: Model, @unchecked Sendable {
    public static let schema = "crime_settings"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "partnership_id") public var partnership: Partnership
    @Field(key: "settings_json") public var settingsJSON: String

    public init() {}
}
