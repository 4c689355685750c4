import FluentKit
import SQLKit

/// Which months each crime import covers, so that a quarter with no data is "no data", never 0 (issue 19).
struct UpdateCrimeImportAddCoverage: AsyncMigration {
    func prepare(on db: any Database) async throws {
        // One column per ALTER: SQLite adds a single column at a time.
        for column in ["first_month", "last_month", "complete_to_month"] {
            try await db.schema(CrimeImport.schema).field(
                .definition(name: .key(.string(column)), dataType: .int, constraints: [])
            )
            .update()
        }
        try await backfill(on: db)
    }

    /// Imports made before this migration: the months come from the records each import wrote (a record later
    /// corrected by another import counts for the later one), and completeness follows today's default rule.
    private func backfill(on db: any Database) async throws {
        let sql = db.sql
        // Only the columns that existed when this migration was written (later ones are added after it runs).
        let entries = try await CrimeImport.query(on: db).filter(\.$status == CrimeImport.Status.imported.rawValue)
            .field(\.$id).field(\.$partnership.$id).field(\.$number).field(\.$profile).field(\.$startedAt)
            .field(\.$status).all()
        for entry in entries {
            let row = try await sql.raw(
                """
                SELECT MIN(r.month) AS first, MAX(r.month) AS last FROM crime_records r
                JOIN crime_sources s ON s.key = r.source_key
                WHERE s.partnership_id = \(bind: entry.$partnership.id) AND r.import_number = \(bind: entry.number)
                """
            ).first()
            guard let row, let first = try row.decode(column: "first", as: Int?.self),
                let last = try row.decode(column: "last", as: Int?.self)
            else { continue }
            entry.firstMonth = first
            entry.lastMonth = last
            entry.completeToMonth = CrimeCoverage.defaultCompleteTo(
                lastMonth: last, profileName: entry.profile, importedAt: entry.startedAt)
            try await entry.save(on: db)
        }
    }

    func revert(on db: any Database) async throws {
        for column in ["complete_to_month", "last_month", "first_month"] {
            try await db.schema(CrimeImport.schema).deleteField(.string(column)).update()
        }
    }
}
