import FluentKit
import Foundation

/// Messages that wait for a moment: the reminder before an event, the "after" survey link, the ambassador follow-up.
/// They are queued with the booking (so the private link is known), wait in the outbox until due, follow the event
/// when its time changes, and are dropped when the booking or event is cancelled before they go.
public enum MailSchedule {
    public static let defaultReminderHours = 48
    public static let defaultAfterSurveyHours = 24
    /// Days after the event that an ambassador is asked how many people they told.
    public static let ambassadorFollowUpDays = 14
    /// When an ambassador is asked how many people they told.
    static func ambassadorFollowUpAt(event: Event) -> Date {
        Calendar(identifier: .gregorian).date(byAdding: .day, value: ambassadorFollowUpDays, to: event.endsAt)
            ?? event.endsAt.addingTimeInterval(TimeInterval(ambassadorFollowUpDays * 86400))
    }

    /// Kinds that belong to a booking and go only while it stands.
    static let bookingKinds: Set<MailKind> = [.reminder, .afterSurvey, .ambassadorFollowUp]

    /// The surveys whose "after" link goes to people booked on `event`: open before-and-after surveys that list it.
    public static func afterSurveys(event: Event, on db: any Database) async throws -> [Survey] {
        let eventID = try event.requireID()
        // Narrowed in the database (open before-and-after surveys naming the event), then checked exactly.
        return try await Survey.query(on: db).filter(\.$partnership.$id == event.$partnership.id)
            .filter(\.$design == Survey.Design.beforeAfter).filter(\.$status == Survey.Status.open)
            .filter(\.$eventIDs, .contains(inverse: false, .anywhere), eventID.uuidString)
            .sort(\.$createdAt, .descending).sort(\.$title).all()
            .filter { $0.events.contains(eventID) && $0.design == .beforeAfter && $0.closedReason() == nil }
    }

    /// Booking emails are written when they are sent (`stillWanted`), from the booking, the event and the link's
    /// token kept in `secret`: at booking time only this short stand-in is stored, so that queueing adds one small
    /// insert to a booking (issue 22: at most 1 ms at the median), and each email says what is true when it goes.
    static let renderedWhenSent: Set<MailKind> = [.bookingConfirmation, .reminder, .afterSurvey]

    static func standIn(
        _ kind: MailKind, subject: String, partnership: Partnership, booking: Booking, token: String, at: Date?
    ) -> Outbox.Draft {
        let key = booking.id?.uuidString ?? ""
        return Outbox.Draft(
            kind: kind, partnershipID: partnership.id, recipient: booking.email,
            letter: Letter(
                subject: subject, greeting: "",
                blocks: [.paragraph("[Written with the booking's and the event's details when it is sent.]")],
                signature: []),
            idempotencyKey: "\(kind.rawValue)|\(key)", secret: token, reference: booking.id?.uuidString,
            notBefore: at)
    }

    /// A new booking's emails: the confirmation now, the reminder and the "after" survey email when due, each as a
    /// stand-in written in full when it goes.
    public static func bookingDrafts(
        partnership: Partnership, event: Event, booking: Booking, token: String, now: Date
    ) -> [Outbox.Draft] {
        let subject =
            booking.status == .waiting
            ? "You are on the waiting list: \(event.title)" : "Booking confirmed: \(event.title)"
        return [
            standIn(
                .bookingConfirmation, subject: subject, partnership: partnership, booking: booking, token: token,
                at: nil)
        ] + drafts(partnership: partnership, event: event, booking: booking, token: token, now: now)
    }

