import FluentKit

struct CreateUser: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(User.schema)
            .id()
            .field("email", .string, .required)
            .field("display_name", .string, .required)
            .field("password_hash", .string, .required)
            .field("is_admin", .bool, .required)
            .field("disabled_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("password_changed_at", .datetime, .required)
            .unique(on: "email")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(User.schema).delete()
    }
}
