import FluentKit
import Foundation

/// An organisation the partnership works with (issue 23): a school, a business, a charity or a community group,
/// kept as one record so that its group bookings, games, resilience checks and resources can be followed over time.
/// Not a partner organisation (those run the programme); not a person (the record holds no contact details).
public final class Organisation: Model, @unchecked Sendable {
    public static let schema = "organisations"

    public enum Kind: String, CaseIterable, Sendable {
        case school, college, university, business, charity, group, other
        public var label: String {
            switch self {
            case .school: "School or academy"
            case .college: "College"
            case .university: "University"
            case .business: "Business"
            case .charity: "Charity or voluntary organisation"
            case .group: "Community group"
            case .other: "Other organisation"
            }
        }
    }

    // managed fields
    @ID(key: .id) public var id: UUID?
    @Parent(key: "partnership_id") public var partnership: Partnership
    @Field(key: "created_at") public var createdAt: Date

    // data fields
    @Field(key: "name") public var name: String
    /// `normalisedName(name)`: what two spellings of the same name have in common; unique with the area.
    @Field(key: "match_name") public var matchName: String
    /// `Kind`'s raw value.
    @Field(key: "kind") public var kind: String
    /// One of the partnership's areas, or "" when not recorded.
    @Field(key: "area") public var area: String
    /// `ResilienceCheck.Size`'s raw value, or nil when not recorded.
    @OptionalField(key: "size_band") public var sizeBand: String?

    public init() {}

    /// The kind as stored; a value no version of the product wrote is an error, not a silent default.
    public func organisationKind() throws -> Kind {
        guard let kind = Kind(rawValue: kind) else { throw CorruptValue(field: "organisations.kind", value: kind) }
        return kind
    }

    public var size: ResilienceCheck.Size? { sizeBand.flatMap(ResilienceCheck.Size.init(rawValue:)) }
}

/// A stored value that no version of the product writes (bad data must be an error, not a silent default).
public struct CorruptValue: Error, Sendable, CustomStringConvertible {
    public var field: String
    public var value: String
    public var description: String { "\(field) holds \u{201C}\(value)\u{201D}, which is not a known value" }
}

/// The register of organisations and the links from group bookings, game sessions, resilience checks and library
/// resources (each an optional column on its own table, so an item belongs to at most one organisation).
struct CreateOrganisations: AsyncMigration {
    static let linkedTables = [
        Booking.schema, GameSession.schema, ResilienceCheck.schema, LibraryResource.schema,
    ]

    func prepare(on db: any Database) async throws {
        try await db.schema(Organisation.schema)
            .id()
            .field("partnership_id", .uuid, .required, .references(Partnership.schema, "id"))
            .field("created_at", .datetime, .required)
            .field("name", .string, .required)
            .field("match_name", .string, .required)
            .field("kind", .string, .required)
            .field("area", .string, .required)
            .field("size_band", .string)
            .unique(on: "partnership_id", "match_name", "area")
            .create()
        for table in Self.linkedTables {
            try await db.schema(table).field("organisation_id", .uuid).update()
        }
    }

    func revert(on db: any Database) async throws {
        for table in Self.linkedTables {
            try await db.schema(table).deleteField("organisation_id").update()
        }
        try await db.schema(Organisation.schema).delete()
    }
}
