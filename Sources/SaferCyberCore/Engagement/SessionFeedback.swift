import FluentKit
import Foundation

/// "Was it fun?" (issue 23): one tap after a session or game, and an optional comment. Anonymous: no name, no
/// address, nothing that says who answered.
public final class SessionFeedback: Model, @unchecked Sendable {
    public static let schema = "session_feedback"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "partnership_id") public var partnership: Partnership
    @Parent(key: "event_id") public var event: Event
    @Field(key: "rating") public var rating: SessionFeedbacks.Rating
    @Field(key: "comment") public var comment: String
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}

public enum SessionFeedbacks {
    public enum Rating: String, CaseIterable, Codable, Sendable {
        case fun
        case ok
        case notFun = "not-fun"
        public var label: String {
            switch self {
            case .fun: "It was fun"
            case .ok: "It was OK"
            case .notFun: "It was not fun"
            }
        }
    }

    public static let commentLimit = 300
    /// Feedback is taken from an event's start until this long after its end.
    public static let openFor: TimeInterval = 14 * 24 * 3600

    /// The event whose feedback form is open now: public, published or completed, started, ended at most two weeks
    /// ago. Anything else reads as not found (the form gives nothing away about drafts).
    public static func openEvent(eventID: UUID, partnershipID: UUID, now: Date = Date(), on db: any Database)
        async throws -> Event
    {
        guard let event = try await Event.find(eventID, partnershipID: partnershipID, on: db), event.isPublic,
            [Event.Status.published, Event.Status.completed].contains(event.status)
        else { throw NotFound("event") }
        return event
    }

    /// Whether the form takes answers now (an event that has not started yet, or ended long ago, does not).
    public static func isOpen(_ event: Event, now: Date = Date()) -> Bool {
        event.startsAt <= now && now <= event.endsAt.addingTimeInterval(openFor)
    }

    public static func record(
        eventID: UUID, partnershipID: UUID, rating: String, comment: String, now: Date = Date(), on db: any Database
    ) async throws {
        let event = try await openEvent(eventID: eventID, partnershipID: partnershipID, now: now, on: db)
        guard isOpen(event, now: now) else {
            throw FieldErrors(
                "rating", "This session is not taking answers: it has not started, or ended over two weeks ago")
        }
        guard let chosen = Rating(rawValue: rating) else { throw FieldErrors("rating", "Choose one of the three") }
        let cleaned = Bookings.cleanAnswer(comment)
        guard cleaned.unicodeScalars.count <= commentLimit else {
            throw FieldErrors("comment", "Your comment must be \(commentLimit) characters or fewer")
        }
        let row = SessionFeedback()
        row.$partnership.id = partnershipID
        row.$event.id = eventID
        row.rating = chosen
        row.comment = cleaned
        row.createdAt = now
        try await db.write { tx in try await row.create(on: tx) }
    }

    /// Answers by event type and by who led the session, for sessions that started in the quarters.
    public struct Line: Sendable, Equatable {
        public var label: String
        public var fun = 0, ok = 0, notFun = 0
        public var responses: Int { fun + ok + notFun }
        mutating func add(_ rating: Rating) {
            switch rating {
            case .fun: fun += 1
            case .ok: ok += 1
            case .notFun: notFun += 1
            }
        }
    }

    public struct Figures: Sendable, Equatable {
        public var byKind: [Line]
        public var byLeader: [Line]
        public var total: Line
    }

    public static func figures(partnershipID: UUID, fromQuarter: Int, toQuarter: Int, on db: any Database)
        async throws -> Figures
    {
        let start = Quarter.span(fromQuarter).start
        let end = Quarter.span(toQuarter).end
        let events = try await Event.query(on: db).filter(\.$partnership.$id == partnershipID)
            .filter(\.$startsAt >= start).filter(\.$startsAt < end).all()
        let byID = Dictionary(uniqueKeysWithValues: events.compactMap { e in e.id.map { ($0, e) } })
        let rows =
            byID.isEmpty
            ? []
            : try await SessionFeedback.query(on: db).filter(\.$partnership.$id == partnershipID)
                .filter(\.$event.$id ~~ Array(byID.keys)).all()
        var kinds: [String: Line] = [:]
        var leaders: [String: Line] = [:]
        var total = Line(label: "All sessions")
        for row in rows {
            guard let event = byID[row.$event.id] else { continue }
            let rating = row.rating
            let kind = event.kind.label
            kinds[kind, default: Line(label: kind)].add(rating)
            let leader = event.ledBy.flatMap(Event.Leader.init(rawValue:))?.label ?? "Not recorded"
            leaders[leader, default: Line(label: leader)].add(rating)
            total.add(rating)
        }
        return Figures(
            byKind: kinds.values.sorted { $0.label < $1.label },
            byLeader: leaders.values.sorted { $0.label < $1.label }, total: total)
    }
}

struct CreateSessionFeedback: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Event.schema).field("led_by", .string).update()
        try await db.schema(SessionFeedback.schema)
            .id()
            .field("partnership_id", .uuid, .required, .references(Partnership.schema, "id"))
            .field("event_id", .uuid, .required, .references(Event.schema, "id", onDelete: .cascade))
            .field("rating", .string, .required)
            .field("comment", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(SessionFeedback.schema).delete()
        try await db.schema(Event.schema).deleteField("led_by").update()
    }
}
