import FluentKit
import Foundation
import SQLKit

/// Creating, editing and listing events.
public enum Events {
    public struct Draft: Sendable {
        public var title: String
        public var summary: String
        public var kind: Event.Kind?
        public var partnerID: UUID?
        public var objectiveIDs: [UUID]
        public var themeIDs: [UUID]
        public var audienceIDs: [UUID]
        public var venue: String
        public var area: String
        public var isOnline: Bool
        public var startsAt: Date?
        public var endsAt: Date?
        public var capacity: Int?
        public var isPublic: Bool
        public var accessibility: String
        public var questions: [SignUpQuestion]
        public var status: Event.Status
        public var countsAsFriends: Bool
        public var seriesID: UUID?
        /// Who led the session (issue 23: young people listen to peers); nil: not recorded.
        public var ledBy: Event.Leader? = nil

        public init(
            title: String = "", summary: String = "", kind: Event.Kind? = nil, partnerID: UUID? = nil,
            objectiveIDs: [UUID] = [], themeIDs: [UUID] = [], audienceIDs: [UUID] = [], venue: String = "",
            area: String = "",
            isOnline: Bool = false, startsAt: Date? = nil, endsAt: Date? = nil, capacity: Int? = nil,
            isPublic: Bool = true,
            accessibility: String = "", questions: [SignUpQuestion] = [], status: Event.Status = .draft,
            countsAsFriends: Bool = false, seriesID: UUID? = nil
        ) {
            self.title = title
            self.summary = summary
            self.kind = kind
            self.partnerID = partnerID
            self.objectiveIDs = objectiveIDs
            self.themeIDs = themeIDs
            self.audienceIDs = audienceIDs
            self.venue = venue
            self.area = area
            self.isOnline = isOnline
            self.startsAt = startsAt
            self.endsAt = endsAt
            self.capacity = capacity
            self.isPublic = isPublic
            self.accessibility = accessibility
            self.questions = questions
            self.status = status
            self.countsAsFriends = countsAsFriends
            self.seriesID = seriesID
        }
    }

    /// The organisation running an event is one of the partnership's (review: any id was stored).
    static func checkPartner(_ draft: Draft, partnershipID: UUID, on db: any Database) async throws {
        guard let partnerID = draft.partnerID else { return }
        let found = try await PartnerOrganisation.query(on: db).filter(\.$id == partnerID)
            .filter(\.$partnership.$id == partnershipID).count()
        guard found == 1 else { throw FieldErrors("partner", "Choose the partner running it from the list") }
    }

    static func check(_ draft: Draft, confirmedPlaces: Int = 0) throws {
        var errors = FieldErrors()
        let title = draft.title.trimmingSpaces()
        if title.isEmpty {
            errors.add("title", "Enter a title for the event")
        } else if title.count > 120 {
            errors.add("title", "The title must be 120 characters or fewer")
        }
        if draft.kind == nil { errors.add("kind", "Choose the type of event") }
        if draft.venue.trimmingSpaces().isEmpty && !draft.isOnline {
            errors.add("venue", "Enter the venue, or say the event is online")
        }
        if draft.startsAt == nil { errors.add("startsAt", "Enter when the event starts, like 2027-03-14 18:30") }
        if draft.endsAt == nil { errors.add("endsAt", "Enter when the event ends, like 2027-03-14 20:00") }
        if let start = draft.startsAt, let end = draft.endsAt, end <= start {
            errors.add("endsAt", "The event must end after it starts")
        }
        if let capacity = draft.capacity {
            if !(1...100_000).contains(capacity) {
                errors.add("capacity", "Enter a number of places from 1 to 100,000")
            }
            if capacity < confirmedPlaces {
                errors.add("capacity", "\(confirmedPlaces) places are already booked, so the event cannot have fewer")
            }
        } else {
            errors.add("capacity", "Enter how many places there are, as a number")
        }
        try errors.throwIfAny()
    }

