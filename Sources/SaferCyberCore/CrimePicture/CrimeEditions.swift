import FluentKit
import Foundation
import SQLKit

/// Which copy of the crime counts a figure is read from.
public enum CrimeEdition: Sendable, Equatable {
    /// Today's counts, as the latest imports and classification rules give them (roles with exact counts).
    case live
    /// Each complete quarter as it was first published (roles without exact counts, and the board report): a later
    /// import or rule change that revises a quarter would otherwise let a reader compare the two versions and read
    /// the revision — a count of 1 to 4 records — off the difference (issue 19). A coordinator publishes a revision
    /// deliberately (`CrimeEditions.republish`).
    case published
}

/// The published edition of a partnership's crime counts: `crime_counts_published` holds a copy of `crime_counts`
/// for every complete quarter, taken when the quarter is first read for publication, and `crime_published_quarters`
/// says when each was published.
public enum CrimeEditions {
    public struct Revision: Sendable, Equatable {
        public var quarter: Int
        public var publishedAt: Date
    }

    /// Publishes every complete quarter not yet published (a copy of its counts), and returns the published quarters.
    /// Two requests (or instances) at once publish a quarter once: the first to claim it copies it.
    @discardableResult
    public static func publishComplete(partnershipID: UUID, sourceKey: Int, on db: any Database, now: Date = Date())
        async throws -> Set<Int>
    {
        let coverage = try await CrimeCoverage.load(partnershipID: partnershipID, on: db)
        let complete = Set(coverage.complete.map { Quarter.of(month: $0) }).filter(coverage.isComplete(quarter:))
        let published = Set(try await quarters(sourceKey: sourceKey, on: db).keys)
        let missing = complete.subtracting(published).sorted()
        guard !missing.isEmpty else { return published }
        try await db.write { tx in
            let sql = tx.sql
            for quarter in missing {
                let claimed = try await sql.raw(
                    """
                    INSERT INTO crime_published_quarters (source_key, quarter, published_at)
                    VALUES (\(bind: sourceKey), \(bind: quarter), \(bind: now))
                    ON CONFLICT (source_key, quarter) DO NOTHING RETURNING quarter
                    """
                ).all()
                guard !claimed.isEmpty else { continue }
                try await copy(quarter: quarter, sourceKey: sourceKey, on: sql)
            }
        }
        return published.union(missing)
    }

    /// The published quarters and when each was published.
    static func quarters(sourceKey: Int, on db: any Database) async throws -> [Int: Date] {
        let rows = try await db.sql.raw(
            "SELECT quarter, published_at FROM crime_published_quarters WHERE source_key = \(bind: sourceKey)"
        ).all()
        var result: [Int: Date] = [:]
        for row in rows {
            result[try row.decode(column: "quarter", as: Int.self)] = try row.decode(
                column: "published_at", as: Date.self)
        }
        return result
    }

    /// Copies one quarter's live counts into the published edition (monthly rows: the yearly LSOA rows are not
    /// copied, and the published reader sums months).
    static func copy(quarter: Int, sourceKey: Int, on sql: any SQLDatabase) async throws {
        let first = Quarter.firstMonth(quarter)
        try await sql.raw(
            """
            DELETE FROM crime_counts_published WHERE source_key = \(bind: sourceKey) \
            AND month BETWEEN \(bind: first) AND \(bind: first + 2)
            """
        ).run()
        try await sql.raw(
            """
            INSERT INTO crime_counts_published (\(unsafeRaw: CrimeSQL.countColumns))
            SELECT \(unsafeRaw: CrimeSQL.countColumns) FROM crime_counts WHERE source_key = \(bind: sourceKey) \
            AND month BETWEEN \(bind: first) AND \(bind: first + 2) \
            AND dim <> \(literal: CrimeDimension.lsoaYear.rawValue)
            """
        ).run()
    }

    /// Published quarters whose live counts now differ (a later import or a rule change revised them), oldest first,
    /// with when each was published. Worked out when the counts change (`markRevised`), so reading it costs one
    /// small query.
    public static func revised(partnershipID: UUID, on db: any Database) async throws -> [Revision] {
        guard let sourceKey = try await CrimeDictionary.existingSourceKey(partnershipID: partnershipID, on: db) else {
            return []
        }
        let rows = try await db.sql.raw(
            """
            SELECT quarter, published_at FROM crime_published_quarters
            WHERE source_key = \(bind: sourceKey) AND revised = 1 ORDER BY quarter
            """
        ).all()
        return try rows.map {
            Revision(
                quarter: try $0.decode(column: "quarter", as: Int.self),
                publishedAt: try $0.decode(column: "published_at", as: Date.self))
        }
    }

