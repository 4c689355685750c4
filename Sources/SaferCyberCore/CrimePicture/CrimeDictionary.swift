import FluentKit
import Foundation
import SQLKit

/// Numbers for a partnership's repeated labels (offences, outcomes, themes, areas), so each record and
/// count row stores small integers. New labels found during an import are saved with it.
final class CrimeDictionary {
    enum Kind: Int, CaseIterable {
        /// "code|description"
        case offence = 1
        case outcome = 2
        /// A theme's UUID.
        case theme = 3
        /// A local authority code.
        case area = 4
        /// A valid LSOA code that is not in the loaded geography yet (records store it as a negative number).
        case unknownLSOA = 5
    }

    let sourceKey: Int
    private(set) var numbers: [Kind: [String: Int]] = [:]
    private(set) var labels: [Kind: [Int: String]] = [:]
    private(set) var added: [(Kind, Int, String)] = []

    init(sourceKey: Int) { self.sourceKey = sourceKey }

    static func load(sourceKey: Int, on db: any Database) async throws -> CrimeDictionary {
        let dictionary = CrimeDictionary(sourceKey: sourceKey)
        let rows = try await db.sql.raw(
            """
            SELECT kind, number, label FROM crime_dictionary WHERE source_key = \(bind: sourceKey)
            """
        ).all()
        for row in rows {
            guard let kind = Kind(rawValue: try row.decode(column: "kind", as: Int.self)) else { continue }
            let number = try row.decode(column: "number", as: Int.self)
            let label = try row.decode(column: "label", as: String.self)
            dictionary.numbers[kind, default: [:]][label] = number
            dictionary.labels[kind, default: [:]][number] = label
        }
        return dictionary
    }

    func number(_ kind: Kind, _ label: String) -> Int {
        if let number = numbers[kind]?[label] { return number }
        let number = (labels[kind]?.keys.max() ?? 0) + 1
        numbers[kind, default: [:]][label] = number
        labels[kind, default: [:]][number] = label
        added.append((kind, number, label))
        return number
    }

    func existingNumber(_ kind: Kind, _ label: String) -> Int? { numbers[kind]?[label] }
    func label(_ kind: Kind, _ number: Int) -> String? { labels[kind]?[number] }
    func all(_ kind: Kind) -> [Int: String] { labels[kind] ?? [:] }

    /// Saves labels added since loading; call inside the import's transaction.
    func saveAdded(on db: any Database) async throws {
        let sql = db.sql
        for chunk in stride(from: 0, to: added.count, by: 200) {
            let rows = added[chunk..<min(chunk + 200, added.count)]
            var query = SQLQueryString("INSERT INTO crime_dictionary (source_key, kind, number, label) VALUES ")
            for (index, (kind, number, label)) in rows.enumerated() {
                if index > 0 { query.appendLiteral(", ") }
                query.appendLiteral("(")
                query.appendInterpolation(binds: [sourceKey, kind.rawValue, number, label])
                query.appendLiteral(")")
            }
            try await sql.raw(query).run()
        }
        added.removeAll()
    }
}

extension CrimeDictionary {
    /// The partnership's small integer key for crime tables, created on first use.
    static func sourceKey(partnershipID: UUID, on db: any Database) async throws -> Int {
        let sql = db.sql
        if let row = try await sql.raw("SELECT key FROM crime_sources WHERE partnership_id = \(bind: partnershipID)")
            .first()
        {
            return try row.decode(column: "key", as: Int.self)
        }
        try await sql.raw("INSERT INTO crime_sources (partnership_id) VALUES (\(bind: partnershipID))").run()
        let row = try await sql.raw("SELECT key FROM crime_sources WHERE partnership_id = \(bind: partnershipID)")
            .first()
        return try row!.decode(column: "key", as: Int.self)
    }

    /// The key if the partnership has any crime data, without creating one (for read-only pages).
    static func existingSourceKey(partnershipID: UUID, on db: any Database) async throws -> Int? {
        let sql = db.sql
        let row = try await sql.raw("SELECT key FROM crime_sources WHERE partnership_id = \(bind: partnershipID)")
            .first()
        return try row?.decode(column: "key", as: Int.self)
    }
}
