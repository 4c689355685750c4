import Foundation
import VaporCSQLite

/// Writes batches of game events to a SQLite file through SQLite's C API, on a connection and a thread of its own.
///
/// Why: through Fluent a batch is a chain of steps (lease a connection, BEGIN, INSERT, COMMIT), each a hop
/// from SQLite's thread back to an event loop that is busy with players' requests. Under load that chain took
/// 11–14 ms per batch while SQLite itself worked for about 2 ms, and every session's next answer waited for it.
/// Here the whole transaction is one job on one thread: one hop there, one hop back.
///
/// Callers hold the process's `WriteGate` around `write`, as every other writer does, and the transaction starts
/// with BEGIN IMMEDIATE, so it never meets another writer half-way (see `WriteGate`).
/// The rows are the ones Fluent writes (UUIDs as text, dates as seconds since 1970), so Fluent reads them back.
final class SQLiteGameEventWriter: @unchecked Sendable {
    /// One event row, as plain values.
    struct Row: Sendable {
        var id: UUID
        var sessionID: UUID
        var sequence: Int
        var at: Date
        var json: String
    }

    /// Why a whole batch could not be written (the database's own words, for the log).
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private let path: String
    // Only ever touched on `queue`.
    private var handle: OpaquePointer?
    private var insert: OpaquePointer?
    private var update: OpaquePointer?
    private let queue = DispatchQueue(label: "safercyber.game-events")
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(path: String) {
        self.path = path
    }

    deinit {
        sqlite_nio_sqlite3_finalize(insert)
        sqlite_nio_sqlite3_finalize(update)
        sqlite_nio_sqlite3_close_v2(handle)
    }

    /// Writes `rows` (and each stored row's session summary) in one transaction. The answer for each row is in
    /// the same order: stored, `GameSessions.SequenceTaken` when another writer already has that number, or the
    /// failure that stopped the whole batch (then nothing was written).
    func write(_ rows: [(row: Row, summary: GameSessions.Summary?)]) async -> [Result<Void, any Error>] {
        await withCheckedContinuation { continuation in
            queue.async {
                continuation.resume(returning: self.writeNow(rows))
            }
        }
    }

    private func writeNow(_ rows: [(row: Row, summary: GameSessions.Summary?)]) -> [Result<Void, any Error>] {
        do {
            try open()
            try exec("BEGIN IMMEDIATE")
            var outcomes: [Result<Void, any Error>] = []
            outcomes.reserveCapacity(rows.count)
            do {
                for (row, summary) in rows {
                    if try store(row) {
                        if let summary { try save(summary) }
                        outcomes.append(.success(()))
                    } else {
                        outcomes.append(.failure(GameSessions.SequenceTaken()))
                    }
                }
                try exec("COMMIT")
            } catch {
                _ = sqlite_nio_sqlite3_exec(handle, "ROLLBACK", nil, nil, nil)
                throw error
            }
            return outcomes
        } catch {
            return Array(repeating: .failure(error), count: rows.count)
        }
    }

    /// Inserts one event; false when its number is already taken (the statement alone is undone, the
    /// transaction goes on).
    private func store(_ row: Row) throws -> Bool {
        guard let insert else { throw Failure(description: "The game events statement is not ready.") }
        defer {
            sqlite_nio_sqlite3_reset(insert)
            sqlite_nio_sqlite3_clear_bindings(insert)
        }
        sqlite_nio_sqlite3_bind_text(insert, 1, row.id.uuidString, -1, Self.transient)
        sqlite_nio_sqlite3_bind_text(insert, 2, row.sessionID.uuidString, -1, Self.transient)
        sqlite_nio_sqlite3_bind_int64(insert, 3, Int64(row.sequence))
        sqlite_nio_sqlite3_bind_double(insert, 4, row.at.timeIntervalSince1970)
        sqlite_nio_sqlite3_bind_text(insert, 5, row.json, -1, Self.transient)
        let status = sqlite_nio_sqlite3_step(insert)
        if status == SQLITE_DONE { return true }
        if status & 0xff == SQLITE_CONSTRAINT { return false }
        throw failure("storing a game event")
    }

    private func save(_ summary: GameSessions.Summary) throws {
        guard let update else { throw Failure(description: "The game sessions statement is not ready.") }
        defer {
            sqlite_nio_sqlite3_reset(update)
            sqlite_nio_sqlite3_clear_bindings(update)
        }
        sqlite_nio_sqlite3_bind_text(update, 1, summary.status.rawValue, -1, Self.transient)
        bind(summary.startedAt, to: update, at: 2)
        bind(summary.finishedAt, to: update, at: 3)
        sqlite_nio_sqlite3_bind_int64(update, 4, Int64(summary.teams))
        sqlite_nio_sqlite3_bind_int64(update, 5, Int64(summary.players))
        sqlite_nio_sqlite3_bind_text(update, 6, summary.sessionID.uuidString, -1, Self.transient)
        guard sqlite_nio_sqlite3_step(update) == SQLITE_DONE else { throw failure("updating a game session") }
    }

    private func bind(_ date: Date?, to statement: OpaquePointer, at index: Int32) {
        if let date {
            sqlite_nio_sqlite3_bind_double(statement, index, date.timeIntervalSince1970)
        } else {
            sqlite_nio_sqlite3_bind_null(statement, index)
        }
    }

    /// Opens the connection and prepares the two statements the first time they are needed (the tables exist by then).
    private func open() throws {
        if handle == nil {
            var opened: OpaquePointer?
            let status = sqlite_nio_sqlite3_open_v2(path, &opened, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil)
            guard status == SQLITE_OK, let opened else {
                let message = opened.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "code \(status)"
                sqlite_nio_sqlite3_close_v2(opened)
                throw Failure(description: "Could not open \(path) for game events: \(message)")
            }
            handle = opened
            // Another process (a backup, a command) may hold the file for a moment: wait for it rather than fail.
            sqlite_nio_sqlite3_busy_timeout(opened, 10_000)
            try exec("PRAGMA foreign_keys = ON")
        }
        if insert == nil {
            insert = try prepare(
                "INSERT INTO game_events (id, session_id, seq, at, event_json) VALUES (?1, ?2, ?3, ?4, ?5)")
        }
        if update == nil {
            update = try prepare(
                "UPDATE game_sessions SET status = ?1, started_at = ?2, finished_at = ?3, teams = ?4, players = ?5 WHERE id = ?6"
            )
        }
    }

    private func prepare(_ sql: String) throws -> OpaquePointer? {
        var statement: OpaquePointer?
        guard sqlite_nio_sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK else {
            throw failure("preparing a statement")
        }
        return statement
    }

    private func exec(_ sql: String) throws {
        guard sqlite_nio_sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else { throw failure(sql) }
    }

    private func failure(_ doing: String) -> Failure {
        Failure(
            description: "SQLite failed \(doing): "
                + (handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "no connection"))
    }
}
