import FluentKit
import Foundation

/// The people in a partnership: invitations, roles and removal.
public enum Members {
    public static let invitationLifetime: TimeInterval = 7 * 24 * 60 * 60

    public struct Member: Sendable {
        public var userID: UUID
        public var name: String
        public var email: String
        public var role: Role
        public var isDisabled: Bool
        /// The partner organisation the member works for, when recorded.
        public var partnerID: UUID? = nil
    }

    public struct PendingInvitation: Sendable {
        public var id: UUID
        public var email: String
        public var role: Role
        public var expiresAt: Date
    }

    public static func list(on db: any Database, partnershipID: UUID, now: Date = Date()) async throws -> (
        [Member], [PendingInvitation]
    ) {
        let rows = try await Membership.query(on: db).filter(\.$partnership.$id == partnershipID).with(\.$user).all()
        let members = try rows.map { row in
            Member(
                userID: try row.user.requireID(), name: row.user.displayName, email: row.user.email,
                role: row.role, isDisabled: row.user.isDisabled,
                partnerID: row.$partner.id)
        }.sorted { ($0.role, $0.name) < ($1.role, $1.name) }
        let invitations = try await Invitation.query(on: db).filter(\.$partnership.$id == partnershipID)
            .filter(\.$acceptedAt == nil).filter(\.$expiresAt > now).sort(\.$createdAt, .descending).all()
        return (
            members,
            try invitations.map {
                PendingInvitation(
                    id: try $0.requireID(), email: $0.email, role: $0.role,
                    expiresAt: $0.expiresAt)
            }
        )
    }

    /// Creates a one-time invitation and returns its secret token (only its hash is stored). With `links`, the
    /// invitation email is queued in the same transaction; the page shows the link only when email is not set up.
    public static func invite(
        on db: any Database, partnershipID: UUID, email rawEmail: String, role: Role?, by actor: ActingUser,
        links: MailLinks? = nil, now: Date = Date()
    ) async throws -> String {
        let email = User.normalise(email: rawEmail)
        var errors = FieldErrors()
        if !Accounts.isPlausibleEmail(email) {
            errors.add("email", "Enter an email address in the correct format, like name@example.org")
        }
        if role == nil || role == .admin { errors.add("role", "Choose the role this person will have") }
        if errors.isEmpty, let user = try await User.query(on: db).filter(\.$email == email).first(),
            try await Membership.query(on: db).filter(\.$user.$id == user.requireID())
                .filter(\.$partnership.$id == partnershipID).first() != nil
        {
            errors.add("email", "\(email) is already a member of this partnership")
        }
        try errors.throwIfAny()
        guard let actorID = actor.id, let role else { throw FieldErrors("email", "Sign in again to invite people") }
        let token = Secrets.token()
        try await db.write { db in
            let invitation = Invitation(
                partnershipID: partnershipID, email: email, role: role, tokenHash: Secrets.hash(token),
                createdByID: actorID, now: now, expiresAt: now.addingTimeInterval(invitationLifetime))
            try await invitation.create(on: db)
            if let links, let partnership = try await Partnership.find(partnershipID, on: db) {
                let inviter = try await User.find(actorID, on: db)
                try await Outbox.enqueue(
                    MailMessages.invitation(
                        partnership: partnership, email: email, role: role,
                        inviterName: inviter?.displayName ?? actor.email, token: token,
                        expiresAt: invitation.expiresAt, invitationID: try invitation.requireID(), links: links),
                    now: now, on: db)
            }
            try await Audit.record(
                on: db, partnershipID: partnershipID, by: actor, action: .create, entity: "invitation",
                entityID: invitation.id?.uuidString, summary: "Invited \(email) as \(role.label)",
                after: ["email": email, "role": role.rawValue], at: now)
        }
        return token
    }

