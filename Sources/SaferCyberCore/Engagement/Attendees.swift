import FluentKit
import Foundation

/// Everyone booked on an event, for the people who run it (issue 23): names, the email given at booking, places,
/// whether they are here, and their answers to the event's questions, with access needs first so that nobody who
/// needs a hearing loop or step-free access is missed. Each look is written to the audit log (the list names people
/// and may hold health information).
public enum Attendees {
    public struct Row: Sendable, Equatable {
        public var name: String
        public var email: String
        public var organisation: String
        public var places: Int
        /// Confirmed or on the waiting list.
        public var isWaiting: Bool
        public var attended: Int
        public var isWalkIn: Bool
        public var shortCode: String
        /// The answer to the access-needs question (empty: none given).
        public var accessNeeds: String
        /// The answers to the organiser's own questions, in the questions' order ("" where not answered).
        public var answers: [String]
    }

    public struct List: Sendable, Equatable {
        /// The organiser's own questions (the access-needs question has its own column).
        public var questions: [SignUpQuestion]
        /// People with access needs first, then confirmed before waiting, then by name.
        public var rows: [Row]
        public var withAccessNeeds: Int { rows.filter { !$0.accessNeeds.isEmpty }.count }
        /// People a message would reach: confirmed and waiting bookings that gave an email address.
        public var reachable: (confirmed: Int, waiting: Int) {
            let withEmail = rows.filter { !$0.email.isEmpty }
            return (withEmail.filter { !$0.isWaiting }.count, withEmail.filter(\.isWaiting).count)
        }
    }

    /// `download`: the list leaves the system as a file, and the audit log says so.
    public static func list(
        eventID: UUID, partnershipID: UUID, viewedBy: ActingUser, download: Bool = false, on db: any Database
    ) async throws -> List {
        guard let event = try await Event.find(eventID, partnershipID: partnershipID, on: db) else {
            throw NotFound("event")
        }
        try await Audit.read(
            on: db, partnershipID: partnershipID, by: viewedBy, entity: "event-attendees",
            entityID: eventID.uuidString,
            summary: download
                ? "Downloaded the attendee list of “\(event.title)” as CSV"
                : "Viewed the attendee list of “\(event.title)”")
        let questions = event.questions.filter { $0.id != SignUpQuestion.accessNeeds.id }
        let bookings = try await Booking.query(on: db).filter(\.$event.$id == eventID)
            .filter(\.$status ~~ [Booking.Status.confirmed, Booking.Status.waiting]).all()
        let rows = bookings.map { b -> Row in
            let given = b.answers
            return Row(
                name: b.name.isEmpty ? "(details deleted)" : b.name, email: b.email, organisation: b.organisation,
                places: b.places, isWaiting: b.status == .waiting, attended: b.attendedPlaces,
                isWalkIn: b.isWalkIn, shortCode: b.shortCode,
                accessNeeds: b.accessNeeds,
                answers: questions.map { given[$0.id] ?? "" })
        }
        return List(
            questions: questions,
            rows: rows.sorted {
                ($0.accessNeeds.isEmpty ? 1 : 0, $0.isWaiting ? 1 : 0, $0.name.lowercased())
                    < ($1.accessNeeds.isEmpty ? 1 : 0, $1.isWaiting ? 1 : 0, $1.name.lowercased())
            })
    }

    /// The list as CSV rows, header first.
    public static func table(_ list: List) -> [[String]] {
        [
            ["Name", "Email", "Organisation", "Places", "Booking", "Here", "Short code", "Access needs"]
                + list.questions.map(\.label)
        ]
            + list.rows.map { row in
                [
                    row.name, row.email, row.organisation, "\(row.places)",
                    row.isWaiting ? "Waiting list" : row.isWalkIn ? "Walk-in" : "Confirmed", "\(row.attended)",
                    row.shortCode, row.accessNeeds,
                ] + row.answers
            }
    }
}
