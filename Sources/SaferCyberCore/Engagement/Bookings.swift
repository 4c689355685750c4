import FluentKit
import Foundation
import SQLKit

/// Signing up, cancelling and the waiting list. Places are counted on the event row, under a lock, so that
/// concurrent sign-ups for the last places can never take more than the capacity.
public enum Bookings {
    public static let maxGroupPlaces = 60
    /// How long attendees' names and emails are kept after the event (then anonymised, counts kept).
    public static let retentionMonths = 12

    public struct SignUp: Sendable {
        public var name: String
        public var email: String
        public var places: Int
        public var isGroup: Bool
        public var organisation: String
        public var audienceID: UUID?
        public var answers: [String: String]
        public var sourceEventID: UUID?
        public var consent: Bool

        public init(
            name: String, email: String, places: Int = 1, isGroup: Bool = false, organisation: String = "",
            audienceID: UUID? = nil, answers: [String: String] = [:], sourceEventID: UUID? = nil, consent: Bool
        ) {
            self.name = name
            self.email = email
            self.places = places
            self.isGroup = isGroup
            self.organisation = organisation
            self.audienceID = audienceID
            self.answers = answers
            self.sourceEventID = sourceEventID
            self.consent = consent
        }
    }

    public struct Made: Sendable {
        public var bookingID: UUID
        public var status: Booking.Status
        /// The private link's secret, shown once.
        public var token: String
        public var shortCode: String
    }

    /// An answer as stored: control characters (line breaks included) become spaces, and spaces at either end go.
    static func cleanAnswer(_ answer: String) -> String { answer.replacingControlCharacters().trimmingSpaces() }

    /// Checks the form against the event's own questions. Throws `FieldErrors`.
    static func check(_ form: SignUp, event: Event) throws {
        var errors = FieldErrors()
        let name = form.name.trimmingSpaces()
        if name.isEmpty {
            errors.add("name", "Enter your name")
        } else if name.unicodeScalars.count > 100 {
            errors.add("name", "Your name must be 100 characters or fewer")
        }
        if !Accounts.isPlausibleEmail(User.normalise(email: form.email)) {
            errors.add("email", "Enter an email address in the correct format, like name@example.org")
        }
        if form.isGroup {
            if form.organisation.trimmingSpaces().isEmpty {
                errors.add("organisation", "Enter the name of the school, college or group")
            } else if form.organisation.trimmingSpaces().unicodeScalars.count > 200 {
                errors.add("organisation", "The name of the school, college or group must be 200 characters or fewer")
            }
            if !(1...min(maxGroupPlaces, max(event.capacity, 1))).contains(form.places) {
                errors.add("places", "Enter a number of places from 1 to \(min(maxGroupPlaces, event.capacity))")
            }
        } else if form.places != 1 {
            errors.add("places", "A booking for one person is for 1 place")
        }
        for question in event.formQuestions {
            let answer = cleanAnswer(form.answers[question.id] ?? "")
            if question.required && answer.isEmpty {
                errors.add("q-\(question.id)", "Answer \u{201C}\(question.label)\u{201D}")
            }
            if question.kind == .choice && !answer.isEmpty && !question.options.contains(answer) {
                errors.add("q-\(question.id)", "Choose one of the answers for \u{201C}\(question.label)\u{201D}")
            }
            // Counted in code points, not letters: 300,000 combining accents on one letter are one letter (review).
            if answer.unicodeScalars.count > 500 {
                errors.add("q-\(question.id)", "Answers must be 500 characters or fewer")
            }
        }
        if !form.consent {
            errors.add("consent", "Tick the box to say you agree to us keeping these details for this booking")
        }
        try errors.throwIfAny()
    }

    /// Books places, or a place on the waiting list when the event is full. With `links`, the confirmation email
    /// (with the private link, and the calendar entry for a confirmed place) is queued in the same transaction.
    ///
    /// `partnership`: the caller's copy (the public page has it already, from the address), which the emails use.
    public static func signUp(
        eventID: UUID, partnershipID: UUID, form: SignUp, links: MailLinks? = nil,
        partnership known: Partnership? = nil,
        now: Date = Date(), on db: any Database
    ) async throws -> Made {
        let given = known.flatMap { $0.id == partnershipID ? $0 : nil }
        let query = Event.query(on: db).filter(\.$id == eventID).filter(\.$partnership.$id == partnershipID)
        // With email, the partnership (its name, contact and email settings) comes in the same query unless the
        // caller has it: each query is about half a millisecond here, and queueing may add at most 1 ms (issue 22).
        let joined = links != nil && given == nil
        if joined { query.join(Partnership.self, on: \Event.$partnership.$id == \Partnership.$id) }
        guard let event = try await query.first(), event.status == .published, event.endsAt > now else {
            throw NotFound("event")
        }
        try check(form, event: event)
        let form = try await trusted(form, eventID: eventID, partnershipID: partnershipID, on: db)
        return try await BookingBatches.shared.submit(
            BookingBatches.Job(
                eventID: eventID, partnershipID: partnershipID, form: form, token: Secrets.token(), now: now,
                links: links, partnership: joined ? try event.joined(Partnership.self) : given), on: db)
    }

