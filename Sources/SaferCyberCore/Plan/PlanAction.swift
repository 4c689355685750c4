import FluentKit
import Foundation

/// One action in the partnership's plan: who leads it, for whom, against which objective and themes, by when.
public final class PlanAction: Model, @unchecked Sendable {
    public static let schema = "plan_actions"

    public enum Status: String, CaseIterable, Codable, Sendable {
        case planned
        case inProgress = "in-progress"
        case onHold = "on-hold"
        case complete, cancelled
        public var label: String {
            switch self {
            case .planned: "Planned"
            case .inProgress: "In progress"
            case .onHold: "On hold"
            case .complete: "Complete"
            case .cancelled: "Cancelled"
            }
        }
        /// Finished one way or another: no longer overdue, no longer covers a gap or duplicates anything.
        public var isClosed: Bool { self == .complete || self == .cancelled }
    }

    public enum Rating: String, CaseIterable, Codable, Sendable {
        case green, amber, red
        case unrated = ""
        public var label: String {
            switch self {
            case .green: "Green"
            case .amber: "Amber"
            case .red: "Red"
            case .unrated: "Not rated"
            }
        }
    }

    public enum Funding: String, CaseIterable, Codable, Sendable {
        case none, core, grant
        public var label: String {
            switch self {
            case .none: "No funding needed"
            case .core: "Core budget"
            case .grant: "Grant"
            }
        }
    }

    /// A dated step on the way; `done` when it has happened.
    public struct Milestone: Codable, Sendable, Equatable {
        public var title: String
        public var due: String
        public var done: Bool
        public init(title: String, due: String, done: Bool) {
            self.title = title
            self.due = due
            self.done = done
        }
    }

    // managed fields
    @ID(key: .id) public var id: UUID?
    @Parent(key: "partnership_id") public var partnership: Partnership
    /// A short number people can quote in meetings ("action 12"), unique in the partnership.
    @Field(key: "number") public var number: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    // data fields
    @Field(key: "title") public var title: String
    @Field(key: "summary") public var summary: String
    @Field(key: "objective_id") public var objectiveID: UUID
    @Field(key: "lead_partner_id") public var leadPartnerID: UUID
    @Field(key: "lead_officer") public var leadOfficer: String
    /// Partner, theme and audience ids, comma-separated as events keep them.
    @Field(key: "supporting_partner_ids") public var supportingPartnerIDs: String
    @Field(key: "theme_ids") public var themeIDs: String
    @Field(key: "audience_ids") public var audienceIDs: String
    /// A town, ward or district; empty means the whole partnership area.
    @Field(key: "area") public var area: String
    /// "2026-04-01", or empty: no start date (already running) or no due date (open-ended).
    @Field(key: "starts_on") public var startsOn: String
    @Field(key: "due_on") public var dueOn: String
    @Field(key: "milestones_json") public var milestonesJSON: String
    @Field(key: "funding") public var funding: Funding
    /// The funder or budget line, e.g. "PCC grant".
    @Field(key: "funder") public var funder: String
    @OptionalField(key: "amount_pence") public var amountPence: Int?
    @Field(key: "status") public var status: Status
    @Field(key: "rag") public var rating: Rating
    @Field(key: "rag_reason") public var ragReason: String
    /// Work in other modules that shows progress: events, game sessions, surveys, outcomes (comma-separated ids).
    @Field(key: "event_ids") public var eventIDs: String
    @Field(key: "game_ids") public var gameIDs: String
    @Field(key: "survey_ids") public var surveyIDs: String
    @Field(key: "outcome_ids") public var outcomeIDs: String
    /// The sub-group meeting this action arose from.
    @OptionalField(key: "meeting_id") public var meetingID: UUID?

    public init() {}

    public var milestones: [Milestone] {
        get { (try? JSONDecoder().decode([Milestone].self, from: Data(milestonesJSON.utf8))) ?? [] }
        set {
            milestonesJSON = String(decoding: (try? JSONEncoder().encode(newValue)) ?? Data("[]".utf8), as: UTF8.self)
        }
    }
    public var supportingPartners: [UUID] { IDList.parse(supportingPartnerIDs) }
    public var themes: [UUID] { IDList.parse(themeIDs) }
    public var audiences: [UUID] { IDList.parse(audienceIDs) }
    public var events: [UUID] { IDList.parse(eventIDs) }
    public var games: [UUID] { IDList.parse(gameIDs) }
    public var surveys: [UUID] { IDList.parse(surveyIDs) }
    public var outcomes: [UUID] { IDList.parse(outcomeIDs) }
    public var starts: CalendarDay? { CalendarDay(startsOn) }
    public var due: CalendarDay? { CalendarDay(dueOn) }

    /// The plain facts the gap and duplicate checks work on.
    public var facts: PlanFlags.Action {
        PlanFlags.Action(
            id: id ?? UUID(), number: number, title: title, leadPartner: leadPartnerID, themes: Set(themes),
            audiences: Set(audiences), objective: objectiveID, area: area, starts: starts, due: due,
            status: status,
            rating: rating)
    }
}

/// A dated note of progress on an action, with links to the evidence and the status and rating it left the action in.
public final class ActionUpdate: Model, @unchecked Sendable {
    public static let schema = "plan_action_updates"

    // managed fields
    @ID(key: .id) public var id: UUID?
    @Parent(key: "action_id") public var action: PlanAction
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    // data fields
    @Field(key: "on_day") public var onDay: String
    @Field(key: "note") public var note: String
    /// Web addresses of the evidence, one per line.
    @Field(key: "evidence") public var evidence: String
    @Field(key: "status") public var status: PlanAction.Status
    @Field(key: "rag") public var rating: PlanAction.Rating
    @Field(key: "author") public var author: String

    public init() {}

    public var day: CalendarDay? { CalendarDay(onDay) }
    public var evidenceLinks: [String] { evidence.split(whereSeparator: \.isNewline).map(String.init) }
}
