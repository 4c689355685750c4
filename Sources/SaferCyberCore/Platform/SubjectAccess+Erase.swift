import FluentKit
import Foundation
import SQLKit

/// Erasure on request: personal details go, each record stays as a count.
extension SubjectAccess {
    /// Erases the personal details in the records named (each only if it is the partnership's), keeping each record
    /// as a count: bookings keep their event, places, attendance and person key; an upcoming booking is cancelled
    /// first so its place goes to someone waiting; contact details after a check are deleted; emails are emptied
    /// (a waiting one is withdrawn). Returns how many records held something to erase. Audited.
    @discardableResult
    public static func erase(
        _ refs: [Ref], partnershipID: UUID, by actor: ActingUser, now: Date = Date(), on db: any Database
    ) async throws -> Int {
        let found = try await records(refs, partnershipID: partnershipID, on: db).filter(\.holdsPersonalData)
        guard !found.isEmpty else { return 0 }
        let ids = Dictionary(grouping: found.map(\.ref), by: \.kind).mapValues { $0.map(\.id) }
        // Upcoming bookings are cancelled first (their own transaction each: the event is locked).
        var erasedBookings: [UUID] = []
        if let bookingIDs = ids[.booking] {
            for booking in try await Booking.query(on: db).filter(\.$id ~~ bookingIDs).with(\.$event).all() {
                if booking.status != .cancelled && booking.event.startsAt > now {
                    try await Bookings.cancel(
                        bookingID: try booking.requireID(), eventID: booking.$event.id, now: now, on: db)
                }
                erasedBookings.append(try booking.requireID())
            }
        }
        let erased = erasedBookings
        try await db.write { tx in
            for booking in try await Booking.query(on: tx).filter(\.$id ~~ erased).all() {
                Bookings.anonymise(booking, now: now)
                try await booking.save(on: tx)
            }
            if let checkIDs = ids[.checkContact] {
                for check in try await ResilienceCheck.query(on: tx).filter(\.$id ~~ checkIDs).all() {
                    check.followUp = false
                    // Erased at the person's request: the check no longer says which organisation took it.
                    check.organisationID = nil
                    check.organisationName = nil
                    check.contactName = nil
                    check.contactEmail = nil
                    check.contactPhone = nil
                    try await check.save(on: tx)
                }
            }
            let references = erased.map(\.uuidString) + (ids[.checkContact] ?? []).map(\.uuidString)
            try await Outbox.forget(references: references, on: tx)
            try await Outbox.forget(ids: ids[.email] ?? [], on: tx)
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .delete, entity: "subject-access",
                entityID: nil,
                summary: "Erased the personal details in \(summary(found)) at the person’s request (counts kept)")
        }
        // SQLite: move the change out of the write-ahead log now, so the erased words do not linger in it (the
        // main file's freed pages are zeroed by secure_delete). Best effort: a busy reader only delays it.
        if db.isSQLite { try? await (db as? any SQLDatabase)?.raw("PRAGMA wal_checkpoint(TRUNCATE)").run() }
        return found.count
    }

    /// "2 bookings, 1 email" — counts by kind, for the audit log.
    static func summary(_ records: [Record]) -> String {
        let counts = Dictionary(grouping: records, by: \.ref.kind).mapValues(\.count)
        return Kind.allCases.compactMap { kind in
            counts[kind].map {
                "\($0) \(kind.label.lowercased())\($0 == 1 || kind.label.hasSuffix("s") ? "" : "s")"
            }
        }.joined(separator: ", ")
    }
}
