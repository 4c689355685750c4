import FluentKit
import Foundation
import SQLKit

/// Email-and-password sign-in with limits on guessing (issue 20).
///
/// Every password check — sign-in, and anything else that checks a password for an email — goes through
/// `checkPassword`, which:
/// - does the same work for known, unknown and disabled accounts: one bcrypt verification, against the account's
///   hash or against `equaliser` (a hash made once at start-up), so response times do not reveal which emails exist;
/// - reserves its attempt before the bcrypt check, inside a transaction that holds a lock on the account and the
///   address, so a burst of parallel guesses gets at most the limit, not one check each;
/// - throttles per (account, address) with growing delays (after 5 failures, 1 minute, then 2, 4, … up to a day),
///   per address (30 failures in 15 minutes, whatever the account) and per account from addresses it has never
///   signed in from (50 in 15 minutes): a stranger can slow guessing at a named person's account but cannot lock
///   that person out from an address they have used before;
/// - and a browser the person has signed in from before (its device cookie, `KnownDevices`) is counted on its own:
///   only its own failures delay it, so a stranger behind the same NAT address cannot delay the person at all.
public enum SignIn {
    /// Failures allowed per (account, address) before the delays start.
    public static let pairLimit = 5
    /// Failures allowed per network address within `window`, whatever the accounts.
    public static let addressLimit = 30
    /// Failures allowed per account within `window` from addresses that have not signed in to it before.
    public static let accountLimit = 50
    public static let window: TimeInterval = 15 * 60
    /// How long a (account, address) pair's failures count towards its delay, and the longest delay.
    public static let pairMemory: TimeInterval = 24 * 3600
    /// How long an address that signed in to an account stays exempt from the account-wide limit.
    public static let knownAddressMemory: TimeInterval = 90 * 24 * 3600

    public enum Outcome: Sendable {
        case signedIn(user: User, token: String, session: StaffSession)
        /// The password was right and two-step sign-in is on: the browser keeps this challenge for the code page.
        case codeNeeded(challenge: String)
        /// Wrong email or password, or a disabled account. Deliberately not told apart.
        case refused
        case tooManyAttempts(minutes: Int)
    }

    public enum Check: Sendable {
        case correct(User)
        /// Wrong password, unknown email or disabled account: deliberately one answer.
        case wrong
        case throttled(seconds: TimeInterval)
    }

    public static func attempt(
        on db: any Database, email rawEmail: String, password: String, address: String,
        hasher: any PasswordHashing, equaliser: String? = nil, device: String? = nil, now: Date = Date()
    ) async throws -> Outcome {
        let email = User.normalise(email: rawEmail)
        switch try await checkPassword(
            on: db, email: email, password: password, address: address, hasher: hasher, equaliser: equaliser,
            device: device, now: now)
        {
        case .throttled(let seconds):
            // Stored times can gain a few microseconds; don't let that turn 14 minutes into 15.
            return .tooManyAttempts(minutes: max(1, Int((seconds / 60 - 0.001).rounded(.up))))
        case .wrong:
            return .refused
        case .correct(let user):
            let userID = try user.requireID()
            if try await TwoFactor.isEnabled(userID: userID, on: db) {
                return .codeNeeded(challenge: try await TwoFactor.challenge(userID: userID, on: db, now: now))
            }
            return try await open(user, address: address, on: db, now: now)
        }
    }

    /// Opens a session for a person who has proved who they are, and audits it.
    public static func open(
        _ user: User, address: String, secondFactor: Bool = false, on db: any Database, now: Date = Date()
    )
        async throws -> Outcome
    {
        let userID = try user.requireID()
        let email = user.email
        let (token, session) = try await db.write { db in
            let opened = try await StaffSessions.open(on: db, userID: userID, now: now)
            try await Audit.record(
                on: db, partnershipID: nil, by: ActingUser(id: userID, email: email), action: .signIn,
                entity: "user", entityID: userID.uuidString,
                summary: "Signed in from \(address)\(secondFactor ? " with two-step sign-in" : "")", at: now)
            return opened
        }
        return .signedIn(user: user, token: token, session: session)
    }

