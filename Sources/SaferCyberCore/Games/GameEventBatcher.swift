import FluentKit
import Foundation

/// Writes game events for every session on this instance in shared transactions: whatever arrives while
/// one transaction commits goes into the next. Hundreds of teams answering at once then cost a few
/// commits a second instead of one each, on SQLite (one writer) and PostgreSQL alike.
///
/// Events are written in the order they were enqueued, so a session can enqueue its next event before the
/// previous one has committed. If another instance took one of a session's numbers, that event and every later
/// one of the same session fail with `SequenceTaken` (the session is "poisoned") until the session, having
/// re-read the log, enqueues a `clear` — so an event judged on a state that never got stored is never written.
public actor GameEventBatcher {
    struct Pending {
        var sessionID: UUID
        /// Nil for a `clear` marker.
        var record: GameEventRecord?
        var summary: GameSessions.Summary?
        var completion: Completion
    }

    /// A commit's outcome, waited for outside the batcher.
    public final class Completion: @unchecked Sendable {
        private let lock = NSLock()
        private var result: Result<Void, any Error>?
        private var waiter: CheckedContinuation<Void, any Error>?

        func resolve(_ outcome: Result<Void, any Error>) {
            let waiting: CheckedContinuation<Void, any Error>? = lock.withLock {
                if let waiter { self.waiter = nil; return waiter }
                result = outcome
                return nil
            }
            waiting?.resume(with: outcome)
        }

        /// Returns when the event is stored; throws `SequenceTaken` or the database's error otherwise.
        public func wait() async throws {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let done: Result<Void, any Error>? = lock.withLock {
                    if let result { return result }
                    waiter = continuation
                    return nil
                }
                if let done { continuation.resume(with: done) }
            }
        }
    }

    private let db: any Database
    private var pending: [Pending] = []
    private var flushing = false
    private var poisoned: Set<UUID> = []
    /// Enough rows per INSERT to matter, few enough to stay well inside SQLite's limit on bound values.
    static let largestBatch = 400

    public init(db: any Database) { self.db = db }

    /// Queues an event and returns at once; `wait()` on the result for the commit.
    public func enqueue(_ event: GameEvent, sequence: Int, sessionID: UUID, after: GameState) throws -> Completion {
        let record = try GameEventRecord(sessionID: sessionID, sequence: sequence, event: event)
        let completion = Completion()
        pending.append(Pending(sessionID: sessionID, record: record, summary: GameSessions.Summary(event: event, sessionID: sessionID, after: after),
                               completion: completion))
        startFlushing()
        return completion
    }

    /// Queues an event and waits for its commit.
    public func append(_ event: GameEvent, sequence: Int, sessionID: UUID, after: GameState) async throws {
        try await enqueue(event, sequence: sequence, sessionID: sessionID, after: after).wait()
    }

    /// After a lost race the session has re-read the log: events it enqueues from now on may be written again.
    public func clear(sessionID: UUID) {
        pending.append(Pending(sessionID: sessionID, record: nil, summary: nil, completion: Completion()))
        startFlushing()
    }

    private func startFlushing() {
        guard !flushing else { return }
        flushing = true
        Task { await self.flush() }
    }

    private func flush() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(Self.largestBatch))
            pending.removeFirst(batch.count)
            // Markers and the events of poisoned sessions are settled in order, without writing.
            var writable: [Pending] = []
            for item in batch {
                if item.record == nil {
                    poisoned.remove(item.sessionID)
                    item.completion.resolve(.success(()))
                } else if poisoned.contains(item.sessionID) {
                    item.completion.resolve(.failure(GameSessions.SequenceTaken()))
                } else {
                    writable.append(item)
                }
            }
            guard !writable.isEmpty else { continue }
            do {
                try await write(writable)
                for item in writable { item.completion.resolve(.success(())) }
            } catch let error as any DatabaseError where error.isConstraintFailure {
                // Another instance took one of these numbers: write them one by one so only that session is refused.
                for item in writable {
                    if poisoned.contains(item.sessionID) {
                        item.completion.resolve(.failure(GameSessions.SequenceTaken()))
                        continue
                    }
                    do {
                        try await write([item])
                        item.completion.resolve(.success(()))
                    } catch let error as any DatabaseError where error.isConstraintFailure {
                        poisoned.insert(item.sessionID)
                        item.completion.resolve(.failure(GameSessions.SequenceTaken()))
                    } catch {
                        poisoned.insert(item.sessionID)
                        item.completion.resolve(.failure(error))
                    }
                }
            } catch {
                // Nothing in the batch was stored; later events of these sessions were judged on states that now
                // will not be stored either.
                for item in writable {
                    poisoned.insert(item.sessionID)
                    item.completion.resolve(.failure(error))
                }
            }
        }
        flushing = false
    }

    private func write(_ batch: [Pending]) async throws {
        let records = batch.compactMap(\.record)
        let summaries = batch.compactMap(\.summary)
        try await db.write { tx in
            try await records.create(on: tx)
            for summary in summaries { try await summary.save(on: tx) }
        }
    }
}
