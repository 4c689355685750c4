import FluentKit
import Foundation
import SQLKit

/// A person's authenticator-app secret, once confirmed with a code; the last time step used, so a code cannot be used
/// twice. The secret is stored sealed with ACCOUNT_KEYS (AES-GCM, bound to its row), so a copy of the database alone
/// cannot make codes (issue 20).
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

    /// Two-step sign-in is required for deployment administrators and for anyone who holds the safeguarding role
    /// (children's records) in any partnership.
    public static func isRequired(for user: User, on db: any Database) async throws -> Bool {
        if user.isAdmin { return true }
        let memberships = try await Membership.query(on: db).filter(\.$user.$id == user.requireID()).with(
            \.$partnership
        )
        .all()
        return memberships.contains { $0.role == .safeguarding || $0.partnership.requiresTwoStep == true }
    }

    /// A partnership's choice to require two-step sign-in of everyone in it (audited).
    public static func setRequiredForEveryone(
        _ required: Bool, partnershipID: UUID, by actor: ActingUser, on db: any Database
    ) async throws {
        try await db.write { tx in
            guard let partnership = try await Partnership.find(partnershipID, on: tx) else {
                throw NotFound("partnership")
            }
            partnership.requiresTwoStep = required
            try await partnership.save(on: tx)
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .update, entity: "partnership",
                entityID: partnershipID.uuidString,
                summary: required
                    ? "Required two-step sign-in for everyone" : "Required two-step sign-in only where a role needs it")
        }
    }

    public static func secret(userID: UUID, on db: any Database) async throws -> TwoFactorSecret? {
        try await TwoFactorSecret.query(on: db).filter(\.$user.$id == userID).first()
    }

    static func binding(_ rowID: UUID) -> FieldCipher.Binding { .init(TwoFactorSecret.schema, rowID, "secret") }

    /// The secret's bytes, opened with `keys`; nil when it does not open (another deployment's key, or a value put
    /// there by hand: only what this server sealed is trusted).
    public static func secretBytes(_ row: TwoFactorSecret, keys: FieldCipher) -> [UInt8]? {
        guard let id = row.id, row.secret.hasPrefix("v2:"), let text = try? keys.open(row.secret, for: binding(id))
        else { return nil }
        return Base32.decode(text)
    }

    /// Seals secrets stored before encryption (plain base 32) and re-seals those under an older key. Run at
    /// start-up; returns how many rows changed. A value that does not open under any key is left as it is (and
    /// will not work): rotating stops at nothing and loses nothing.
    @discardableResult
    public static func sealStoredSecrets(keys: FieldCipher, on db: any Database) async throws -> Int {
        let rows = try await TwoFactorSecret.query(on: db).all().filter { !keys.isCurrent($0.secret) }
        guard !rows.isEmpty else { return 0 }
        return try await db.write { tx in
            var changed = 0
            for row in rows {
                let id = try row.requireID()
                let plain: String
                if row.secret.hasPrefix("v2:") {
                    guard let opened = try? keys.open(row.secret, for: binding(id)) else { continue }
                    plain = opened
                } else {
                    guard Base32.decode(row.secret) != nil else { continue }
                    plain = row.secret
                }
                row.secret = try keys.seal(plain, for: binding(id))
                try await row.save(on: tx)
                changed += 1
            }
            return changed
        }
    }

    public static func isEnabled(userID: UUID, on db: any Database) async throws -> Bool {
        try await secret(userID: userID, on: db)?.enabledAt != nil
    }

    /// A new secret for the person to scan; replaces one not yet confirmed. Refused when one is already on.
    public static func begin(userID: UUID, keys: FieldCipher, on db: any Database) async throws -> [UInt8] {
        try await db.write { tx in
            let existing = try await secret(userID: userID, on: tx)
            if existing?.enabledAt != nil { throw FieldErrors("code", "Two-step sign-in is already on") }
            let bytes = TOTP.newSecret()
            let row = existing ?? TwoFactorSecret()
            if row.id == nil { row.id = UUID() }
            row.$user.id = userID
            row.secret = try keys.seal(Base32.encode(bytes), for: binding(try row.requireID()))
            row.enabledAt = nil
            row.lastCounter = nil
            try await row.save(on: tx)
            return bytes
        }
    }

    /// Turns two-step sign-in on when `code` matches the scanned secret; returns the recovery codes, shown once.
    /// Every other session of the person ends (one opened with a stolen password would otherwise stay open).
    public static func confirm(
        userID: UUID, code: String, keepSessionID: UUID? = nil, keys: FieldCipher, by actor: ActingUser,
        on db: any Database, now: Date = Date()
    ) async throws -> [String] {
        try await db.write { tx in
            guard let row = try await secret(userID: userID, on: tx), row.enabledAt == nil,
                let bytes = secretBytes(row, keys: keys)
            else { throw FieldErrors("code", "Start again: scan the new code with your app") }
            guard let counter = TOTP.matchingCounter(code, secret: bytes, at: now) else {
                throw FieldErrors("code", "Enter the 6-digit code your app shows now")
            }
            row.enabledAt = now
            row.lastCounter = Int64(counter)
            try await row.save(on: tx)
            let others = StaffSession.query(on: tx).filter(\.$user.$id == userID)
            if let keep = keepSessionID { others.filter(\.$id != keep) }
            try await others.delete()
            let codes = try await replaceRecoveryCodes(userID: userID, on: tx)
            try await Audit.record(
                on: tx, partnershipID: nil, by: actor, action: .update, entity: "user", entityID: userID.uuidString,
                summary: "Turned on two-step sign-in", at: now)
            return codes
        }
    }

    /// Turns it off, after a current code or a recovery code; refused where a role requires it.
    public static func disable(
        userID: UUID, code: String, keys: FieldCipher, by actor: ActingUser, on db: any Database, now: Date = Date()
    ) async throws {
        if let user = try await User.find(userID, on: db), try await isRequired(for: user, on: db) {
            throw FieldErrors("code", "Your role requires two-step sign-in, so it cannot be turned off")
        }
        switch try await verify(userID: userID, code: code, keys: keys, on: db, now: now) {
        case .passed: break
        case .wrong:
            throw FieldErrors("code", "Enter the 6-digit code your app shows now, or a recovery code")
        case .throttled(let minutes):
            throw FieldErrors(
                "code", "Too many wrong codes. Wait \(minutes) minute\(minutes == 1 ? "" : "s") and try again.")
        }
        try await db.write { tx in
            try await TwoFactorSecret.query(on: tx).filter(\.$user.$id == userID).delete()
            try await RecoveryCode.query(on: tx).filter(\.$user.$id == userID).delete()
            try await Audit.record(
                on: tx, partnershipID: nil, by: actor, action: .update, entity: "user", entityID: userID.uuidString,
                summary: "Turned off two-step sign-in", at: now)
        }
    }

    /// Wrong codes a person may give in `codeWindow`, across every sign-in and the turn-off form, before waiting.
    public static let codeLimit = 10
    public static let codeWindow: TimeInterval = 15 * 60

    public enum Verification: Sendable, Equatable {
        case passed
        case wrong
        case throttled(minutes: Int)
    }

    /// Checks a code from the app (each time step once) or an unused recovery code (then used up). Counted, locked
    /// and decided in one transaction, so parallel guesses are checked one after another and at most `codeLimit`
    /// wrong codes are ever checked in `codeWindow`; each wrong code is audited.
    public static func verify(
        userID: UUID, code: String, keys: FieldCipher, on db: any Database, now: Date = Date()
    ) async throws -> Verification {
        try await db.write { tx in try await check(userID: userID, code: code, keys: keys, on: tx, now: now) }
    }

    /// `verify` inside a transaction the caller holds.
    static func check(userID: UUID, code: String, keys: FieldCipher, on tx: any Database, now: Date) async throws
        -> Verification
    {
        let key = "code:\(userID.uuidString)"
        try await tx.lockKeys([key])
        let failures = try await LoginAttempt.query(on: tx).filter(\.$key == key).filter(\.$succeeded == false)
            .filter(\.$at >= now.addingTimeInterval(-codeWindow)).all().map(\.at)
        if failures.count >= codeLimit, let oldest = failures.min() {
            let seconds = oldest.addingTimeInterval(codeWindow).timeIntervalSince(now)
            return .throttled(minutes: max(1, Int((seconds / 60 - 0.001).rounded(.up))))
        }
        guard let row = try await secret(userID: userID, on: tx), row.enabledAt != nil else { return .wrong }
        // A secret that does not open (sealed elsewhere, or written by hand) checks nothing: only recovery codes work.
        if let bytes = secretBytes(row, keys: keys),
            let counter = TOTP.matchingCounter(
                code, secret: bytes, at: now, after: row.lastCounter.map { UInt64(max(0, $0)) })
        {
            row.lastCounter = Int64(counter)
            try await row.save(on: tx)
            return .passed
        }
        let typed = normaliseRecoveryCode(code)
        if typed.count == 10,
            let stored = try await RecoveryCode.query(on: tx).filter(\.$user.$id == userID)
                .filter(\.$codeHash == Secrets.hash(typed)).filter(\.$usedAt == nil).first()
        {
            stored.usedAt = now
            try await stored.save(on: tx)
            return .passed
        }
        try await LoginAttempt(key: key, at: now, succeeded: false).create(on: tx)
        try await Audit.record(
            on: tx, partnershipID: nil, by: .system("sign-in"), action: .signInFailed, entity: "user",
            entityID: userID.uuidString, summary: "Wrong two-step sign-in code", at: now)
        return .wrong
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
        /// Too many wrong codes for this person lately, whichever sign-in they came from.
        case throttled(minutes: Int)
        /// Unknown, expired or used up: sign in again with the password.
        case expired
    }

    /// Checks the code for a challenge: five tries, then the password is needed again. The challenge is locked and
    /// its tries counted in the same transaction as the check, so parallel guesses cannot all be checked.
    public static func answer(
        challenge token: String, code: String, keys: FieldCipher, on db: any Database, now: Date = Date()
    ) async throws -> ChallengeOutcome {
        guard !token.isEmpty, token.count < 200 else { return .expired }
        let hash = Secrets.hash(token)
        return try await db.write { tx in
            try await tx.lockKeys(["challenge:" + hash])
            guard let row = try await SignInChallenge.query(on: tx).filter(\.$tokenHash == hash).with(\.$user).first()
            else { return .expired }
            guard now.timeIntervalSince(row.createdAt) <= challengeLifetime, row.failures < challengeAttempts,
                !row.user.isDisabled
            else {
                try await row.delete(on: tx)
                return .expired
            }
            switch try await check(userID: row.$user.id, code: code, keys: keys, on: tx, now: now) {
            case .passed:
                try await row.delete(on: tx)
                return .passed(row.user)
            case .throttled(let minutes):
                return .throttled(minutes: minutes)
            case .wrong:
                row.failures += 1
                if row.failures >= challengeAttempts {
                    try await row.delete(on: tx)
                    return .expired
                }
                try await row.save(on: tx)
                return .wrong(attemptsLeft: challengeAttempts - row.failures)
            }
        }
    }
}
