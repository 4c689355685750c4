import FluentKit
import Foundation
import SQLKit

/// Writes game events for every session on this instance in shared transactions: whatever arrives while
/// one transaction commits goes into the next. Hundreds of teams answering at once then cost a few
/// commits a second instead of one each, on SQLite (one writer) and PostgreSQL alike.
/// Each caller still learns whether its own event was stored (or its number was taken by another instance).
public actor GameEventBatcher {
    struct Pending {
        var row: SQLiteGameEventWriter.Row
        var summary: GameSessions.Summary?
        var continuation: CheckedContinuation<Void, any Error>
    }

    private let db: any Database
    /// For a SQLite file: the events' own connection and thread (see `SQLiteGameEventWriter`). Otherwise Fluent.
    private let sqlite: SQLiteGameEventWriter?
    private var pending: [Pending] = []
    private var flushing = false
    /// Enough rows per transaction to matter, few enough that one batch never holds the write gate for long.
    static let largestBatch = 400

    /// `sqliteFile`: the database's file when it is a SQLite file, so events can be written on a connection of their own.
    public init(db: any Database, sqliteFile: String? = nil) {
        self.db = db
        self.sqlite = sqliteFile.map { SQLiteGameEventWriter(path: $0) }
    }

    public func append(_ event: GameEvent, sequence: Int, sessionID: UUID, after: GameState) async throws {
        let row = SQLiteGameEventWriter.Row(
            id: UUID(), sessionID: sessionID, sequence: sequence, at: event.at, json: GameEventRecord.json(event))
        let summary = GameSessions.Summary(event: event, sessionID: sessionID, after: after)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            pending.append(Pending(row: row, summary: summary, continuation: continuation))
            if !flushing {
                flushing = true
                Task { await self.flush() }
            }
        }
    }

    private func flush() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(Self.largestBatch))
            pending.removeFirst(batch.count)
            if let sqlite {
                await WriteGate.shared.lock()
                let outcomes = await sqlite.write(batch.map { ($0.row, $0.summary) })
                WriteGate.shared.unlock()
                for (item, outcome) in zip(batch, outcomes) { item.continuation.resume(with: outcome) }
            } else {
                await writeWithFluent(batch)
            }
        }
        flushing = false
    }

    private func writeWithFluent(_ batch: [Pending]) async {
        do {
            try await write(batch)
            for item in batch { item.continuation.resume() }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Another instance took one of these numbers: write them one by one so only that one is refused.
            for item in batch {
                do {
                    try await write([item])
                    item.continuation.resume()
                } catch let error as any DatabaseError where error.isConstraintFailure {
                    item.continuation.resume(throwing: GameSessions.SequenceTaken())
                } catch {
                    item.continuation.resume(throwing: error)
                }
            }
        } catch {
            for item in batch { item.continuation.resume(throwing: error) }
        }
    }

    private func write(_ batch: [Pending]) async throws {
        let summaries = batch.compactMap(\.summary)
        // Fluent's SQLite and PostgreSQL drivers are both SQL databases.
        guard let sql = db as? any SQLDatabase else {
            throw SQLiteGameEventWriter.Failure(description: "Game events need an SQL database.")
        }
        // One INSERT of plain values (as Fluent would bind them, without building a model per row). On PostgreSQL a
        // batch of answers alone is that one statement, atomic by itself: no BEGIN and COMMIT round trips.
        let rows = batch.map(\.row)
        let insert: @Sendable (any SQLDatabase) async throws -> Void = { sql in
            var statement = sql.insert(into: GameEventRecord.schema).columns(
                "id", "session_id", "seq", "at", "event_json")
            for row in rows { statement = statement.values(row.id, row.sessionID, row.sequence, row.at, row.json) }
            try await statement.run()
        }
        if summaries.isEmpty && !db.isSQLite {
            try await insert(sql)
            return
        }
        try await db.write { tx in
            guard let txSQL = tx as? any SQLDatabase else {
                throw SQLiteGameEventWriter.Failure(description: "Game events need an SQL database.")
            }
            try await insert(txSQL)
            for summary in summaries { try await summary.save(on: tx) }
        }
    }
}