    /// After counts change (an import, a rule change, a geography load), compares each published quarter in
    /// `quarters` (every published quarter when nil) with today's counts and records whether it now differs. Call
    /// inside the `write` that changed the counts.
    static func markRevised(sourceKey: Int, quarters scope: Set<Int>?, on db: any Database) async throws {
        let sql = db.sql
        // Every change of the counts passes here: pages that keep a result until the data change key it on this.
        try await sql.raw("UPDATE crime_sources SET counts_version = counts_version + 1 WHERE key = \(bind: sourceKey)")
            .run()
        let published = try await quarters(sourceKey: sourceKey, on: db).keys
        let columns = "dim, month, theme, cyber, area, value, n"
        let skip = CrimeDimension.lsoaYear.rawValue
        for quarter in published where scope?.contains(quarter) ?? true {
            let first = Quarter.firstMonth(quarter)
            func rows(_ table: String) -> String {
                """
                SELECT \(columns) FROM \(table) WHERE source_key = \(sourceKey) AND month BETWEEN \(first) AND \(first + 2) \
                AND dim <> \(skip) AND n <> 0
                """
            }
            let differs =
                try await sql.raw(
                    """
                    SELECT 1 AS differs FROM (\(unsafeRaw: rows("crime_counts")) EXCEPT \(unsafeRaw: rows("crime_counts_published"))) AS added
                    UNION ALL
                    SELECT 1 AS differs FROM (\(unsafeRaw: rows("crime_counts_published")) EXCEPT \(unsafeRaw: rows("crime_counts"))) AS removed
                    LIMIT 1
                    """
                ).first() != nil
            try await sql.raw(
                """
                UPDATE crime_published_quarters SET revised = \(bind: differs ? 1 : 0) \
                WHERE source_key = \(bind: sourceKey) AND quarter = \(bind: quarter)
                """
            ).run()
        }
    }

    /// Publishes today's counts for every revised quarter, in place of the earlier edition, audited, and returns the
    /// quarters. Readers can compare the two editions from then on: the coordinator decides the revision is worth it.
    @discardableResult
    public static func republish(partnershipID: UUID, by actor: ActingUser, on db: any Database, now: Date = Date())
        async throws -> [Int]
    {
        let quarters = try await revised(partnershipID: partnershipID, on: db).map(\.quarter)
        guard !quarters.isEmpty,
            let sourceKey = try await CrimeDictionary.existingSourceKey(partnershipID: partnershipID, on: db)
        else { return [] }
        try await db.write { tx in
            let sql = tx.sql
            for quarter in quarters {
                try await copy(quarter: quarter, sourceKey: sourceKey, on: sql)
                try await sql.raw(
                    """
                    UPDATE crime_published_quarters SET published_at = \(bind: now), revised = 0 \
                    WHERE source_key = \(bind: sourceKey) AND quarter = \(bind: quarter)
                    """
                ).run()
            }
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .update, entity: "crime-edition",
                entityID: quarters.map(String.init).joined(separator: ","),
                summary: "Published revised crime figures for \(quarters.map(Quarter.label).joined(separator: ", "))")
        }
        return quarters
    }
}

extension CrimeEditions {
    /// Everything a page built from the crime counts reads, as one string: the counts' version (bumped by every
    /// import, rule change and geography load), the published edition, the coverage, the themes and the settings.
    /// Two requests with the same fingerprint get the same figures, so a page may keep its result under it.
    public static func fingerprint(partnershipID: UUID, on db: any Database) async throws -> String {
        let sql = db.sql
        guard
            let source = try await sql.raw(
                "SELECT key, counts_version FROM crime_sources WHERE partnership_id = \(bind: partnershipID)"
            ).first()
        else { return "none" }
        let key = try source.decode(column: "key", as: Int.self)
        let version = try source.decode(column: "counts_version", as: Int.self)
        let published = try await quarters(sourceKey: key, on: db)
            .sorted { $0.key < $1.key }.map { "\($0.key)@\($0.value.timeIntervalSince1970)" }
        let coverage = try await CrimeCoverage.load(partnershipID: partnershipID, on: db)
        let themes = try await Theme.query(on: db).filter(\.$partnership.$id == partnershipID).all()
            .map { "\($0.id?.uuidString ?? "")=\($0.name)" }.sorted()
        let settings = try await CrimeSettings.query(on: db).filter(\.$partnership.$id == partnershipID).first()
        return [
            "\(key):\(version)", published.joined(separator: ","),
            coverage.complete.sorted().map(String.init).joined(separator: ","),
            coverage.partial.sorted().map(String.init).joined(separator: ","), themes.joined(separator: ","),
            settings?.settingsJSON ?? "",
        ].joined(separator: "|")
    }
}

struct CreateCrimeEditions: AsyncMigration {
    func prepare(on db: any Database) async throws {
        let sql = db.sql
        let withoutRowID = db.isSQLite ? " WITHOUT ROWID" : ""
        try await sql.raw(
            """
            CREATE TABLE crime_counts_published (source_key INTEGER NOT NULL, dim INTEGER NOT NULL,
              month INTEGER NOT NULL, theme INTEGER NOT NULL, cyber INTEGER NOT NULL, area INTEGER NOT NULL,
              value INTEGER NOT NULL, n INTEGER NOT NULL,
              PRIMARY KEY (source_key, dim, month, theme, cyber, area, value))\(unsafeRaw: withoutRowID)
            """
        ).run()
        try await sql.raw(
            """
            CREATE TABLE crime_published_quarters (source_key INTEGER NOT NULL, quarter INTEGER NOT NULL,
              published_at \(unsafeRaw: db.isSQLite ? "DATETIME" : "TIMESTAMPTZ") NOT NULL,
              revised INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (source_key, quarter))
            """
        ).run()
        try await sql.raw("ALTER TABLE crime_sources ADD COLUMN counts_version INTEGER NOT NULL DEFAULT 0").run()
    }

    func revert(on db: any Database) async throws {
        let sql = db.sql
        try await sql.raw("ALTER TABLE crime_sources DROP COLUMN counts_version").run()
        try await sql.raw("DROP TABLE crime_published_quarters").run()
        try await sql.raw("DROP TABLE crime_counts_published").run()
    }
}