    @discardableResult
    public static func create(_ draft: Draft, partnershipID: UUID, by actor: ActingUser, on db: any Database)
        async throws -> Event
    {
        try check(draft)
        try await checkPartner(draft, partnershipID: partnershipID, on: db)
        return try await db.write { tx in
            let event = Event()
            event.$partnership.id = partnershipID
            apply(draft, to: event)
            event.confirmedPlaces = 0
            event.waitingPlaces = 0
            try await event.create(on: tx)
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .create, entity: "event",
                entityID: event.id?.uuidString, summary: "Created event \(event.title)")
            return event
        }
    }

    /// A weekly series: the first session and `repeats` more, one week apart, each its own event in the series.
    @discardableResult
    public static func createWeekly(
        _ draft: Draft, repeats: Int, partnershipID: UUID, by actor: ActingUser, on db: any Database
    ) async throws -> [Event] {
        guard (1...52).contains(repeats) else {
            throw FieldErrors("repeats", "Enter how many more weekly sessions, from 1 to 52")
        }
        try check(draft)
        try await checkPartner(draft, partnershipID: partnershipID, on: db)
        return try await db.write { tx in
            let series = EventSeries()
            series.$partnership.id = partnershipID
            series.title = draft.title.trimmingSpaces()
            series.summary = String(draft.summary.prefix(2000))
            try await series.create(on: tx)
            var events: [Event] = []
            for week in 0...repeats {
                var session = draft
                session.startsAt = draft.startsAt.map { Self.sameLocalTime($0, plus: week) }
                session.endsAt = draft.endsAt.map { Self.sameLocalTime($0, plus: week) }
                session.title = "\(draft.title.trimmingSpaces()) (session \(week + 1) of \(repeats + 1))"
                session.seriesID = series.id
                let event = Event()
                event.$partnership.id = partnershipID
                apply(session, to: event)
                event.confirmedPlaces = 0
                event.waitingPlaces = 0
                try await event.create(on: tx)
                events.append(event)
            }
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .create, entity: "event-series",
                entityID: series.id?.uuidString,
                summary: "Created a weekly series of \(repeats + 1) sessions: \(series.title)")
            return events
        }
    }

    /// The same wall-clock time `weeks` later in the UK, across clock changes.
    static func sameLocalTime(_ date: Date, plus weeks: Int) -> Date {
        UKTime.calendar.date(byAdding: .day, value: 7 * weeks, to: date) ?? date
    }

    /// Edits an event. A larger capacity promotes people from the waiting list at once.
    public static func update(
        _ eventID: UUID, _ draft: Draft, partnershipID: UUID, by actor: ActingUser, links: MailLinks? = nil,
        now: Date = Date(), on db: any Database
    ) async throws {
        guard let current = try await Event.find(eventID, partnershipID: partnershipID, on: db) else {
            throw NotFound("event")
        }
        try check(draft, confirmedPlaces: current.confirmedPlaces)
        try await checkPartner(draft, partnershipID: partnershipID, on: db)
        try await db.write { tx in
            try await tx.lockEvent(eventID)
            guard let event = try await Event.find(eventID, on: tx) else { throw NotFound("event") }
            let before = ["title": event.title, "capacity": "\(event.capacity)", "status": event.status.rawValue]
            let was = (
                when: EventTimes.span(event.startsAt, event.endsAt), place: event.place, status: event.status
            )
            let startedAt = event.startsAt
            apply(draft, to: event)
            if event.startsAt != startedAt { try await Bookings.moveDeadlines(event: event, now: now, on: tx) }
            _ = try await Bookings.promote(event: event, now: now, on: tx)
            try await event.save(on: tx)
            try await tellBooked(event: event, was: was, links: links, now: now, on: tx)
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .update, entity: "event",
                entityID: eventID.uuidString, summary: "Changed event \(event.title)", before: before,
                after: ["title": event.title, "capacity": "\(event.capacity)", "status": event.status.rawValue])
        }
    }

    /// Emails everyone booked or waiting when the time or place changes, or the event is cancelled.
    ///
    /// Each notice says what changed since what its reader was last told: a notice not sent yet is replaced by one
    /// from what it would have changed (kept in its `context`), so A→B→A before the first notice goes sends nothing,
    /// and A→B→C sends one notice, from A to C.
    static func tellBooked(
        event: Event, was: (when: String, place: String, status: Event.Status), links: MailLinks?, now: Date,
        on tx: any Database
    ) async throws {
        let when = EventTimes.span(event.startsAt, event.endsAt)
        let cancelled = event.status == .cancelled && was.status != .cancelled
        // A cancellation undone: a cancellation notice not sent yet is withdrawn; those already told are told again.
        let reopened = was.status == .cancelled && event.status == .published
        guard
            cancelled || reopened
                || ((when != was.when || event.place != was.place) && event.status == .published),
            let partnership = try await Partnership.find(event.$partnership.id, on: tx)
        else { return }
        // Waiting reminders and survey links follow the new time (a cancelled event's are dropped when claimed).
        if !cancelled {
            try await MailSchedule.follow(event: event, partnership: partnership, now: now, on: tx)
        }
        let booked = try await Booking.query(on: tx).filter(\.$event.$id == event.requireID())
            .filter(\.$status ~~ [Booking.Status.confirmed, Booking.Status.waiting])
            .filter(\.$anonymisedAt == nil).all()
        let lastTold = try await withdrawChangeNotices(bookings: booked.compactMap(\.id), on: tx)
        var toldCancelled: Set<String> = []
        if reopened {
            let references = booked.compactMap { $0.id?.uuidString }
            try await OutboxMessage.query(on: tx).filter(\.$reference ~~ references)
                .filter(\.$kind == MailKind.eventCancelled.rawValue)
                .filter(\.$status == OutboxMessage.Status.queued).delete()
            // Only those a cancellation actually reached (sent, or being sent) are told it is going ahead.
            toldCancelled = Set(
                try await OutboxMessage.query(on: tx).filter(\.$reference ~~ references)
                    .filter(\.$kind == MailKind.eventCancelled.rawValue)
                    .filter(\.$status ~~ [OutboxMessage.Status.sent, OutboxMessage.Status.sending])
                    .all().compactMap(\.reference))
        }
        guard cancelled || event.endsAt > now else { return }
        // One notice per change: a move back to an earlier time or place is a change too.
        let version = Secrets.hash(
            "\(cancelled ? "cancelled" : "changed")|\(when)|\(event.place)|\(now.timeIntervalSince1970)"
        )
        .prefix(12)
        var drafts: [Outbox.Draft] = []
        for booking in booked {
            var knew = booking.id.flatMap { lastTold[$0] } ?? Told(when: was.when, place: was.place)
            if reopened, let id = booking.id?.uuidString, toldCancelled.contains(id) { knew.cancelled = true }
            var changes: [String] = []
            // Last told it was cancelled (by a cancellation, or a "going ahead" notice not sent yet that this replaces).
            if knew.cancelled == true, !cancelled {
                changes.append("\(event.title) is going ahead after all: it is no longer cancelled.")
            }
            if when != knew.when { changes.append("The time is now \(when) (it was \(knew.when)).") }
            if event.place != knew.place { changes.append("The place is now \(event.place) (it was \(knew.place)).") }
            guard cancelled || !changes.isEmpty else { continue }
            var draft = MailMessages.eventChanged(
                partnership: partnership, event: event, booking: booking, cancelled: cancelled, changes: changes,
                version: String(version))
            draft.context = cancelled ? nil : knew.text
            drafts.append(draft)
        }
        try await Outbox.enqueue(drafts, now: now, on: tx)
    }

    /// The time and place a change notice's reader was last told.
    struct Told: Codable, Equatable {
        var when: String
        var place: String
        /// Last told the event was cancelled (a "going ahead after all" notice is owed).
        var cancelled: Bool? = nil
        var text: String { String(decoding: (try? JSONEncoder().encode(self)) ?? Data(), as: UTF8.self) }
        init(when: String, place: String) {
            self.when = when
            self.place = place
        }
        init?(text: String?) {
            guard let text, let told = try? JSONDecoder().decode(Told.self, from: Data(text.utf8)) else { return nil }
            self = told
        }
    }

    /// Deletes change notices to these bookings that are still waiting to be sent (not claimed by a sender) and
    /// returns what each would have changed from: what its reader was last told.
    static func withdrawChangeNotices(bookings: [UUID], on tx: any Database) async throws -> [UUID: Told] {
        guard !bookings.isEmpty else { return [:] }
        var told: [UUID: Told] = [:]
        let sql = tx.sql
        for chunk in stride(from: 0, to: bookings.count, by: 500) {
            let part = bookings[chunk..<min(chunk + 500, bookings.count)].map(\.uuidString)
            // One statement that deletes only rows still queued and returns them: a row a sender has just claimed
            // is left to go (its reader will have been told of it).
            let rows = try await sql.delete(from: OutboxMessage.schema)
                .where("kind", .equal, MailKind.eventChanged.rawValue)
                .where("status", .equal, OutboxMessage.Status.queued)
                .where("reference", .in, part)
                .returning("reference", "context")
                .all()
            for row in rows {
                guard let reference = try row.decode(column: "reference", as: String?.self),
                    let id = UUID(uuidString: reference)
                else { continue }
                let context = try row.decode(column: "context", as: String?.self)
                // Of two waiting notices (should not happen), the older "was" is kept: keep the first seen.
                if told[id] == nil, let was = Told(text: context) { told[id] = was }
            }
        }
        return told
    }

    static func apply(_ draft: Draft, to event: Event) {
        event.title = draft.title.trimmingSpaces()
        event.summary = String(draft.summary.trimmingSpaces().prefix(2000))
        event.kind = draft.kind ?? .workshop
        event.partnerID = draft.partnerID
        event.objectiveIDs = IDList.text(draft.objectiveIDs)
        event.themeIDs = IDList.text(draft.themeIDs)
        event.audienceIDs = IDList.text(draft.audienceIDs)
        event.venue = draft.venue.trimmingSpaces()
        event.area = draft.area.trimmingSpaces()
        event.isOnline = draft.isOnline
        event.startsAt = draft.startsAt ?? Date()
        event.endsAt = draft.endsAt ?? Date()
        event.capacity = draft.capacity ?? 0
        event.isPublic = draft.isPublic
        event.accessibility = String(draft.accessibility.trimmingSpaces().prefix(1000))
        event.questionsJSON = String(
            decoding: (try? JSONEncoder().encode(draft.questions)) ?? Data("[]".utf8), as: UTF8.self)
        event.status = draft.status
        event.countsAsFriends = draft.countsAsFriends
        event.seriesID = draft.seriesID
        event.ledBy = draft.ledBy?.rawValue
    }

    /// Published public events that have not ended, soonest first, with optional filters.
    public static func upcoming(
        partnershipID: UUID, audienceID: UUID? = nil, area: String? = nil, kind: Event.Kind? = nil,
        now: Date = Date(), on db: any Database
    ) async throws -> [Event] {
        var query = Event.query(on: db).filter(\.$partnership.$id == partnershipID)
            .filter(\.$status == Event.Status.published).filter(\.$isPublic == true).filter(\.$endsAt > now)
        if let kind { query = query.filter(\.$kind == kind) }
        if let area, !area.isEmpty { query = query.filter(\.$area == area) }
        let events = try await query.sort(\.$startsAt).limit(500).all()
        guard let audienceID else { return events }
        return events.filter { $0.audiences.contains(audienceID) }
    }

    /// All events of a partnership for staff, newest first.
    public static func all(partnershipID: UUID, on db: any Database) async throws -> [Event] {
        try await Event.query(on: db).filter(\.$partnership.$id == partnershipID).sort(\.$startsAt, .descending).limit(
            1000
        ).all()
    }
}