    /// The form with its references checked (issue 20 review): a follow-on source must be another event of the same
    /// partnership, and an audience one of the partnership's; anything else (another partnership's event, an id that
    /// names nothing) is dropped rather than counted, and the booking goes ahead without it.
    static func trusted(_ form: SignUp, eventID: UUID, partnershipID: UUID, on db: any Database) async throws
        -> SignUp
    {
        var form = form
        if let source = form.sourceEventID {
            let sameEvents =
                try await Event.query(on: db).filter(\.$id == source).filter(\.$partnership.$id == partnershipID)
                .count()
            if source == eventID || sameEvents == 0 { form.sourceEventID = nil }
        }
        if let audience = form.audienceID {
            let known =
                try await Audience.query(on: db).filter(\.$id == audience).filter(\.$partnership.$id == partnershipID)
                .count() > 0
            if !known { form.audienceID = nil }
        }
        return form
    }

    /// Places one sign-up inside an open write transaction whose event row is locked.
    /// Decides one sign-up against the event's places (the caller holds its lock) and builds the row; the caller
    /// saves the rows of a batch in one statement.
    static func place(_ job: BookingBatches.Job, event: Event, usedCodes: inout Set<String>) throws -> (Booking, Made) {
        let form = job.form
        let fits = event.confirmedPlaces + form.places <= event.capacity
        let booking = Booking()
        booking.id = UUID()
        booking.$event.id = job.eventID
        booking.partnershipID = job.partnershipID
        booking.createdAt = job.now
        booking.tokenHash = Secrets.hash(job.token)
        booking.shortCode = newShortCode(avoiding: &usedCodes)
        booking.status = fits ? Booking.Status.confirmed : Booking.Status.waiting
        booking.places = form.places
        booking.isGroup = form.isGroup
        booking.name = form.name.trimmingSpaces()
        booking.email = User.normalise(email: form.email)
        booking.organisation = form.organisation.trimmingSpaces()
        booking.audienceID = form.audienceID
        booking.answersJSON = String(
            decoding: try JSONEncoder().encode(
                form.answers.filter { key, _ in event.formQuestions.contains { $0.id == key } }.mapValues(cleanAnswer)
                    .filter { !$0.value.isEmpty }), as: UTF8.self)
        booking.sourceEventID = form.sourceEventID
        booking.isWalkIn = false
        booking.attendedPlaces = 0
        if fits { event.confirmedPlaces += form.places } else { event.waitingPlaces += form.places }
        return (
            booking,
            Made(
                bookingID: try booking.requireID(), status: fits ? .confirmed : .waiting, token: job.token,
                shortCode: booking.shortCode)
        )
    }

    /// The booking behind a private link, or nil.
    public static func find(token: String, on db: any Database) async throws -> Booking? {
        try await Booking.query(on: db).filter(\.$tokenHash == Secrets.hash(token)).with(\.$event).first()
    }

    /// Cancels through the private link; frees the places and promotes people from the waiting list.
    /// Returns how many bookings were promoted.
    @discardableResult
    public static func cancel(token: String, now: Date = Date(), on db: any Database) async throws -> Int {
        guard let found = try await find(token: token, on: db) else { throw NotFound("booking") }
        return try await cancel(bookingID: found.requireID(), eventID: found.$event.id, now: now, on: db)
    }

