import FluentKit
import Foundation
import SQLKit

/// A time-limited link a coordinator gives a school or college (issue 23), through which students send their own
/// work (a film, a poster) into the resource library's moderation. The link's secret is shown once and stored only
/// as a hash; it closes at its expiry, when revoked, or after its number of uploads.
public final class SubmissionLink: Model, @unchecked Sendable {
    public static let schema = "submission_links"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "partnership_id") public var partnership: Partnership
    /// SHA-256 (hex) of the link's secret.
    @Field(key: "token_hash") public var tokenHash: String
    /// Who it is for: "Year 10 media, Hill Academy".
    @Field(key: "label") public var label: String
    @Field(key: "created_by") public var createdBy: String
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "expires_at") public var expiresAt: Date
    @OptionalField(key: "revoked_at") public var revokedAt: Date?
    @Field(key: "uses") public var uses: Int
    @Field(key: "max_uses") public var maxUses: Int

    public init() {}

    public func isOpen(at now: Date = Date()) -> Bool { revokedAt == nil && now < expiresAt && uses < maxUses }
}

public enum Submissions {
    public static let allowedDays = 1...30
    public static let allowedUploads = 1...50
    public static let labelLimit = 200

    /// Makes a link; returns it with its secret (shown once: only its hash is kept).
    public static func create(
        label: String, days: Int, uploads: Int, partnershipID: UUID, by actor: ActingUser, now: Date = Date(),
        on db: any Database
    ) async throws -> (link: SubmissionLink, token: String) {
        var errors = FieldErrors()
        let cleaned = Bookings.cleanAnswer(label)
        if cleaned.isEmpty {
            errors.add("label", "Say who the link is for, like “Year 10 media, Hill Academy”")
        } else if cleaned.count > labelLimit {
            errors.add("label", "This must be \(labelLimit) characters or fewer")
        }
        if !allowedDays.contains(days) {
            errors.add("days", "Enter a number of days from \(allowedDays.lowerBound) to \(allowedDays.upperBound)")
        }
        if !allowedUploads.contains(uploads) {
            errors.add(
                "uploads", "Enter a number of uploads from \(allowedUploads.lowerBound) to \(allowedUploads.upperBound)"
            )
        }
        try errors.throwIfAny()
        let token = Secrets.token()
        let link = SubmissionLink()
        link.$partnership.id = partnershipID
        link.tokenHash = Secrets.hash(token)
        link.label = cleaned
        link.createdBy = actor.email
        link.createdAt = now
        link.expiresAt = now.addingTimeInterval(Double(days) * 86_400)
        link.uses = 0
        link.maxUses = uploads
        try await db.write { tx in
            try await link.create(on: tx)
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .create, entity: "submission link",
                entityID: try link.requireID().uuidString,
                summary: "Made a submission link for \(cleaned), open \(days) days for up to \(uploads) uploads")
        }
        return (link, token)
    }

    /// The partnership's links, newest first.
    public static func all(partnershipID: UUID, on db: any Database) async throws -> [SubmissionLink] {
        try await SubmissionLink.query(on: db).filter(\.$partnership.$id == partnershipID)
            .sort(\.$createdAt, .descending).all()
    }

    /// Closes a link at once.
    public static func revoke(
        id: UUID, partnershipID: UUID, by actor: ActingUser, now: Date = Date(), on db: any Database
    )
        async throws
    {
        try await db.write { tx in
            guard
                let link = try await SubmissionLink.query(on: tx).filter(\.$id == id)
                    .filter(\.$partnership.$id == partnershipID).first()
            else { throw NotFound("submission link") }
            guard link.revokedAt == nil else { return }
            link.revokedAt = now
            try await link.save(on: tx)
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .update, entity: "submission link",
                entityID: id.uuidString, summary: "Closed the submission link for \(link.label)")
        }
    }

    /// The open link behind a secret in this partnership, or nil (unknown, expired, revoked, used up: all alike).
    public static func open(token: String, partnershipID: UUID, now: Date = Date(), on db: any Database) async throws
        -> SubmissionLink?
    {
        guard token.count <= 100,
            let link = try await SubmissionLink.query(on: db).filter(\.$tokenHash == Secrets.hash(token))
                .filter(\.$partnership.$id == partnershipID).first(), link.isOpen(at: now)
        else { return nil }
        return link
    }

    /// Counts one upload against the link if it is still open, in one statement (two uploads at once cannot both
    /// take the last place). False when it is closed.
    static func take(_ id: UUID, now: Date, on db: any Database) async throws -> Bool {
        let sql = db.sql
        let rows = try await sql.raw(
            """
            UPDATE submission_links SET uses = uses + 1
            WHERE id = \(bind: id) AND uses < max_uses AND revoked_at IS NULL AND expires_at > \(bind: now)
            RETURNING id
            """
        ).all()
        return rows.count == 1
    }
}

/// Video details on library items and the submission links (issue 23).
struct UpdateLibraryAddVideoAndSubmissions: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(SubmissionLink.schema)
            .id()
            .field("partnership_id", .uuid, .required, .references(Partnership.schema, "id"))
            .field("token_hash", .string, .required)
            .field("label", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .field("uses", .int, .required)
            .field("max_uses", .int, .required)
            .unique(on: "token_hash")
            .create()
        // One column a statement: SQLite adds one at a time.
        for (field, type) in [
            ("captions", DatabaseSchema.DataType.string), ("credit", .string), ("shows_young_people", .bool),
            ("consent_note", .string), ("consent_by", .string), ("consent_at", .datetime), ("submission_id", .uuid),
        ] {
            try await db.schema(LibraryResource.schema).field(FieldKey(stringLiteral: field), type).update()
        }
    }

    func revert(on db: any Database) async throws {
        for field in [
            "captions", "credit", "shows_young_people", "consent_note", "consent_by", "consent_at", "submission_id",
        ] {
            try await db.schema(LibraryResource.schema).deleteField(FieldKey(stringLiteral: field)).update()
        }
        try await db.schema(SubmissionLink.schema).delete()
    }
}
