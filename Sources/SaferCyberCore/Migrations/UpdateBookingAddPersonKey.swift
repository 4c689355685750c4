import FluentKit
import Foundation
import SQLKit

/// Each booking carries a random key shared by the bookings of one person (one email) in a partnership, kept when the
/// booking's personal details are erased, so that "different people who came" does not change when someone's details
/// are deleted at their request or at the end of the retention period (issue 21). Existing bookings are keyed by their
/// email now.
struct UpdateBookingAddPersonKey: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Booking.schema).field("person_key", .string).update()
        let sql = db.sql
        try await sql.create(index: "bookings_partnership_email").on(Booking.schema).column("partnership_id")
            .column("email").run()
        let rows = try await sql.raw("SELECT id, partnership_id, email FROM bookings WHERE email <> ''").all()
        var keys: [String: String] = [:]
        for row in rows {
            let id = try row.decode(column: "id", as: UUID.self)
            let partnership = try row.decode(column: "partnership_id", as: UUID.self)
            let email = User.normalise(email: try row.decode(column: "email", as: String.self))
            let group = partnership.uuidString + " " + email
            let key = keys[group] ?? UUID().uuidString.lowercased()
            keys[group] = key
            try await sql.raw("UPDATE bookings SET person_key = \(bind: key) WHERE id = \(bind: id)").run()
        }
    }

    func revert(on db: any Database) async throws {
        if let sql = db as? any SQLDatabase { try await sql.drop(index: "bookings_partnership_email").run() }
        try await db.schema(Booking.schema).deleteField("person_key").update()
    }
}
