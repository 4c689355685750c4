import FluentKit

/// Surveys and their responses, outcomes and indicators.
struct CreateImpact: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Survey.schema)
            .id()
            .field("partnership_id", .uuid, .required, .references(Partnership.schema, .id, onDelete: .cascade))
            .field("created_at", .datetime)
            .field("title", .string, .required)
            .field("intro", .string, .required)
            .field("design", .string, .required)
            .field("status", .string, .required)
            .field("closes_at", .datetime)
            .field("quota", .int)
            .field("questions_json", .string, .required)
            .field("event_ids", .string, .required)
            .field("template", .string, .required)
            .create()
        try await db.schema(SurveyResponse.schema)
            .id()
            .field("survey_id", .uuid, .required, .references(Survey.schema, .id, onDelete: .cascade))
            .field("partnership_id", .uuid, .required)
            .field("stage", .string, .required)
            .field("participant_code", .string)
            .field("submitted_at", .datetime, .required)
            .field("answers_json", .string, .required)
            // One response per code and stage, enforced by the database even under concurrent submissions.
            .unique(on: "survey_id", "stage", "participant_code", name: "survey_responses_one_per_code")
            .create()
        try await db.schema(Outcome.schema)
            .id()
            .field("partnership_id", .uuid, .required, .references(Partnership.schema, .id, onDelete: .cascade))
            .field("title", .string, .required)
            .field("objective_id", .uuid)
            .field("measures_json", .string, .required)
            .create()
        try await db.schema(Indicator.schema)
            .id()
            .field("partnership_id", .uuid, .required, .references(Partnership.schema, .id, onDelete: .cascade))
            .field("title", .string, .required)
            .field("source", .string, .required)
            .field("direction", .string, .required)
            .field("survey_id", .uuid)
            .field("question_key", .string, .required)
            .field("values_json", .string, .required)
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(Indicator.schema).delete()
        try await db.schema(Outcome.schema).delete()
        try await db.schema(SurveyResponse.schema).delete()
        try await db.schema(Survey.schema).delete()
    }
}
