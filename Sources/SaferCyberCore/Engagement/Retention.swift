import FluentKit
import Foundation

/// Deleting attendees' personal details once they are no longer needed, keeping every count.
public enum Retention {
    /// Anonymises bookings of events that ended more than the partnership's retention period ago.
    /// Returns how many bookings were anonymised. Run by the housekeeping job and `safercyber retention run`.
    @discardableResult
    public static func apply(now: Date = Date(), on db: any Database) async throws -> Int {
        var total = 0
        for partnership in try await Partnership.query(on: db).all() {
            let months = partnership.bookingRetentionMonths ?? Bookings.retentionMonths
            guard let cutoff = Calendar(identifier: .gregorian).date(byAdding: .month, value: -months, to: now) else {
                continue
            }
            let events = try await Event.query(on: db).filter(\.$partnership.$id == partnership.requireID()).filter(
                \.$endsAt < cutoff
            ).all()
            let ids = events.compactMap(\.id)
            guard !ids.isEmpty else { continue }
            let bookings = try await Booking.query(on: db).filter(\.$event.$id ~~ ids).filter(\.$anonymisedAt == nil)
                .all()
            guard !bookings.isEmpty else { continue }
            try await db.write { tx in
                for booking in bookings {
                    Bookings.anonymise(booking, now: now, keepOrganisation: true)
                    try await booking.save(on: tx)
                }
                try await Outbox.forget(references: bookings.compactMap { $0.id?.uuidString }, on: tx)
                try await Audit.record(
                    on: tx, partnershipID: partnership.requireID(), by: .system("retention"), action: .update,
                    entity: "bookings",
                    summary: "Deleted the personal details of \(bookings.count) bookings older than \(months) months")
            }
            total += bookings.count
        }
        // Emails that have finished are kept as long as the bookings they were about (issue 22).
        try await Outbox.purge(now: now, on: db)
        return total
    }

    /// The attendee's own erasure through their link: details deleted now; an upcoming booking is cancelled
    /// first so that the place goes to someone waiting.
    public static func erase(token: String, now: Date = Date(), on db: any Database) async throws {
        guard let booking = try await Bookings.find(token: token, on: db) else { throw NotFound("booking") }
        if booking.status != .cancelled && booking.event.endsAt > now {
            try await Bookings.cancel(token: token, now: now, on: db)
            // Nothing sent to or about them stays in the outbox either (issue 22).
            if let id = booking.id { try await Outbox.forget(references: [id.uuidString], on: db) }
        } else {
            Bookings.anonymise(booking, now: now)
            try await db.write { tx in
                try await booking.save(on: tx)
                try await Outbox.forget(references: [try booking.requireID().uuidString], on: tx)
            }
        }
    }

    public static func setMonths(_ months: Int, partnershipID: UUID, by actor: ActingUser, on db: any Database)
        async throws
    {
        guard (1...120).contains(months) else { throw FieldErrors("months", "Enter a number of months from 1 to 120") }
        try await Partnerships.setNumber(
            \.bookingRetentionMonths, to: months, fallback: Bookings.retentionMonths, key: "months",
            summary: "Set attendee data retention to \(months) months", partnershipID: partnershipID, by: actor,
            on: db)
    }
}
