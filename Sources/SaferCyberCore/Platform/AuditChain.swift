import Crypto
import FluentKit
import Foundation
import SQLKit

/// The audit log as hash chains (issue 21): one chain per partnership and one for deployment-wide events. Each entry
/// carries its position in its chain, the hash of the entry before it and its own hash over everything it says, so
/// changing, removing or reordering an entry breaks the chain at that entry. Whoever can write the database can also
/// recompute a whole chain, so the latest heads are written to the server log and exported (`AUDIT_HEADS_EXPORT`):
/// `verify` against an exported head then finds a rewritten or shortened chain too.
public enum AuditChain {
    /// The chain of deployment-wide events (no partnership).
    public static let deployment = "deployment"
    /// The hash before the first entry of every chain.
    public static let genesis = String(repeating: "0", count: 64)

    /// The name the migration that adds the chains is recorded under (a backup without it has no chains yet).
    public static var migrationName: String { UpdateAuditEntryAddChain().name }

    /// The chain an entry of this partnership (or none) belongs to.
    public static func name(_ partnershipID: UUID?) -> String {
        partnershipID.map { $0.uuidString.lowercased() } ?? deployment
    }

    /// What an entry says, as hashed. Everything a reader sees is in it.
    public struct Content: Sendable, Equatable {
        public var id: UUID
        public var chain: String
        public var position: Int
        public var at: Date
        public var partnershipID: UUID?
        public var actorID: UUID?
        public var actorEmail: String
        public var action: String
        public var entity: String
        public var entityID: String?
        public var summary: String
        public var beforeJSON: String?
        public var afterJSON: String?
        public var requestID: String?

        public init(_ entry: AuditEntry) throws {
            self.init(
                id: try entry.requireID(), chain: entry.chain ?? "", position: entry.position ?? 0, at: entry.at,
                partnershipID: entry.partnershipID, actorID: entry.actorID, actorEmail: entry.actorEmail,
                action: entry.action, entity: entry.entity, entityID: entry.entityID, summary: entry.summary,
                beforeJSON: entry.beforeJSON, afterJSON: entry.afterJSON, requestID: entry.requestID)
        }

        public init(
            id: UUID, chain: String, position: Int, at: Date, partnershipID: UUID?, actorID: UUID?,
            actorEmail: String, action: String, entity: String, entityID: String?, summary: String,
            beforeJSON: String?, afterJSON: String?, requestID: String?
        ) {
            self.id = id
            self.chain = chain
            self.position = position
            self.at = at
            self.partnershipID = partnershipID
            self.actorID = actorID
            self.actorEmail = actorEmail
            self.action = action
            self.entity = entity
            self.entityID = entityID
            self.summary = summary
            self.beforeJSON = beforeJSON
            self.afterJSON = afterJSON
            self.requestID = requestID
        }
    }

