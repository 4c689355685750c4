import FluentKit
import Foundation

/// A session the partnership runs: a workshop, a talk, a stall, a game session…
public final class Event: Model, @unchecked Sendable {
    public static let schema = "events"

    public enum Kind: String, CaseIterable, Codable, Sendable {
        case workshop, talk, training, stall
        case gameSession = "game-session"
        case onlineSession = "online-session"
        public var label: String {
            switch self {
            case .workshop: "Workshop"
            case .talk: "Talk"
            case .training: "Training"
            case .stall: "Stall"
            case .gameSession: "Game session"
            case .onlineSession: "Online session"
            }
        }
    }

    /// Who led a session: the seed programme found young people listen to peers (issue 23).
    public enum Leader: String, CaseIterable, Codable, Sendable {
        case officer, peer
        public var label: String {
            switch self {
            case .officer: "Officers or staff"
            case .peer: "Young people or peers (peer-led)"
            }
        }
    }

    public enum Status: String, CaseIterable, Codable, Sendable {
        case draft, published, cancelled, completed
        public var label: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
    }

    // managed fields
    @ID(key: .id) public var id: UUID?
    @Parent(key: "partnership_id") public var partnership: Partnership
    @OptionalField(key: "series_id") public var seriesID: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    // data fields
    @Field(key: "title") public var title: String
    @Field(key: "summary") public var summary: String
    @Field(key: "kind") public var kind: Kind
    @OptionalField(key: "partner_id") public var partnerID: UUID?
    /// `Leader`'s raw value: who led the session (nil: not recorded).
    @OptionalField(key: "led_by") public var ledBy: String?
    /// Objective, theme and audience ids, comma-separated (a partnership has a handful of each).
    @Field(key: "objective_ids") public var objectiveIDs: String
    @Field(key: "theme_ids") public var themeIDs: String
    @Field(key: "audience_ids") public var audienceIDs: String
    @Field(key: "venue") public var venue: String
    /// The local area named on public listings and used as a filter (a town or ward).
    @Field(key: "area") public var area: String
    @Field(key: "is_online") public var isOnline: Bool
    @Field(key: "starts_at") public var startsAt: Date
    @Field(key: "ends_at") public var endsAt: Date
    @Field(key: "capacity") public var capacity: Int
    @Field(key: "is_public") public var isPublic: Bool
    @Field(key: "accessibility") public var accessibility: String
    /// The organiser's sign-up questions, as JSON (`[SignUpQuestion]`).
    @Field(key: "questions_json") public var questionsJSON: String
    @Field(key: "status") public var status: Status
    /// Attendees of a "Friends"-style awareness session count as Friends.
    @Field(key: "counts_as_friends") public var countsAsFriends: Bool
    /// Places taken by confirmed bookings: kept with each booking change, under the event's lock.
    @Field(key: "confirmed_places") public var confirmedPlaces: Int
    @Field(key: "waiting_places") public var waitingPlaces: Int

    // relationships
    @Children(for: \.$event) public var bookings: [Booking]

    public init() {}

    public var placesLeft: Int { max(0, capacity - confirmedPlaces) }

    /// What the public pages say about places (review of issue 19): never how many are left — at a small event
    /// ("4 places left" at a clinic for 6) that is its bookings, and it moves with each one — only whether there is
    /// room, and whether there are fewer than `threshold` places (the partnership's small-number threshold) left.
    public func publicAvailability(threshold: Int) -> String {
        let left = placesLeft
        if left == 0 { return "Full: join the waiting list" }
        return left < max(2, threshold) && capacity > left ? "Only a few places left" : "Places available"
    }
    public var questions: [SignUpQuestion] {
        (try? JSONDecoder().decode([SignUpQuestion].self, from: Data(questionsJSON.utf8))) ?? []
    }

    /// The questions the sign-up form asks: the organiser's, then the access-needs question every event asks.
    public var formQuestions: [SignUpQuestion] {
        let own = questions
        return own.contains { $0.id == SignUpQuestion.accessNeeds.id } ? own : own + [SignUpQuestion.accessNeeds]
    }

    public var objectives: [UUID] { IDList.parse(objectiveIDs) }
    public var themes: [UUID] { IDList.parse(themeIDs) }
    public var audiences: [UUID] { IDList.parse(audienceIDs) }
}

/// A question the organiser adds to the sign-up form. Only what the organiser chose is asked.
public struct SignUpQuestion: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case text
        case yesNo = "yes-no"
        case choice
    }
    public var id: String
    public var label: String
    public var kind: Kind
    public var options: [String]
    public var required: Bool

    public init(id: String, label: String, kind: Kind, options: [String] = [], required: Bool = false) {
        self.id = id
        self.label = label
        self.kind = kind
        self.options = options
        self.required = required
    }

    /// Asked on every sign-up form, after the organiser's own questions: what the organisers need to plan for.
    /// Listed first on the attendee list (issue 23). May be health information: shown only to those who run events,
    /// each look audited, and erased with the booking's other details.
    public static let accessNeeds = SignUpQuestion(
        id: "access-needs",
        label:
            "Do you have any access needs we should plan for? For example a hearing loop, step-free access or captions.",
        kind: .text)
}

/// A recurring series (a weekly course); its sessions are events that point at it.
public final class EventSeries: Model, @unchecked Sendable {
    public static let schema = "event_series"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "partnership_id") public var partnership: Partnership
    @Field(key: "title") public var title: String
    @Field(key: "summary") public var summary: String
    public init() {}
}
