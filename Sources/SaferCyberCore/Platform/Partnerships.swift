import FluentKit
import Foundation

public enum Partnerships {
    /// Creates a partnership with the default themes, objectives and audiences.
    public static func create(
        on db: any Database, slug rawSlug: String, name rawName: String, isDemo: Bool = false,
        by actor: ActingUser, now: Date = Date()
    ) async throws -> Partnership {
        let slug = rawSlug.trimmingCharacters(in: .whitespaces).lowercased()
        let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
        var errors = FieldErrors()
        if name.isEmpty { errors.add("name", "Enter the partnership's name") }
        if name.count > 150 { errors.add("name", "The name must be 150 characters or fewer") }
        if let problem = slugProblem(slug) { errors.add("slug", problem) }
        if errors.isEmpty, try await Partnership.query(on: db).filter(\.$slug == slug).first() != nil {
            errors.add("slug", "Another partnership already uses the short name ‘\(slug)’")
        }
        try errors.throwIfAny()
        return try await db.write { db in
            let partnership = Partnership(slug: slug, name: name, isDemo: isDemo, createdAt: now)
            try await partnership.create(on: db)
            let id = try partnership.requireID()
            for (i, theme) in PartnershipDefaults.themes.enumerated() {
                try await Theme(partnershipID: id, name: theme, position: i + 1).create(on: db)
            }
            for (i, objective) in PartnershipDefaults.objectives.enumerated() {
                try await Objective(partnershipID: id, name: objective, position: i + 1).create(on: db)
            }
            for (i, audience) in PartnershipDefaults.audiences.enumerated() {
                try await Audience(partnershipID: id, name: audience, position: i + 1).create(on: db)
            }
            try await Audit.record(
                on: db, partnershipID: id, by: actor, action: .create, entity: "partnership", entityID: id.uuidString,
                summary: "Created partnership \(name) (\(slug))", at: now)
            return partnership
        }
    }

    /// Nil when the slug is usable in addresses, else the reason it is not.
    public static func slugProblem(_ slug: String) -> String? {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-")
        if slug.count < 2 || slug.count > 40 { return "The short name must be between 2 and 40 characters" }
        if !slug.allSatisfy(allowed.contains) || slug.hasPrefix("-") || slug.hasSuffix("-") || slug.contains("--") {
            return "The short name can only contain lower-case letters, numbers and single hyphens, like north-county"
        }
        return nil
    }

    /// Every partnership, by name (the deployment admin's list).
    public static func all(on db: any Database) async throws -> [Partnership] {
        try await Partnership.query(on: db).sort(\.$name).all()
    }

    /// A partnership by id (nil if there is none).
    public static func find(id: UUID, on db: any Database) async throws -> Partnership? {
        try await Partnership.find(id, on: db)
    }

    /// The short name of a partnership, by id (nil if there is none).
    public static func slug(of id: UUID, on db: any Database) async throws -> String? {
        try await Partnership.find(id, on: db)?.slug
    }

    public static func find(on db: any Database, slug: String) async throws -> Partnership? {
        guard slugProblem(slug) == nil else { return nil }
        return try await Partnership.query(on: db).filter(\.$slug == slug).first()
    }

    /// True when the database holds any partnership that is not demo data.
    public static func holdsRealData(on db: any Database) async throws -> Bool {
        try await Partnership.query(on: db).filter(\.$isDemo == false).count() > 0
    }
}

extension Partnerships {
    /// Sets one of the partnership's whole-number settings (threshold, year start, retention): the checked value is
    /// saved and audited with what it was before (`fallback` when never set) — the one shape every such setter has.
    static func setNumber(
        _ field: ReferenceWritableKeyPath<Partnership, Int?> & Sendable, to value: Int, fallback: Int, key: String,
        summary: String, partnershipID: UUID, by actor: ActingUser, on db: any Database
    ) async throws {
        try await db.write { tx in
            guard let partnership = try await Partnership.find(partnershipID, on: tx) else {
                throw NotFound("partnership")
            }
            let before = partnership[keyPath: field] ?? fallback
            partnership[keyPath: field] = value
            try await partnership.save(on: tx)
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .update, entity: "partnership",
                entityID: partnershipID.uuidString, summary: summary, before: [key: "\(before)"],
                after: [key: "\(value)"])
        }
    }
}