    /// Cancels one booking (the person's own link, or a place from the waiting list not confirmed in time).
    /// With `released`, only a place from the waiting list still unconfirmed after its deadline is cancelled (checked
    /// again under the event's lock, so a confirmation that arrives at the same moment wins), and the person is told.
    @discardableResult
    static func cancel(bookingID: UUID, eventID: UUID, released: Bool = false, now: Date, on db: any Database)
        async throws -> Int
    {
        try await db.write { tx in
            try await tx.lockEvent(eventID)
            guard let booking = try await Booking.find(bookingID, on: tx),
                let event = try await Event.find(eventID, on: tx)
            else {
                throw NotFound("booking")
            }
            guard booking.status != .cancelled else { return 0 }
            var notice: Outbox.Draft?
            if released {
                guard booking.awaitsConfirmation, let by = booking.confirmBy, by < now, event.startsAt > now else {
                    return 0
                }
                if let partnership = try await Partnership.find(event.$partnership.id, on: tx) {
                    notice = MailMessages.placeReleased(partnership: partnership, event: event, booking: booking)
                }
            }
            if booking.status == .confirmed {
                event.confirmedPlaces -= booking.places
            } else {
                event.waitingPlaces -= booking.places
            }
            booking.cancelledFrom = booking.status.rawValue
            booking.status = Booking.Status.cancelled
            booking.cancelledAt = now
            // Nothing personal is needed once cancelled: keep only the fact and the size of the booking.
            anonymise(booking, now: now)
            try await booking.save(on: tx)
            try await Outbox.withdraw(reference: bookingID.uuidString, on: tx)
            if let notice { try await Outbox.enqueue(notice, now: now, on: tx) }
            let promoted = try await promote(event: event, now: now, on: tx)
            try await event.save(on: tx)
            return promoted.count
        }
    }

    /// Gives each new booking with an email the key its person already has in the partnership, or a new one (the
    /// bookings of one batch with the same email share one). One query per batch.
    static func assignPersonKeys(_ rows: [Booking], partnershipID: UUID, on db: any Database) async throws {
        let emails = Array(Set(rows.map(\.email).filter { !$0.isEmpty }))
        guard !emails.isEmpty else { return }
        var keys: [String: String] = [:]
        for chunk in stride(from: 0, to: emails.count, by: 500) {
            let part = Array(emails[chunk..<min(chunk + 500, emails.count)])
            for known in try await Booking.query(on: db).filter(\.$partnershipID == partnershipID)
                .filter(\.$email ~~ part).filter(\.$personKey != nil).all()
            {
                keys[known.email] = known.personKey
            }
        }
        for row in rows where !row.email.isEmpty {
            let key = keys[row.email] ?? UUID().uuidString.lowercased()
            keys[row.email] = key
            row.personKey = key
        }
    }

    /// `keepOrganisation`: retention keeps which organisation on the register booked (organisational, not personal);
    /// a person's own erasure, a data request and a cancellation take that away too (issue 23 review).
    static func anonymise(_ booking: Booking, now: Date, keepOrganisation: Bool = false) {
        if !keepOrganisation { booking.organisationID = nil }
        booking.name = ""
        booking.email = ""
        booking.organisation = ""
        booking.answersJSON = "{}"
        booking.anonymisedAt = now
    }

    /// Moves waiting bookings into freed places in the order they joined. A group that does not fit yet stays
    /// first in line for later; smaller bookings behind it may go ahead into the places that are left. Each person
    /// promoted is emailed, in the same transaction. Returns the bookings promoted.
    ///
    /// A deadline to confirm is set only for someone who will be emailed about the place (an address, and promotion
    /// emails not switched off); it is cleared if the email cannot be sent (`Outbox.finish`), and nobody loses a place
    /// before their email has gone (`releaseUnconfirmed`). Nobody is promoted once the event has begun.
    static func promote(event: Event, now: Date, on tx: any Database) async throws -> [Booking] {
        guard event.placesLeft > 0, event.startsAt > now else { return [] }
        let waiting = try await Booking.query(on: tx).filter(\.$event.$id == event.requireID())
            .filter(\.$status == Booking.Status.waiting).sort(\.$createdAt).sort(\.$id).all()
        guard !waiting.isEmpty else { return [] }
        let partnership = try await Partnership.find(event.$partnership.id, on: tx)
        let emailsOn = !Outbox.parseKinds(partnership?.mailOff).contains(.promotion)
        // The promotion email has no link of its own: it sends the person to the link in their booking email. Only
        // someone whose booking email has gone can be asked to confirm with it (review finding).
        let haveTheirLink = Set(
            try await OutboxMessage.query(on: tx).filter(\.$kind == MailKind.bookingConfirmation.rawValue)
                .filter(\.$status == OutboxMessage.Status.sent)
                .filter(\.$reference ~~ waiting.compactMap { $0.id?.uuidString }).all().compactMap(\.reference))
        var promoted: [Booking] = []
        let deadline = confirmDeadline(promotedAt: now, eventStartsAt: event.startsAt)
        for booking in waiting where booking.places <= event.placesLeft {
            booking.status = Booking.Status.confirmed
            booking.promotedAt = now
            let told = emailsOn && !booking.email.isEmpty && haveTheirLink.contains(booking.id?.uuidString ?? "")
            booking.confirmBy = told ? deadline : nil
            try await booking.save(on: tx)
            event.confirmedPlaces += booking.places
            event.waitingPlaces -= booking.places
            promoted.append(booking)
        }
        if !promoted.isEmpty, let partnership {
            try await Outbox.enqueue(
                promoted.map { MailMessages.promotion(partnership: partnership, event: event, booking: $0) }, now: now,
                on: tx)
        }
        return promoted
    }

