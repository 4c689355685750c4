import FluentKit

/// Resilience checks for small organisations and schools (issue 9).
struct CreateResilienceChecks: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(ResilienceCheck.schema)
            .id()
            .field("partnership_id", .uuid, .required, .references(Partnership.schema, .id, onDelete: .cascade))
            .field("check_id", .string, .required)
            .field("version", .int, .required)
            .field("answers", .string, .required)
            .field("scores", .string, .required)
            .field("overall", .int, .required)
            .field("completed_at", .datetime, .required)
            .field("token", .string, .required)
            .field("previous_id", .uuid)
            .field("superseded", .bool, .required)
            .field("sector", .string)
            .field("size_band", .string)
            .field("area", .string)
            .field("follow_up", .bool, .required)
            .field("organisation_name", .string)
            .field("contact_name", .string)
            .field("contact_email", .string)
            .field("contact_phone", .string)
            .field("contacted_at", .datetime)
            .unique(on: "token", name: "resilience_checks_token")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(ResilienceCheck.schema).delete()
    }
}
