import FluentKit
import Foundation

/// The register of organisations (issue 23): adding and changing records, linking what an organisation has done
/// (group bookings, game sessions, resilience checks given with consent, resources it made), and reading one
/// organisation's record. Every change is audited; every id is looked up within the partnership.
public enum Organisations {
    public static let nameLimit = 200

    /// What two spellings of one name have in common: letters and digits, lower case, single spaces
    /// ("St. Mary's  School" and "st marys school" match).
    public static func normalisedName(_ name: String) -> String {
        let kept = name.lowercased().unicodeScalars.map { scalar -> Character in
            CharacterSet.alphanumerics.contains(scalar)
                ? Character(scalar) : (scalar == "'" || scalar == "’" || scalar == "." ? "\u{0}" : " ")
        }
        return String(kept.filter { $0 != "\u{0}" }).split(separator: " ").joined(separator: " ")
    }

    public struct Form: Sendable, Equatable {
        public var name = "", kind = "", area = "", size = ""
        public init(name: String = "", kind: String = "", area: String = "", size: String = "") {
            (self.name, self.kind, self.area, self.size) = (name, kind, area, size)
        }
    }

    /// Checks the form; `areas` are the areas a person may choose from (the partnership's).
    static func check(_ form: Form, areas: [String], partnershipID: UUID, except id: UUID?, on db: any Database)
        async throws -> (name: String, match: String, kind: Organisation.Kind, area: String, size: String?)
    {
        var errors = FieldErrors()
        let name = Bookings.cleanAnswer(form.name)
        let match = normalisedName(name)
        if match.isEmpty {
            errors.add("name", "Enter the organisation\u{2019}s name")
        } else if name.count > nameLimit {
            errors.add("name", "The name must be \(nameLimit) characters or fewer")
        } else {
            // Two schools may share a name in different areas ("St Joseph's" in two towns), not in the same one.
            var same = Organisation.query(on: db).filter(\.$partnership.$id == partnershipID)
                .filter(\.$matchName == match).filter(\.$area == form.area)
            if let id { same = same.filter(\.$id != id) }
            if let other = try await same.first() {
                errors.add(
                    "name",
                    "\u{201C}\(other.name)\u{201D} \(form.area.isEmpty ? "with no area" : "in \(form.area)") is already on the register"
                )
            }
        }
        let kind = Organisation.Kind(rawValue: form.kind)
        if kind == nil { errors.add("kind", "Choose what kind of organisation it is") }
        if !form.area.isEmpty && !areas.contains(form.area) { errors.add("area", "Choose an area from the list") }
        if !form.size.isEmpty && ResilienceCheck.Size(rawValue: form.size) == nil {
            errors.add("size", "Choose a size from the list")
        }
        try errors.throwIfAny()
        return (name, match, kind!, form.area, form.size.isEmpty ? nil : form.size)
    }

    private static func snapshot(_ o: Organisation) -> [String: String] {
        ["name": o.name, "kind": o.kind, "area": o.area, "size": o.sizeBand ?? ""]
    }

