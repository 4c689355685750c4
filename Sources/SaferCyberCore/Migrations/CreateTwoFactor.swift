import FluentKit

/// Issue 20, case 5: two-step sign-in.
struct CreateTwoFactor: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(TwoFactorSecret.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("secret", .string, .required)
            .field("enabled_at", .datetime)
            .field("last_counter", .int64)
            .unique(on: "user_id")
            .create()
        try await db.schema(RecoveryCode.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("code_hash", .string, .required)
            .field("used_at", .datetime)
            .create()
        try await db.schema(SignInChallenge.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("failures", .int, .required)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(SignInChallenge.schema).delete()
        try await db.schema(RecoveryCode.schema).delete()
        try await db.schema(TwoFactorSecret.schema).delete()
    }
}
