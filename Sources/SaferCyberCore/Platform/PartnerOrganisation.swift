import FluentKit
import Foundation

/// An organisation that is part of a partnership (police force, council, college, …).
public final class PartnerOrganisation: Model, PartnershipListItem, @unchecked Sendable {
    public static let schema = "partner_organisations"

    // managed fields
    @ID(key: .id) public var id: UUID?

    // data fields
    @Field(key: "name") public var name: String
    @Field(key: "kind") public var kind: PartnerKind
    @Field(key: "position") public var position: Int

    // relationships
    @Parent(key: "partnership_id") public var partnership: Partnership

    public init() {}

    public init(partnershipID: UUID, name: String, kind: PartnerKind, position: Int) {
        self.$partnership.id = partnershipID
        self.name = name
        self.kind = kind
        self.position = position
    }

    public var partnershipID: UUID { $partnership.id }
}

public enum PartnerKind: String, CaseIterable, Sendable, Codable {
    case police, council, fire, health, probation, college, school, university, voluntary, business, other

    public var label: String {
        switch self {
        case .police: "Police"
        case .council: "Council"
        case .fire: "Fire and rescue"
        case .health: "Health"
        case .probation: "Probation"
        case .college: "College"
        case .school: "School"
        case .university: "University"
        case .voluntary: "Voluntary or community group"
        case .business: "Business"
        case .other: "Other"
        }
    }
}
