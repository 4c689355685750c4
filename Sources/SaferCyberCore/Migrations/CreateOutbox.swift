import FluentKit
import SQLKit

/// Issue 22: the email outbox, password reset tokens, and each partnership's email settings.
struct CreateOutbox: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(OutboxMessage.schema)
            .id()
            .field("partnership_id", .uuid, .references(Partnership.schema, "id", onDelete: .cascade))
            .field("created_at", .datetime, .required)
            .field("idempotency_key", .string, .required)
            .field("kind", .string, .required)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("claimed_until", .datetime)
            .field("sent_at", .datetime)
            .field("last_error", .string)
            .field("provider_id", .string)
            .field("provider_status", .string)
            .field("recipient", .string, .required)
            .field("subject", .string, .required)
            .field("body_text", .string, .required)
            .field("body_html", .string, .required)
            .field("attachments_json", .string, .required)
            .field("secret", .string)
            .field("reference", .string)
            .unique(on: "idempotency_key")
            .create()
        if let sql = db as? any SQLDatabase {
            try await sql.create(index: "outbox_messages_due").on(OutboxMessage.schema).column("status")
                .column("next_attempt_at").run()
            try await sql.create(index: "outbox_messages_partnership").on(OutboxMessage.schema)
                .column("partnership_id").column("created_at").run()
            try await sql.create(index: "outbox_messages_provider").on(OutboxMessage.schema).column("provider_id").run()
        }
        try await db.schema(PasswordReset.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .unique(on: "token_hash")
            .create()
        try await db.schema(Partnership.schema).field("contact_email", .string).update()
        try await db.schema(Partnership.schema).field("mail_off", .string).update()
        try await db.schema(Partnership.schema).field("reminder_hours", .int).update()
        try await db.schema(Partnership.schema).field("after_survey_hours", .int).update()
        try await db.schema(Booking.schema).field("confirm_by", .datetime).update()
        try await db.schema(Booking.schema).field("promotion_confirmed_at", .datetime).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(Booking.schema).deleteField("promotion_confirmed_at").update()
        try await db.schema(Booking.schema).deleteField("confirm_by").update()
        try await db.schema(Partnership.schema).deleteField("after_survey_hours").update()
        try await db.schema(Partnership.schema).deleteField("reminder_hours").update()
        try await db.schema(Partnership.schema).deleteField("mail_off").update()
        try await db.schema(Partnership.schema).deleteField("contact_email").update()
        try await db.schema(PasswordReset.schema).delete()
        try await db.schema(OutboxMessage.schema).delete()
    }
}

/// Issue 22: a change notice keeps what the person was last told (the time and place before the change), so a later
/// change replaces a notice not yet sent and a move back sends nothing.
struct UpdateOutboxAddContext: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(OutboxMessage.schema).field("context", .string).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(OutboxMessage.schema).deleteField("context").update()
    }
}
