import FluentKit

/// How many months after an event attendees' personal details are kept.
struct UpdatePartnershipAddRetention: AsyncMigration {
    func prepare(on db: any Database) async throws {
        // Empty means the default, `Bookings.retentionMonths`.
        try await db.schema(Partnership.schema).field("booking_retention_months", .int).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(Partnership.schema).deleteField("booking_retention_months").update()
    }
}
