import FluentKit
import Foundation

/// Personal tokens for the JSON API (`Authorization: Bearer …`).
public enum ApiTokens {
    /// How long a new token may work, in days: the person chooses; a year at most.
    public static let lifetimes = [30, 90, 365]
    public static let defaultLifetime = 90
    static let legacyLifetime: TimeInterval = 365 * 24 * 60 * 60

    /// Creates a token that works for `days` days and returns its secret, which is shown once and never stored.
    public static func create(
        on db: any Database, userID: UUID, partnershipID: UUID, name rawName: String, days: Int = defaultLifetime,
        by actor: ActingUser, now: Date = Date()
    ) async throws -> String {
        let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
        var errors = FieldErrors()
        if name.isEmpty { errors.add("name", "Enter a name for the token, such as ‘Power BI dashboard’") }
        if name.count > 100 { errors.add("name", "The name must be 100 characters or fewer") }
        if !lifetimes.contains(days) { errors.add("days", "Choose how long the token works") }
        try errors.throwIfAny()
        let secret = "sc_" + Secrets.token()
        try await db.write { db in
            let token = ApiToken(
                userID: userID, partnershipID: partnershipID, name: name, tokenHash: Secrets.hash(secret), now: now)
            token.expiresAt = now.addingTimeInterval(TimeInterval(days) * 24 * 60 * 60)
            try await token.create(on: db)
            try await Audit.record(
                on: db, partnershipID: partnershipID, by: actor, action: .create, entity: "api token",
                entityID: token.id?.uuidString, summary: "Created API token ‘\(name)’ for \(days) days", at: now)
        }
        return secret
    }

    /// The live token, its user and role for a bearer secret; nil when unknown, revoked, expired, or the user lost
    /// access.
    public static func resolve(on db: any Database, secret: String, now: Date = Date()) async throws -> (
        ApiToken, User, Role
    )? {
        guard secret.hasPrefix("sc_"), secret.count < 200,
            let token = try await ApiToken.query(on: db).filter(\.$tokenHash == Secrets.hash(secret))
                .filter(\.$revokedAt == nil).with(\.$user).with(\.$partnership).first(),
            token.expiresAt.map({ $0 > now }) ?? false,
            !token.user.isDisabled,
            let role = try await Accounts.role(on: db, user: token.user, partnershipID: token.$partnership.id),
            PermissionTable.allows(role, .useApi)
        else { return nil }
        if token.lastUsedAt.map { now.timeIntervalSince($0) > 60 } ?? true {
            let id = try token.requireID()
            try await db.write { db in
                try await ApiToken.query(on: db).filter(\.$id == id).set(\.$lastUsedAt, to: now).update()
            }
        }
        return (token, token.user, role)
    }

    public static func list(on db: any Database, userID: UUID, partnershipID: UUID) async throws -> [ApiToken] {
        try await ApiToken.query(on: db).filter(\.$user.$id == userID).filter(\.$partnership.$id == partnershipID)
            .sort(\.$createdAt, .descending).all()
    }

    /// Revokes one of the user's own tokens.
    public static func revoke(
        on db: any Database, tokenID: UUID, userID: UUID, partnershipID: UUID, by actor: ActingUser
    ) async throws {
        try await db.write { db in
            guard let token = try await ApiToken.find(tokenID, on: db), token.$user.id == userID,
                token.$partnership.id == partnershipID
            else { throw NotFound("API token") }
            token.revokedAt = Date()
            try await token.save(on: db)
            try await Audit.record(
                on: db, partnershipID: partnershipID, by: actor, action: .update, entity: "api token",
                entityID: tokenID.uuidString, summary: "Revoked API token ‘\(token.name)’")
        }
    }
}
