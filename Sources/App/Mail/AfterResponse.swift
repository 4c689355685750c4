import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Work a request starts but does not wait for, so that the answer takes the same time whatever the work finds
/// (issue 22: a password reset for an address with an account wrote a link and an email; for one without, nothing,
/// and the difference in time told a stranger which addresses have accounts). Failures are logged, never shown.
/// Tests and shutdown wait for what is under way with `drain()`.
final class AfterResponse: Sendable {
    private let running = NIOLockedValueBox<[UUID: Task<Void, Never>]>([:])

    /// Runs `work` after a random wait in `delay` (seconds): work done at once would slow the very next request,
    /// which a stranger could time instead; spread over a few seconds, among other requests, it tells nothing.
    func run(
        _ logger: Logger, _ what: String, delay: ClosedRange<Double> = 0...0,
        _ work: @escaping @Sendable () async throws -> Void
    ) {
        let id = UUID()
        let wait = Double.random(in: delay)
        running.withLockedValue { tasks in
            tasks[id] = Task { [running] in
                if wait > 0 { try? await Task.sleep(for: .milliseconds(Int(wait * 1000))) }
                do { try await work() } catch {
                    logger.warning("\(what) failed: \(String(reflecting: type(of: error)))")
                }
                _ = running.withLockedValue { $0.removeValue(forKey: id) }
            }
        }
    }

    /// Waits for everything started so far.
    func drain() async {
        while true {
            let tasks = running.withLockedValue { Array($0.values) }
            if tasks.isEmpty { return }
            for task in tasks { await task.value }
        }
    }
}

struct AfterResponseLifecycle: LifecycleHandler {
    func shutdownAsync(_ application: Application) async { await application.afterResponse.drain() }
}

extension Application {
    private struct AfterResponseKey: StorageKey { typealias Value = AfterResponse }

    var afterResponse: AfterResponse {
        if let existing = storage[AfterResponseKey.self] { return existing }
        let created = AfterResponse()
        storage[AfterResponseKey.self] = created
        return created
    }
}
