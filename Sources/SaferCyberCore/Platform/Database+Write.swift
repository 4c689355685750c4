import FluentKit
import Foundation
import SQLKit

/// Serialises write transactions inside this process.
///
/// SQLite allows one writer at a time. With WAL and a busy timeout alone, read-then-write
/// transactions from concurrent requests still failed about half the time at 50 clients
/// ("database is locked" / SQLITE_BUSY_SNAPSHOT cannot be retried by a busy handler), so every write
/// goes through this gate. Readers are never blocked. PostgreSQL needs no gate: it locks rows.
public enum WriteGate {
    /// The process's one gate (an `AsyncMutex`: waiters go in arrival order).
    public static let shared = AsyncMutex()
}

extension Database {
    /// The database as SQLKit sees it, for the queries Fluent cannot write (raw SQL, `ON CONFLICT`, window
    /// functions). Every database SaferCyber opens is SQLite or PostgreSQL, both SQL databases: the one place
    /// that says so.
    public var sql: any SQLDatabase {
        guard let sql = self as? any SQLDatabase else {
            preconditionFailure("SaferCyber runs on SQLite or PostgreSQL, through an SQL driver")
        }
        return sql
    }

    /// True when this database is SQLite (which needs its writes serialised).
    public var isSQLite: Bool {
        (self as? any SQLDatabase)?.dialect.name == "sqlite"
    }

    /// Runs `body` in one write transaction: all of it happens or none of it does.
    /// Every change to the database in SaferCyber goes through here.
    public func write<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        if inTransaction { return try await body(self) }
        guard isSQLite else { return try await transaction(body) }
        await WriteGate.shared.lock()
        do {
            let result = try await transaction { tx in
                // Overwrite deleted content with zeros, so erased personal details do not linger in free pages or
                // reach backups (issue 20). It is a per-connection setting, and Fluent offers no hook when a
                // connection opens, so every write transaction sets it (no I/O: it only flips a flag).
                try await (tx as? any SQLDatabase)?.raw("PRAGMA secure_delete = ON").run()
                return try await body(tx)
            }
            WriteGate.shared.unlock()
            return result
        } catch {
            WriteGate.shared.unlock()
            throw error
        }
    }
}

extension Database {
    /// Inside a `write`, holds a lock on each key until the transaction ends, so parallel read-count-write steps on
    /// the same key (sign-in attempts, two-step codes, public-form limits) run one after another. PostgreSQL takes
    /// advisory locks, in a fixed order so that two callers cannot deadlock; SQLite's write gate already runs one
    /// write transaction at a time.
    public func lockKeys(_ keys: [String]) async throws {
        guard !isSQLite, let sql = self as? any SQLDatabase else { return }
        for key in Set(keys).sorted() {
            try await sql.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: key)))").run()
        }
    }

    /// Inside a `write`, locks one partnership's row until the transaction ends, so read-then-write steps
    /// (next position in a list, places left at an event) cannot interleave on PostgreSQL.
    /// On SQLite the write gate already runs one write transaction at a time.
    public func lockPartnership(_ id: UUID) async throws {
        guard !isSQLite, let sql = self as? any SQLDatabase else { return }
        try await sql.raw("SELECT id FROM partnerships WHERE id = \(bind: id) FOR UPDATE").run()
    }
}

extension Database {
    /// Inside a `write`, locks one event's row until the transaction ends (PostgreSQL); the write gate does it on SQLite.
    public func lockEvent(_ id: UUID) async throws {
        guard !isSQLite, let sql = self as? any SQLDatabase else { return }
        try await sql.raw("SELECT id FROM events WHERE id = \(bind: id) FOR UPDATE").run()
    }
}
