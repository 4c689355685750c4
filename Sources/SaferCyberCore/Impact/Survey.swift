import FluentKit
import Foundation

/// A questionnaire people answer without an account, once or before and after a session.
public final class Survey: Model, @unchecked Sendable {
    public static let schema = "surveys"

    public enum Status: String, CaseIterable, Codable, Sendable {
        case draft, open, closed
        public var label: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
    }

    /// When people answer: before and after (paired by participant code) or just once.
    public enum Design: String, CaseIterable, Codable, Sendable {
        case beforeAfter = "before-after"
        case once
        public var label: String { self == .beforeAfter ? "Before and after, paired by participant code" : "Once" }
    }

    @ID(key: .id) public var id: UUID?
    @Parent(key: "partnership_id") public var partnership: Partnership
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Field(key: "title") public var title: String
    @Field(key: "intro") public var intro: String
    @Field(key: "design") public var design: Design
    @Field(key: "status") public var status: Status
    @OptionalField(key: "closes_at") public var closesAt: Date?
    /// The most responses taken at each stage; nil for no limit.
    @OptionalField(key: "quota") public var quota: Int?
    @Field(key: "questions_json") public var questionsJSON: String
    /// Events the survey is about, comma-separated ids.
    @Field(key: "event_ids") public var eventIDs: String
    @Field(key: "template") public var template: String

    public init() {}

    public init(
        partnershipID: UUID, title: String, intro: String, design: Design, questions: [SurveyQuestion],
        template: String = ""
    ) {
        self.$partnership.id = partnershipID
        self.title = title
        self.intro = intro
        self.design = design
        self.status = .draft
        self.questionsJSON = Self.encode(questions)
        self.eventIDs = ""
        self.template = template
    }

    public var questions: [SurveyQuestion] {
        get { (try? JSONDecoder().decode([SurveyQuestion].self, from: Data(questionsJSON.utf8))) ?? [] }
        set { questionsJSON = Self.encode(newValue) }
    }

    public var events: [UUID] {
        get { IDList.parse(eventIDs) }
        set { eventIDs = IDList.text(newValue) }
    }

    /// The page numbers in the order they are asked.
    public var groups: [Int] { Array(Set(questions.map(\.group))).sorted() }

    /// Whether people can answer now, and if not, why (in words for the public page).
    public func closedReason(now: Date = Date()) -> String? {
        switch status {
        case .draft: return "This survey is not open yet."
        case .closed: return "This survey has closed. Thank you for your interest."
        case .open:
            if let closesAt, closesAt <= now {
                return "This survey closed on \(Self.dateText(closesAt)). Thank you for your interest."
            }
            return nil
        }
    }

    static func encode(_ questions: [SurveyQuestion]) -> String {
        String(decoding: (try? JSONEncoder().encode(questions)) ?? Data("[]".utf8), as: UTF8.self)
    }

    static func dateText(_ date: Date) -> String { UKTime.longDate(date) }
}

/// One person's answers to a survey at one stage. No name, no address: only the anonymous code.
public final class SurveyResponse: Model, @unchecked Sendable {
    public static let schema = "survey_responses"

    public enum Stage: String, CaseIterable, Codable, Sendable {
        case before, after, once
        public var label: String {
            switch self {
            case .before: "Before"
            case .after: "After"
            case .once: "Answers"
            }
        }
    }

    @ID(key: .id) public var id: UUID?
    @Parent(key: "survey_id") public var survey: Survey
    @Field(key: "partnership_id") public var partnershipID: UUID
    @Field(key: "stage") public var stage: Stage
    /// The participant code in stored form; nil when the survey did not ask for one.
    @OptionalField(key: "participant_code") public var participantCode: String?
    @Field(key: "submitted_at") public var submittedAt: Date
    @Field(key: "answers_json") public var answersJSON: String

    public init() {}

    public var answers: [String: [String]] { SurveyAnswers.decode(answersJSON) }
}
