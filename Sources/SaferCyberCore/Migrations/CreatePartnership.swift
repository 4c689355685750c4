import FluentKit

struct CreatePartnership: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Partnership.schema)
            .id()
            .field("slug", .string, .required)
            .field("name", .string, .required)
            .field("is_demo", .bool, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "slug")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(Partnership.schema).delete()
    }
}
