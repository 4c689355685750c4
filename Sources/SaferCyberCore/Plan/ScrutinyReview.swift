import FluentKit
import Foundation

/// A scrutiny committee's review: its scope and members, the evidence it gathered, its draft report and the
/// comments on it, and its recommendations.
public final class ScrutinyReview: Model, @unchecked Sendable {
    public static let schema = "scrutiny_reviews"

    // managed fields
    @ID(key: .id) public var id: UUID?
    @Parent(key: "partnership_id") public var partnership: Partnership
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    // data fields
    @Field(key: "title") public var title: String
    @Field(key: "scope") public var scope: String
    /// Committee members, one per line.
    @Field(key: "members") public var members: String
    @Field(key: "starts_on") public var startsOn: String
    @Field(key: "ends_on") public var endsOn: String
    /// The draft report: where it is (a link) or a summary of it.
    @Field(key: "draft") public var draft: String
    @Field(key: "draft_shared_on") public var draftSharedOn: String
    /// The people the draft was shared with for comment and accuracy, one per line.
    @Field(key: "reviewers") public var reviewers: String

    // relationships
    @Children(for: \.$review) public var evidence: [ReviewEvidence]
    @Children(for: \.$review) public var comments: [ReviewComment]
    @Children(for: \.$review) public var recommendations: [Recommendation]

    public init() {}

    static func lines(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
    public var memberList: [String] { Self.lines(members) }
    public var reviewerList: [String] { Self.lines(reviewers) }
}

/// One piece of evidence the review heard or read.
public final class ReviewEvidence: Model, @unchecked Sendable {
    public static let schema = "scrutiny_evidence"

    public enum Kind: String, CaseIterable, Codable, Sendable {
        case deskResearch = "desk-research"
        case meeting
        case focusGroup = "focus-group"
        case siteVisit = "site-visit"
        case survey, written
        public var label: String {
            switch self {
            case .deskResearch: "Desk research"
            case .meeting: "Meeting"
            case .focusGroup: "Focus group"
            case .siteVisit: "Visit"
            case .survey: "Survey"
            case .written: "Written evidence"
            }
        }
    }

    // managed fields
    @ID(key: .id) public var id: UUID?
    @Parent(key: "review_id") public var review: ScrutinyReview

    // data fields
    @Field(key: "on_day") public var onDay: String
    @Field(key: "kind") public var kind: Kind
    /// Who the review met or whose work it read.
    @Field(key: "organisation") public var organisation: String
    @Field(key: "heard") public var heard: String
    /// Where the evidence can be found: a document, a link, the minutes.
    @Field(key: "source") public var source: String

    public init() {}
}

/// A named reviewer's comment on the draft report, and what was done about it.
public final class ReviewComment: Model, @unchecked Sendable {
    public static let schema = "scrutiny_comments"

    public enum Kind: String, CaseIterable, Codable, Sendable {
        case comment, accuracy
        public var label: String { self == .comment ? "Comment" : "Factual accuracy" }
    }

    public enum Resolution: String, CaseIterable, Codable, Sendable {
        case open, changed
        case noChange = "no-change"
        public var label: String {
            switch self {
            case .open: "Not yet resolved"
            case .changed: "Report changed"
            case .noChange: "No change, with reason"
            }
        }
    }

    // managed fields
    @ID(key: .id) public var id: UUID?
    @Parent(key: "review_id") public var review: ScrutinyReview
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    // data fields
    @Field(key: "reviewer") public var reviewer: String
    @Field(key: "on_day") public var onDay: String
    @Field(key: "kind") public var kind: Kind
    /// The part of the draft it is about ("paragraph 4.2").
    @Field(key: "section") public var section: String
    @Field(key: "comment") public var comment: String
    @Field(key: "resolution") public var resolution: Resolution
    @Field(key: "resolution_note") public var resolutionNote: String

    public init() {}
}

/// A recommendation of the review, the Cabinet or board's response, and its progress.
public final class Recommendation: Model, @unchecked Sendable {
    public static let schema = "scrutiny_recommendations"

    public enum Response: String, CaseIterable, Codable, Sendable {
        case awaiting, accepted, partial, rejected
        public var label: String {
            switch self {
            case .awaiting: "Awaiting response"
            case .accepted: "Accepted"
            case .partial: "Partially accepted"
            case .rejected: "Rejected"
            }
        }
    }

    public enum Status: String, CaseIterable, Codable, Sendable {
        case notStarted = "not-started"
        case inProgress = "in-progress"
        case implemented
        case notImplemented = "not-implemented"
        public var label: String {
            switch self {
            case .notStarted: "Not started"
            case .inProgress: "In progress"
            case .implemented: "Implemented"
            case .notImplemented: "Will not be implemented"
            }
        }
        public var isClosed: Bool { self == .implemented || self == .notImplemented }
    }

    // managed fields
    @ID(key: .id) public var id: UUID?
    @Parent(key: "review_id") public var review: ScrutinyReview
    @Field(key: "number") public var number: Int

    // data fields
    @Field(key: "text") public var text: String
    /// Who is responsible: a cabinet member, a service or a partner.
    @Field(key: "owner") public var owner: String
    @Field(key: "response") public var response: Response
    @Field(key: "response_reason") public var responseReason: String
    @Field(key: "responded_on") public var respondedOn: String
    /// The date first agreed; later updates may move `target_on` (a slip), and the report counts how often.
    @Field(key: "first_target_on") public var firstTargetOn: String
    @Field(key: "target_on") public var targetOn: String
    @Field(key: "status") public var status: Status

    // relationships
    @Children(for: \.$recommendation) public var updates: [RecommendationUpdate]

    public init() {}
}

/// A dated progress update on a recommendation; it may change the status and move the target date.
public final class RecommendationUpdate: Model, @unchecked Sendable {
    public static let schema = "scrutiny_recommendation_updates"

    // managed fields
    @ID(key: .id) public var id: UUID?
    @Parent(key: "recommendation_id") public var recommendation: Recommendation
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    // data fields
    @Field(key: "on_day") public var onDay: String
    @Field(key: "note") public var note: String
    @Field(key: "status") public var status: Recommendation.Status
    /// The target date after this update (the same as before when it did not change).
    @Field(key: "target_on") public var targetOn: String
    @Field(key: "author") public var author: String

    public init() {}
}
