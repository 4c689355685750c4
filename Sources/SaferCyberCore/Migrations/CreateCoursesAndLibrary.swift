import FluentKit

/// Awareness course completions and choices, the resource library and partnership logos (issue 8).
struct CreateCoursesAndLibrary: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(CourseCompletion.schema)
            .id()
            .field("partnership_id", .uuid, .required, .references(Partnership.schema, .id, onDelete: .cascade))
            .field("course_id", .string, .required)
            .field("completed_at", .datetime, .required)
            .field("answers", .string, .required)
            .field("score", .int, .required)
            .field("out_of", .int, .required)
            .field("code", .string, .required)
            .field("audience_id", .uuid)
            .field("area", .string)
            .field("counts_as_friend", .bool, .required)
            .unique(on: "code", name: "course_completions_code")
            .create()
        try await db.schema(CourseChoice.schema)
            .id()
            .field("partnership_id", .uuid, .required, .references(Partnership.schema, .id, onDelete: .cascade))
            .field("course_id", .string, .required)
            .field("enabled", .bool, .required)
            .unique(on: "partnership_id", "course_id", name: "course_choices_once")
            .create()
        try await db.schema(LibraryResource.schema)
            .id()
            .field("partnership_id", .uuid, .required, .references(Partnership.schema, .id, onDelete: .cascade))
            .field("title", .string, .required)
            .field("description", .string, .required)
            .field("kind", .string, .required)
            .field("link", .string)
            .field("file_name", .string)
            .field("file_kind", .string)
            .field("file_bytes", .int, .required)
            .field("alt_text", .string, .required)
            .field("transcript", .string, .required)
            .field("themes", .string, .required)
            .field("audiences", .string, .required)
            .field("objectives", .string, .required)
            .field("status", .string, .required)
            .field("moderation_note", .string, .required)
            .field("added_by", .string, .required)
            .field("added_at", .datetime, .required)
            .field("moderated_by", .string)
            .field("moderated_at", .datetime)
            .field("views", .int, .required)
            .field("downloads", .int, .required)
            .create()
        try await db.schema(ResourceFilePart.schema)
            .id()
            .field("resource_id", .uuid, .required, .references(LibraryResource.schema, .id, onDelete: .cascade))
            .field("position", .int, .required)
            .field("bytes", .data, .required)
            .unique(on: "resource_id", "position", name: "resource_file_parts_order")
            .create()
        try await db.schema(PartnershipLogo.schema)
            .id()
            .field("partnership_id", .uuid, .required, .references(Partnership.schema, .id, onDelete: .cascade))
            .field("kind", .string, .required)
            .field("bytes", .data, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "partnership_id", name: "partnership_logos_once")
            .create()
    }

    func revert(on db: any Database) async throws {
        for schema in [
            PartnershipLogo.schema, ResourceFilePart.schema, LibraryResource.schema, CourseChoice.schema,
            CourseCompletion.schema,
        ] {
            try await db.schema(schema).delete()
        }
    }
}
