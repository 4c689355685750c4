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
