import FluentKit
import Foundation

/// On the day: the register, check-in by name or short code, walk-ins, and totals per audience.
public enum Attendance {
    public struct Line: Sendable, Equatable {
        public var bookingID: UUID
        public var name: String
        public var organisation: String
        public var places: Int
        public var shortCode: String
        public var audience: String
        public var attended: Int
        public var isWalkIn: Bool
        /// What the person said about access needs at booking (empty when nothing): shown on the day.
        public var accessNeeds: String = ""
    }

    /// Confirmed bookings and walk-ins, by name; `search` matches a name or a short code.
    /// With `viewedBy`, the view is audited (the register names people).
    public static func register(
        eventID: UUID, partnershipID: UUID, search: String = "", viewedBy: ActingUser? = nil, on db: any Database
    ) async throws -> [Line] {
        guard let event = try await Event.find(eventID, partnershipID: partnershipID, on: db) else {
            throw NotFound("event")
        }
        if let viewedBy {
            try await Audit.read(
                on: db, partnershipID: partnershipID, by: viewedBy, entity: "event-register",
                entityID: eventID.uuidString, summary: "Viewed the register of “\(event.title)”")
        }
        let audiences = Dictionary(
            try await Audience.query(on: db).filter(\.$partnership.$id == partnershipID).all()
                .compactMap { a in a.id.map { ($0, a.name) } }, uniquingKeysWith: { a, _ in a })
        let needle = search.trimmingSpaces().lowercased()
        return try await Booking.query(on: db).filter(\.$event.$id == eventID).filter(
            \.$status == Booking.Status.confirmed
        )
        .all()
        .filter {
            needle.isEmpty || $0.name.lowercased().contains(needle) || $0.shortCode.lowercased() == needle
                || $0.organisation.lowercased().contains(needle)
        }
        .map { b in
            Line(
                bookingID: b.id!, name: b.name.isEmpty ? "(details deleted)" : b.name, organisation: b.organisation,
                places: b.places,
                shortCode: b.shortCode, audience: b.audienceID.flatMap { audiences[$0] } ?? "Not given",
                attended: b.attendedPlaces,
                isWalkIn: b.isWalkIn, accessNeeds: b.accessNeeds)
        }
        .sorted { $0.name.lowercased() < $1.name.lowercased() }
    }

    /// Marks a booking as here; a group may bring fewer than it booked. Returns the places now attended.
    @discardableResult
    public static func checkIn(
        eventID: UUID, partnershipID: UUID, bookingID: UUID, places: Int? = nil, by actor: ActingUser,
        now: Date = Date(), on db: any Database
    ) async throws -> Int {
        try await db.write { tx in
            guard
                let booking = try await Booking.query(on: tx).filter(\.$id == bookingID).filter(\.$event.$id == eventID)
                    .filter(\.$partnershipID == partnershipID).first(), booking.status == .confirmed
            else { throw NotFound("booking") }
            booking.attendedPlaces = min(max(places ?? booking.places, 0), booking.places)
            booking.checkedInAt = booking.attendedPlaces > 0 ? now : nil
            try await booking.save(on: tx)
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .update, entity: "attendance",
                entityID: bookingID.uuidString,
                summary: "Checked in \(booking.attendedPlaces) of \(booking.places) (\(booking.shortCode))")
            return booking.attendedPlaces
        }
    }

    /// Someone who came without booking. A name is optional; nothing else is asked.
    public static func walkIn(
        eventID: UUID, partnershipID: UUID, name: String, audienceID: UUID?, places: Int, by actor: ActingUser,
        now: Date = Date(), on db: any Database
    ) async throws {
        guard (1...Bookings.maxGroupPlaces).contains(places) else {
            throw FieldErrors("places", "Enter a number of people from 1 to \(Bookings.maxGroupPlaces)")
        }
        guard try await Event.find(eventID, partnershipID: partnershipID, on: db) != nil else {
            throw NotFound("event")
        }
        // Only the partnership's own audiences (review finding: another partnership's id was stored).
        let audienceID = try await Bookings.trusted(
            .init(name: "", email: "", audienceID: audienceID, consent: true), eventID: eventID,
            partnershipID: partnershipID, on: db
        ).audienceID
        try await db.write { tx in
            let booking = Booking()
            booking.$event.id = eventID
            booking.partnershipID = partnershipID
            booking.createdAt = now
            booking.tokenHash = Secrets.hash(Secrets.token())
            booking.shortCode = try await Bookings.freeShortCode(eventID: eventID, on: tx)
            booking.status = Booking.Status.confirmed
            booking.places = places
            booking.isGroup = places > 1
            booking.name = String(name.trimmingSpaces().prefix(100))
            booking.email = ""
            booking.organisation = ""
            booking.audienceID = audienceID
            booking.answersJSON = "{}"
            booking.isWalkIn = true
            booking.checkedInAt = now
            booking.attendedPlaces = places
            try await booking.create(on: tx)
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .create, entity: "attendance",
                entityID: booking.id?.uuidString, summary: "Added \(places) walk-in\(places == 1 ? "" : "s")")
        }
    }

    public struct Totals: Sendable, Equatable {
        public var booked: Int
        public var attended: Int
        public var walkIns: Int
        public var byAudience: [(audience: String, attended: Int)]
        public static func == (a: Totals, b: Totals) -> Bool {
            a.booked == b.booked && a.attended == b.attended && a.walkIns == b.walkIns
                && a.byAudience.map(\.audience) == b.byAudience.map(\.audience)
                && a.byAudience.map(\.attended) == b.byAudience.map(\.attended)
        }
    }

    public static func totals(_ lines: [Line]) -> Totals {
        let booked = lines.filter { !$0.isWalkIn }.reduce(0) { $0 + $1.places }
        let attended = lines.reduce(0) { $0 + $1.attended }
        let walkIns = lines.filter(\.isWalkIn).reduce(0) { $0 + $1.attended }
        let grouped = Dictionary(grouping: lines, by: \.audience).mapValues { $0.reduce(0) { $0 + $1.attended } }
        return Totals(
            booked: booked, attended: attended, walkIns: walkIns,
            byAudience: grouped.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }
}
