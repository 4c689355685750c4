import FluentKit

/// Game sessions and their event logs (issue 6).
struct CreateGames: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(GameSession.schema)
            .id()
            .field("partnership_id", .uuid, .required, .references(Partnership.schema, .id, onDelete: .cascade))
            .field("created_at", .datetime)
            .field("code", .string, .required)
            .field("scenario_id", .string, .required)
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("event_id", .uuid)
            .field("facilitator_id", .uuid)
            .field("status", .string, .required)
            .field("started_at", .datetime)
            .field("finished_at", .datetime)
            .field("teams", .int, .required)
            .field("players", .int, .required)
            .field("survey_id", .uuid)
            .unique(on: "code", name: "game_sessions_code")
            .create()
        try await db.schema(GameEventRecord.schema)
            .id()
            .field("session_id", .uuid, .required, .references(GameSession.schema, .id, onDelete: .cascade))
            .field("seq", .int, .required)
            .field("at", .datetime, .required)
            .field("event_json", .string, .required)
            .unique(on: "session_id", "seq", name: "game_events_one_per_seq")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(GameEventRecord.schema).delete()
        try await db.schema(GameSession.schema).delete()
    }
}
