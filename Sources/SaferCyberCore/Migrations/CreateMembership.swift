import FluentKit

struct CreateMembership: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Membership.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("partnership_id", .uuid, .required, .references(Partnership.schema, .id, onDelete: .cascade))
            .field("partner_id", .uuid, .references(PartnerOrganisation.schema, .id, onDelete: .setNull))
            .field("role", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "user_id", "partnership_id")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(Membership.schema).delete()
    }
}
