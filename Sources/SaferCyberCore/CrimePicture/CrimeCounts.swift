import FluentKit
import Foundation
import SQLKit

/// Rebuilding `crime_counts` from the records: after re-classification and geography loads, and in tests
/// as the independent recount that the incremental tallies must equal.
public enum CrimeCounts {
    /// One row of crime_counts.
    public struct Cell: Hashable, Sendable {
        public var dimension: Int
        public var month: Int
        public var theme: Int
        public var cyber: Int
        public var area: Int
        public var value: Int
        public init(dimension: Int, month: Int, theme: Int, cyber: Int, area: Int, value: Int) {
            self.dimension = dimension
            self.month = month
            self.theme = theme
            self.cyber = cyber
            self.area = area
            self.value = value
        }
    }

    public static func rebuildAll(on db: any Database) async throws {
        let rows = try await db.sql.raw("SELECT key FROM crime_sources").all()
        for row in rows { try await rebuild(sourceKey: try row.decode(column: "key", as: Int.self), on: db) }
    }

    /// Recomputes one partnership's counts from its records. Call inside a `write`.
    public static func rebuild(sourceKey: Int, on db: any Database) async throws {
        let sql = db.sql
        let dictionary = try await CrimeDictionary.load(sourceKey: sourceKey, on: db)
        // Records saved before their LSOA was in the geography point at it now.
        let geography = try await Geography.all(on: db)
        let numberOfCode = Dictionary(uniqueKeysWithValues: geography.map { ($0.code, $0.number) })
        for (unknown, code) in dictionary.all(.unknownLSOA) {
            guard let number = numberOfCode[code] else { continue }
            try await sql.raw(
                "UPDATE crime_records SET lsoa = \(bind: number) WHERE source_key = \(bind: sourceKey) AND lsoa = \(bind: -unknown)"
            ).run()
        }
        // Give every local authority the records use a number, then count by joining through the geography.
        let used = try await sql.raw(
            """
            SELECT DISTINCT g.la_code FROM crime_records r JOIN geo_lsoas g ON g.number = r.lsoa
            WHERE r.source_key = \(bind: sourceKey) AND g.la_code <> ''
            """
        ).all()
        for row in used { _ = dictionary.number(.area, try row.decode(column: "la_code", as: String.self)) }
        try await dictionary.saveAdded(on: db)

        try await sql.raw("DELETE FROM crime_counts WHERE source_key = \(bind: sourceKey)").run()
        try await insertCounts(sourceKey: sourceKey, dimensions: CrimeDimension.allCases, on: db)
        try await CrimeEditions.markRevised(sourceKey: sourceKey, quarters: nil, on: db)
    }

    /// Counts one partnership's records into `dimensions` (which must hold no counts yet). Call inside a `write`,
    /// after the partnership's local authorities have dictionary numbers (`rebuild` does both).
    static func insertCounts(sourceKey: Int, dimensions: [CrimeDimension], on db: any Database) async throws {
        let sql = db.sql
        let area = """
            COALESCE((SELECT d.number FROM geo_lsoas g JOIN crime_dictionary d ON d.source_key = r.source_key
              AND d.kind = \(CrimeDictionary.Kind.area.rawValue) AND d.label = g.la_code WHERE g.number = r.lsoa), 0)
            """
        let quarter = "(r.month / 100) * 100 + ((r.month % 100 - 1) / 3) * 3 + 1"
        func cell(_ dimension: CrimeDimension) -> (month: String, value: String) {
            switch dimension {
            case .total: ("r.month", "0")
            case .ageBand: (quarter, "r.age_band")
            case .victimType: (quarter, "r.victim_type")
            case .repeatVictim: (quarter, "r.repeat_victim")
            case .outcome: (quarter, "r.outcome")
            case .lsoa: (quarter, "r.lsoa")
            case .basis: (quarter, "r.basis")
            case .offence: (quarter, "r.offence")
            case .lsoaYear: ("(r.month / 100) * 100 + 1", "r.lsoa")
            case .ageByVictimType: (quarter, "r.age_band * 16 + r.victim_type")
            }
        }
        for dimension in dimensions {
            let (month, value) = cell(dimension)
            try await sql.raw(
                """
                INSERT INTO crime_counts (\(unsafeRaw: CrimeSQL.countColumns))
                SELECT source_key, \(literal: dimension.rawValue), m, theme, cyber, a, v, COUNT(*) FROM (
                  SELECT r.source_key, \(unsafeRaw: month) AS m, r.theme, r.cyber, \(unsafeRaw: area) AS a, \(unsafeRaw: value) AS v
                  FROM crime_records r WHERE r.source_key = \(bind: sourceKey)) cells
                GROUP BY source_key, m, theme, cyber, a, v
                """
            ).run()
        }
    }

    /// Every count cell of a partnership, for comparing the stored tallies with a recount.
    public static func cells(sourceKey: Int, on db: any Database) async throws -> [Cell: Int] {
        let rows = try await db.sql.raw(
            """
            SELECT dim, month, theme, cyber, area, value, n FROM crime_counts WHERE source_key = \(bind: sourceKey)
            """
        ).all()
        var cells: [Cell: Int] = [:]
        for row in rows {
            func int(_ name: String) throws -> Int { try row.decode(column: name, as: Int.self) }
            cells[
                Cell(
                    dimension: try int("dim"), month: try int("month"), theme: try int("theme"),
                    cyber: try int("cyber"),
                    area: try int("area"), value: try int("value"))] = try int("n")
        }
        return cells
    }

    public static func sourceKey(partnershipID: UUID, on db: any Database) async throws -> Int? {
        try await CrimeDictionary.existingSourceKey(partnershipID: partnershipID, on: db)
    }
}
