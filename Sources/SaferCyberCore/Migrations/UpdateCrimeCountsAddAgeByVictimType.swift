import FluentKit
import SQLKit

/// Issue 19: counts of victim age band × victim type, so the reporting gap can count the individual victims aged 16
/// and over that the Crime Survey's reporting shares describe. Imports keep them from now on; this counts the
/// records already held (one statement per partnership).
struct UpdateCrimeCountsAddAgeByVictimType: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.write { tx in
            let sources = try await tx.sql.raw("SELECT key FROM crime_sources").all()
            for row in sources {
                try await CrimeCounts.insertCounts(
                    sourceKey: try row.decode(column: "key", as: Int.self), dimensions: [.ageByVictimType], on: tx)
            }
        }
    }

    func revert(on db: any Database) async throws {
        try await db.sql.raw(
            "DELETE FROM crime_counts WHERE dim = \(literal: CrimeDimension.ageByVictimType.rawValue)"
        ).run()
    }
}
