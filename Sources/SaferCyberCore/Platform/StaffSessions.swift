import FluentKit
import Foundation

/// Server-side sessions with idle and absolute expiry.
public enum StaffSessions {
    public static let idleTimeout: TimeInterval = 30 * 60
    public static let absoluteTimeout: TimeInterval = 12 * 60 * 60
    /// Recording activity on every request would make every page view a write; once a minute is enough.
    static let touchInterval: TimeInterval = 60

    /// Opens a new session with a fresh random token. The token goes in the cookie; only its hash is stored.
    public static func open(on db: any Database, userID: UUID, now: Date = Date()) async throws -> (
        String, StaffSession
    ) {
        let token = Secrets.token()
        let session = StaffSession(userID: userID, tokenHash: Secrets.hash(token), csrfToken: Secrets.token(), now: now)
        try await db.write { db in try await session.create(on: db) }
        return (token, session)
    }

    /// The live session and its user for a cookie value, or nil if it is unknown, expired or the user is disabled.
    public static func resolve(on db: any Database, token: String, now: Date = Date()) async throws -> (
        StaffSession, User
    )? {
        guard !token.isEmpty, token.count < 200 else { return nil }
        guard
            let session = try await StaffSession.query(on: db).filter(\.$tokenHash == Secrets.hash(token))
                .with(\.$user).first()
        else { return nil }
        let expired =
            now.timeIntervalSince(session.lastSeenAt) > idleTimeout
            || now.timeIntervalSince(session.createdAt) > absoluteTimeout
        if expired || session.user.isDisabled {
            try await db.write { db in try await session.delete(on: db) }
            return nil
        }
        if now.timeIntervalSince(session.lastSeenAt) > touchInterval {
            let id = try session.requireID()
            try await db.write { db in
                try await StaffSession.query(on: db).filter(\.$id == id).set(\.$lastSeenAt, to: now).update()
            }
            session.lastSeenAt = now
        }
        return (session, session.user)
    }

    /// Ends one session (sign-out).
    public static func close(on db: any Database, token: String) async throws {
        try await db.write { db in
            try await StaffSession.query(on: db).filter(\.$tokenHash == Secrets.hash(token)).delete()
        }
    }

    /// Deletes every session past its idle or absolute limit. Returns how many were removed.
    @discardableResult
    public static func purgeExpired(on db: any Database, now: Date = Date()) async throws -> Int {
        try await db.write { db in
            let stale = StaffSession.query(on: db).group(.or) {
                $0.filter(\.$lastSeenAt < now.addingTimeInterval(-idleTimeout))
                    .filter(\.$createdAt < now.addingTimeInterval(-absoluteTimeout))
            }
            let count = try await stale.copy().count()
            try await stale.delete()
            return count
        }
    }
}
