import FluentKit
import Foundation
import SQLKit

extension CrimeImporter {
    /// Writes the history entry, its rejections and the audit record, inside the import's transaction.
    static func record(
        pass: CrimeImportPass?, status: CrimeImport.Status, message: String, number: Int,
        partnershipID: UUID, options: CrimeImportOptions, started: Date, fastPath: Bool,
        on tx: any Database
    ) async throws -> CrimeImportSummary {
        let entry = CrimeImport()
        entry.$partnership.id = partnershipID
        entry.number = number
        entry.profile = options.profile.name
        entry.fileName = String(options.fileName.prefix(200))
        entry.actorEmail = options.actor.email
        entry.startedAt = started
        entry.finishedAt = Date()
        entry.status = status.rawValue
        entry.skipBadRows = options.skipBadRows
        entry.rowsRead = pass?.rowsRead ?? 0
        entry.inserted = status == .imported ? pass?.inserted ?? 0 : 0
        entry.updated = status == .imported ? pass?.updated ?? 0 : 0
        entry.unchanged = status == .imported ? pass?.unchanged ?? 0 : 0
        entry.rejected = pass?.rejectedRows ?? 0
        entry.message = String(message.prefix(1000))
        if status == .imported, let pass, let span = CrimeCoverage.span(monthCounts: pass.monthCounts) {
            entry.firstMonth = span.first
            entry.lastMonth = span.last
            entry.completeToMonth = CrimeCoverage.defaultCompleteTo(
                lastMonth: span.last, profileName: options.profile.name, importedAt: started)
        }
        try await entry.create(on: tx)
        let importID = try entry.requireID()
        if let pass { try await saveRejections(pass.rejections, importID: importID, on: tx) }
        try await Audit.record(
            on: tx, partnershipID: partnershipID, by: options.actor, action: .create, entity: "crime-import",
            entityID: importID.uuidString,
            summary:
                "\(status == .imported ? "Imported" : "Refused") \(entry.fileName) (\(options.profile.name)): \(message)",
            after: [
                "rows": "\(entry.rowsRead)", "inserted": "\(entry.inserted)", "updated": "\(entry.updated)",
                "unchanged": "\(entry.unchanged)", "rejected": "\(entry.rejected)", "status": status.rawValue,
            ])
        return CrimeImportSummary(
            importID: importID, status: status, rowsRead: entry.rowsRead, inserted: entry.inserted,
            updated: entry.updated,
            unchanged: entry.unchanged, rejectedRows: entry.rejected, message: message,
            firstProblems: Array((pass?.rejections ?? []).prefix(50)), usedFastPath: fastPath)
    }

    /// A refused import still appears in the history, with every rejected row, but changes no records.
    static func recordRefusal(
        pass: CrimeImportPass?, message: String, partnershipID: UUID, options: CrimeImportOptions,
        started: Date, on db: any Database
    ) async throws -> CrimeImportSummary {
        try await db.write { tx in
            try await tx.lockPartnership(partnershipID)
            let last =
                try await CrimeImport.query(on: tx).filter(\.$partnership.$id == partnershipID).max(\.$number) ?? 0
            return try await record(
                pass: pass, status: .refused, message: message, number: last + 1,
                partnershipID: partnershipID, options: options, started: started, fastPath: false, on: tx)
        }
    }

    static func saveRejections(_ rejections: [CrimeRejection], importID: UUID, on tx: any Database) async throws {
        let sql = tx.sql
        for start in stride(from: 0, to: rejections.count, by: 500) {
            var query = SQLQueryString(
                "INSERT INTO crime_rejections (import_id, line, column_name, value, reason) VALUES ")
            for (index, rejection) in rejections[start..<min(start + 500, rejections.count)].enumerated() {
                if index > 0 { query.appendLiteral(", ") }
                query.appendLiteral("(")
                query.appendInterpolation(binds: [
                    importID, rejection.line, rejection.column, rejection.value, rejection.reason,
                ])
                query.appendLiteral(")")
            }
            try await sql.raw(query).run()
        }
    }

    /// Every rejected row of an import, in line order (for the page and the CSV download).
    public static func rejections(importID: UUID, on db: any Database) async throws -> [CrimeRejection] {
        let rows = try await db.sql.raw(
            """
            SELECT line, column_name, value, reason FROM crime_rejections WHERE import_id = \(bind: importID) ORDER BY line
            """
        ).all()
        return try rows.map {
            CrimeRejection(
                line: try $0.decode(column: "line", as: Int.self),
                column: try $0.decode(column: "column_name", as: String.self),
                value: try $0.decode(column: "value", as: String.self),
                reason: try $0.decode(column: "reason", as: String.self))
        }
    }

    public static func history(partnershipID: UUID, on db: any Database) async throws -> [CrimeImport] {
        try await CrimeImport.query(on: db).filter(\.$partnership.$id == partnershipID).sort(\.$number, .descending)
            .limit(200).all()
    }
}
