import FluentKit
import Foundation

/// Resilience check links were stored as given; bookings and invitations store only a hash. Existing secrets are
/// replaced by their SHA-256, so the links people hold keep working and a copy of the database opens none.
struct UpdateResilienceCheckHashTokens: AsyncMigration {
    func prepare(on db: any Database) async throws {
        // Only the two columns this step knows: later migrations add columns the model holds (issue 23).
        for check in try await ResilienceCheck.query(on: db).field(\.$id).field(\.$tokenHash).all()
        where check.tokenHash.utf8.count != 64 {
            check.tokenHash = Secrets.hash(check.tokenHash)
            try await check.save(on: db)
        }
    }

    func revert(on db: any Database) async throws {}
}
