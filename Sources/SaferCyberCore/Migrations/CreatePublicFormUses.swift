import FluentKit
import SQLKit

/// Issue 20, case 6: rate limits, single-use form tokens and once-a-day counting for anonymous visitors.
struct CreatePublicFormUses: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(PublicFormUse.schema)
            .id()
            .field("key_hash", .string, .required)
            .field("at", .datetime, .required)
            .create()
        if let sql = db as? any SQLDatabase {
            try await sql.create(index: "public_form_uses_key_at").on(PublicFormUse.schema).column("key_hash")
                .column("at").run()
        }
    }

    func revert(on db: any Database) async throws {
        try await db.schema(PublicFormUse.schema).delete()
    }
}
