import FluentKit

/// What a booking was when it was cancelled (review of issue 19): follow-on sign-ups are counted as they stood at a
/// period's end, and a booking cancelled afterwards from the waiting list had been counted as a place then. Earlier
/// cancellations are left unknown (taken as confirmed, as before).
struct UpdateBookingAddCancelledFrom: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Booking.schema).field("cancelled_from", .string).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(Booking.schema).deleteField("cancelled_from").update()
    }
}
