import FluentKit
import Foundation

/// A request to give someone a restricted role, waiting for a second person (issue 20, case 5).
public final class RoleGrant: Model, @unchecked Sendable {
    public static let schema = "role_grants"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "partnership_id") public var partnership: Partnership
    @Parent(key: "user_id") public var user: User
    @Field(key: "role") public var role: Role
    /// Who asked (nil: an invitation accepted, asked by `requestedByEmail`).
    @OptionalField(key: "requested_by_id") public var requestedByID: UUID?
    @Field(key: "requested_by_email") public var requestedByEmail: String
    @Field(key: "requested_at") public var requestedAt: Date
    @OptionalField(key: "decided_by_email") public var decidedByEmail: String?
    @OptionalField(key: "decided_at") public var decidedAt: Date?
    /// "approved" or "refused"; nil while waiting.
    @OptionalField(key: "outcome") public var outcome: String?

    public init() {}
}

struct CreateRoleGrants: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(RoleGrant.schema)
            .id()
            .field("partnership_id", .uuid, .required, .references(Partnership.schema, .id, onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("role", .string, .required)
            .field("requested_by_id", .uuid)
            .field("requested_by_email", .string, .required)
            .field("requested_at", .datetime, .required)
            .field("decided_by_email", .string)
            .field("decided_at", .datetime)
            .field("outcome", .string)
            .create()
    }

    func revert(on db: any Database) async throws { try await db.schema(RoleGrant.schema).delete() }
}

/// Restricted roles take effect only when a second person approves them: the safeguarding role (which opens every
/// child's referral) is approved by another safeguarding lead of the same partnership who is neither the person
/// who asked nor the person receiving it; for a partnership's first safeguarding lead, by the deployment operator
/// from the command line (`safercyber user approve`). Both the request and the decision are audited. The
/// deployment administrator flag can only be given from the command line, so no web page can grant it.
public enum RoleGrants {
    /// Roles that need a second person's approval.
    public static let restricted: Set<Role> = [.safeguarding]

    public static func needsApproval(_ role: Role) -> Bool { restricted.contains(role) }

    public struct Pending: Sendable, Equatable {
        public var id: UUID
        public var userID: UUID
        public var email: String
        public var name: String
        public var role: Role
        public var requestedBy: String
        public var requestedByID: UUID?
        public var requestedAt: Date
    }

    /// Records a request for `role` (the member keeps their current role meanwhile). One waiting request per person
    /// and role: asking again keeps the first.
    static func request(
        on db: any Database, partnershipID: UUID, userID: UUID, role: Role, by actor: ActingUser, now: Date
    ) async throws {
        let waiting = try await RoleGrant.query(on: db).filter(\.$partnership.$id == partnershipID)
            .filter(\.$user.$id == userID).filter(\.$role == role).filter(\.$outcome == nil).first()
        guard waiting == nil else { return }
        let grant = RoleGrant()
        grant.$partnership.id = partnershipID
        grant.$user.id = userID
        grant.role = role
        grant.requestedByID = actor.id
        grant.requestedByEmail = actor.email
        grant.requestedAt = now
        try await grant.create(on: db)
        try await Audit.record(
            on: db, partnershipID: partnershipID, by: actor, action: .create, entity: "role grant",
            entityID: grant.id?.uuidString,
            summary: "Asked for the \(role.label) role for a member; it takes effect when another holder approves it",
            after: ["role": role.rawValue, "user": userID.uuidString], at: now)
    }

    public static func pending(on db: any Database, partnershipID: UUID) async throws -> [Pending] {
        try await RoleGrant.query(on: db).filter(\.$partnership.$id == partnershipID).filter(\.$outcome == nil)
            .with(\.$user).sort(\.$requestedAt).all().compactMap { grant in
                guard let id = grant.id else { return nil }
                return Pending(
                    id: id, userID: grant.$user.id, email: grant.user.email, name: grant.user.displayName,
                    role: grant.role,
                    requestedBy: grant.requestedByEmail, requestedByID: grant.requestedByID,
                    requestedAt: grant.requestedAt)
            }
    }

    public enum Decision: String, Sendable { case approved, refused }

    /// Why `approverID` may not decide a request for `granteeID` asked by `requesterID` (nil: they may, if they hold
    /// the role). One rule for the decision and for the buttons the page offers.
    public static func refusal(approverID: UUID?, granteeID: UUID, requesterID: UUID?) -> String? {
        guard let approverID else { return nil }
        if approverID == granteeID { return "Someone else must decide on your own role." }
        if approverID == requesterID { return "You asked for this role, so someone else must approve it." }
        return nil
    }

    /// Closes the person's waiting requests in a partnership they leave, so a later return cannot be approved
    /// into a role asked for before.
    static func withdraw(on db: any Database, partnershipID: UUID, userID: UUID, by actor: ActingUser, now: Date)
        async throws
    {
        try await RoleGrant.query(on: db).filter(\.$partnership.$id == partnershipID).filter(\.$user.$id == userID)
            .filter(\.$outcome == nil).set(\.$outcome, to: "withdrawn").set(\.$decidedAt, to: now)
            .set(\.$decidedByEmail, to: actor.email).update()
    }

    /// Approves or refuses a waiting grant. `approver`: a signed-in person, who must hold the role in this
    /// partnership and be neither the requester nor the grantee; nil: the deployment operator (command line).
    public static func decide(
        on db: any Database, partnershipID: UUID, grantID: UUID, decision: Decision, approver: ActingUser?,
        now: Date = Date()
    ) async throws {
        try await db.write { db in
            guard let grant = try await RoleGrant.find(grantID, on: db), grant.$partnership.id == partnershipID,
                grant.outcome == nil
            else { throw NotFound("request") }
            let role = grant.role
            let actor = approver ?? .system("command line")
            if let approver {
                guard let approverID = approver.id,
                    try await Membership.query(on: db).filter(\.$partnership.$id == partnershipID)
                        .filter(\.$user.$id == approverID).filter(\.$role == role).first() != nil
                else { throw FieldErrors("grant", "Only another \(role.label.lowercased()) can decide this.") }
                if let reason = refusal(
                    approverID: approverID, granteeID: grant.$user.id, requesterID: grant.requestedByID)
                {
                    throw FieldErrors("grant", reason)
                }
            }
            grant.outcome = decision.rawValue
            grant.decidedByEmail = actor.email
            grant.decidedAt = now
            try await grant.save(on: db)
            let userID = grant.$user.id
            if decision == .approved {
                let membership = try await Members.membership(on: db, partnershipID: partnershipID, userID: userID)
                let before = membership.role
                if before == .coordinator {
                    try await Members.requireAnotherCoordinator(on: db, partnershipID: partnershipID)
                }
                membership.role = role
                try await membership.save(on: db)
                try await Audit.record(
                    on: db, partnershipID: partnershipID, by: actor, action: .update, entity: "membership",
                    entityID: userID.uuidString,
                    summary:
                        "Approved the \(role.label) role for \(membership.user.email) (asked by \(grant.requestedByEmail))",
                    before: ["role": before.rawValue], after: ["role": role.rawValue], at: now)
            } else {
                try await Audit.record(
                    on: db, partnershipID: partnershipID, by: actor, action: .update, entity: "role grant",
                    entityID: grantID.uuidString,
                    summary: "Refused the \(role.label) role (asked by \(grant.requestedByEmail))", at: now)
            }
        }
    }
}
