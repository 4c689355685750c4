import FluentKit

/// The data controller and data protection officer named in the partnership's privacy notice (issue 21).
struct UpdatePartnershipAddPrivacy: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Partnership.schema).field("controller_name", .string).update()
        try await db.schema(Partnership.schema).field("dpo_contact", .string).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(Partnership.schema).deleteField("controller_name").update()
        try await db.schema(Partnership.schema).deleteField("dpo_contact").update()
    }
}