    /// Limits on opening and answering invitation links (issue 20, case 4), per hour: 30 link uses (pages and
    /// answers) from one address, so nobody can try tokens at will, and 10 answers to one link, so a person
    /// fixing their new password a few times is never stopped while a script answering one link is.
    public static func acceptanceLimits(address: String, token: String?) -> [PublicLimits.Rule] {
        var rules = [PublicLimits.Rule("invitation|address|\(address)", limit: 30, window: 60 * 60)]
        if let token { rules.append(.init("invitation|token|\(Secrets.hash(token))", limit: 10, window: 60 * 60)) }
        return rules
    }

    /// How many people belong to each partnership: one query however many partnerships there are (issue 18).
    public static func counts(on db: any Database) async throws -> [UUID: Int] {
        var counts: [UUID: Int] = [:]
        for id in try await Membership.query(on: db).all(\.$partnership.$id) { counts[id, default: 0] += 1 }
        return counts
    }

    /// How many people belong to one partnership.
    public static func count(partnershipID: UUID, on db: any Database) async throws -> Int {
        try await Membership.query(on: db).filter(\.$partnership.$id == partnershipID).count()
    }

    /// The live invitation for a token, with whether an account already exists for its email.
    public static func invitation(on db: any Database, token: String, now: Date = Date()) async throws -> (
        Invitation, Partnership, existingAccount: Bool
    )? {
        guard token.count < 200,
            let invitation = try await Invitation.query(on: db).filter(\.$tokenHash == Secrets.hash(token))
                .with(\.$partnership).first(),
            invitation.acceptedAt == nil, invitation.expiresAt > now
        else { return nil }
        let exists = try await User.query(on: db).filter(\.$email == invitation.email).first() != nil
        return (invitation, invitation.partnership, exists)
    }

    /// Accepts an invitation: creates the account (or, for an existing account, checks its password) and
    /// adds the membership. The token cannot be used again.
    /// Accepts an invitation. A new person chooses a name and password. An existing account joins only while
    /// signed in as that account (`signedInUserID`): the link never checks a password, so an inviter cannot use
    /// it to guess a colleague's password (issue 20, case 4).
    public static func accept(
        on db: any Database, token: String, displayName: String, password: String, hasher: any PasswordHashing,
        signedInUserID: UUID? = nil, now: Date = Date()
    ) async throws -> User {
        guard let (invitation, partnership, exists) = try await invitation(on: db, token: token, now: now) else {
            throw NotFound("invitation")
        }
        let partnershipID = try partnership.requireID()
        let user: User
        if exists, let existing = try await User.query(on: db).filter(\.$email == invitation.email).first() {
            guard let signedInUserID, existing.id == signedInUserID, !existing.isDisabled else {
                throw FieldErrors(
                    "email", "Sign in as \(existing.email), then open this link again to join the partnership.")
            }
            user = existing
        } else {
            user = try await Accounts.create(
                on: db, email: invitation.email, displayName: displayName, password: password, hasher: hasher,
                by: ActingUser(id: nil, email: invitation.email), now: now)
        }
        let userID = try user.requireID()
        let invitationID = try invitation.requireID()
        let role = invitation.role
        let invitedBy = try await User.find(invitation.$createdBy.id, on: db)
        try await db.write { db in
            // Re-read inside the transaction so two tabs cannot accept the same link twice.
            guard let fresh = try await Invitation.find(invitationID, on: db), fresh.acceptedAt == nil else {
                throw NotFound("invitation")
            }
            fresh.acceptedAt = now
            try await fresh.save(on: db)
            // A restricted role starts as viewer and waits for a second person's approval (issue 20, case 5).
            let invited = role
            let restricted = RoleGrants.needsApproval(invited)
            try await Membership(
                userID: userID, partnershipID: partnershipID, role: restricted ? .viewer : invited, now: now
            )
            .create(on: db)
            try await Audit.record(
                on: db, partnershipID: partnershipID, by: ActingUser(id: userID, email: user.email), action: .create,
                entity: "membership", entityID: userID.uuidString,
                summary: "Accepted an invitation as \(role)\(restricted ? " (viewer until approved)" : "")", at: now
            )
            if restricted {
                try await RoleGrants.request(
                    on: db, partnershipID: partnershipID, userID: userID, role: invited,
                    by: ActingUser(id: invitation.$createdBy.id, email: invitedBy?.email ?? "the inviter"), now: now)
            }
        }
        return user
    }

