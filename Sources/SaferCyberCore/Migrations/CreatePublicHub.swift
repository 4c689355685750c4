import FluentKit

/// "Where do I report this?" journeys, and each partnership's local contacts and public colour (issue 8).
struct CreatePublicHub: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(ReportJourney.schema)
            .id()
            .field("partnership_id", .uuid, .required, .references(Partnership.schema, .id, onDelete: .cascade))
            .field("completed_at", .datetime, .required)
            .field("outcome", .string, .required)
            .field("routes", .string, .required)
            .field("token", .string, .required)
            .unique(on: "partnership_id", "token", name: "report_journeys_once")
            .create()
        try await db.schema(Partnership.schema).field("local_contacts", .string).update()
        try await db.schema(Partnership.schema).field("brand_colour", .string).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(Partnership.schema).deleteField("brand_colour").update()
        try await db.schema(Partnership.schema).deleteField("local_contacts").update()
        try await db.schema(ReportJourney.schema).delete()
    }
}
