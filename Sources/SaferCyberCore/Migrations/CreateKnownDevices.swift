import FluentKit

/// Issue 22: browsers each account has signed in from (for the "new device" email).
struct CreateKnownDevices: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(KnownDevice.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("browser", .string, .required)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(KnownDevice.schema).delete()
    }
}
