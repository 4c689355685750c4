import FluentKit
import Foundation

/// A signed-in browser session. Stored in the database so several server instances share them;
/// only a hash of the cookie value is kept, so a copy of the database cannot be used to sign in.
public final class StaffSession: Model, @unchecked Sendable {
    public static let schema = "staff_sessions"

    // managed fields
    @ID(key: .id) public var id: UUID?
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "last_seen_at") public var lastSeenAt: Date

    // data fields
    @Field(key: "token_hash") public var tokenHash: String
    /// The token every state-changing form of this session must echo back.
    @Field(key: "csrf_token") public var csrfToken: String

    // relationships
    @Parent(key: "user_id") public var user: User

    public init() {}

    public init(userID: UUID, tokenHash: String, csrfToken: String, now: Date) {
        self.$user.id = userID
        self.tokenHash = tokenHash
        self.csrfToken = csrfToken
        self.createdAt = now
        self.lastSeenAt = now
    }
}

/// One sign-in attempt, kept briefly to limit guessing per account and per address.
public final class LoginAttempt: Model, @unchecked Sendable {
    public static let schema = "login_attempts"
    @ID(key: .id) public var id: UUID?
    /// `account:<email>` or `address:<ip>`.
    @Field(key: "key") public var key: String
    @Field(key: "at") public var at: Date
    @Field(key: "succeeded") public var succeeded: Bool

    public init() {}
    public init(key: String, at: Date, succeeded: Bool) {
        self.key = key
        self.at = at
        self.succeeded = succeeded
    }
}

/// A personal token for the JSON API, scoped to one partnership.
public final class ApiToken: Model, @unchecked Sendable {
    public static let schema = "api_tokens"
    @ID(key: .id) public var id: UUID?
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "name") public var name: String
    @Field(key: "token_hash") public var tokenHash: String
    @OptionalField(key: "last_used_at") public var lastUsedAt: Date?
    @OptionalField(key: "revoked_at") public var revokedAt: Date?
    /// After this the token no longer works (tokens made before expiry existed: a year after they were made).
    @OptionalField(key: "expires_at") public var expiresAt: Date?
    @Parent(key: "user_id") public var user: User
    @Parent(key: "partnership_id") public var partnership: Partnership

    public init() {}
    public init(userID: UUID, partnershipID: UUID, name: String, tokenHash: String, now: Date) {
        self.$user.id = userID
        self.$partnership.id = partnershipID
        self.name = name
        self.tokenHash = tokenHash
        self.createdAt = now
    }
}

/// A one-time link a coordinator shows to a new colleague. Expires; used once.
public final class Invitation: Model, @unchecked Sendable {
    public static let schema = "invitations"
    @ID(key: .id) public var id: UUID?
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "expires_at") public var expiresAt: Date
    @OptionalField(key: "accepted_at") public var acceptedAt: Date?
    @Field(key: "email") public var email: String
    @Field(key: "role") public var role: Role
    @Field(key: "token_hash") public var tokenHash: String
    @Parent(key: "partnership_id") public var partnership: Partnership
    @Parent(key: "created_by_id") public var createdBy: User

    public init() {}
    public init(
        partnershipID: UUID, email: String, role: Role, tokenHash: String, createdByID: UUID, now: Date, expiresAt: Date
    ) {
        self.$partnership.id = partnershipID
        self.email = User.normalise(email: email)
        self.role = role
        self.tokenHash = tokenHash
        self.$createdBy.id = createdByID
        self.createdAt = now
        self.expiresAt = expiresAt
    }
}
