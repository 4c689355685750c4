import FluentKit
import Foundation

/// A person's authenticator-app secret (base 32), once confirmed with a code; the last time step used, so a code
/// cannot be used twice.
public final class TwoFactorSecret: Model, @unchecked Sendable {
    public static let schema = "two_factor_secrets"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: User
    @Field(key: "secret") public var secret: String
    /// nil while the person has scanned the code but not yet typed one back.
    @OptionalField(key: "enabled_at") public var enabledAt: Date?
    @OptionalField(key: "last_counter") public var lastCounter: Int64?

    public init() {}
}

/// One of ten one-time recovery codes, stored as a hash.
public final class RecoveryCode: Model, @unchecked Sendable {
    public static let schema = "recovery_codes"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: User
    @Field(key: "code_hash") public var codeHash: String
    @OptionalField(key: "used_at") public var usedAt: Date?

    public init() {}
}

/// A password accepted, waiting for the second factor: at most five minutes and five codes.
public final class SignInChallenge: Model, @unchecked Sendable {
    public static let schema = "sign_in_challenges"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: User
    @Field(key: "token_hash") public var tokenHash: String
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "failures") public var failures: Int

    public init() {}
}

/// Two-factor sign-in (issue 20, case 5): TOTP (RFC 6238) from an authenticator app, with ten one-time recovery
/// codes for a lost phone.
public enum TwoFactor {
    public static let recoveryCodeCount = 10
    public static let challengeLifetime: TimeInterval = 5 * 60
    public static let challengeAttempts = 5

    public static func secret(userID: UUID, on db: any Database) async throws -> TwoFactorSecret? {
        try await TwoFactorSecret.query(on: db).filter(\.$user.$id == userID).first()
    }

    public static func isEnabled(userID: UUID, on db: any Database) async throws -> Bool {
        try await secret(userID: userID, on: db)?.enabledAt != nil
    }

    /// A new secret for the person to scan; replaces one not yet confirmed. Refused when one is already on.
    public static func begin(userID: UUID, on db: any Database) async throws -> [UInt8] {
        try await db.write { tx in
            let existing = try await secret(userID: userID, on: tx)
            if existing?.enabledAt != nil { throw FieldErrors("code", "Two-step sign-in is already on") }
            let bytes = TOTP.newSecret()
            let row = existing ?? TwoFactorSecret()
            row.$user.id = userID
            row.secret = Base32.encode(bytes)
            row.enabledAt = nil
            row.lastCounter = nil
            try await row.save(on: tx)
            return bytes
        }
    }

    /// Turns two-step sign-in on when `code` matches the scanned secret; returns the recovery codes, shown once.
    public static func confirm(
        userID: UUID, code: String, by actor: ActingUser, on db: any Database, now: Date = Date()
    ) async throws -> [String] {
        try await db.write { tx in
            guard let row = try await secret(userID: userID, on: tx), row.enabledAt == nil,
                let bytes = Base32.decode(row.secret)
            else { throw FieldErrors("code", "Start again: scan the new code with your app") }
            guard let counter = TOTP.matchingCounter(code, secret: bytes, at: now) else {
                throw FieldErrors("code", "Enter the 6-digit code your app shows now")
            }
            row.enabledAt = now
            row.lastCounter = Int64(counter)
            try await row.save(on: tx)
            let codes = try await replaceRecoveryCodes(userID: userID, on: tx)
            try await Audit.record(
                on: tx, partnershipID: nil, by: actor, action: .update, entity: "user", entityID: userID.uuidString,
                summary: "Turned on two-step sign-in", at: now)
            return codes
        }
    }

    /// Turns it off, after a current code or a recovery code.
    public static func disable(
        userID: UUID, code: String, by actor: ActingUser, on db: any Database, now: Date = Date()
    ) async throws {
        guard try await verify(userID: userID, code: code, on: db, now: now) else {
            throw FieldErrors("code", "Enter the 6-digit code your app shows now, or a recovery code")
        }
        try await db.write { tx in
            try await TwoFactorSecret.query(on: tx).filter(\.$user.$id == userID).delete()
            try await RecoveryCode.query(on: tx).filter(\.$user.$id == userID).delete()
            try await Audit.record(
                on: tx, partnershipID: nil, by: actor, action: .update, entity: "user", entityID: userID.uuidString,
                summary: "Turned off two-step sign-in", at: now)
        }
    }

