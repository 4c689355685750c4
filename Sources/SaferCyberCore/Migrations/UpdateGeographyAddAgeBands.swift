import FluentKit
import SQLKit

/// Issue 19: residents aged 0–24 and 65 and over, from a population file by single year of age (ONS small-area
/// estimates), so that the young-people and older-people rates divide by the same ages as the victims they count.
struct UpdateGeographyAddAgeBands: AsyncMigration {
    func prepare(on db: any Database) async throws {
        let sql = db.sql
        try await sql.raw("ALTER TABLE geo_lsoas ADD COLUMN pop_0_24 INTEGER").run()
        try await sql.raw("ALTER TABLE geo_lsoas ADD COLUMN pop_65_plus INTEGER").run()
    }

    func revert(on db: any Database) async throws {
        let sql = db.sql
        try await sql.raw("ALTER TABLE geo_lsoas DROP COLUMN pop_0_24").run()
        try await sql.raw("ALTER TABLE geo_lsoas DROP COLUMN pop_65_plus").run()
    }
}
