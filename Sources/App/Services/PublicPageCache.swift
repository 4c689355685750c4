import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Rendered public event pages, kept for a few seconds. The listing and event pages are what a leaflet's QR
/// code sends a whole hall to at once; rendering them from the database each time managed about 600
/// requests a second, the cache serves thousands. Any booking or event change in this process clears it;
/// other instances see changes within `lifetime`.
final class PublicPageCache: @unchecked Sendable {
    static let lifetime: TimeInterval = 5
    private let lock = NIOLock()
    private var entries: [String: (stored: Date, html: String)] = [:]

    func get(_ key: String, now: Date = Date()) -> String? {
        lock.withLock {
            guard let entry = entries[key], now.timeIntervalSince(entry.stored) < Self.lifetime else { return nil }
            return entry.html
        }
    }

    func put(_ key: String, _ html: String, now: Date = Date()) {
        lock.withLock {
            if entries.count > 5000 { entries.removeAll() }
            entries[key] = (now, html)
        }
    }

    func clear() { lock.withLock { entries.removeAll() } }
}

extension Application {
    private struct PublicPageCacheKey: StorageKey { typealias Value = PublicPageCache }

    var publicPageCache: PublicPageCache {
        if let cache = storage[PublicPageCacheKey.self] { return cache }
        let cache = PublicPageCache()
        storage[PublicPageCacheKey.self] = cache
        return cache
    }
}
