import FluentKit
import Foundation

/// Personal tokens for the JSON API (`Authorization: Bearer …`).
public enum ApiTokens {
    /// Creates a token and returns its secret, which is shown once and never stored.
    public static func create(
        on db: any Database, userID: UUID, partnershipID: UUID, name rawName: String, by actor: ActingUser
    ) async throws -> String {
        let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { throw FieldErrors("name", "Enter a name for the token, such as ‘Power BI dashboard’") }
        if name.count > 100 { throw FieldErrors("name", "The name must be 100 characters or fewer") }
        let secret = "sc_" + Secrets.token()
        try await db.write { db in
            let token = ApiToken(
                userID: userID, partnershipID: partnershipID, name: name, tokenHash: Secrets.hash(secret), now: Date())
            try await token.create(on: db)
            try await Audit.record(
                on: db, partnershipID: partnershipID, by: actor, action: .create, entity: "api token",
                entityID: token.id?.uuidString, summary: "Created API token ‘\(name)’")
        }
        return secret
    }

    /// The live token, its user and role for a bearer secret; nil when unknown, revoked, or the user lost access.
    public static func resolve(on db: any Database, secret: String, now: Date = Date()) async throws -> (
        ApiToken, User, Role
    )? {
        guard secret.hasPrefix("sc_"), secret.count < 200,
            let token = try await ApiToken.query(on: db).filter(\.$tokenHash == Secrets.hash(secret))
                .filter(\.$revokedAt == nil).with(\.$user).with(\.$partnership).first(),
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
