import Foundation
import NIOConcurrencyHelpers
import XCTest

@testable import SaferCyberCore

/// The one async lock (issue 18): only one holder at a time across suspensions, and waiters served in arrival order.
final class AsyncMutexTests: XCTestCase {
    func testOneHolderAtATimeAcrossSuspensions() async {
        let mutex = AsyncMutex()
        let inside = NIOLockedValueBox((now: 0, most: 0, total: 0))
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<200 {
                group.addTask {
                    await mutex.withLock {
                        inside.withLockedValue {
                            $0.now += 1
                            $0.most = max($0.most, $0.now)
                        }
                        await Task.yield()
                        try? await Task.sleep(nanoseconds: 10_000)
                        inside.withLockedValue {
                            $0.now -= 1
                            $0.total += 1
                        }
                    }
                }
            }
        }
        let result = inside.withLockedValue { $0 }
        XCTAssertEqual(result.most, 1, "two tasks held the lock at once")
        XCTAssertEqual(result.total, 200)
    }

    func testWaitersAreServedInArrivalOrder() async throws {
        let mutex = AsyncMutex()
        let order = NIOLockedValueBox<[Int]>([])
        await mutex.lock()
        var tasks: [Task<Void, Never>] = []
        for number in 0..<20 {
            tasks.append(
                Task {
                    await mutex.lock()
                    order.withLockedValue { $0.append(number) }
                    mutex.unlock()
                })
            // Let this task reach the queue before the next one starts.
            try await Task.sleep(nanoseconds: 5_000_000)
        }
        mutex.unlock()
        for task in tasks { await task.value }
        XCTAssertEqual(order.withLockedValue { $0 }, Array(0..<20))
    }
}
