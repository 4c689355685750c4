import FluentKit

/// Issue 19: the small-number threshold is the partnership's (default 5).
struct UpdatePartnershipAddDisclosureThreshold: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Partnership.schema).field("disclosure_threshold", .int).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(Partnership.schema).deleteField("disclosure_threshold").update()
    }
}

/// Issue 20: a partnership may require two-step sign-in of everyone.
struct UpdatePartnershipAddRequiresTwoStep: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Partnership.schema).field("requires_two_step", .bool).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(Partnership.schema).deleteField("requires_two_step").update()
    }
}

/// API tokens expire (issue 20, case 8; issue 24). Tokens made before this get a year from when they were made.
struct UpdateApiTokenAddExpiry: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(ApiToken.schema).field("expires_at", .datetime).update()
        for token in try await ApiToken.query(on: db).all() {
            token.expiresAt = token.createdAt.addingTimeInterval(ApiTokens.legacyLifetime)
            try await token.save(on: db)
        }
    }

    func revert(on db: any Database) async throws {
        try await db.schema(ApiToken.schema).deleteField("expires_at").update()
    }
}
