import FluentKit
import Foundation
import SQLKit

/// When an ambassador made their pledge (third review of issue 19, F4): a period's ambassadors are counted as at the
/// period's end for readers without exact counts, so that a pledge or report made later does not change a published
/// figure by one. Pledges made before this step are dated by their booking.
struct UpdateBookingAddPledgedAt: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Booking.schema).field("ambassador_pledged_at", .datetime).update()
        try await db.sql.raw(
            "UPDATE bookings SET ambassador_pledged_at = created_at WHERE ambassador_pledge IS NOT NULL"
        ).run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(Booking.schema).deleteField("ambassador_pledged_at").update()
    }
}
