import FluentKit
import Foundation

/// The short codes people read out at the door, unique within an event.
extension Bookings {
    /// A code not in `used` (the event's codes, read once per batch), which it then joins.
    static func newShortCode(avoiding used: inout Set<String>) -> String {
        while true {
            let code = String((0..<6).map { _ in codeAlphabet[Int.random(in: 0..<codeAlphabet.count)] })
            if used.insert(code).inserted { return code }
        }
    }

    static func usedShortCodes(eventID: UUID, on db: any Database) async throws -> Set<String> {
        let rows = try await db.sql.raw(
            "SELECT short_code FROM bookings WHERE event_id = \(bind: eventID)"
        ).all()
        return Set(try rows.map { try $0.decode(column: "short_code", as: String.self) })
    }

    /// Six characters from an alphabet without look-alikes (no 0/O, 1/I/L), unused at this event.
    static func freeShortCode(eventID: UUID, on tx: any Database) async throws -> String {
        let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
        while true {
            let code = String((0..<6).map { _ in alphabet[Int.random(in: 0..<alphabet.count)] })
            let taken =
                try await Booking.query(on: tx).filter(\.$event.$id == eventID).filter(\.$shortCode == code).count() > 0
            if !taken { return code }
        }
    }
}
