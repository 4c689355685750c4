import NIOConcurrencyHelpers

/// The one async lock in SaferCyber: a task waits (without blocking a thread) until the lock is free, and the lock
/// passes to waiters in arrival order. `unlock` is synchronous, so an actor can release it in a `defer`.
///
/// Used for the process's SQLite write gate (`WriteGate`) and for a live game's one-change-at-a-time rule
/// (`LiveGame`), where an actor alone is not enough: their work suspends, and an actor runs other calls meanwhile.
public final class AsyncMutex: Sendable {
    private struct State {
        var isHeld = false
        var waiting: [CheckedContinuation<Void, Never>] = []
    }
    private let state = NIOLockedValueBox(State())

    public init() {}

    /// Waits until the lock is free, then holds it. Every `lock` must be followed by one `unlock`.
    public func lock() async {
        let free = state.withLockedValue { state in
            if state.isHeld { return false }
            state.isHeld = true
            return true
        }
        if free { return }
        await withCheckedContinuation { continuation in
            // The holder may have unlocked between the check above and now: take the lock if so.
            let takeNow = state.withLockedValue { state in
                if !state.isHeld {
                    state.isHeld = true
                    return true
                }
                state.waiting.append(continuation)
                return false
            }
            if takeNow { continuation.resume() }
        }
    }

    /// Releases the lock, handing it straight to the longest waiter if there is one.
    public func unlock() {
        let next = state.withLockedValue { state -> CheckedContinuation<Void, Never>? in
            if state.waiting.isEmpty {
                state.isHeld = false
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume()
    }

    /// Runs `body` holding the lock.
    public func withLock<T: Sendable>(_ body: @Sendable () async throws -> T) async rethrows -> T {
        await lock()
        defer { unlock() }
        return try await body()
    }
}
