import FluentKit
import Foundation
import NIOCore
import SQLKit

/// The portable writer (PostgreSQL, and SQLite if the fast path is unavailable): multi-row statements with
/// bound parameters, run from the importer's own thread by waiting on each statement.
final class SQLCrimeWriter: CrimeRecordWriter {
    private let sql: any SQLDatabase
    private let sourceKey: Int
    private let importNumber: Int
    /// PostgreSQL allows 65,535 parameters per statement; 19 columns × 1,000 rows stays well inside.
    private let rowsPerStatement = 1000

    init(sql: any SQLDatabase, sourceKey: Int, importNumber: Int) {
        self.sql = sql
        self.sourceKey = sourceKey
        self.importNumber = importNumber
    }

    private func text(_ arena: UnsafeBufferPointer<UInt8>, _ start: Int, _ length: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: arena[start..<start + length]), as: UTF8.self)
    }

    func existing(_ rows: [PendingCrime], arena: UnsafeBufferPointer<UInt8>, only: [Int]) throws -> [Int: StoredCrime] {
        guard !only.isEmpty else { return [:] }
        var byReference: [String: [Int]] = [:]
        for index in only {
            byReference[text(arena, rows[index].referenceStart, rows[index].referenceLength), default: []].append(index)
        }
        var query = SQLQueryString("SELECT \(CrimeSQL.storedColumns) FROM crime_records WHERE source_key = ")
        query.appendInterpolation(bind: sourceKey)
        query.appendLiteral(" AND reference IN (")
        for (position, reference) in byReference.keys.enumerated() {
            if position > 0 { query.appendLiteral(", ") }
            query.appendInterpolation(bind: reference)
        }
        query.appendLiteral(")")
        let found = try sql.raw(query).all().wait()
        var result: [Int: StoredCrime] = [:]
        for row in found {
            let reference = try row.decode(column: "reference", as: String.self)
            func int(_ name: String) throws -> Int { try row.decode(column: name, as: Int.self) }
            let stored = StoredCrime(
                contentHash: UInt64(bitPattern: Int64(try int("content_hash"))), importNumber: try int("import_number"),
                month: try int("month"), offence: try int("offence"), ageBand: try int("age_band"),
                victimType: try int("victim_type"), repeatVictim: try int("repeat_victim"), lsoa: try int("lsoa"),
                outcome: try int("outcome"), theme: try int("theme"), cyber: try int("cyber"), basis: try int("basis"))
            for index in byReference[reference] ?? [] { result[index] = stored }
        }
        return result
    }

    func write(_ rows: [PendingCrime], indices: [Int], arena: UnsafeBufferPointer<UInt8>, insertOnly: Bool) throws
        -> [Int]
    {
        var refused: [Int] = []
        for chunkStart in stride(from: 0, to: indices.count, by: rowsPerStatement) {
            let chunk = indices[chunkStart..<min(chunkStart + rowsPerStatement, indices.count)]
            var query = SQLQueryString(
                "INSERT INTO crime_records (\(CrimeSQL.recordColumns.joined(separator: ", "))) VALUES ")
            for (position, index) in chunk.enumerated() {
                let row = rows[index]
                let r = row.record
                if position > 0 { query.appendLiteral(", ") }
                let values: [any Encodable & Sendable] = [
                    sourceKey, text(arena, row.referenceStart, row.referenceLength), r.month, row.day, r.offence,
                    row.onlineFlag, r.ageBand, r.victimType, r.repeatVictim, r.lsoa, r.outcome,
                    text(arena, row.moStart, row.moLength), r.theme, r.cyber, r.basis, row.themeRule, row.classRule,
                    Int64(bitPattern: r.contentHash), importNumber,
                ]
                query.appendLiteral("(")
                query.appendInterpolation(binds: values)
                query.appendLiteral(")")
            }
            guard insertOnly else {
                query.appendLiteral(" ON CONFLICT (source_key, reference) DO UPDATE SET \(CrimeSQL.upsertAssignments)")
                try sql.raw(query).run().wait()
                continue
            }
            // A unique violation would abort the whole PostgreSQL transaction, so skip repeats and see which
            // rows went in: VALUES are inserted in order, so the first of a repeated reference wins.
            query.appendLiteral(" ON CONFLICT (source_key, reference) DO NOTHING RETURNING reference")
            var inserted: [String: Int] = [:]
            for row in try sql.raw(query).all().wait() {
                inserted[try row.decode(column: "reference", as: String.self), default: 0] += 1
            }
            for index in chunk {
                let reference = text(arena, rows[index].referenceStart, rows[index].referenceLength)
                if let left = inserted[reference], left > 0 {
                    inserted[reference] = left - 1
                } else {
                    refused.append(index)
                }
            }
        }
        return refused
    }

    func applyCounts(_ counts: [(UInt64, Int)]) throws {
        let cells = counts.filter { $0.1 != 0 }.map { (CrimeCountKey(packed: $0.0), $0.1) }
        for chunkStart in stride(from: 0, to: cells.count, by: 2000) {
            var query = SQLQueryString("INSERT INTO crime_counts (\(CrimeSQL.countColumns)) VALUES ")
            for (position, (key, delta)) in cells[chunkStart..<min(chunkStart + 2000, cells.count)].enumerated() {
                if position > 0 { query.appendLiteral(", ") }
                query.appendLiteral("(")
                query.appendInterpolation(binds: [
                    sourceKey, key.dimension.rawValue, key.month, key.theme, key.cyber, key.area, key.value, delta,
                ])
                query.appendLiteral(")")
            }
            query.appendLiteral(" \(CrimeSQL.countConflict)")
            try sql.raw(query).run().wait()
        }
        try sql.raw("DELETE FROM crime_counts WHERE source_key = \(bind: sourceKey) AND n = 0").run().wait()
    }
}
