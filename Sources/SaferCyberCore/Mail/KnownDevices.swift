import FluentKit
import Foundation

/// A browser an account has signed in from, remembered by a long-lived cookie whose token is stored only as a hash.
public final class KnownDevice: Model, @unchecked Sendable {
    public static let schema = "known_devices"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: User
    @Field(key: "token_hash") public var tokenHash: String
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "last_seen_at") public var lastSeenAt: Date
    /// "Firefox on Windows": enough for the person to recognise it, not a fingerprint.
    @Field(key: "browser") public var browser: String

    public init() {}
}

/// "Sign-in from a new device" (issue 22): the first sign-in from a browser the account has not used before emails the
/// person, so a stolen password is noticed. The very first device of an account is not announced.
public enum KnownDevices {
    /// How long a browser stays known after its last sign-in.
    public static let memory: TimeInterval = 400 * 24 * 3600

    /// Forgets browsers not used to sign in for `memory` (run by the housekeeping job, issue 21).
    @discardableResult
    public static func purge(now: Date = Date(), on db: any Database) async throws -> Int {
        try await db.write { tx in
            let old = KnownDevice.query(on: tx).filter(\.$lastSeenAt < now.addingTimeInterval(-memory))
            let count = try await old.count()
            if count > 0 { try await old.delete() }
            return count
        }
    }

    /// Called after every successful sign-in with the browser's device cookie (if any). Returns a new token for the
    /// cookie when the browser was not known (and, if the account had other devices, queues the notice).
    public static func signedIn(
        user: User, cookie: String?, userAgent: String, address: String, links: MailLinks, now: Date = Date(),
        on db: any Database
    ) async throws -> String? {
        let userID = try user.requireID()
        if let cookie, !cookie.isEmpty,
            let known = try await KnownDevice.query(on: db).filter(\.$user.$id == userID)
                .filter(\.$tokenHash == Secrets.hash(cookie)).first(),
            known.lastSeenAt > now.addingTimeInterval(-memory)
        {
            known.lastSeenAt = now
            try await db.write { tx in try await known.save(on: tx) }
            return nil
        }
        let token = Secrets.token()
        let browser = describe(userAgent: userAgent)
        try await db.write { tx in
            let others = try await KnownDevice.query(on: tx).filter(\.$user.$id == userID).count()
            try await KnownDevice.query(on: tx).filter(\.$user.$id == userID)
                .filter(\.$lastSeenAt < now.addingTimeInterval(-memory)).delete()
            let device = KnownDevice()
            device.id = UUID()
            device.$user.id = userID
            device.tokenHash = Secrets.hash(token)
            device.createdAt = now
            device.lastSeenAt = now
            device.browser = browser
            try await device.create(on: tx)
            if others > 0 {
                try await Outbox.enqueue(
                    MailMessages.newDevice(
                        user: user, at: now, address: address, browser: browser, links: links,
                        deviceID: try device.requireID()), now: now, on: tx)
            }
        }
        return token
    }

    /// A plain description of a User-Agent header: the browser family and the operating system.
    public static func describe(userAgent: String) -> String {
        let ua = userAgent.lowercased()
        let browser =
            ua.contains("edg/")
            ? "Edge"
            : ua.contains("firefox/")
                ? "Firefox"
                : ua.contains("chrome/") || ua.contains("chromium/")
                    ? "Chrome"
                    : ua.contains("safari/") ? "Safari" : "A browser"
        let system =
            ua.contains("windows")
            ? "Windows"
            : ua.contains("iphone") || ua.contains("ipad")
                ? "iOS"
                : ua.contains("android")
                    ? "Android"
                    : ua.contains("mac os")
                        ? "macOS"
                        : ua.contains("linux") ? "Linux" : "an unknown system"
        return "\(browser) on \(system)"
    }
}