    /// The one throttled password check (see the type's comment).
    public static func checkPassword(
        on db: any Database, email rawEmail: String, password: String, address: String,
        hasher: any PasswordHashing, equaliser: String? = nil, device: String? = nil, now: Date = Date()
    ) async throws -> Check {
        let email = User.normalise(email: rawEmail)
        // No address is longer; refusing here keeps huge keys out of the attempts table.
        guard email.utf8.count <= 254 else { return .wrong }
        // A device cookie counts only for the account it was given to.
        var knownDevice: String?
        if let device, !device.isEmpty,
            let found = try await KnownDevice.query(on: db).filter(\.$tokenHash == Secrets.hash(device)).with(\.$user)
                .first(), found.user.email == email, found.lastSeenAt > now.addingTimeInterval(-KnownDevices.memory)
        {
            knownDevice = found.tokenHash
        }
        let keys = Keys(email: email, address: ClientAddress.throttleKey(address), device: knownDevice)
        let reservation = try await reserve(keys, on: db, now: now)
        guard case .reserved(let reserved) = reservation else {
            if case .throttled(let seconds) = reservation { return .throttled(seconds: seconds) }
            return .wrong
        }
        let user = try await User.query(on: db).filter(\.$email == email).first()
        let candidate = PasswordPolicy.prehash(String(password.prefix(PasswordPolicy.maximumLength)))
        let target: String
        if let user, !user.isDisabled {
            target = user.passwordHash
        } else if let equaliser {
            target = equaliser
        } else {
            target = try await hasher.hash("timing-equaliser")
        }
        let matches = (try? await hasher.verify(candidate, against: target)) ?? false
        guard let user, !user.isDisabled, matches else {
            // One write transaction either way, so a failure for a real account (audited) takes as long as one
            // for an unknown email (its reserved rows are stamped instead).
            try await db.write { db in
                if let user {
                    try await Audit.record(
                        on: db, partnershipID: nil, by: ActingUser(id: user.id, email: email), action: .signInFailed,
                        entity: "user", entityID: user.id?.uuidString, summary: "Failed sign-in from \(address)",
                        at: now)
                } else {
                    try await LoginAttempt.query(on: db).filter(\.$id ~~ reserved).set(\.$at, to: now).update()
                }
            }
            return .wrong
        }
        try await db.write { db in
            // A success clears this address's failures for the account (not other addresses'), and remembers the
            // address as one the person uses.
            try await LoginAttempt.query(on: db).filter(\.$id ~~ reserved).delete()
            try await LoginAttempt.query(on: db).filter(\.$key == keys.pair).delete()
            try await LoginAttempt.query(on: db).filter(\.$key == keys.known).delete()
            try await LoginAttempt(key: keys.known, at: now, succeeded: true).create(on: db)
        }
        return .correct(user)
    }

    struct Keys {
        let pair: String
        let address: String
        let account: String
        let known: String
        /// True when the attempt comes from a browser the account has signed in from (its own count, no others).
        let fromKnownDevice: Bool
        init(email: String, address: String, device: String? = nil) {
            pair = device.map { "device:\(email)|\($0.prefix(32))" } ?? "pair:\(email)|\(address)"
            self.address = "address:\(address)"
            account = "account:\(email)"
            known = "known:\(email)|\(address)"
            fromKnownDevice = device != nil
        }
    }

    enum Reservation {
        case reserved([UUID])
        case throttled(seconds: TimeInterval)
    }

    /// Counts and reserves in one transaction holding locks on the account and the address, so parallel attempts
    /// are counted one after another. The reserved rows are failures until the password proves otherwise.
    static func reserve(_ keys: Keys, on db: any Database, now: Date) async throws -> Reservation {
        try await db.write { tx in
            try await tx.lockKeys([keys.account, keys.address])
            let pairFailures = try await failures(on: tx, key: keys.pair, since: now.addingTimeInterval(-pairMemory))
            if pairFailures.count >= pairLimit, let last = pairFailures.max() {
                let delay = min(pairMemory, 60 * pow(2, Double(pairFailures.count - pairLimit)))
                let wait = last.addingTimeInterval(delay).timeIntervalSince(now)
                if wait > 0 { return .throttled(seconds: wait) }
            }
            if keys.fromKnownDevice {
                // The person's own browser: only its own failures count (above), and it adds to no one else's count.
                let attempt = LoginAttempt(key: keys.pair, at: now, succeeded: false)
                try await attempt.create(on: tx)
                return .reserved([try attempt.requireID()])
            }
            let since = now.addingTimeInterval(-window)
            let addressFailures = try await failures(on: tx, key: keys.address, since: since)
            if addressFailures.count >= addressLimit, let oldest = addressFailures.min() {
                return .throttled(seconds: oldest.addingTimeInterval(window).timeIntervalSince(now))
            }
            let known =
                try await LoginAttempt.query(on: tx).filter(\.$key == keys.known)
                .filter(\.$at >= now.addingTimeInterval(-knownAddressMemory)).first() != nil
            if !known {
                let accountFailures = try await failures(on: tx, key: keys.account, since: since)
                if accountFailures.count >= accountLimit, let oldest = accountFailures.min() {
                    return .throttled(seconds: oldest.addingTimeInterval(window).timeIntervalSince(now))
                }
            }
            var reserved: [UUID] = []
            for key in [keys.pair, keys.address, keys.account] {
                let attempt = LoginAttempt(key: key, at: now, succeeded: false)
                try await attempt.create(on: tx)
                reserved.append(try attempt.requireID())
            }
            return .reserved(reserved)
        }
    }

    static func failures(on db: any Database, key: String, since: Date) async throws -> [Date] {
        try await LoginAttempt.query(on: db).filter(\.$key == key).filter(\.$succeeded == false)
            .filter(\.$at >= since).all().map(\.at)
    }

    /// Forgets attempts that no longer count: failures after a day (the longest delay), known addresses after
    /// `knownAddressMemory`.
    public static func purgeAttempts(on db: any Database, now: Date = Date()) async throws {
        try await db.write { db in
            try await LoginAttempt.query(on: db).filter(\.$succeeded == false)
                .filter(\.$at < now.addingTimeInterval(-pairMemory)).delete()
            try await LoginAttempt.query(on: db).filter(\.$succeeded == true)
                .filter(\.$at < now.addingTimeInterval(-knownAddressMemory)).delete()
        }
    }
}