    /// The reminder and "after" survey drafts for a booking (confirmed or waiting; a waiting one goes only if it is
    /// confirmed by then), as stand-ins with their due times.
    public static func drafts(
        partnership: Partnership, event: Event, booking: Booking, token: String, now: Date
    ) -> [Outbox.Draft] {
        var drafts: [Outbox.Draft] = []
        let remindAt = event.startsAt.addingTimeInterval(
            -TimeInterval((partnership.reminderHours ?? defaultReminderHours) * 3600))
        // Booked inside the reminder window: the confirmation is the reminder.
        if remindAt > now {
            drafts.append(
                standIn(
                    .reminder, subject: "Reminder: \(event.title)", partnership: partnership, booking: booking,
                    token: token, at: remindAt))
        }
        // Always queued (so the private link is kept for it); the surveys are looked up when it is due, so that
        // booking costs no survey query and a survey attached to the event later is emailed too.
        let at = event.endsAt.addingTimeInterval(
            TimeInterval((partnership.afterSurveyHours ?? defaultAfterSurveyHours) * 3600))
        drafts.append(
            standIn(
                .afterSurvey, subject: "How was \(event.title)?", partnership: partnership, booking: booking,
                token: token, at: at))
        return drafts
    }

    /// Inside a claim: drops booking messages whose booking no longer stands (cancelled, still waiting, erased) or
    /// whose event was cancelled, and survey emails for events with no open before-and-after survey now; writes the
    /// others' survey links (with `links`). Returns the messages that should still go.
    static func stillWanted(_ messages: [OutboxMessage], links: MailLinks?, on tx: any Database) async throws
        -> [OutboxMessage]
    {
        let bookingMessages = messages.filter {
            $0.mailKind.map {
                bookingKinds.contains($0) || renderedWhenSent.contains($0) || $0 == .eventChanged
                    || $0 == .eventCancelled
            } ?? false
        }
        guard !bookingMessages.isEmpty else { return messages }
        let ids = bookingMessages.compactMap { $0.reference.flatMap(UUID.init(uuidString:)) }
        let bookings = try await Booking.query(on: tx).filter(\.$id ~~ ids).with(\.$event).all()
        let standing = Set(
            bookings.filter {
                $0.status == .confirmed && $0.anonymisedAt == nil && $0.event.status != .cancelled
            }.compactMap(\.id))
        // A change notice goes only while its booking (confirmed or waiting) and event stand, and only if no later
        // notice about the same booking was written since (one that failed and came back must not arrive after the
        // notice that corrected it, or after a cancellation).
        let stillBooked = Set(
            bookings.filter {
                ($0.status == .confirmed || $0.status == .waiting) && $0.anonymisedAt == nil
                    && $0.event.status != .cancelled
            }.compactMap(\.id))
        let changeNotices = messages.filter { $0.mailKind == .eventChanged }
        var latestNotice: [String: Date] = [:]
        if !changeNotices.isEmpty {
            let references = changeNotices.compactMap(\.reference)
            for other in try await OutboxMessage.query(on: tx).filter(\.$reference ~~ references)
                .filter(\.$kind ~~ [MailKind.eventChanged.rawValue, MailKind.eventCancelled.rawValue]).all()
            {
                guard let reference = other.reference else { continue }
                latestNotice[reference] = max(latestNotice[reference] ?? .distantPast, other.createdAt)
            }
        }
        let byID = Dictionary(uniqueKeysWithValues: bookings.compactMap { b in b.id.map { ($0, b) } })
        var surveysByEvent: [UUID: [Survey]] = [:]
        var partnerships: [UUID: Partnership] = [:]
        var keep: [OutboxMessage] = []
        let byBooking = Dictionary(uniqueKeysWithValues: bookings.compactMap { b in b.id.map { ($0, b) } })
        for message in messages {
            let bookingID = message.reference.flatMap(UUID.init(uuidString:))
            // A cancellation whose event has been reopened since (one that failed and came back) is not sent.
            if message.mailKind == .eventCancelled {
                if let booking = bookingID.flatMap({ byBooking[$0] }), booking.event.status != .cancelled {
                    try await message.delete(on: tx)
                } else {
                    keep.append(message)
                }
                continue
            }
            if message.mailKind == .eventChanged {
                let superseded = message.reference.flatMap { latestNotice[$0] }.map { $0 > message.createdAt } ?? false
                if superseded || !(bookingID.map(stillBooked.contains) ?? false) {
                    try await message.delete(on: tx)
                } else {
                    keep.append(message)
                }
                continue
            }
            if let kind = message.mailKind, bookingKinds.contains(kind), !(bookingID.map(standing.contains) ?? false) {
                try await message.delete(on: tx)
                continue
            }
            guard let kind = message.mailKind, renderedWhenSent.contains(kind),
                let booking = bookingID.flatMap({ byID[$0] })
            else {
                keep.append(message)
                continue
            }
            var surveys: [Survey] = []
            if kind == .afterSurvey {
                let eventID = try booking.event.requireID()
                if surveysByEvent[eventID] == nil {
                    surveysByEvent[eventID] = try await afterSurveys(event: booking.event, on: tx)
                }
                surveys = surveysByEvent[eventID] ?? []
                // No survey open for the event now: nothing to send.
                guard !surveys.isEmpty else {
                    try await message.delete(on: tx)
                    continue
                }
            }
            if let links, let token = message.secret, let partnershipID = message.partnershipID {
                if partnerships[partnershipID] == nil {
                    partnerships[partnershipID] = try await Partnership.find(partnershipID, on: tx)
                }
                if let partnership = partnerships[partnershipID] {
                    let event = booking.event
                    let fresh: Outbox.Draft =
                        switch kind {
                        case .bookingConfirmation:
                            MailMessages.bookingConfirmation(
                                partnership: partnership, event: event, booking: booking, token: token, links: links)
                        case .reminder:
                            MailMessages.reminder(
                                partnership: partnership, event: event, booking: booking, token: token, links: links,
                                at: message.nextAttemptAt)
                        default:
                            MailMessages.afterSurvey(
                                partnership: partnership, event: event, booking: booking, token: token,
                                surveys: surveys, links: links, at: message.nextAttemptAt)
                        }
                    message.subject = fresh.letter.subject
                    message.bodyText = fresh.letter.text
                    message.bodyHTML = fresh.letter.html
                    message.attachmentsJSON = try Outbox.attachmentsText(fresh.attachments)
                }
            }
            keep.append(message)
        }
        return keep
    }

