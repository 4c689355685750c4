import FluentKit

/// Partner organisations, themes, objectives and audiences share one shape.
struct CreatePartnershipVocabulary: AsyncMigration {
    static let tables = [Theme.schema, Objective.schema, Audience.schema]

    func prepare(on db: any Database) async throws {
        try await db.schema(PartnerOrganisation.schema)
            .id()
            .field("partnership_id", .uuid, .required, .references(Partnership.schema, .id, onDelete: .cascade))
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("position", .int, .required)
            .create()
        for table in Self.tables {
            try await db.schema(table)
                .id()
                .field("partnership_id", .uuid, .required, .references(Partnership.schema, .id, onDelete: .cascade))
                .field("name", .string, .required)
                .field("position", .int, .required)
                .create()
        }
    }

    func revert(on db: any Database) async throws {
        for table in Self.tables.reversed() { try await db.schema(table).delete() }
        try await db.schema(PartnerOrganisation.schema).delete()
    }
}
