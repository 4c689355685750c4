import FluentKit
import SQLKit

/// The audit table, plus triggers that make the database itself refuse UPDATE and DELETE on it.
struct CreateAuditEntry: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(AuditEntry.schema)
            .id()
            .field("at", .datetime, .required)
            // No foreign keys: the log must outlive whatever it describes.
            .field("partnership_id", .uuid)
            .field("actor_id", .uuid)
            .field("actor_email", .string, .required)
            .field("action", .string, .required)
            .field("entity", .string, .required)
            .field("entity_id", .string)
            .field("summary", .string, .required)
            .field("before_json", .string)
            .field("after_json", .string)
            .field("request_id", .string)
            .create()
        let sql = db.sql
        try await sql.create(index: "audit_entries_partnership_at").on(AuditEntry.schema)
            .column("partnership_id").column("at").run()
        if db.isSQLite {
            for verb in ["UPDATE", "DELETE"] {
                try await sql.raw(
                    """
                    CREATE TRIGGER audit_entries_no_\(unsafeRaw: verb.lowercased()) BEFORE \(unsafeRaw: verb) ON audit_entries
                    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
                    """
                ).run()
            }
        } else {
            try await sql.raw(
                """
                CREATE OR REPLACE FUNCTION audit_entries_append_only() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION 'the audit log is append-only'; END; $$ LANGUAGE plpgsql
                """
            ).run()
            try await sql.raw(
                """
                CREATE TRIGGER audit_entries_no_change BEFORE UPDATE OR DELETE ON audit_entries
                FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()
                """
            ).run()
            try await sql.raw(
                """
                CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
                FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only()
                """
            ).run()
        }
    }

    func revert(on db: any Database) async throws {
        try await db.schema(AuditEntry.schema).delete()
        if !db.isSQLite, let sql = db as? any SQLDatabase {
            try await sql.raw("DROP FUNCTION IF EXISTS audit_entries_append_only()").run()
        }
    }
}
