import FluentKit

/// Restricted referrals of young people, their interventions and pathways (issue 10). Personal fields are stored
/// encrypted (`*_sealed`).
struct CreateReferrals: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Referral.schema)
            .id()
            .field("partnership_id", .uuid, .required, .references(Partnership.schema, .id, onDelete: .cascade))
            .field("number", .int, .required)
            .field("received_on", .string, .required)
            .field("referrer_partner_id", .uuid)
            .field("age_band", .string, .required)
            .field("concerns", .string, .required)
            .field("consent_young_person", .string, .required)
            .field("consent_parent", .string, .required)
            .field("risk", .string, .required)
            .field("statutory_route", .string, .required)
            .field("handed_on", .string)
            .field("next_review_on", .string)
            .field("outcome", .string)
            .field("closed_on", .string)
            .field("follow_up_6", .string)
            .field("follow_up_12", .string)
            .field("anonymised_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("person_sealed", .string)
            .field("referrer_sealed", .string)
            .field("school_sealed", .string)
            .field("area_sealed", .string)
            .field("risk_reason_sealed", .string)
            .unique(on: "partnership_id", "number", name: "referrals_number")
            .create()
        try await db.schema(ReferralIntervention.schema)
            .id()
            .field("referral_id", .uuid, .required, .references(Referral.schema, .id, onDelete: .cascade))
            .field("kind", .string, .required)
            .field("planned_on", .string)
            .field("delivered_on", .string)
            .field("note_sealed", .string)
            .create()
        try await db.schema(ReferralPathway.schema)
            .id()
            .field("referral_id", .uuid, .required, .references(Referral.schema, .id, onDelete: .cascade))
            .field("kind", .string, .required)
            .field("offered_on", .string, .required)
            .field("taken_up", .bool)
            .field("note_sealed", .string)
            .create()
    }

    func revert(on db: any Database) async throws {
        for schema in [ReferralPathway.schema, ReferralIntervention.schema, Referral.schema] {
            try await db.schema(schema).delete()
        }
    }
}