    /// Checks a code from the app (each time step once) or an unused recovery code (then used up), atomically.
    public static func verify(userID: UUID, code: String, on db: any Database, now: Date = Date()) async throws
        -> Bool
    {
        try await db.write { tx in
            guard let row = try await secret(userID: userID, on: tx), row.enabledAt != nil,
                let bytes = Base32.decode(row.secret)
            else { return false }
            if let counter = TOTP.matchingCounter(
                code, secret: bytes, at: now, after: row.lastCounter.map { UInt64(max(0, $0)) })
            {
                row.lastCounter = Int64(counter)
                try await row.save(on: tx)
                return true
            }
            let typed = normaliseRecoveryCode(code)
            guard typed.count == 10,
                let stored = try await RecoveryCode.query(on: tx).filter(\.$user.$id == userID)
                    .filter(\.$codeHash == Secrets.hash(typed)).filter(\.$usedAt == nil).first()
            else { return false }
            stored.usedAt = now
            try await stored.save(on: tx)
            return true
        }
    }

    /// Recovery codes left unused.
    public static func recoveryCodesLeft(userID: UUID, on db: any Database) async throws -> Int {
        try await RecoveryCode.query(on: db).filter(\.$user.$id == userID).filter(\.$usedAt == nil).count()
    }

    /// Ten new codes (the old ones stop working), each 10 characters from an alphabet without look-alikes, shown
    /// as two groups of five.
    public static func replaceRecoveryCodes(userID: UUID, on db: any Database) async throws -> [String] {
        try await RecoveryCode.query(on: db).filter(\.$user.$id == userID).delete()
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ABCDEFGHJKMNPQRSTVWXYZ23456789")
        var shown: [String] = []
        for _ in 0..<recoveryCodeCount {
            let code = String((0..<10).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
            let row = RecoveryCode()
            row.$user.id = userID
            row.codeHash = Secrets.hash(code)
            try await row.create(on: db)
            shown.append(String(code.prefix(5)) + "-" + String(code.suffix(5)))
        }
        return shown
    }

    static func normaliseRecoveryCode(_ text: String) -> String {
        text.uppercased().filter { $0.isLetter || $0.isNumber }
    }

    // MARK: - The second step of signing in

    /// Records that the password was right and a code is now needed; returns the secret for the browser's cookie.
    public static func challenge(userID: UUID, on db: any Database, now: Date = Date()) async throws -> String {
        let token = Secrets.token()
        try await db.write { tx in
            // Stale challenges go; one person may have a few open (two browsers).
            try await SignInChallenge.query(on: tx).filter(\.$createdAt < now.addingTimeInterval(-challengeLifetime))
                .delete()
            let row = SignInChallenge()
            row.$user.id = userID
            row.tokenHash = Secrets.hash(token)
            row.createdAt = now
            row.failures = 0
            try await row.create(on: tx)
        }
        return token
    }

    public enum ChallengeOutcome: Sendable {
        case passed(User)
        case wrong(attemptsLeft: Int)
        /// Unknown, expired or used up: sign in again with the password.
        case expired
    }

    /// Checks the code for a challenge: five tries, then the password is needed again.
    public static func answer(challenge token: String, code: String, on db: any Database, now: Date = Date())
        async throws -> ChallengeOutcome
    {
        guard !token.isEmpty, token.count < 200,
            let row = try await SignInChallenge.query(on: db).filter(\.$tokenHash == Secrets.hash(token))
                .with(\.$user).first(),
            now.timeIntervalSince(row.createdAt) <= challengeLifetime, row.failures < challengeAttempts,
            !row.user.isDisabled
        else { return .expired }
        if try await verify(userID: row.$user.id, code: code, on: db, now: now) {
            try await db.write { tx in try await SignInChallenge.query(on: tx).filter(\.$id == row.id!).delete() }
            return .passed(row.user)
        }
        let failures = try await db.write { tx -> Int in
            guard let fresh = try await SignInChallenge.find(row.id, on: tx) else { return challengeAttempts }
            fresh.failures += 1
            if fresh.failures >= challengeAttempts {
                try await fresh.delete(on: tx)
            } else {
                try await fresh.save(on: tx)
            }
            return fresh.failures
        }
        return failures >= challengeAttempts ? .expired : .wrong(attemptsLeft: challengeAttempts - failures)
    }
}
