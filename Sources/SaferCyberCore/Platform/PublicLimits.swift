import FluentKit
import Foundation
import SQLKit

/// One use of a public form, or one counted sighting, kept only as long as a limit needs it. Keys are SHA-256
/// hashes (of "kind|address" or "kind|target"), so no address is stored.
public final class PublicFormUse: Model, @unchecked Sendable {
    public static let schema = "public_form_uses"
    @ID(key: .id) public var id: UUID?
    @Field(key: "key_hash") public var keyHash: String
    @Field(key: "at") public var at: Date

    public init() {}
    public init(keyHash: String, at: Date) {
        self.keyHash = keyHash
        self.at = at
    }
}

/// Limits on what an anonymous visitor can repeat (issue 20, case 6), kept in the database so every instance on
/// PostgreSQL shares them: so many uses of a form per address and per target (an event, a survey) in a window;
/// form tokens that work once; and counts that take each visitor once a day however often a page is fetched.
public enum PublicLimits {
    /// At most `limit` uses of `key` within `window` seconds.
    public struct Rule: Sendable, Equatable {
        public var key: String
        public var limit: Int
        public var window: TimeInterval
        public init(_ key: String, limit: Int, window: TimeInterval) {
            self.key = key
            self.limit = limit
            self.window = window
        }
    }

    public enum Outcome: Sendable, Equatable {
        case allowed
        /// Refused: the form may be tried again after this many seconds.
        case limited(retryAfter: TimeInterval)
    }

    /// The longest window any rule uses; older uses are purged.
    public static let memory: TimeInterval = 24 * 60 * 60

    static func hash(_ key: String) -> String { Secrets.hash("public-limit|" + key) }

    /// Counts one use against every rule if all of them allow it, in one transaction (PostgreSQL: advisory locks on
    /// the keys, in a fixed order), so a burst of parallel requests gets at most each limit.
    public static func take(_ rules: [Rule], on db: any Database, now: Date = Date()) async throws -> Outcome {
        let hashes = rules.map { hash($0.key) }
        return try await db.write { tx in
            try await tx.lockKeys(hashes)
            for rule in rules {
                let outcome = try await peek(rule, on: tx, now: now)
                if outcome != .allowed { return outcome }
            }
            for key in hashes { try await PublicFormUse(keyHash: key, at: now).create(on: tx) }
            return .allowed
        }
    }

    /// Whether `rule` has room, without counting a use (for limits that count only what succeeds).
    public static func peek(_ rule: Rule, on db: any Database, now: Date = Date()) async throws -> Outcome {
        let uses = try await PublicFormUse.query(on: db).filter(\.$keyHash == hash(rule.key))
            .filter(\.$at > now.addingTimeInterval(-rule.window)).sort(\.$at).all()
        guard uses.count >= rule.limit, let oldest = uses.first else { return .allowed }
        return .limited(retryAfter: max(1, oldest.at.addingTimeInterval(rule.window).timeIntervalSince(now)))
    }

    /// Counts one use of `rule` (after what it limits has succeeded).
    public static func record(_ rule: Rule, on db: any Database, now: Date = Date()) async throws {
        try await db.write { tx in try await PublicFormUse(keyHash: hash(rule.key), at: now).create(on: tx) }
    }

    /// True the first time a form token is used; false ever after (within `memory`, beyond which the token has
    /// expired anyway).
    public static func useOnce(token: String, on db: any Database, now: Date = Date()) async throws -> Bool {
        try await firstSighting("token|" + token, within: memory, on: db, now: now)
    }

    /// True when `key` has not been seen within `window`, and records it: a page view or download counts each
    /// visitor once a day however many times they fetch it.
    public static func firstSighting(
        _ key: String, within window: TimeInterval, on db: any Database, now: Date = Date()
    )
        async throws -> Bool
    {
        let key = hash(key)
        return try await db.write { tx in
            try await tx.lockKeys([key])
            let seen =
                try await PublicFormUse.query(on: tx).filter(\.$keyHash == key)
                .filter(\.$at > now.addingTimeInterval(-window)).first() != nil
            if seen { return false }
            try await PublicFormUse(keyHash: key, at: now).create(on: tx)
            return true
        }
    }

    /// Forgets uses older than any window.
    public static func purge(on db: any Database, now: Date = Date()) async throws {
        try await db.write { tx in
            try await PublicFormUse.query(on: tx).filter(\.$at < now.addingTimeInterval(-memory)).delete()
        }
    }

}
