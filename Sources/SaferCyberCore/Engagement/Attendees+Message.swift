import FluentKit
import Foundation

/// A message from the people running an event to everyone booked on it (issue 23): "the room has changed", "bring
/// your phone". Queued through the outbox (docs/email.md), one email each, in the transaction that records it.
extension Attendees {
    public static let subjectLimit = 120
    public static let messageLimit = 5000

    /// Queues the message to everyone with a confirmed booking (and the waiting list when `includeWaiting`) who gave
    /// an email address. Returns how many emails were queued. Audited with the subject and the count, not the text.
    @discardableResult
    public static func message(
        eventID: UUID, partnershipID: UUID, subject: String, text: String, includeWaiting: Bool,
        by actor: ActingUser, now: Date = Date(), on db: any Database
    ) async throws -> Int {
        let subjectLine = Bookings.cleanAnswer(subject)
        let body = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        var errors = FieldErrors()
        if subjectLine.isEmpty {
            errors.add("subject", "Enter a subject")
        } else if subjectLine.unicodeScalars.count > subjectLimit {
            errors.add("subject", "The subject must be \(subjectLimit) characters or fewer")
        }
        if body.isEmpty {
            errors.add("message", "Enter the message")
        } else if body.unicodeScalars.count > messageLimit {
            errors.add("message", "The message must be \(messageLimit) characters or fewer")
        }
        try errors.throwIfAny()
        return try await db.write { tx in
            guard let event = try await Event.find(eventID, partnershipID: partnershipID, on: tx),
                let partnership = try await Partnership.find(partnershipID, on: tx)
            else { throw NotFound("event") }
            let statuses =
                [Booking.Status.confirmed] + (includeWaiting ? [Booking.Status.waiting] : [])
            let bookings = try await Booking.query(on: tx).filter(\.$event.$id == eventID)
                .filter(\.$status ~~ statuses).all()
                .filter { !$0.email.isEmpty }
            let messageID = UUID().uuidString
            let paragraphs = body.components(separatedBy: "\n\n").map {
                Letter.Block.paragraph($0.replacingOccurrences(of: "\n", with: " "))
            }
            let drafts = bookings.map { booking in
                Outbox.Draft(
                    kind: .organiserMessage, partnershipID: partnershipID, recipient: booking.email,
                    letter: Letter(
                        subject: "\(subjectLine) – \(event.title)", greeting: MailMessages.greeting(booking.name),
                        blocks: paragraphs + [
                            .paragraph("You are receiving this because you booked a place on \(event.title):"),
                            MailMessages.eventFacts(event),
                        ],
                        signature: MailMessages.signature(partnership)),
                    idempotencyKey: "organiser-message|\(messageID)|\(booking.id?.uuidString ?? "")",
                    reference: booking.id?.uuidString)
            }
            let queued = try await Outbox.enqueue(drafts, partnership: partnership, now: now, on: tx)
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .create, entity: "event-message",
                entityID: eventID.uuidString,
                summary:
                    "Emailed \(queued) \(queued == 1 ? "person" : "people") booked on “\(event.title)”: “\(subjectLine)”"
            )
            return queued
        }
    }
}
