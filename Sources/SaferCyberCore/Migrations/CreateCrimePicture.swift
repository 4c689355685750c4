import FluentKit
import SQLKit

/// Crime picture storage.
///
/// Records and counts are plain SQL tables with small integer columns, not Fluent models: a national host
/// holds tens of millions of rows, so each row is kept narrow (codes point into `crime_dictionary` and
/// `geo_lsoas`) and on SQLite the records table is keyed by (source, reference) WITHOUT ROWID, one B-tree.
struct CreateCrimePicture: AsyncMigration {
    func prepare(on db: any Database) async throws {
        let sql = db.sql
        let sqlite = db.isSQLite
        let serial = sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "SERIAL PRIMARY KEY"
        let uuid = sqlite ? "TEXT" : "UUID"
        let withoutRowID = sqlite ? " WITHOUT ROWID" : ""
        let statements = [
            "CREATE TABLE crime_sources (key \(serial), partnership_id \(uuid) NOT NULL UNIQUE)",
            """
            CREATE TABLE geo_lsoas (number INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL DEFAULT '',
              ward_code TEXT NOT NULL DEFAULT '', ward_name TEXT NOT NULL DEFAULT '',
              la_code TEXT NOT NULL DEFAULT '', la_name TEXT NOT NULL DEFAULT '',
              population INTEGER, pop_0_15 INTEGER, pop_16_59 INTEGER, pop_60_plus INTEGER,
              imd_rank INTEGER, imd_decile INTEGER)
            """,
            """
            CREATE TABLE crime_dictionary (source_key INTEGER NOT NULL, kind INTEGER NOT NULL, number INTEGER NOT NULL,
              label TEXT NOT NULL, PRIMARY KEY (source_key, kind, number))
            """,
            "CREATE UNIQUE INDEX crime_dictionary_label ON crime_dictionary (source_key, kind, label)",
            """
            CREATE TABLE crime_records (source_key INTEGER NOT NULL, reference TEXT NOT NULL,
              month INTEGER NOT NULL, day INTEGER NOT NULL, offence INTEGER NOT NULL, online_flag INTEGER NOT NULL,
              age_band INTEGER NOT NULL, victim_type INTEGER NOT NULL, repeat_victim INTEGER NOT NULL,
              lsoa INTEGER NOT NULL, outcome INTEGER NOT NULL, mo TEXT NOT NULL,
              theme INTEGER NOT NULL, cyber INTEGER NOT NULL, basis INTEGER NOT NULL,
              theme_rule INTEGER NOT NULL, class_rule INTEGER NOT NULL,
              content_hash BIGINT NOT NULL, import_number INTEGER NOT NULL,
              PRIMARY KEY (source_key, reference))\(withoutRowID)
            """,
            """
            CREATE TABLE crime_counts (source_key INTEGER NOT NULL, dim INTEGER NOT NULL, month INTEGER NOT NULL,
              theme INTEGER NOT NULL, cyber INTEGER NOT NULL, area INTEGER NOT NULL, value INTEGER NOT NULL,
              n INTEGER NOT NULL, PRIMARY KEY (source_key, dim, month, theme, cyber, area, value))\(withoutRowID)
            """,
            """
            CREATE TABLE crime_rejections (import_id \(uuid) NOT NULL, line INTEGER NOT NULL, column_name TEXT NOT NULL,
              value TEXT NOT NULL, reason TEXT NOT NULL)
            """,
            "CREATE INDEX crime_rejections_import ON crime_rejections (import_id, line)",
        ]
        for statement in statements { try await sql.raw("\(unsafeRaw: statement)").run() }

        try await db.schema(CrimeImport.schema)
            .id()
            .field("partnership_id", .uuid, .required, .references(Partnership.schema, .id, onDelete: .cascade))
            .field("number", .int, .required)
            .field("profile", .string, .required)
            .field("file_name", .string, .required)
            .field("actor_email", .string, .required)
            .field("started_at", .datetime, .required)
            .field("finished_at", .datetime)
            .field("status", .string, .required)
            .field("skip_bad_rows", .bool, .required)
            .field("rows_read", .int, .required)
            .field("inserted", .int, .required)
            .field("updated", .int, .required)
            .field("unchanged", .int, .required)
            .field("rejected", .int, .required)
            .field("message", .string, .required)
            .unique(on: "partnership_id", "number")
            .create()
        try await db.schema(CrimeRule.schema)
            .id()
            .field("partnership_id", .uuid, .required, .references(Partnership.schema, .id, onDelete: .cascade))
            .field("number", .int, .required)
            .field("position", .int, .required)
            .field("kind", .string, .required)
            .field("pattern", .string, .required)
            .field("theme_id", .uuid)
            .field("cyber", .int, .required)
            .field("enabled", .bool, .required)
            .unique(on: "partnership_id", "number")
            .create()
        try await db.schema(CrimeMapping.schema)
            .id()
            .field("partnership_id", .uuid, .required, .references(Partnership.schema, .id, onDelete: .cascade))
            .field("name", .string, .required)
            .field("columns_json", .string, .required)
            .unique(on: "partnership_id", "name")
            .create()
        try await db.schema(CrimeSettings.schema)
            .id()
            .field("partnership_id", .uuid, .required, .references(Partnership.schema, .id, onDelete: .cascade))
            .field("settings_json", .string, .required)
            .unique(on: "partnership_id")
            .create()
    }

    func revert(on db: any Database) async throws {
        for schema in [CrimeSettings.schema, CrimeMapping.schema, CrimeRule.schema, CrimeImport.schema] {
            try await db.schema(schema).delete()
        }
        let sql = db.sql
        for table in [
            "crime_rejections", "crime_counts", "crime_records", "crime_dictionary", "geo_lsoas", "crime_sources",
        ] {
            try await sql.raw("DROP TABLE \(unsafeRaw: table)").run()
        }
    }
}
