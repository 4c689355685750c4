import FluentKit
import Foundation

/// A meeting of the cyber-enabled crime sub-group: who came, what was said and decided.
/// Actions arising point back at it (`PlanAction.meetingID`).
public final class PlanMeeting: Model, @unchecked Sendable {
    public static let schema = "plan_meetings"

    // managed fields
    @ID(key: .id) public var id: UUID?
    @Parent(key: "partnership_id") public var partnership: Partnership
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    // data fields
    @Field(key: "held_on") public var heldOn: String
    @Field(key: "title") public var title: String
    /// Partner organisations present, comma-separated ids.
    @Field(key: "attendee_partner_ids") public var attendeePartnerIDs: String
    @Field(key: "notes") public var notes: String
    /// One decision per line.
    @Field(key: "decisions") public var decisions: String

    public init() {}

    public var day: CalendarDay? { CalendarDay(heldOn) }
    public var attendees: [UUID] { IDList.parse(attendeePartnerIDs) }
    public var decisionLines: [String] {
        decisions.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
    }
}

/// A coordinator's note that a gap or duplicate flag has been looked at (and why it is fine, or what follows).
public final class PlanFlagReview: Model, @unchecked Sendable {
    public static let schema = "plan_flag_reviews"

    // managed fields
    @ID(key: .id) public var id: UUID?
    @Parent(key: "partnership_id") public var partnership: Partnership
    @Timestamp(key: "reviewed_at", on: .create) public var reviewedAt: Date?

    // data fields
    @Field(key: "flag_key") public var flagKey: String
    @Field(key: "note") public var note: String
    @Field(key: "reviewed_by") public var reviewedBy: String

    public init() {}
}
