import FluentKit
import Foundation

/// Editing a partnership's lists: partners, themes, objectives and audiences.
public enum PartnershipSettings {
    /// The four lists a coordinator can edit, by the name used in addresses.
    public enum List: String, CaseIterable, Sendable {
        case partners, themes, objectives, audiences

        public var singular: String {
            switch self {
            case .partners: "partner organisation"
            case .themes: "theme"
            case .objectives: "objective"
            case .audiences: "audience"
            }
        }
    }

    public struct Snapshot: Sendable {
        public var partners: [(id: UUID, name: String, kind: PartnerKind)]
        public var themes: [(id: UUID, name: String)]
        public var objectives: [(id: UUID, name: String)]
        public var audiences: [(id: UUID, name: String)]

        /// Each partner organisation's name by its id (the one lookup pages and exports use).
        public var partnerNames: [UUID: String] {
            Dictionary(partners.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        }
    }

    public static func snapshot(on db: any Database, partnershipID: UUID) async throws -> Snapshot {
        let partners = try await PartnerOrganisation.query(on: db).filter(\.$partnership.$id == partnershipID)
            .sort(\.$position).sort(\.$name).all()
        return Snapshot(
            partners: try partners.map { (try $0.requireID(), $0.name, $0.kind) },
            themes: try await names(Theme.self, on: db, partnershipID: partnershipID),
            objectives: try await names(Objective.self, on: db, partnershipID: partnershipID),
            audiences: try await names(Audience.self, on: db, partnershipID: partnershipID))
    }

    /// One of the partnership's lists (themes, objectives, audiences or partners), in its order: the one way
    /// controllers read them (issue 18).
    public static func items<M: PartnershipListItem>(_ type: M.Type, partnershipID: UUID, on db: any Database)
        async throws -> [M]
    {
        try await M.query(on: db).filter(FieldKey("partnership_id"), .equal, partnershipID)
            .sort(FieldKey("position")).all()
    }

    static func names<M: PartnershipListItem>(_ type: M.Type, on db: any Database, partnershipID: UUID) async throws
        -> [(id: UUID, name: String)]
    {
        try await M.query(on: db).filter(FieldKey("partnership_id"), .equal, partnershipID)
            .sort(FieldKey("position")).all().map { (try $0.requireID(), $0.name) }
    }

    static func cleaned(_ name: String) throws -> String {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { throw FieldErrors("name", "Enter a name") }
        if trimmed.count > 200 { throw FieldErrors("name", "The name must be 200 characters or fewer") }
        return trimmed
    }

    /// Adds an item to the end of a list.
    public static func add(
        on db: any Database, list: List, partnershipID: UUID, name rawName: String, kind: PartnerKind = .other,
        by actor: ActingUser
    ) async throws {
        let name = try cleaned(rawName)
        try await db.write { db in
            let item: any PartnershipListItem
            switch list {
            case .partners:
                item = PartnerOrganisation(partnershipID: partnershipID, name: name, kind: kind, position: 0)
            case .themes: item = Theme(partnershipID: partnershipID, name: name, position: 0)
            case .objectives: item = Objective(partnershipID: partnershipID, name: name, position: 0)
            case .audiences: item = Audience(partnershipID: partnershipID, name: name, position: 0)
            }
            try await insertAtEnd(item, on: db, partnershipID: partnershipID)
            try await Audit.record(
                on: db, partnershipID: partnershipID, by: actor, action: .create, entity: list.singular,
                entityID: item.id?.uuidString, summary: "Added \(list.singular) ‘\(name)’", after: ["name": name])
        }
    }

    static func insertAtEnd<M: PartnershipListItem>(_ item: M, on db: any Database, partnershipID: UUID) async throws {
        try await db.lockPartnership(partnershipID)
        let last = try await M.query(on: db).filter(FieldKey("partnership_id"), .equal, partnershipID)
            .sort(FieldKey("position"), .descending).first()
        var item = item
        item.position = (last?.position ?? 0) + 1
        try await item.create(on: db)
    }