    /// After an event's time or place changed: queued booking messages move to their new due time (their words are
    /// written when they are sent, so they already say the new time and place).
    static func follow(event: Event, partnership: Partnership, now: Date, on tx: any Database)
        async throws
    {
        let bookings = try await Booking.query(on: tx).filter(\.$event.$id == event.requireID()).all()
        let byID = Dictionary(uniqueKeysWithValues: bookings.compactMap { b in b.id.map { ($0.uuidString, b) } })
        guard !byID.isEmpty else { return }
        let queued = try await OutboxMessage.query(on: tx).filter(\.$reference ~~ Array(byID.keys))
            .filter(\.$status == OutboxMessage.Status.queued)
            .filter(\.$kind ~~ bookingKinds.map(\.rawValue)).all()
        guard !queued.isEmpty else { return }
        for message in queued {
            // The ambassador's question names no time: only when it goes moves.
            if message.mailKind == .ambassadorFollowUp {
                message.nextAttemptAt = max(ambassadorFollowUpAt(event: event), now)
                try await message.save(on: tx)
                continue
            }
            guard let booking = message.reference.flatMap({ byID[$0] }), let token = message.secret,
                let kind = message.mailKind
            else { continue }
            let fresh = drafts(
                partnership: partnership, event: event, booking: booking, token: token, now: now
            ).first { $0.kind == kind }
            guard let fresh, let due = fresh.notBefore else {
                // The new time leaves no room for it (a reminder now inside its window): drop it.
                try await message.delete(on: tx)
                continue
            }
            message.nextAttemptAt = max(due, now)
            try await message.save(on: tx)
        }
    }
}