    /// Milliseconds since 1970: the precision both databases keep exactly.
    public static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    /// SHA-256 (hex) of the previous hash and the entry's fields, each written with its length so that no two
    /// different entries can give the same text.
    public static func hash(_ content: Content, previous: String) -> String {
        var text = "safercyber-audit-v1\n" + previous + "\n"
        let fields: [String?] = [
            content.id.uuidString.lowercased(), content.chain, String(content.position),
            String(milliseconds(content.at)), content.partnershipID?.uuidString.lowercased(),
            content.actorID?.uuidString.lowercased(), content.actorEmail, content.action, content.entity,
            content.entityID, content.summary, content.beforeJSON, content.afterJSON, content.requestID,
        ]
        for field in fields {
            if let field { text += "\(field.utf8.count):\(field)\n" } else { text += "-\n" }
        }
        return SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Puts `entry` at the end of its chain and fills in its position and hashes. Call inside a `write`: on
    /// PostgreSQL the chain is locked until the transaction ends, so two instances cannot both take a position;
    /// on SQLite the write gate runs one write at a time. A unique index on (chain, position) backs both.
    static func link(_ entry: AuditEntry, on db: any Database) async throws {
        let chain = name(entry.partnershipID)
        try await db.lockKeys(["audit-chain:" + chain])
        let last = try await AuditEntry.query(on: db).filter(\.$chain == chain)
            .sort(\.$position, .descending).first()
        entry.chain = chain
        // Times only go forward along a chain (`verify` checks it): an entry whose time was taken before it waited
        // for the lock takes the time of the entry ahead of it.
        if let last, entry.at < last.at, last.at <= Date().addingTimeInterval(maxClockSkew) { entry.at = last.at }
        entry.position = (last?.position ?? 0) + 1
        entry.previousHash = last?.entryHash ?? genesis
        if entry.id == nil { entry.id = UUID() }
        entry.entryHash = hash(try Content(entry), previous: entry.previousHash ?? genesis)
    }

    /// What went wrong at one entry.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public enum Kind: String, Sendable {
            case changed, removed, reordered, unchained, shortened, rewritten, misplaced, backdated, unguarded
        }
        public var kind: Kind
        public var chain: String
        /// The entry the problem shows at (nil when the entry itself is gone).
        public var entryID: UUID?
        public var position: Int
        public var detail: String
        public var description: String { detail }
    }

    /// The result of checking every chain.
    public struct Report: Sendable {
        public var entries = 0
        public var chains: [String: Int] = [:]
        /// The first problem of each chain, in chain order, then entries outside any chain.
        public var problems: [Problem] = []
        public var headsChecked = 0
        public var isIntact: Bool { problems.isEmpty }
    }

    /// Checks every chain from its first entry, and each exported head given. Reads in pages, so a long log does not
    /// have to fit in memory.
    public static func verify(_ sql: any SQLDatabase, heads exported: [Head] = []) async throws -> Report {
        var report = Report()
        let chainNames = try await sql.raw(
            "SELECT DISTINCT chain FROM audit_entries WHERE chain IS NOT NULL ORDER BY chain"
        ).all().map { try $0.decode(column: "chain", as: String.self) }
        // Every chain is the deployment's or an existing partnership's: a made-up chain is a forgery.
        let partnerships = Set(
            try await sql.raw("SELECT id FROM partnerships").all()
                .map { name(try $0.decode(column: "id", as: UUID.self)) })
        // Two entries at one position (possible only with the unique index dropped): the later id is the intruder.
        let repeated = try await sql.raw(
            """
            SELECT chain, chain_position FROM audit_entries WHERE chain IS NOT NULL AND chain_position IS NOT NULL
            GROUP BY chain, chain_position HAVING COUNT(*) > 1
            """
        ).all().map {
            (try $0.decode(column: "chain", as: String.self), try $0.decode(column: "chain_position", as: Int.self))
        }
        let repeatedAt = Dictionary(grouping: repeated, by: \.0).mapValues { Set($0.map(\.1)) }
        // SQLite keeps ids as text: one written in any other form than Fluent's would hide the entry from the pages
        // that look it up, while its hash (over the id's value) still matched.
        let textIDs = sql.dialect.name == "sqlite"
        let checkedAt = Date()
        // The database's own guards: the append-only triggers and the unique index, exactly as the migrations made
        // them. A trigger added to a copy could drop entries silently; a removed one lets rows be changed.
        if let unguarded = try await guards(sql) { report.problems.append(unguarded) }
        for chain in chainNames {
            var expected = 1
            var previous = genesis
            var previousAt: Date?
            var count = 0
            var problem: Problem?
            if chain != deployment && !partnerships.contains(chain) {
                problem = Problem(
                    kind: .misplaced, chain: chain, entryID: nil, position: 0,
                    detail:
                        "Chain “\(chain)” belongs to no partnership: its entries were added to the table directly, not by SaferCyber."
                )
            }
            if problem == nil, let positions = repeatedAt[chain], let first = positions.min() {
                // Of the entries sharing the position, the one whose hash or link does not fit is the intruder.
                let rows = try await sql.raw(
                    "SELECT * FROM audit_entries WHERE chain = \(bind: chain) AND chain_position = \(bind: first) ORDER BY id"
                ).all().map(decode)
                let before = Set(
                    try await sql.raw(
                        "SELECT entry_hash FROM audit_entries WHERE chain = \(bind: chain) AND chain_position = \(bind: first - 1)"
                    ).all().compactMap { try $0.decode(column: "entry_hash", as: String?.self) })
                let startHashes = first == 1 ? Set([genesis]) : before
                // …and the one the next entry does not follow.
                let followed = Set(
                    try await sql.raw(
                        "SELECT previous_hash FROM audit_entries WHERE chain = \(bind: chain) AND chain_position = \(bind: first + 1)"
                    ).all().compactMap { try $0.decode(column: "previous_hash", as: String?.self) })
                let odd =
                    rows.first { content, storedPrevious, storedHash in
                        hash(content, previous: storedPrevious ?? "") != storedHash
                            || !startHashes.contains(storedPrevious ?? "")
                            || (!followed.isEmpty && !followed.contains(storedHash ?? ""))
                    } ?? rows.last
                let id = odd?.0.id
                problem = Problem(
                    kind: .reordered, chain: chain, entryID: id, position: first,
                    detail: "Entry \(id?.uuidString ?? "?") repeats position \(first) of chain \(chain).")
            }
            if problem == nil,
                let row = try await sql.raw(
                    """
                    SELECT id, chain_position FROM audit_entries WHERE chain = \(bind: chain) AND chain_position < 1
                    ORDER BY chain_position LIMIT 1
                    """
                ).first()
            {
                let id = try row.decode(column: "id", as: UUID.self)
                let position = try row.decode(column: "chain_position", as: Int.self)
                problem = Problem(
                    kind: .reordered, chain: chain, entryID: id, position: position,
                    detail:
                        "Entry \(id) has position \(position), before the start of chain \(chain): it was added to the table directly."
                )
            }
            var after = 0
            pages: while true {
                let rows = try await sql.raw(
                    """
                    SELECT * FROM audit_entries WHERE chain = \(bind: chain) AND chain_position > \(bind: after)
                    ORDER BY chain_position, id LIMIT 2000
                    """
                ).all()
                if rows.isEmpty { break }
                for row in rows {
                    let (content, storedPrevious, storedHash) = try decode(row)
                    count += 1
                    after = content.position
                    guard problem == nil else { continue }
                    if content.chain != name(content.partnershipID) {
                        problem = Problem(
                            kind: .misplaced, chain: chain, entryID: content.id, position: content.position,
                            detail:
                                "Entry \(content.id) (chain \(chain), position \(content.position)) is in the chain of another partnership than its own: it was moved or added by hand."
                        )
                    } else if textIDs && !canonicalIDs(row) {
                        problem = Problem(
                            kind: .changed, chain: chain, entryID: content.id, position: content.position,
                            detail:
                                "Entry \(content.id) (chain \(chain), position \(content.position)) was changed: an id in it was rewritten in another form."
                        )
                    } else if content.position < expected {
                        problem = Problem(
                            kind: .reordered, chain: chain, entryID: content.id, position: content.position,
                            detail: "Entry \(content.id) repeats position \(content.position) of chain \(chain).")
                    } else if content.position > expected {
                        let missing =
                            expected == content.position - 1
                            ? "position \(expected) is" : "positions \(expected)–\(content.position - 1) are"
                        problem = Problem(
                            kind: .removed, chain: chain, entryID: content.id, position: content.position,
                            detail:
                                "Chain \(chain): \(missing) missing before entry \(content.id) (position \(content.position)): entries were removed."
                        )
                    } else if hash(content, previous: storedPrevious ?? "") != storedHash {
                        problem = Problem(
                            kind: .changed, chain: chain, entryID: content.id, position: content.position,
                            detail:
                                "Entry \(content.id) (chain \(chain), position \(content.position)) was changed: what it says no longer matches its hash."
                        )
                    } else if storedPrevious != previous {
                        problem = Problem(
                            kind: .reordered, chain: chain, entryID: content.id, position: content.position,
                            detail:
                                "Entry \(content.id) (chain \(chain), position \(content.position)) does not follow the entry before it: entries were removed, replaced or reordered."
                        )
                    } else if content.at > checkedAt.addingTimeInterval(maxClockSkew) {
                        problem = Problem(
                            kind: .backdated, chain: chain, entryID: content.id, position: content.position,
                            detail:
                                "Entry \(content.id) (chain \(chain), position \(content.position)) is dated in the future (\(iso(content.at))): its time was forged or a server's clock is wrong."
                        )
                    } else if let previousAt, content.at < previousAt.addingTimeInterval(-maxClockSkew) {
                        problem = Problem(
                            kind: .backdated, chain: chain, entryID: content.id, position: content.position,
                            detail:
                                "Entry \(content.id) (chain \(chain), position \(content.position)) is dated before the entry ahead of it: it was backdated or inserted out of order."
                        )
                    }
                    expected = content.position + 1
                    previous = storedHash ?? ""
                    previousAt = content.at
                }
                if rows.count < 2000 { break pages }
            }
            report.entries += count
            report.chains[chain] = count
            if let problem { report.problems.append(problem) }
        }
        // Entries outside any chain: written to the table directly, not by SaferCyber.
        let loose = try await sql.raw(
            "SELECT id FROM audit_entries WHERE chain IS NULL OR chain_position IS NULL OR entry_hash IS NULL ORDER BY at, id"
        ).all()
        report.entries += loose.count
        if let first = loose.first {
            let id = try first.decode(column: "id", as: UUID.self)
            report.problems.append(
                Problem(
                    kind: .unchained, chain: "", entryID: id, position: 0,
                    detail:
                        "\(loose.count) entr\(loose.count == 1 ? "y is" : "ies are") in no chain (first: \(id)): added to the table directly, not by SaferCyber."
                ))
        }
        for head in exported {
            report.headsChecked += 1
            let rows = try await sql.raw(
                "SELECT * FROM audit_entries WHERE chain = \(bind: head.chain) AND chain_position = \(bind: head.position)"
            ).all()
            if let row = rows.first {
                let (content, _, storedHash) = try decode(row)
                if storedHash != head.hash {
                    report.problems.append(
                        Problem(
                            kind: .rewritten, chain: head.chain, entryID: content.id, position: head.position,
                            detail:
                                "Chain \(head.chain) was rewritten: entry \(content.id) at position \(head.position) differs from the head exported at \(iso(head.at))."
                        ))
                }
            } else {
                let length = report.chains[head.chain] ?? 0
                report.problems.append(
                    Problem(
                        kind: .shortened, chain: head.chain, entryID: nil, position: head.position,
                        detail:
                            "Chain \(head.chain) has no entry at position \(head.position), which was its head at \(iso(head.at)) (it now holds \(length)): entries were removed from its end."
                    ))
            }
        }
        return report
    }

    static func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

}

public struct AuditChainError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
