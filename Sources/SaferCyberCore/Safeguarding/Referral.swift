import FluentKit
import Foundation

/// A young person referred because their online activity is drifting toward offending. Restricted: only the
/// safeguarding role of the partnership sees it. Fields ending `Sealed` are encrypted (FieldCipher); the plain
/// fields are the categories the anonymous counts need, and survive anonymisation at the end of retention.
public final class Referral: Model, @unchecked Sendable {
    public static let schema = "referrals"

    public enum Concern: String, CaseIterable, Sendable {
        case unauthorisedAccess = "unauthorised-access"
        case furtherOffences = "further-offences"
        case booters, malware, tools, cheats, fraud, other
        public var label: String {
            switch self {
            case .unauthorisedAccess: "Getting into accounts or devices without permission (Computer Misuse Act s1)"
            case .furtherOffences: "Access to commit other crimes, such as fraud (s2)"
            case .booters: "Booter or DDoS services, knocking others offline (s3)"
            case .malware: "Malware, remote-access tools or ransomware (s3)"
            case .tools: "Making, buying or sharing hacking tools or stolen logins (s3A)"
            case .cheats: "Game cheats, account cracking or selling accounts"
            case .fraud: "Online fraud, carding or money muling"
            case .other: "Other online activity of concern"
            }
        }
        public var short: String {
            switch self {
            case .unauthorisedAccess: "Unauthorised access"
            case .furtherOffences: "Access for other crimes"
            case .booters: "Booters / DDoS"
            case .malware: "Malware"
            case .tools: "Tools or stolen logins"
            case .cheats: "Cheats and account cracking"
            case .fraud: "Online fraud"
            case .other: "Other"
            }
        }
    }

    public enum Consent: String, CaseIterable, Sendable {
        case given, refused, pending
        case notSought = "not-sought"
        public var label: String {
            switch self {
            case .given: "Given"
            case .refused: "Refused"
            case .pending: "Asked, waiting"
            case .notSought: "Not sought"
            }
        }
    }

    public enum Risk: String, CaseIterable, Sendable {
        case low, medium, high
        public var label: String { rawValue.capitalized }
    }

    /// Safeguarding and Prevent concerns are handed to their statutory routes; SaferCyber records only the hand-off.
    public enum Route: String, CaseIterable, Sendable {
        case none, safeguarding, prevent
        public var label: String {
            switch self {
            case .none: "Not handed on"
            case .safeguarding: "Handed to the statutory safeguarding route"
            case .prevent: "Handed to the local Prevent referral route"
            }
        }
    }

    public enum Outcome: String, CaseIterable, Sendable {
        case diverted
        case noFurtherConcern = "no-further-concern"
        case escalated, disengaged
        public var label: String {
            switch self {
            case .diverted: "Diverted"
            case .noFurtherConcern: "No further concern"
            case .escalated: "Escalated"
            case .disengaged: "Disengaged"
            }
        }
    }

    public enum FollowUp: String, CaseIterable, Sendable {
        case noFurtherConcern = "no-further-concern"
        case reReferred = "re-referred"
        case notKnown = "not-known"
        public var label: String {
            switch self {
            case .noFurtherConcern: "No further concern"
            case .reReferred: "Referred again"
            case .notKnown: "Not known"
            }
        }
    }

    public static let ageBands = ["Under 12", "12 to 13", "14 to 15", "16 to 17", "18 to 24"]

    // managed fields
    @ID(key: .id) public var id: UUID?
    @Parent(key: "partnership_id") public var partnership: Partnership

    // data fields (plain: categories for the anonymous counts)
    @Field(key: "number") public var number: Int
    @Field(key: "received_on") public var receivedOn: String
    @OptionalField(key: "referrer_partner_id") public var referrerPartnerID: UUID?
    @Field(key: "age_band") public var ageBand: String
    @Field(key: "concerns") public var concerns: String
    @Field(key: "consent_young_person") public var consentYoungPerson: String
    @Field(key: "consent_parent") public var consentParent: String
    @Field(key: "risk") public var risk: String
    @Field(key: "statutory_route") public var statutoryRoute: String
    @OptionalField(key: "handed_on") public var handedOn: String?
    @OptionalField(key: "next_review_on") public var nextReviewOn: String?
    @OptionalField(key: "outcome") public var outcome: String?
    @OptionalField(key: "closed_on") public var closedOn: String?
    @OptionalField(key: "follow_up_6") public var followUp6: String?
    @OptionalField(key: "follow_up_12") public var followUp12: String?
    @OptionalField(key: "anonymised_at") public var anonymisedAt: Date?
    @Field(key: "created_at") public var createdAt: Date

    // encrypted personal fields
    @OptionalField(key: "person_sealed") public var personSealed: String?
    @OptionalField(key: "referrer_sealed") public var referrerSealed: String?
    @OptionalField(key: "school_sealed") public var schoolSealed: String?
    @OptionalField(key: "area_sealed") public var areaSealed: String?
    @OptionalField(key: "risk_reason_sealed") public var riskReasonSealed: String?

    public init() {}

    public var concernList: [Concern] { concerns.split(separator: ",").compactMap { Concern(rawValue: String($0)) } }
    public var isClosed: Bool { outcome != nil }
}

/// A planned or delivered intervention.
public final class ReferralIntervention: Model, @unchecked Sendable {
    public static let schema = "referral_interventions"

    public enum Kind: String, CaseIterable, Sendable {
        case diversionVisit = "diversion-visit"
        case workshop, mentoring
        case cyberChoices = "cyber-choices"
        case schoolSupport = "school-support"
        case other
        public var label: String {
            switch self {
            case .diversionVisit: "Diversion visit"
            case .workshop: "Workshop"
            case .mentoring: "Mentoring"
            case .cyberChoices: "Cyber Choices session"
            case .schoolSupport: "School support"
            case .other: "Other"
            }
        }
    }

    // managed fields
    @ID(key: .id) public var id: UUID?
    @Parent(key: "referral_id") public var referral: Referral

    // data fields
    @Field(key: "kind") public var kind: String
    @OptionalField(key: "planned_on") public var plannedOn: String?
    @OptionalField(key: "delivered_on") public var deliveredOn: String?
    @OptionalField(key: "note_sealed") public var noteSealed: String?

    public init() {}
}

/// A positive pathway offered, and whether it was taken up.
public final class ReferralPathway: Model, @unchecked Sendable {
    public static let schema = "referral_pathways"

    public enum Kind: String, CaseIterable, Sendable {
        case codingClub = "coding-club"
        case ctfClub = "ctf-club"
        case collegeCourse = "college-course"
        case youthProgramme = "youth-programme"
        case
            workExperience = "work-experience"
        case other
        public var label: String {
            switch self {
            case .codingClub: "Coding club"
            case .ctfClub: "Capture-the-flag club"
            case .collegeCourse: "College course"
            case .youthProgramme: "Cyber-security programme for young people"
            case .workExperience: "Work experience"
            case .other: "Other"
            }
        }
    }

    // managed fields
    @ID(key: .id) public var id: UUID?
    @Parent(key: "referral_id") public var referral: Referral

    // data fields
    @Field(key: "kind") public var kind: String
    @Field(key: "offered_on") public var offeredOn: String
    /// nil until known.
    @OptionalField(key: "taken_up") public var takenUp: Bool?
    @OptionalField(key: "note_sealed") public var noteSealed: String?

    public init() {}
}
