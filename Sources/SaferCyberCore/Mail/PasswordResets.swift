import FluentKit
import Foundation

/// A one-time password reset link: only the SHA-256 of its token is stored.
public final class PasswordReset: Model, @unchecked Sendable {
    public static let schema = "password_resets"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: User
    @Field(key: "token_hash") public var tokenHash: String
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "expires_at") public var expiresAt: Date
    @OptionalField(key: "used_at") public var usedAt: Date?

    public init() {}
}

/// Forgotten passwords (issue 22): a link by email, from the web form or `safercyber user reset-password`.
public enum PasswordResets {
    /// How long a link works.
    public static let lifetime: TimeInterval = 60 * 60

    /// Requests per hour: 3 for one email from one address (enough for a person who mistypes), 10 for one email from
    /// anywhere (too few to flood the mailbox), 10 from one address. A stranger elsewhere can spend only the 3 of
    /// their own address, so the person's own requests still get a link (review finding).
    public static func limits(address: String, email: String) -> [PublicLimits.Rule] {
        let email = User.normalise(email: email)
        return [
            .init("password-reset|address|\(address)", limit: 10, window: 60 * 60),
            .init("password-reset|email-address|\(email)|\(address)", limit: 3, window: 60 * 60),
            .init("password-reset|email|\(email)", limit: 10, window: 60 * 60),
        ]
    }

    /// Queues a reset link for the account with this email, if there is one and it is not disabled. The caller
    /// answers the same whatever happens, so the form cannot tell anyone which addresses have accounts.
    public static func request(email rawEmail: String, links: MailLinks, now: Date = Date(), on db: any Database)
        async throws
    {
        let email = User.normalise(email: rawEmail)
        guard Accounts.isPlausibleEmail(email),
            let user = try await User.query(on: db).filter(\.$email == email).first(), !user.isDisabled
        else { return }
        _ = try await issue(for: user, links: links, by: .system("password reset form"), now: now, on: db)
    }

    /// Makes a link for `user`, queues the email and returns the token (the command line prints it when email is
    /// not set up). Earlier links keep working until they expire (a stranger asking again cannot break the link the
    /// person is using); the first one used ends all the others.
    public static func issue(
        for user: User, links: MailLinks, by actor: ActingUser, now: Date = Date(), on db: any Database
    ) async throws -> String {
        let token = Secrets.token()
        let userID = try user.requireID()
        try await db.write { tx in
            let reset = PasswordReset()
            reset.id = UUID()
            reset.$user.id = userID
            reset.tokenHash = Secrets.hash(token)
            reset.createdAt = now
            reset.expiresAt = now.addingTimeInterval(lifetime)
            try await reset.create(on: tx)
            try await Outbox.enqueue(
                MailMessages.passwordReset(
                    user: user, token: token, expiresAt: reset.expiresAt, resetID: try reset.requireID(), links: links),
                now: now, on: tx)
            try await Audit.record(
                on: tx, partnershipID: nil, by: actor, action: .create, entity: "password reset",
                entityID: userID.uuidString, summary: "Sent a password reset link to \(user.email)", at: now)
        }
        return token
    }

    /// The account a live link belongs to, or nil (unknown, used, expired, or the account disabled).
    public static func account(token: String, now: Date = Date(), on db: any Database) async throws -> User? {
        guard
            let reset = try await PasswordReset.query(on: db).filter(\.$tokenHash == Secrets.hash(token))
                .with(\.$user).first(),
            reset.usedAt == nil, reset.expiresAt > now, !reset.user.isDisabled
        else { return nil }
        return reset.user
    }

    /// Sets the new password, uses up the link and ends every session of the account. Throws `FieldErrors` for a
    /// weak password and `NotFound` for a link that no longer works.
    public static func complete(
        token: String, password: String, confirmation: String, hasher: any PasswordHashing, now: Date = Date(),
        on db: any Database
    ) async throws {
        guard let user = try await account(token: token, now: now, on: db) else { throw NotFound("reset link") }
        var errors = FieldErrors()
        if let problem = PasswordPolicy.problems(with: password, email: user.email).first {
            errors.add("password", problem)
        } else if password != confirmation {
            errors.add("confirmation", "The two passwords are not the same")
        }
        try errors.throwIfAny()
        let hash = try await hasher.hash(PasswordPolicy.prehash(password))
        let userID = try user.requireID()
        let email = user.email
        let tokenHash = Secrets.hash(token)
        try await db.write { tx in
            // Used up inside the transaction: of two parallel submissions, only one changes the password.
            guard let reset = try await PasswordReset.query(on: tx).filter(\.$tokenHash == tokenHash).first(),
                reset.usedAt == nil, reset.expiresAt > now, let fresh = try await User.find(userID, on: tx)
            else { throw NotFound("reset link") }
            reset.usedAt = now
            try await reset.save(on: tx)
            // Every other link for the account ends with this one.
            try await PasswordReset.query(on: tx).filter(\.$user.$id == userID).filter(\.$usedAt == nil)
                .set(\.$usedAt, to: now).update()
            fresh.passwordHash = hash
            fresh.passwordChangedAt = now
            try await fresh.save(on: tx)
            try await StaffSession.query(on: tx).filter(\.$user.$id == userID).delete()
            try await Audit.record(
                on: tx, partnershipID: nil, by: ActingUser(id: userID, email: email), action: .update, entity: "user",
                entityID: userID.uuidString, summary: "Reset own password from an emailed link", at: now)
        }
    }
}
