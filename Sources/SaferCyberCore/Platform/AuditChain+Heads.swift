import FluentKit
import Foundation
import SQLKit

/// Each chain's head, exported so that a copy kept elsewhere can show the chain was not cut short.
extension AuditChain {
    /// The last entry of a chain, as exported and checked later.
    public struct Head: Codable, Sendable, Equatable {
        public var chain: String
        public var position: Int
        public var hash: String
        public var at: Date

        public init(chain: String, position: Int, hash: String, at: Date) {
            self.chain = chain
            self.position = position
            self.hash = hash
            self.at = at
        }
    }

    /// The last entry of every chain.
    public static func heads(on db: any Database) async throws -> [Head] {
        let sql = db.sql
        let rows = try await sql.raw(
            """
            SELECT e.chain, e.chain_position, e.entry_hash, e.at FROM audit_entries e
            JOIN (SELECT chain, MAX(chain_position) AS last FROM audit_entries WHERE chain IS NOT NULL GROUP BY chain) h
            ON e.chain = h.chain AND e.chain_position = h.last
            ORDER BY e.chain
            """
        ).all()
        return try rows.map {
            Head(
                chain: try $0.decode(column: "chain", as: String.self),
                position: try $0.decode(column: "chain_position", as: Int.self),
                hash: try $0.decode(column: "entry_hash", as: String?.self) ?? "",
                at: try $0.decode(column: "at", as: Date.self))
        }
    }

    /// One line of an export: when, and every chain's head. Written as JSON, one line per export.
    public struct Export: Codable, Sendable {
        public var exportedAt: Date
        public var heads: [Head]
        public init(exportedAt: Date, heads: [Head]) {
            self.exportedAt = exportedAt
            self.heads = heads
        }

        public func jsonLine() -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            encoder.dateEncodingStrategy = .millisecondsSince1970
            return (try? encoder.encode(self)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
        }

        /// Reads an export file: one export per line (blank lines ignored). Fails with the line number.
        public static func read(_ text: String) throws -> [Export] {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .millisecondsSince1970
            var exports: [Export] = []
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty { continue }
                do {
                    exports.append(try decoder.decode(Export.self, from: Data(trimmed.utf8)))
                } catch {
                    throw AuditChainError("Line \(index + 1) of the heads file is not an export of audit heads.")
                }
            }
            return exports
        }
    }
}
