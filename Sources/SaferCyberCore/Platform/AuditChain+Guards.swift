import FluentKit
import Foundation
import SQLKit

/// The audit table's guards (append-only triggers, unique index) and chaining entries written before the chain.
extension AuditChain {
    /// Checks that the audit table has exactly its append-only triggers (enabled) and its unique index.
    static func guards(_ sql: any SQLDatabase) async throws -> Problem? {
        func problem(_ detail: String) -> Problem {
            Problem(kind: .unguarded, chain: "", entryID: nil, position: 0, detail: detail)
        }
        if sql.dialect.name == "sqlite" {
            let rows = try await sql.raw(
                "SELECT type, name FROM sqlite_master WHERE tbl_name = 'audit_entries' AND type IN ('trigger', 'index')"
            ).all()
            let triggers = Set(
                try rows.filter { try $0.decode(column: "type", as: String.self) == "trigger" }
                    .map { try $0.decode(column: "name", as: String.self) })
            let indexes = Set(
                try rows.filter { try $0.decode(column: "type", as: String.self) == "index" }
                    .map { try $0.decode(column: "name", as: String.self) })
            let expected: Set = ["audit_entries_no_update", "audit_entries_no_delete"]
            if triggers != expected {
                return problem(
                    "The audit table's triggers are not SaferCyber's (found: \(triggers.sorted().joined(separator: ", "))): they were removed or others were added."
                )
            }
            if !indexes.contains("audit_entries_chain_position") {
                return problem("The audit table's unique index on chain positions was removed.")
            }
        } else {
            let rows = try await sql.raw(
                """
                SELECT t.tgname AS name, t.tgenabled::text AS enabled FROM pg_trigger t
                WHERE t.tgrelid = 'audit_entries'::regclass AND NOT t.tgisinternal
                """
            ).all()
            let found = try rows.map {
                (try $0.decode(column: "name", as: String.self), try $0.decode(column: "enabled", as: String.self))
            }
            let names = Set(found.map(\.0))
            if names != ["audit_entries_no_change", "audit_entries_no_truncate"] {
                return problem(
                    "The audit table's triggers are not SaferCyber's (found: \(names.sorted().joined(separator: ", "))): they were removed or others were added."
                )
            }
            if found.contains(where: { $0.1 != "O" }) {
                return problem("An append-only trigger on the audit table is disabled.")
            }
            let index = try await sql.raw(
                "SELECT 1 AS one FROM pg_indexes WHERE tablename = 'audit_entries' AND indexname = 'audit_entries_chain_position'"
            ).all()
            if index.isEmpty { return problem("The audit table's unique index on chain positions was removed.") }
        }
        return nil
    }

    /// How far an entry's time may fall behind the one before it: clocks of several instances differ a little.
    public static let maxClockSkew: TimeInterval = 120

    /// True when the row's ids are stored exactly as Fluent writes them on SQLite (upper-case text).
    static func canonicalIDs(_ row: any SQLRow) -> Bool {
        for column in ["id", "partnership_id", "actor_id"] {
            let decoded: String?? = try? row.decode(column: column, as: String?.self)
            guard case .some(.some(let text)) = decoded else { continue }
            if UUID(uuidString: text)?.uuidString != text { return false }
        }
        return true
    }

    static func decode(_ row: any SQLRow) throws -> (Content, String?, String?) {
        let content = Content(
            id: try row.decode(column: "id", as: UUID.self),
            chain: try row.decode(column: "chain", as: String?.self) ?? "",
            position: try row.decode(column: "chain_position", as: Int?.self) ?? 0,
            at: try row.decode(column: "at", as: Date.self),
            partnershipID: try row.decode(column: "partnership_id", as: UUID?.self),
            actorID: try row.decode(column: "actor_id", as: UUID?.self),
            actorEmail: try row.decode(column: "actor_email", as: String.self),
            action: try row.decode(column: "action", as: String.self),
            entity: try row.decode(column: "entity", as: String.self),
            entityID: try row.decode(column: "entity_id", as: String?.self),
            summary: try row.decode(column: "summary", as: String.self),
            beforeJSON: try row.decode(column: "before_json", as: String?.self),
            afterJSON: try row.decode(column: "after_json", as: String?.self),
            requestID: try row.decode(column: "request_id", as: String?.self))
        return (
            content, try row.decode(column: "previous_hash", as: String?.self),
            try row.decode(column: "entry_hash", as: String?.self)
        )
    }

    /// Links every entry written before the chains existed, oldest first (the migration that adds the chains).
    static func chainExisting(on db: any Database) async throws {
        let entries = try await AuditEntry.query(on: db).sort(\.$at).sort(\.$id).all()
        var last: [String: (Int, String)] = [:]
        let sql = db.sql
        for entry in entries {
            let chain = name(entry.partnershipID)
            let (position, previous) = last[chain].map { ($0.0 + 1, $0.1) } ?? (1, genesis)
            entry.chain = chain
            entry.position = position
            let digest = hash(try Content(entry), previous: previous)
            try await sql.raw(
                """
                UPDATE audit_entries SET chain = \(bind: chain), chain_position = \(bind: position),
                previous_hash = \(bind: previous), entry_hash = \(bind: digest) WHERE id = \(bind: entry.requireID())
                """
            ).run()
            last[chain] = (position, digest)
        }
    }
}