    /// Adds an organisation to the register. Throws `FieldErrors`.
    public static func create(
        _ form: Form, areas: [String], partnershipID: UUID, by actor: ActingUser, now: Date = Date(),
        on db: any Database
    ) async throws -> Organisation {
        try await db.write { tx in
            let valid = try await check(form, areas: areas, partnershipID: partnershipID, except: nil, on: tx)
            let row = Organisation()
            row.$partnership.id = partnershipID
            row.createdAt = now
            (row.name, row.matchName, row.kind, row.area, row.sizeBand) = (
                valid.name, valid.match, valid.kind.rawValue, valid.area, valid.size
            )
            try await row.create(on: tx)
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .create, entity: "organisation",
                entityID: try row.requireID().uuidString, summary: "Added \(row.name) to the register of organisations",
                after: snapshot(row))
            return row
        }
    }

    /// Changes an organisation's details. Throws `FieldErrors`, or `NotFound` for an id outside the partnership.
    public static func update(
        id: UUID, _ form: Form, areas: [String], partnershipID: UUID, by actor: ActingUser, on db: any Database
    ) async throws {
        try await db.write { tx in
            let row = try await find(id, partnershipID: partnershipID, on: tx)
            let valid = try await check(form, areas: areas, partnershipID: partnershipID, except: id, on: tx)
            let before = snapshot(row)
            (row.name, row.matchName, row.kind, row.area, row.sizeBand) = (
                valid.name, valid.match, valid.kind.rawValue, valid.area, valid.size
            )
            try await row.save(on: tx)
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .update, entity: "organisation",
                entityID: id.uuidString, summary: "Changed the details of \(row.name) on the register",
                before: before, after: snapshot(row))
        }
    }

    /// Takes an organisation off the register; what was linked to it stays, unlinked.
    public static func remove(id: UUID, partnershipID: UUID, by actor: ActingUser, on db: any Database) async throws {
        try await db.write { tx in
            let row = try await find(id, partnershipID: partnershipID, on: tx)
            for kind in LinkKind.allCases {
                try await kind.unlinkAll(organisationID: id, partnershipID: partnershipID, on: tx)
            }
            try await row.delete(on: tx)
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .delete, entity: "organisation",
                entityID: id.uuidString, summary: "Took \(row.name) off the register of organisations",
                before: snapshot(row))
        }
    }

    /// One organisation of the partnership, or `NotFound`.
    public static func find(_ id: UUID, partnershipID: UUID, on db: any Database) async throws -> Organisation {
        guard
            let row = try await Organisation.query(on: db).filter(\.$id == id)
                .filter(\.$partnership.$id == partnershipID).first()
        else { throw NotFound("organisation") }
        return row
    }

    /// Every organisation of the partnership, by name.
    public static func all(partnershipID: UUID, on db: any Database) async throws -> [Organisation] {
        try await Organisation.query(on: db).filter(\.$partnership.$id == partnershipID).sort(\.$matchName).all()
    }

    // MARK: links

    /// What can be linked to an organisation.
    public enum LinkKind: String, CaseIterable, Sendable {
        case booking, game, check, resource

        public var label: String {
            switch self {
            case .booking: "group booking"
            case .game: "game session"
            case .check: "resilience check"
            case .resource: "resource"
            }
        }

        func unlinkAll(organisationID: UUID, partnershipID: UUID, on db: any Database) async throws {
            switch self {
            case .booking:
                try await Booking.query(on: db).filter(\.$partnershipID == partnershipID)
                    .filter(\.$organisationID == organisationID).set(\.$organisationID, to: nil).update()
            case .game:
                try await GameSession.query(on: db).filter(\.$partnership.$id == partnershipID)
                    .filter(\.$organisationID == organisationID).set(\.$organisationID, to: nil).update()
            case .check:
                try await ResilienceCheck.query(on: db).filter(\.$partnership.$id == partnershipID)
                    .filter(\.$organisationID == organisationID).set(\.$organisationID, to: nil).update()
            case .resource:
                try await LibraryResource.query(on: db).filter(\.$partnership.$id == partnershipID)
                    .filter(\.$organisationID == organisationID).set(\.$organisationID, to: nil).update()
            }
        }
    }

    /// A resilience check may be tied to an organisation only when whoever took it named their organisation (with
    /// consent, asking for follow-up); consent to keep a sector or an area is not consent to be named, so a check
    /// that gave no name stays anonymous (issue 23 review). A re-take of a named check carries its name.
    public static func hasConsent(_ check: ResilienceCheck) -> Bool {
        !(check.organisationName ?? "").isEmpty
    }

    /// Links an item to an organisation (`linked`), or unlinks it from that organisation (only what is on its
    /// record can be unlinked from it). The organisation and the item must be the partnership's; a booking must be a
    /// group booking; a check must have been given with consent.
    public static func link(
        _ kind: LinkKind, itemID: UUID, organisationID target: UUID, linked: Bool, partnershipID: UUID,
        by actor: ActingUser, on db: any Database
    ) async throws {
        try await db.write { tx in
            let found = try await find(target, partnershipID: partnershipID, on: tx)
            let organisation = linked ? found : nil
            let organisationID = linked ? target : nil
            let title: String
            let before: UUID?
            switch kind {
            case .booking:
                guard
                    let item = try await Booking.query(on: tx).filter(\.$id == itemID)
                        .filter(\.$partnershipID == partnershipID).first()
                else { throw NotFound("booking") }
                guard !linked || item.anonymisedAt == nil else {
                    throw FieldErrors("item", "This booking\u{2019}s details were removed after the retention period")
                }
                guard item.isGroup else {
                    throw FieldErrors(
                        "item", "Only group bookings can be linked: a person\u{2019}s own booking is theirs")
                }
                (before, title) = (item.organisationID, "the group booking by \(item.organisation)")
                guard linked || item.organisationID == target else { throw NotFound(kind.label) }
                try refuseMove(item.organisationID, to: target, linked: linked)
                item.organisationID = organisationID
                try await item.save(on: tx)
            case .game:
                guard
                    let item = try await GameSession.query(on: tx).filter(\.$id == itemID)
                        .filter(\.$partnership.$id == partnershipID).first()
                else { throw NotFound("game session") }
                (before, title) = (item.organisationID, "the game session \u{201C}\(item.title)\u{201D}")
                guard linked || item.organisationID == target else { throw NotFound(kind.label) }
                try refuseMove(item.organisationID, to: target, linked: linked)
                item.organisationID = organisationID
                try await item.save(on: tx)
            case .check:
                guard
                    let item = try await ResilienceCheck.query(on: tx).filter(\.$id == itemID)
                        .filter(\.$partnership.$id == partnershipID).first()
                else { throw NotFound("resilience check") }
                guard organisationID == nil || hasConsent(item) else {
                    throw FieldErrors(
                        "item", "This check did not name its organisation, so it stays anonymous")
                }
                (before, title) = (item.organisationID, "a resilience check")
                guard linked || item.organisationID == target else { throw NotFound(kind.label) }
                try refuseMove(item.organisationID, to: target, linked: linked)
                item.organisationID = organisationID
                try await item.save(on: tx)
            case .resource:
                guard
                    let item = try await LibraryResource.query(on: tx).filter(\.$id == itemID)
                        .filter(\.$partnership.$id == partnershipID).first()
                else { throw NotFound("resource") }
                (before, title) = (item.organisationID, "the resource \u{201C}\(item.title)\u{201D}")
                guard linked || item.organisationID == target else { throw NotFound(kind.label) }
                try refuseMove(item.organisationID, to: target, linked: linked)
                item.organisationID = organisationID
                try await item.save(on: tx)
            }
            let summary =
                organisation.map { "Linked \(title) to \($0.name)" } ?? "Unlinked \(title) from its organisation"
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .update, entity: kind.rawValue,
                entityID: itemID.uuidString, summary: summary,
                before: ["organisation": before?.uuidString ?? ""],
                after: ["organisation": organisationID?.uuidString ?? ""])
        }
    }

    /// An item on one organisation's record is not moved to another without being unlinked there first (a silent
    /// move split a check from its re-take; issue 23 review).
    static func refuseMove(_ current: UUID?, to target: UUID, linked: Bool) throws {
        guard linked, let current, current != target else { return }
        throw FieldErrors("item", "This is already on another organisation\u{2019}s record: unlink it there first")
    }

    /// New group bookings whose organisation's name matches one on the register join its record (called by the
    /// booking batch, inside its transaction; one query, and only when the batch holds a group booking).
    static func assign(_ rows: [Booking], partnershipID: UUID, on db: any Database) async throws {
        let groups = rows.filter { $0.isGroup && !normalisedName($0.organisation).isEmpty }
        guard !groups.isEmpty else { return }
        let names = Array(Set(groups.map { normalisedName($0.organisation) }))
        let known = try await Organisation.query(on: db).filter(\.$partnership.$id == partnershipID)
            .filter(\.$matchName ~~ names).all()
        // Only a name that one organisation holds: with two of the same name, staff choose on the record.
        let byName = Dictionary(grouping: known, by: \.matchName).compactMapValues { $0.count == 1 ? $0[0].id : nil }
        for row in groups { row.organisationID = byName[normalisedName(row.organisation)] }
    }

    /// A check given with consent joins the record of the organisation it names, or the record its earlier check
    /// is on (a re-take). Called when the details are saved.
    static func assign(_ check: ResilienceCheck, previous: ResilienceCheck?, on db: any Database) async throws {
        guard hasConsent(check) else {
            check.organisationID = nil
            return
        }
        if check.organisationID != nil { return }
        if let linked = previous?.organisationID {
            check.organisationID = linked
        } else if let name = check.organisationName.map(normalisedName), !name.isEmpty {
            let named = try await Organisation.query(on: db).filter(\.$partnership.$id == check.$partnership.id)
                .filter(\.$matchName == name).limit(2).all()
            check.organisationID = named.count == 1 ? named[0].id : nil
        }
    }
}
