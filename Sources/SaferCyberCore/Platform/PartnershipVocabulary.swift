import FluentKit
import Foundation

/// A theme of the partnership's work (e.g. fraud and scams).
public final class Theme: Model, PartnershipListItem, @unchecked Sendable {
    public static let schema = "themes"
    @ID(key: .id) public var id: UUID?
    @Field(key: "name") public var name: String
    @Field(key: "position") public var position: Int
    @Parent(key: "partnership_id") public var partnership: Partnership

    public init() {}
    public init(partnershipID: UUID, name: String, position: Int) {
        self.$partnership.id = partnershipID
        self.name = name
        self.position = position
    }
    public var partnershipID: UUID { $partnership.id }
}

/// One of the action plan's objectives (the domain guide's three by default).
public final class Objective: Model, PartnershipListItem, @unchecked Sendable {
    public static let schema = "objectives"
    @ID(key: .id) public var id: UUID?
    @Field(key: "name") public var name: String
    @Field(key: "position") public var position: Int
    @Parent(key: "partnership_id") public var partnership: Partnership

    public init() {}
    public init(partnershipID: UUID, name: String, position: Int) {
        self.$partnership.id = partnershipID
        self.name = name
        self.position = position
    }
    public var partnershipID: UUID { $partnership.id }
}

/// A group of people the partnership works with (residents, older people, schools, …).
public final class Audience: Model, PartnershipListItem, @unchecked Sendable {
    public static let schema = "audiences"
    @ID(key: .id) public var id: UUID?
    @Field(key: "name") public var name: String
    @Field(key: "position") public var position: Int
    @Parent(key: "partnership_id") public var partnership: Partnership

    public init() {}
    public init(partnershipID: UUID, name: String, position: Int) {
        self.$partnership.id = partnershipID
        self.name = name
        self.position = position
    }
    public var partnershipID: UUID { $partnership.id }
}

/// The shape shared by a partnership's editable lists, so settings can edit them with one set of functions.
public protocol PartnershipListItem: Model where IDValue == UUID {
    var name: String { get set }
    var position: Int { get set }
    var partnershipID: UUID { get }
}

/// The defaults every new partnership starts with (coordinators can edit them).
public enum PartnershipDefaults {
    public static let themes = [
        "Fraud and scams",
        "Hacking and computer misuse",
        "Online child sexual abuse and grooming",
        "Extremism and radicalisation",
        "Harassment, stalking and cyberbullying",
        "Image-based abuse and sextortion",
    ]
    public static let objectives = [
        "Raise awareness in the general population about staying safe online",
        "Reduce risk to the most vulnerable groups",
        "Build the resilience of local businesses, schools and charities",
    ]
    public static let audiences = [
        "Residents", "Older people", "Young people", "Parents", "Students", "Businesses", "Charities", "Schools",
    ]
}
