import FluentKit
import Foundation

/// One line of the append-only audit log. The database refuses UPDATE and DELETE on this table
/// (triggers in `CreateAuditEntry`), so not even a bug in the app can rewrite history; each entry is a link of a hash
/// chain (`AuditChain`), so a person who gets round the triggers is found out by `safercyber audit verify`.
public final class AuditEntry: Model, @unchecked Sendable {
    public static let schema = "audit_entries"

    // managed fields
    @ID(key: .id) public var id: UUID?
    @Field(key: "at") public var at: Date

    // data fields
    /// Nil for deployment-wide events (a new partnership, an admin disabling an account).
    @OptionalField(key: "partnership_id") public var partnershipID: UUID?
    @OptionalField(key: "actor_id") public var actorID: UUID?
    /// Kept as text so the entry still reads correctly if the account is later renamed.
    @Field(key: "actor_email") public var actorEmail: String
    /// One of `AuditAction`'s raw values.
    @Field(key: "action") public var action: String
    /// The kind of record, e.g. `user`, `theme`, `referral`.
    @Field(key: "entity") public var entity: String
    @OptionalField(key: "entity_id") public var entityID: String?
    @Field(key: "summary") public var summary: String
    /// JSON of the changed fields before and after an edit.
    @OptionalField(key: "before_json") public var beforeJSON: String?
    @OptionalField(key: "after_json") public var afterJSON: String?
    @OptionalField(key: "request_id") public var requestID: String?
    /// The entry's chain (`AuditChain.name`), its position in it (from 1), the hash of the entry before it and its
    /// own hash (`AuditChain.hash`). Empty only on entries written to the table by hand.
    @OptionalField(key: "chain") public var chain: String?
    @OptionalField(key: "chain_position") public var position: Int?
    @OptionalField(key: "previous_hash") public var previousHash: String?
    @OptionalField(key: "entry_hash") public var entryHash: String?

    public init() {}
}

public enum AuditAction: String, CaseIterable, Sendable {
    case create, update, delete, view, export
    case signIn = "sign-in"
    case signOut = "sign-out"
    case signInFailed = "sign-in-failed"
}
