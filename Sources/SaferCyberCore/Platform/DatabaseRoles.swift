import FluentKit
import Foundation
import SQLKit

/// Least privilege on PostgreSQL (issue 21). Migrations run as an owner role (`DATABASE_OWNER_URL`), which owns every
/// table; the server runs as a separate role (`DATABASE_URL`) that may read and change the rows it needs, may only
/// add to and read the audit log, and may not change the schema (no CREATE on the schema; only a table's owner can
/// ALTER it, drop it or disable its triggers).
public enum DatabaseRoles {
    /// Quotes an identifier (a role or schema name) for SQL.
    public static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The statements the owner runs, after migrating, to give `runtimeRole` what the server needs in `schema` and no
    /// more. Safe to run again (grants and revokes are idempotent). `ALTER DEFAULT PRIVILEGES` covers tables later
    /// migrations add.
    public static func grants(runtimeRole: String, schema: String) -> [String] {
        let role = quoted(runtimeRole)
        let space = quoted(schema)
        return [
            "REVOKE ALL ON SCHEMA \(space) FROM \(role)",
            "GRANT USAGE ON SCHEMA \(space) TO \(role)",
            "REVOKE ALL ON ALL TABLES IN SCHEMA \(space) FROM \(role)",
            "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA \(space) TO \(role)",
            "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA \(space) TO \(role)",
            "ALTER DEFAULT PRIVILEGES IN SCHEMA \(space) GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO \(role)",
            "ALTER DEFAULT PRIVILEGES IN SCHEMA \(space) GRANT USAGE, SELECT ON SEQUENCES TO \(role)",
            // The audit log: add and read only.
            "REVOKE UPDATE, DELETE ON \(space).\(quoted(AuditEntry.schema)) FROM \(role)",
            // The list of applied migrations: read only (the server checks it is up to date).
            "REVOKE INSERT, UPDATE, DELETE ON \(space).\(quoted("_fluent_migrations")) FROM \(role)",
        ]
    }

    /// Runs `grants` as the connected (owner) role.
    public static func apply(runtimeRole: String, schema: String, on db: any Database) async throws {
        let sql = db.sql
        for statement in grants(runtimeRole: runtimeRole, schema: schema) {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    /// The role the connection runs as (`current_user`).
    public static func currentRole(on db: any Database) async throws -> String {
        guard let sql = db as? any SQLDatabase,
            let row = try await sql.raw("SELECT current_user AS name").first()
        else { return "" }
        return try row.decode(column: "name", as: String.self)
    }

    /// The schema the connection works in (`current_schema()`).
    public static func currentSchema(on db: any Database) async throws -> String {
        guard let sql = db as? any SQLDatabase,
            let row = try await sql.raw("SELECT current_schema() AS schema").first()
        else { return "public" }
        return try row.decode(column: "schema", as: String.self)
    }

    /// True when the connected role may create tables in its schema (the owner, or a single-role setup).
    public static func canChangeSchema(on db: any Database) async throws -> Bool {
        guard !db.isSQLite, let sql = db as? any SQLDatabase,
            let row = try await sql.raw(
                "SELECT has_schema_privilege(current_schema(), 'CREATE') AS can"
            ).first()
        else { return true }
        return try row.decode(column: "can", as: Bool.self)
    }

    /// Migrations in `names` that the database has not recorded as applied.
    public static func pending(_ names: [String], on db: any Database) async throws -> [String] {
        let sql = db.sql
        let applied = try await sql.raw("SELECT name FROM _fluent_migrations").all()
            .map { try $0.decode(column: "name", as: String.self) }
        let done = Set(applied)
        return names.filter { !done.contains($0) }
    }
}