    /// Deadlines of places awaiting confirmation after the event's time changed. A deadline the person has been
    /// told is never brought forward: when the event now starts less than 6 hours after it, the place is simply
    /// theirs (no deadline); otherwise it stands as told.
    static func moveDeadlines(event: Event, now: Date, on tx: any Database) async throws {
        let waitingToConfirm = try await Booking.query(on: tx).filter(\.$event.$id == event.requireID())
            .filter(\.$status == Booking.Status.confirmed).filter(\.$confirmBy != nil)
            .filter(\.$promotionConfirmedAt == nil).all()
        for booking in waitingToConfirm {
            guard let told = booking.confirmBy, told > event.startsAt.addingTimeInterval(-confirmCutoff) else {
                continue
            }
            booking.confirmBy = nil
            try await booking.save(on: tx)
        }
    }

    /// After the promotion email's try ended: a place whose email could not go (no email server, refused) has no
    /// deadline; one whose email went late gets its full time from the moment it went.
    static func promotionEmailFinished(bookingID: UUID, sent: Bool, now: Date, on tx: any Database) async throws {
        guard let booking = try await Booking.query(on: tx).filter(\.$id == bookingID).with(\.$event).first(),
            booking.awaitsConfirmation
        else { return }
        if !sent {
            booking.confirmBy = nil
        } else if let promotedAt = booking.promotedAt, now.timeIntervalSince(promotedAt) > 3600 {
            let fresh = confirmDeadline(promotedAt: now, eventStartsAt: booking.event.startsAt)
            booking.confirmBy = fresh.map { max($0, booking.confirmBy ?? $0) }
        }
        try await booking.save(on: tx)
    }

    /// How long someone promoted from the waiting list has to confirm the place.
    public static let confirmWindow: TimeInterval = 48 * 3600
    /// No deadline when the event is this close: there is no time to pass the place on anyway.
    public static let confirmCutoff: TimeInterval = 6 * 3600

    /// The confirm-by time for a place given at `promotedAt`: 48 hours, but no later than 6 hours before the event;
    /// nil (the place is simply theirs) when that leaves less than 2 hours.
    public static func confirmDeadline(promotedAt: Date, eventStartsAt: Date) -> Date? {
        let deadline = min(
            promotedAt.addingTimeInterval(confirmWindow), eventStartsAt.addingTimeInterval(-confirmCutoff))
        return deadline.timeIntervalSince(promotedAt) >= 2 * 3600 ? deadline : nil
    }

    /// The person confirms a place given from the waiting list.
    public static func confirmPromotion(token: String, now: Date = Date(), on db: any Database) async throws {
        guard let found = try await find(token: token, on: db) else { throw NotFound("booking") }
        try await db.write { tx in
            // Under the event's lock, like the release: whichever comes first wins, never both.
            try await tx.lockEvent(found.$event.id)
            guard let booking = try await Booking.find(found.id, on: tx), booking.awaitsConfirmation else { return }
            booking.promotionConfirmedAt = now
            try await booking.save(on: tx)
        }
    }

    /// Places from the waiting list not confirmed in time go to the next person (run by the server every minute).
    /// Returns how many were released.
    @discardableResult
    public static func releaseUnconfirmed(now: Date = Date(), on db: any Database) async throws -> Int {
        let overdue = try await Booking.query(on: db).filter(\.$status == Booking.Status.confirmed)
            .filter(\.$confirmBy < now).filter(\.$promotionConfirmedAt == nil).all()
        guard !overdue.isEmpty else { return 0 }
        // Only people who were actually told: their promotion email has gone.
        let told = Set(
            try await OutboxMessage.query(on: db).filter(\.$kind == MailKind.promotion.rawValue)
                .filter(\.$status == OutboxMessage.Status.sent)
                .filter(\.$reference ~~ overdue.compactMap { $0.id?.uuidString }).all().compactMap(\.reference))
        var released = 0
        for booking in overdue where told.contains(try booking.requireID().uuidString) {
            try await cancel(
                bookingID: booking.requireID(), eventID: booking.$event.id, released: true, now: now, on: db)
            if try await Booking.find(booking.id, on: db)?.status == .cancelled { released += 1 }
        }
        return released
    }

    static let codeAlphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
}
