import FluentKit
import SQLKit

struct CreateStaffSession: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(StaffSession.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("csrf_token", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
        try await db.schema(LoginAttempt.schema)
            .id()
            .field("key", .string, .required)
            .field("at", .datetime, .required)
            .field("succeeded", .bool, .required)
            .create()
        if let sql = db as? any SQLDatabase {
            try await sql.create(index: "login_attempts_key_at").on(LoginAttempt.schema).column("key").column("at")
                .run()
        }
    }

    func revert(on db: any Database) async throws {
        try await db.schema(LoginAttempt.schema).delete()
        try await db.schema(StaffSession.schema).delete()
    }
}
