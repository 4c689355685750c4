import FluentKit
import Foundation

/// Who is doing something, carried into every change so the audit log can say so.
public struct ActingUser: Sendable {
    public var id: UUID?
    public var email: String
    public var requestID: String?

    public init(id: UUID?, email: String, requestID: String? = nil) {
        self.id = id
        self.email = email
        self.requestID = requestID
    }

    /// Changes made from the command line or at start-up.
    public static func system(_ what: String = "system") -> ActingUser { ActingUser(id: nil, email: what) }
}

public enum Audit {
    /// Appends one entry. Call inside the same `write` as the change, so the change and its record
    /// land together or not at all.
    public static func record(
        on db: any Database, partnershipID: UUID?, by actor: ActingUser, action: AuditAction,
        entity: String, entityID: String? = nil, summary: String,
        before: [String: String]? = nil, after: [String: String]? = nil, at: Date = Date()
    ) async throws {
        let entry = AuditEntry()
        // Kept to the millisecond, the precision the hash covers on both databases; never before the entry ahead of
        // it in its chain (`AuditChain.link`).
        entry.at = Date(timeIntervalSince1970: Double(AuditChain.milliseconds(at)) / 1000)
        entry.partnershipID = partnershipID
        entry.actorID = actor.id
        entry.actorEmail = actor.email
        entry.action = action.rawValue
        entry.entity = entity
        entry.entityID = entityID
        entry.summary = String(summary.prefix(500))
        entry.beforeJSON = before.map(json)
        entry.afterJSON = after.map(json)
        entry.requestID = actor.requestID
        if db.inTransaction {
            try await AuditChain.link(entry, on: db)
            try await entry.create(on: db)
        } else {
            try await db.write { db in
                try await AuditChain.link(entry, on: db)
                try await entry.create(on: db)
            }
        }
    }

    /// Records that someone looked at personal data (a register, an email, a referral): one entry per page shown.
    /// What they saw is named by its id and kind, never copied into the log.
    public static func read(
        on db: any Database, partnershipID: UUID, by actor: ActingUser, entity: String, entityID: String? = nil,
        summary: String
    ) async throws {
        try await db.write { tx in
            try await record(
                on: tx, partnershipID: partnershipID, by: actor, action: .view, entity: entity, entityID: entityID,
                summary: summary)
        }
    }

    static func json(_ fields: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(fields)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    }

    /// A filter for browsing the log. Empty fields match everything.
    public struct Filter: Sendable {
        public var actorEmail: String?
        public var action: AuditAction?
        public var entity: String?
        public var from: Date?
        public var to: Date?
        public init(
            actorEmail: String? = nil, action: AuditAction? = nil, entity: String? = nil, from: Date? = nil,
            to: Date? = nil
        ) {
            self.actorEmail = actorEmail
            self.action = action
            self.entity = entity
            self.from = from
            self.to = to
        }
    }

    /// One page of a partnership's log, newest first.
    public static func entries(
        on db: any Database, partnershipID: UUID, filter: Filter, page: Int, perPage: Int = 50
    ) async throws -> (entries: [AuditEntry], total: Int) {
        let query = AuditEntry.query(on: db).filter(\.$partnershipID == partnershipID)
        if let email = filter.actorEmail?.trimmingCharacters(in: .whitespaces).lowercased(), !email.isEmpty {
            query.filter(\.$actorEmail == email)
        }
        if let action = filter.action { query.filter(\.$action == action.rawValue) }
        if let entity = filter.entity, !entity.isEmpty { query.filter(\.$entity == entity) }
        if let from = filter.from { query.filter(\.$at >= from) }
        if let to = filter.to { query.filter(\.$at < to) }
        let total = try await query.count()
        let rows = try await query.sort(\.$at, .descending)
            .range(lower: max(0, page - 1) * perPage, upper: max(1, page) * perPage)
            .all()
        return (rows, total)
    }
}
