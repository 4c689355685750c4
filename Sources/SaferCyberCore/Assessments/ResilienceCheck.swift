import FluentKit
import Foundation

/// One completed resilience check: the answers and scores (against the version of the questions answered), a
/// private link to come back, the check it re-takes, and — only with consent, given after the results — the
/// organisation's sector, size and area, and contact details for follow-up (seen by officers only).
public final class ResilienceCheck: Model, @unchecked Sendable {
    public static let schema = "resilience_checks"

    public enum Sector: String, CaseIterable, Sendable {
        case retail, hospitality, professional, trades, manufacturing, health, charity, school, other
        public var label: String {
            switch self {
            case .retail: "Shops and retail"
            case .hospitality: "Hospitality, food and leisure"
            case .professional: "Professional and office services"
            case .trades: "Construction and trades"
            case .manufacturing: "Manufacturing and logistics"
            case .health: "Health and care"
            case .charity: "Charity, voluntary or community group"
            case .school: "School or academy"
            case .other: "Something else"
            }
        }
    }

    public enum Size: String, CaseIterable, Sendable {
        case solo = "1"
        case micro = "2-9"
        case small = "10-49"
        case medium = "50-249"
        case large = "250+"
        public var label: String {
            switch self {
            case .solo: "Just me"
            case .micro: "2 to 9 people"
            case .small: "10 to 49 people"
            case .medium: "50 to 249 people"
            case .large: "250 or more people"
            }
        }
    }

    // managed fields
    @ID(key: .id) public var id: UUID?
    @Parent(key: "partnership_id") public var partnership: Partnership

    // data fields
    @Field(key: "check_id") public var checkID: String
    @Field(key: "version") public var version: Int
    /// Question id → answer, as JSON.
    @Field(key: "answers") public var answersJSON: String
    /// Area id → score (0–100), as JSON, kept so aggregates need not re-read the questions.
    @Field(key: "scores") public var scoresJSON: String
    @Field(key: "overall") public var overall: Int
    @Field(key: "completed_at") public var completedAt: Date
    /// SHA-256 (hex) of the private link's secret: the secret itself is never stored (issue 20, case 8).
    @Field(key: "token") public var tokenHash: String
    /// The private link's secret, known only when the check was just recorded or found by it (not stored).
    public var token = ""
    /// The earlier check this one re-takes.
    @OptionalField(key: "previous_id") public var previousID: UUID?
    /// Re-taken since: the organisation's current position is the later check.
    @Field(key: "superseded") public var superseded: Bool
    @OptionalField(key: "sector") public var sector: String?
    @OptionalField(key: "size_band") public var sizeBand: String?
    @OptionalField(key: "area") public var area: String?
    @Field(key: "follow_up") public var followUp: Bool
    @OptionalField(key: "organisation_name") public var organisationName: String?
    @OptionalField(key: "contact_name") public var contactName: String?
    @OptionalField(key: "contact_email") public var contactEmail: String?
    @OptionalField(key: "contact_phone") public var contactPhone: String?
    @OptionalField(key: "contacted_at") public var contactedAt: Date?
    /// The organisation on the register this belongs to (issue 23), if linked.
    @OptionalField(key: "organisation_id") public var organisationID: UUID?

    public init() {}

    public var answers: [String: CheckScoring.Answer] {
        let raw = (try? JSONDecoder().decode([String: String].self, from: Data(answersJSON.utf8))) ?? [:]
        return raw.compactMapValues(CheckScoring.Answer.init(rawValue:))
    }

    public var scores: [String: Int] {
        (try? JSONDecoder().decode([String: Int].self, from: Data(scoresJSON.utf8))) ?? [:]
    }
    /// Drops the follow-up request and its contact details (retention, or consent withdrawn).
    func forgetContact() {
        followUp = false
        organisationName = nil
        contactName = nil
        contactEmail = nil
        contactPhone = nil
    }

    /// Drops everything the organisation chose to tell us: sector, size, area and contact (consent withdrawn).
    func forgetDetails() {
        sector = nil
        sizeBand = nil
        area = nil
        forgetContact()
    }

    public var hasDetails: Bool { sector != nil || sizeBand != nil || area != nil || followUp }
}
