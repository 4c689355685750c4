import FluentKit
import Foundation

/// One completed awareness course: the course, when, the quiz answers (option numbers), and what the person
/// chose to tell us about themselves (an audience and an area from lists, or nothing). No name, no contact.
public final class CourseCompletion: Model, @unchecked Sendable {
    public static let schema = "course_completions"

    // managed fields
    @ID(key: .id) public var id: UUID?
    @Parent(key: "partnership_id") public var partnership: Partnership

    // data fields
    @Field(key: "course_id") public var courseID: String
    @Field(key: "completed_at") public var completedAt: Date
    /// The quiz's option numbers as chosen, comma-separated, to show the person which they got right.
    @Field(key: "answers") public var answers: String
    @Field(key: "score") public var score: Int
    @Field(key: "out_of") public var outOf: Int
    /// The private address of the certificate; also the quiz attempt's value, so sending the quiz twice counts once.
    @Field(key: "code") public var code: String
    @OptionalField(key: "audience_id") public var audienceID: UUID?
    @OptionalField(key: "area") public var area: String?
    /// Whether the course counted as a "Friend" session when it was completed (the course file may change later).
    @Field(key: "counts_as_friend") public var countsAsFriend: Bool

    public init() {}

    public var chosen: [Int?] { answers.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) } }
}

/// A course a coordinator has switched off for the partnership's public pages (every installed course is on otherwise).
public final class CourseChoice: Model, @unchecked Sendable {
    public static let schema = "course_choices"

    // managed fields
    @ID(key: .id) public var id: UUID?
    @Parent(key: "partnership_id") public var partnership: Partnership

    // data fields
    @Field(key: "course_id") public var courseID: String
    @Field(key: "enabled") public var enabled: Bool

    public init() {}
}
