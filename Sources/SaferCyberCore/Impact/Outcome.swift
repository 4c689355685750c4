import FluentKit
import Foundation

/// A change the partnership wants to see in people ("residents use 2-step verification"),
/// measured by one or more survey questions.
public final class Outcome: Model, @unchecked Sendable {
    public static let schema = "outcomes"

    /// A survey question that measures the outcome.
    public struct Measure: Codable, Sendable, Equatable {
        public var surveyID: UUID
        public var questionKey: String
        public init(surveyID: UUID, questionKey: String) {
            self.surveyID = surveyID
            self.questionKey = questionKey
        }
    }

    @ID(key: .id) public var id: UUID?
    @Parent(key: "partnership_id") public var partnership: Partnership
    @Field(key: "title") public var title: String
    @OptionalField(key: "objective_id") public var objectiveID: UUID?
    @Field(key: "measures_json") public var measuresJSON: String

    public init() {}

    public var measures: [Measure] {
        get { (try? JSONDecoder().decode([Measure].self, from: Data(measuresJSON.utf8))) ?? [] }
        set { measuresJSON = String(decoding: (try? JSONEncoder().encode(newValue)) ?? Data("[]".utf8), as: UTF8.self) }
    }
}

/// A figure tracked quarter by quarter against the direction the partnership wants it to move.
public final class Indicator: Model, @unchecked Sendable {
    public static let schema = "indicators"

    public enum Source: String, CaseIterable, Codable, Sendable {
        case recordedCrimes = "recorded-crimes"
        case olderVictims = "older-victims"
        case youngVictims = "young-victims"
        case peopleEngaged = "people-engaged"
        case friends
        case surveyShare = "survey-share"
        case reportJourneys = "report-journeys"
        case manual

        /// Counts of crimes or people: judged only when large enough to tell change from noise.
        public var isCount: Bool { self != .surveyShare && self != .manual }

        public var label: String {
            switch self {
            case .recordedCrimes: "Cyber-related crimes recorded (reports to police)"
            case .olderVictims: "Cyber-related crimes against older people (65 and over)"
            case .youngVictims: "Cyber-related crimes against young people (under 25)"
            case .peopleEngaged: "People reached at events"
            case .friends: "Friends (people who did an awareness session, in person or online)"
            case .surveyShare: "Share answering yes to a survey question (%)"
            case .reportJourneys: "People who found where to report (completed “Where do I report this?”)"
            case .manual: "Entered by hand each quarter"
            }
        }
    }

    public enum Direction: String, CaseIterable, Codable, Sendable {
        case up, down
        public var label: String { self == .up ? "We want it to go up" : "We want it to go down" }
    }

    @ID(key: .id) public var id: UUID?
    @Parent(key: "partnership_id") public var partnership: Partnership
    @Field(key: "title") public var title: String
    @Field(key: "source") public var source: Source
    @Field(key: "direction") public var direction: Direction
    /// For a survey-share indicator: which survey and question.
    @OptionalField(key: "survey_id") public var surveyID: UUID?
    @Field(key: "question_key") public var questionKey: String
    /// Hand-entered values by quarter (yyyyq → value), as JSON.
    @Field(key: "values_json") public var valuesJSON: String

    public init() {}

    public var manualValues: [Int: Double] {
        get {
            let strings = (try? JSONDecoder().decode([String: Double].self, from: Data(valuesJSON.utf8))) ?? [:]
            return Dictionary(uniqueKeysWithValues: strings.compactMap { key, value in Int(key).map { ($0, value) } })
        }
        set {
            let strings = Dictionary(uniqueKeysWithValues: newValue.map { ("\($0.key)", $0.value) })
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            valuesJSON = String(decoding: (try? encoder.encode(strings)) ?? Data("{}".utf8), as: UTF8.self)
        }
    }
}