    /// Adds an existing account to a partnership directly (used by the CLI and the demo).
    public static func add(on db: any Database, userID: UUID, partnershipID: UUID, role: Role, by actor: ActingUser)
        async throws
    {
        try await db.write { db in
            try await Membership(userID: userID, partnershipID: partnershipID, role: role).create(on: db)
            try await Audit.record(
                on: db, partnershipID: partnershipID, by: actor, action: .create, entity: "membership",
                entityID: userID.uuidString, summary: "Added a member as \(role.label)", after: ["role": role.rawValue])
        }
    }

    public enum RoleChange: Sendable, Equatable {
        case changed
        /// A restricted role: asked for, and waiting for a second person (`RoleGrants`).
        case awaitingApproval
    }

    /// Changes a member's role. A partnership always keeps at least one coordinator. A restricted role is only
    /// asked for: it takes effect when another holder approves it.
    @discardableResult
    public static func changeRole(
        on db: any Database, partnershipID: UUID, userID: UUID, to role: Role, by actor: ActingUser,
        now: Date = Date()
    ) async throws -> RoleChange {
        guard role != .admin else { throw FieldErrors("role", "Choose one of the partnership roles") }
        return try await db.write { db in
            let membership = try await membership(on: db, partnershipID: partnershipID, userID: userID)
            let before = membership.role
            if before == role { return .changed }
            if RoleGrants.needsApproval(role) {
                try await RoleGrants.request(
                    on: db, partnershipID: partnershipID, userID: userID, role: role, by: actor, now: now)
                return .awaitingApproval
            }
            if before == .coordinator, role != .coordinator {
                try await requireAnotherCoordinator(on: db, partnershipID: partnershipID)
            }
            membership.role = role
            try await membership.save(on: db)
            try await Audit.record(
                on: db, partnershipID: partnershipID, by: actor, action: .update, entity: "membership",
                entityID: userID.uuidString,
                summary: "Changed \(membership.user.email) from \(before.rawValue) to \(role.rawValue)",
                before: ["role": before.rawValue], after: ["role": role.rawValue], at: now)
            return .changed
        }
    }

    /// Removes a member and revokes their API tokens for this partnership.
    public static func remove(
        on db: any Database, partnershipID: UUID, userID: UUID, by actor: ActingUser, now: Date = Date()
    ) async throws {
        try await db.write { db in
            let membership = try await membership(on: db, partnershipID: partnershipID, userID: userID)
            if membership.role == .coordinator {
                try await requireAnotherCoordinator(on: db, partnershipID: partnershipID)
            }
            try await RoleGrants.withdraw(on: db, partnershipID: partnershipID, userID: userID, by: actor, now: now)
            try await membership.delete(on: db)
            try await ApiToken.query(on: db).filter(\.$user.$id == userID).filter(\.$partnership.$id == partnershipID)
                .filter(\.$revokedAt == nil).set(\.$revokedAt, to: now).update()
            try await Audit.record(
                on: db, partnershipID: partnershipID, by: actor, action: .delete, entity: "membership",
                entityID: userID.uuidString, summary: "Removed \(membership.user.email) from the partnership",
                before: ["role": membership.role.rawValue])
        }
    }

    static func membership(on db: any Database, partnershipID: UUID, userID: UUID) async throws -> Membership {
        guard
            let membership = try await Membership.query(on: db).filter(\.$partnership.$id == partnershipID)
                .filter(\.$user.$id == userID).with(\.$user).first()
        else { throw NotFound("member") }
        return membership
    }

    static func requireAnotherCoordinator(on db: any Database, partnershipID: UUID) async throws {
        let coordinators = try await Membership.query(on: db).filter(\.$partnership.$id == partnershipID)
            .filter(\.$role == .coordinator).count()
        if coordinators < 2 {
            throw FieldErrors(
                "role", "A partnership must keep at least one coordinator. Make someone else coordinator first.")
        }
    }
}
