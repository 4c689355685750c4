import FluentKit
import Foundation

/// Partner organisations in roles (issue 23): a member may belong to one of the partnership's organisations (the
/// council, the police, a college). Coordinators and administrators edit every organisation's events and actions;
/// an officer edits those their own organisation leads or supports, and those no organisation leads. An officer
/// whose organisation is not recorded yet edits everything, as before, and the members page says so.
public struct PartnerScope: Sendable, Equatable {
    public let role: Role
    public let partnerID: UUID?

    public init(role: Role, partnerID: UUID?) {
        self.role = role
        self.partnerID = partnerID
    }

    /// An attempt to change another organisation's work.
    public struct NotYours: Error, Sendable, CustomStringConvertible {
        public var what: String
        public var description: String {
            "This \(what) belongs to another partner organisation, so only its own officers or a coordinator can change it."
        }
    }

    /// Whether this member may change a record led or supported by `owners` (nil entries: no organisation).
    public func mayEdit(owners: [UUID?]) -> Bool {
        guard role == .officer, let partnerID else { return true }
        let named = owners.compactMap { $0 }
        return named.isEmpty || named.contains(partnerID)
    }

    public func requireEdit(owners: [UUID?], what: String) throws {
        guard mayEdit(owners: owners) else { throw NotYours(what: what) }
    }

    /// The organisation a new record is given when an officer with an organisation creates it without naming one,
    /// or names another: their own (they could not edit it afterwards otherwise).
    public func owner(forNew requested: UUID?) -> UUID? {
        guard role == .officer, let partnerID else { return requested }
        return partnerID
    }

    /// The organisation an existing record keeps when this member saves it: an officer cannot hand their
    /// organisation's record to another (they would lose it) nor quietly claim one nobody leads (review finding):
    /// it keeps its organisation, or stays nobody's unless they name their own.
    public func owner(forExisting existing: UUID?, requested: UUID?) -> UUID? {
        guard role == .officer, let partnerID else { return requested }
        if let existing { return existing }
        return requested == partnerID ? partnerID : nil
    }

    /// Whether this member may change which organisation leads a record now led by `lead` (officers: only their
    /// own organisation's; a supporting organisation cannot take the lead away).
    public func mayChangeLead(from lead: UUID?) -> Bool {
        guard role == .officer, let partnerID, let lead else { return true }
        return lead == partnerID
    }

    /// Linking (or unlinking) a survey or a game to events changes those events (their after-session email, their
    /// reach): an officer may do it only for events they may change (review finding).
    public func requireLinkable(eventIDs: Set<UUID>, partnershipID: UUID, field: String, on db: any Database)
        async throws
    {
        guard role == .officer, partnerID != nil, !eventIDs.isEmpty else { return }
        let events = try await Event.query(on: db).filter(\.$partnership.$id == partnershipID)
            .filter(\.$id ~~ Array(eventIDs)).all()
        if events.contains(where: { !mayEdit(owners: [$0.partnerID]) }) {
            throw FieldErrors(
                field, "You can link only your own organisation's events, or events no organisation leads")
        }
    }

    /// The member's scope in a partnership (nil: not a member).
    public static func of(userID: UUID, isAdmin: Bool, partnershipID: UUID, on db: any Database) async throws
        -> PartnerScope?
    {
        let membership = try await Membership.query(on: db).filter(\.$user.$id == userID)
            .filter(\.$partnership.$id == partnershipID).first()
        if isAdmin { return PartnerScope(role: .admin, partnerID: membership?.$partner.id) }
        guard let membership else { return nil }
        return PartnerScope(role: membership.role, partnerID: membership.$partner.id)
    }
}

extension Members {
    /// Records which partner organisation a member belongs to (nil: none); audited.
    public static func setOrganisation(
        on db: any Database, partnershipID: UUID, userID: UUID, partnerID: UUID?, by actor: ActingUser
    ) async throws {
        try await db.write { tx in
            let membership = try await membership(on: tx, partnershipID: partnershipID, userID: userID)
            var name = "no organisation"
            if let partnerID {
                guard
                    let partner = try await PartnerOrganisation.query(on: tx).filter(\.$id == partnerID)
                        .filter(\.$partnership.$id == partnershipID).first()
                else { throw FieldErrors("partner", "Choose one of the partnership's organisations") }
                name = partner.name
            }
            let before = membership.$partner.id?.uuidString ?? ""
            membership.$partner.id = partnerID
            try await membership.save(on: tx)
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .update, entity: "membership",
                entityID: userID.uuidString, summary: "Recorded \(membership.user.email) as belonging to \(name)",
                before: ["partner": before], after: ["partner": partnerID?.uuidString ?? ""])
        }
    }
}
