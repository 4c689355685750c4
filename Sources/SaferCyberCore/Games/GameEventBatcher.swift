import FluentKit
import Foundation

/// Writes game events for every session on this instance in shared transactions: whatever arrives while
/// one transaction commits goes into the next. Hundreds of teams answering at once then cost a few
/// commits a second instead of one each, on SQLite (one writer) and PostgreSQL alike.
/// Each caller still learns whether its own event was stored (or its number was taken by another instance).
public actor GameEventBatcher {
    struct Pending {
        var record: GameEventRecord
        var summary: GameSessions.Summary?
        var continuation: CheckedContinuation<Void, any Error>
    }

    private let db: any Database
    private var pending: [Pending] = []
    private var flushing = false
    /// Enough rows per INSERT to matter, few enough to stay well inside SQLite's limit on bound values.
    static let largestBatch = 400

    public init(db: any Database) { self.db = db }

    public func append(_ event: GameEvent, sequence: Int, sessionID: UUID, after: GameState) async throws {
        let record = try GameEventRecord(sessionID: sessionID, sequence: sequence, event: event)
        let summary = GameSessions.Summary(event: event, sessionID: sessionID, after: after)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            pending.append(Pending(record: record, summary: summary, continuation: continuation))
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
        flushing = false
    }

    private func write(_ batch: [Pending]) async throws {
        let records = batch.map(\.record)
        let summaries = batch.compactMap(\.summary)
        try await db.write { tx in
            try await records.create(on: tx)
            for summary in summaries { try await summary.save(on: tx) }
        }
    }
}
