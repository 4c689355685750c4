import FluentKit
import Foundation

/// A member of staff who signs in. Roles are held per partnership through `Membership`.
public final class User: Model, @unchecked Sendable {
    public static let schema = "users"

    // managed fields
    @ID(key: .id) public var id: UUID?
    @Field(key: "created_at") public var createdAt: Date

    // data fields
    /// Stored lower-cased and trimmed, so sign-in is case-insensitive on both databases.
    @Field(key: "email") public var email: String
    @Field(key: "display_name") public var displayName: String
    @Field(key: "password_hash") public var passwordHash: String
    /// A deployment administrator manages partnerships and accounts across the whole deployment.
    @Field(key: "is_admin") public var isAdmin: Bool
    @OptionalField(key: "disabled_at") public var disabledAt: Date?
    @Field(key: "password_changed_at") public var passwordChangedAt: Date

    // relationships
    @Children(for: \.$user) public var memberships: [Membership]

    public init() {}

    public init(email: String, displayName: String, passwordHash: String, isAdmin: Bool = false, now: Date = Date()) {
        self.email = User.normalise(email: email)
        self.displayName = displayName
        self.passwordHash = passwordHash
        self.isAdmin = isAdmin
        self.createdAt = now
        self.passwordChangedAt = now
    }

    public var isDisabled: Bool { disabledAt != nil }

    public static func normalise(email: String) -> String {
        email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}

/// A user's role in one partnership.
public final class Membership: Model, @unchecked Sendable {
    public static let schema = "memberships"

    // managed fields
    @ID(key: .id) public var id: UUID?
    @Field(key: "created_at") public var createdAt: Date

    // data fields
    /// Never `admin`, which is a property of the user. Stored as the role's raw value; any other value is an error.
    @Field(key: "role") public var role: Role

    // relationships
    @Parent(key: "user_id") public var user: User
    @Parent(key: "partnership_id") public var partnership: Partnership
    @OptionalParent(key: "partner_id") public var partner: PartnerOrganisation?

    public init() {}

    public init(userID: UUID, partnershipID: UUID, role: Role, partnerID: UUID? = nil, now: Date = Date()) {
        self.$user.id = userID
        self.$partnership.id = partnershipID
        self.role = role
        self.$partner.id = partnerID
        self.createdAt = now
    }
}
