import FluentKit
import Foundation

/// A sign-up to an event: one person, or a group (a teacher booking a class) with one contact.
public final class Booking: Model, @unchecked Sendable {
    public static let schema = "bookings"

    public enum Status: String, Codable, Sendable {
        case confirmed, waiting, cancelled
    }

    // managed fields
    @ID(key: .id) public var id: UUID?
    @Parent(key: "event_id") public var event: Event
    @Field(key: "partnership_id") public var partnershipID: UUID
    @Field(key: "created_at") public var createdAt: Date
    /// SHA-256 of the private link's token (the token itself is shown once, in the confirmation).
    @Field(key: "token_hash") public var tokenHash: String
    /// Six characters read out or shown at the door for check-in.
    @Field(key: "short_code") public var shortCode: String

    // data fields
    /// Read as its type: a value outside it is an error, not a silent default (issue 18).
    @Field(key: "status") public var status: Status
    @Field(key: "places") public var places: Int
    @Field(key: "is_group") public var isGroup: Bool
    @Field(key: "name") public var name: String
    @Field(key: "email") public var email: String
    /// For group bookings: the school, college or group.
    @Field(key: "organisation") public var organisation: String
    @OptionalField(key: "audience_id") public var audienceID: UUID?
    @Field(key: "answers_json") public var answersJSON: String
    /// The earlier event whose follow-on link led to this booking.
    @OptionalField(key: "source_event_id") public var sourceEventID: UUID?
    @Field(key: "is_walk_in") public var isWalkIn: Bool
    @OptionalField(key: "promoted_at") public var promotedAt: Date?
    /// A place given from the waiting list must be confirmed by this time, or it goes to the next person (issue 22).
    @OptionalField(key: "confirm_by") public var confirmBy: Date?
    @OptionalField(key: "promotion_confirmed_at") public var promotionConfirmedAt: Date?
    @OptionalField(key: "cancelled_at") public var cancelledAt: Date?
    /// What the booking was when cancelled ("confirmed" or "waiting"): figures as at a period's end count a booking
    /// cancelled later only if it held a place (nil: cancelled before this was kept, taken as confirmed).
    @OptionalField(key: "cancelled_from") public var cancelledFrom: String?
    @OptionalField(key: "checked_in_at") public var checkedInAt: Date?
    @Field(key: "attended_places") public var attendedPlaces: Int
    /// Personal details removed after the retention period (the counts stay).
    @OptionalField(key: "anonymised_at") public var anonymisedAt: Date?
    /// How many people an attendee who opted in as an ambassador pledged to pass the message on to.
    @OptionalField(key: "ambassador_pledge") public var ambassadorPledge: Int?
    @OptionalField(key: "ambassador_pledged_at") public var ambassadorPledgedAt: Date?
    /// A random key shared by one person's bookings (one email) in the partnership, kept when their details are
    /// erased, so counts of different people do not change (`Bookings.assignPersonKeys`). Nil without an email.
    @OptionalField(key: "person_key") public var personKey: String?
    /// The organisation on the register this belongs to (issue 23), if linked.
    @OptionalField(key: "organisation_id") public var organisationID: UUID?

    public init() {}

    /// A place from the waiting list that the person has still to confirm.
    public var awaitsConfirmation: Bool {
        status == .confirmed && confirmBy != nil && promotionConfirmedAt == nil
    }
}

extension Booking {
    /// The answers to the event's own questions, by question id (empty when none or unreadable).
    public var answers: [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(answersJSON.utf8))) ?? [:]
    }

    /// What the person said about access needs at booking (trimmed; empty when nothing).
    public var accessNeeds: String { answers[SignUpQuestion.accessNeeds.id]?.trimmingSpaces() ?? "" }
}