    /// Renames an item. The item must belong to the partnership, else `NotFound`.
    public static func rename(
        on db: any Database, list: List, partnershipID: UUID, itemID: UUID, name rawName: String, by actor: ActingUser
    ) async throws {
        let name = try cleaned(rawName)
        try await db.write { db in
            let before: String
            switch list {
            case .partners: before = try await rename(PartnerOrganisation.self, itemID, partnershipID, name, db)
            case .themes: before = try await rename(Theme.self, itemID, partnershipID, name, db)
            case .objectives: before = try await rename(Objective.self, itemID, partnershipID, name, db)
            case .audiences: before = try await rename(Audience.self, itemID, partnershipID, name, db)
            }
            try await Audit.record(
                on: db, partnershipID: partnershipID, by: actor, action: .update, entity: list.singular,
                entityID: itemID.uuidString, summary: "Renamed \(list.singular) ‘\(before)’ to ‘\(name)’",
                before: ["name": before], after: ["name": name])
        }
    }

    static func owned<M: PartnershipListItem>(_ type: M.Type, _ id: UUID, _ partnershipID: UUID, _ db: any Database)
        async throws -> M
    {
        guard let item = try await M.find(id, on: db), item.partnershipID == partnershipID else {
            throw NotFound(String(describing: M.self))
        }
        return item
    }

    static func rename<M: PartnershipListItem>(
        _ type: M.Type, _ id: UUID, _ partnershipID: UUID, _ name: String, _ db: any Database
    ) async throws -> String {
        var item = try await owned(M.self, id, partnershipID, db)
        let before = item.name
        item.name = name
        try await item.save(on: db)
        return before
    }

    /// Removes an item. The item must belong to the partnership, else `NotFound`.
    public static func remove(on db: any Database, list: List, partnershipID: UUID, itemID: UUID, by actor: ActingUser)
        async throws
    {
        try await db.write { db in
            let name: String
            switch list {
            case .partners:
                // People linked to the partner keep their membership; only the link goes.
                try await Membership.query(on: db).filter(\.$partner.$id == itemID).set(\.$partner.$id, to: nil)
                    .update()
                name = try await remove(PartnerOrganisation.self, itemID, partnershipID, db)
            case .themes: name = try await remove(Theme.self, itemID, partnershipID, db)
            case .objectives: name = try await remove(Objective.self, itemID, partnershipID, db)
            case .audiences: name = try await remove(Audience.self, itemID, partnershipID, db)
            }
            try await Audit.record(
                on: db, partnershipID: partnershipID, by: actor, action: .delete, entity: list.singular,
                entityID: itemID.uuidString, summary: "Removed \(list.singular) ‘\(name)’", before: ["name": name])
        }
    }

    static func remove<M: PartnershipListItem>(_ type: M.Type, _ id: UUID, _ partnershipID: UUID, _ db: any Database)
        async throws -> String
    {
        let item = try await owned(M.self, id, partnershipID, db)
        try await item.delete(on: db)
        return item.name
    }

    /// Renames the partnership itself.
    public static func renamePartnership(
        on db: any Database, partnershipID: UUID, name rawName: String, by actor: ActingUser
    ) async throws {
        let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { throw FieldErrors("partnershipName", "Enter the partnership's name") }
        if name.count > 150 { throw FieldErrors("partnershipName", "The name must be 150 characters or fewer") }
        try await db.write { db in
            guard let partnership = try await Partnership.find(partnershipID, on: db) else {
                throw NotFound("partnership")
            }
            let before = partnership.name
            partnership.name = name
            try await partnership.save(on: db)
            try await Audit.record(
                on: db, partnershipID: partnershipID, by: actor, action: .update, entity: "partnership",
                entityID: partnershipID.uuidString, summary: "Renamed the partnership to ‘\(name)’",
                before: ["name": before], after: ["name": name])
        }
    }
}
