import FluentKit
import Foundation

/// Email-and-password sign-in with limits on guessing.
public enum SignIn {
    /// Failed attempts allowed per account, and per network address, within `window`.
    public static let accountLimit = 5
    public static let addressLimit = 30
    public static let window: TimeInterval = 15 * 60

    public enum Outcome: Sendable {
        case signedIn(user: User, token: String, session: StaffSession)
        /// Wrong email or password, or a disabled account. Deliberately not told apart.
        case refused
        case tooManyAttempts(minutes: Int)
    }

    public static func attempt(
        on db: any Database, email rawEmail: String, password: String, address: String,
        hasher: any PasswordHashing, now: Date = Date()
    ) async throws -> Outcome {
        let email = User.normalise(email: rawEmail)
        let accountKey = "account:\(email)"
        let addressKey = "address:\(address)"
        let since = now.addingTimeInterval(-window)
        let accountFailures = try await failures(on: db, key: accountKey, since: since)
        let addressFailures = try await failures(on: db, key: addressKey, since: since)
        if accountFailures.count >= accountLimit || addressFailures.count >= addressLimit {
            let oldest = (accountFailures.count >= accountLimit ? accountFailures : addressFailures).min() ?? now
            // Stored times can gain a few microseconds; don't let that turn 14 minutes into 15.
            let seconds = oldest.addingTimeInterval(window).timeIntervalSince(now)
            let minutes = max(1, Int((seconds / 60 - 0.001).rounded(.up)))
            return .tooManyAttempts(minutes: minutes)
        }
        let user = try await User.query(on: db).filter(\.$email == email).first()
        let candidate = PasswordPolicy.prehash(String(password.prefix(PasswordPolicy.maximumLength)))
        var matches = false
        if let user, !user.isDisabled {
            matches = try await hasher.verify(candidate, against: user.passwordHash)
        } else {
            // Spend the same time as a real check, so response times do not reveal which emails exist.
            _ = try? await hasher.verify(candidate, against: hasher.hash("timing-equaliser"))
        }
        guard let user, matches else {
            try await db.write { db in
                try await LoginAttempt(key: accountKey, at: now, succeeded: false).create(on: db)
                try await LoginAttempt(key: addressKey, at: now, succeeded: false).create(on: db)
                if let user {
                    try await Audit.record(
                        on: db, partnershipID: nil, by: ActingUser(id: user.id, email: email), action: .signInFailed,
                        entity: "user", entityID: user.id?.uuidString, summary: "Failed sign-in from \(address)",
                        at: now)
                }
            }
            return .refused
        }
        let userID = try user.requireID()
        let (token, session) = try await db.write { db in
            // A success clears the account's failures, so a person who mistypes twice is not locked later.
            try await LoginAttempt.query(on: db).filter(\.$key == accountKey).delete()
            let opened = try await StaffSessions.open(on: db, userID: userID, now: now)
            try await Audit.record(
                on: db, partnershipID: nil, by: ActingUser(id: userID, email: email), action: .signIn,
                entity: "user", entityID: userID.uuidString, summary: "Signed in from \(address)", at: now)
            return opened
        }
        return .signedIn(user: user, token: token, session: session)
    }

    static func failures(on db: any Database, key: String, since: Date) async throws -> [Date] {
        try await LoginAttempt.query(on: db).filter(\.$key == key).filter(\.$succeeded == false)
            .filter(\.$at >= since).all().map(\.at)
    }

    /// Forgets attempts older than the window.
    public static func purgeAttempts(on db: any Database, now: Date = Date()) async throws {
        try await db.write { db in
            try await LoginAttempt.query(on: db).filter(\.$at < now.addingTimeInterval(-window)).delete()
        }
    }
}
