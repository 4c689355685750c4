import FluentKit
import SQLKit

/// Turns the audit log into hash chains (issue 21): adds each entry's chain, position and hashes, links the entries
/// already written (oldest first), and makes a position unique within its chain. The append-only triggers are lifted
/// for the linking only, inside this migration.
struct UpdateAuditEntryAddChain: AsyncMigration {
    func prepare(on db: any Database) async throws {
        // One column per statement: SQLite adds one at a time.
        try await db.schema(AuditEntry.schema).field("chain", .string).update()
        try await db.schema(AuditEntry.schema).field("chain_position", .int).update()
        try await db.schema(AuditEntry.schema).field("previous_hash", .string).update()
        try await db.schema(AuditEntry.schema).field("entry_hash", .string).update()
        let sql = db.sql
        if db.isSQLite {
            for verb in ["update", "delete"] {
                try await sql.raw("DROP TRIGGER IF EXISTS audit_entries_no_\(unsafeRaw: verb)").run()
            }
            try await AuditChain.chainExisting(on: db)
            for verb in ["UPDATE", "DELETE"] {
                try await sql.raw(
                    """
                    CREATE TRIGGER audit_entries_no_\(unsafeRaw: verb.lowercased()) BEFORE \(unsafeRaw: verb) ON audit_entries
                    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
                    """
                ).run()
            }
        } else {
            try await sql.raw("ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_change").run()
            try await AuditChain.chainExisting(on: db)
            try await sql.raw("ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_no_change").run()
        }
        try await sql.create(index: "audit_entries_chain_position").on(AuditEntry.schema).unique()
            .column("chain").column("chain_position").run()
    }

    func revert(on db: any Database) async throws {
        if let sql = db as? any SQLDatabase {
            try await sql.drop(index: "audit_entries_chain_position").run()
        }
        try await db.schema(AuditEntry.schema).deleteField("chain").update()
        try await db.schema(AuditEntry.schema).deleteField("chain_position").update()
        try await db.schema(AuditEntry.schema).deleteField("previous_hash").update()
        try await db.schema(AuditEntry.schema).deleteField("entry_hash").update()
    }
}
