import FluentKit
import Foundation
import SQLKit
import SQLiteNIO
import VaporCSQLite

/// Writes crime rows through SQLite's C API with statements prepared once and values bound straight from
/// the CSV buffer: no String per field, no statement parsing per row. This is what lets an import beat
/// `sqlite3 .import` (see Benchmarks/ and docs/performance.md).
///
/// It uses the very connection of the surrounding Fluent transaction, so the rows commit or roll back with
/// the import's history entry and audit record. SQLiteNIO keeps that handle private; we read it by
/// reflection, and fall back to the portable writer if a future SQLiteNIO renames it (a test checks this
/// path is the one in use).
final class SQLiteCrimeWriter: CrimeRecordWriter {
    private let db: OpaquePointer
    private let sourceKey: Int
    private let importNumber: Int
    private var insert: OpaquePointer?
    private var insertMany: OpaquePointer?
    private var insertNew: OpaquePointer?
    private var insertNewMany: OpaquePointer?
    /// Rows per INSERT: one statement step for 32 rows saves most of SQLite's per-statement work.
    static let rowsPerStatement = 32
    /// Columns bound per row; the partnership's key and the import number are literals in the statement.
    static let boundColumns = 17
    private var select: OpaquePointer?

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// The raw handle behind a connection, or nil when it cannot be reached.
    static func handle(of connection: SQLiteConnection) -> OpaquePointer? {
        Mirror(reflecting: connection).descendant("handle", "raw") as? OpaquePointer
    }

    init(handle: OpaquePointer, sourceKey: Int, importNumber: Int) throws {
        self.db = handle
        self.sourceKey = sourceKey
        self.importNumber = importNumber
        // A larger page cache (16 MB, SQLite's default is 2 MB) for the import's B-tree pages, and no automatic
        // checkpoint at commit: copying the whole import from the WAL into the database file would double the
        // time to commit. `finish` restores both and checkpoints in the background.
        sqlite_nio_sqlite3_exec(handle, "PRAGMA cache_size = -16384", nil, nil, nil)
        sqlite_nio_sqlite3_exec(handle, "PRAGMA wal_autocheckpoint = 0", nil, nil, nil)
        insert = try prepare(Self.insertSQL(rows: 1, sourceKey: sourceKey, importNumber: importNumber, upsert: true))
        insertMany = try prepare(
            Self.insertSQL(rows: Self.rowsPerStatement, sourceKey: sourceKey, importNumber: importNumber, upsert: true))
        insertNew = try prepare(
            Self.insertSQL(rows: 1, sourceKey: sourceKey, importNumber: importNumber, upsert: false))
        insertNewMany = try prepare(
            Self.insertSQL(rows: Self.rowsPerStatement, sourceKey: sourceKey, importNumber: importNumber, upsert: false)
        )
        select = try prepare(
            "SELECT \(CrimeSQL.storedColumns) FROM crime_records WHERE source_key = ?1 AND reference = ?2")
    }

    /// Restores the connection's settings once the import's transaction has ended, then checkpoints the WAL
    /// without blocking anyone (PASSIVE). Committed rows are durable in the WAL either way.
    func finish(on db: any Database) {
        sqlite_nio_sqlite3_exec(self.db, "PRAGMA cache_size = -2000; PRAGMA wal_autocheckpoint = 1000", nil, nil, nil)
        let sql = db.sql
        Task.detached { try? await sql.raw("PRAGMA wal_checkpoint(PASSIVE)").run() }
    }

    /// Integer literals only (our own keys), so building the SQL text from them is safe.
    static func insertSQL(rows: Int, sourceKey: Int, importNumber: Int, upsert: Bool) -> String {
        let columns = CrimeSQL.recordColumns
        let row =
            "(\(sourceKey), " + Array(repeating: "?", count: boundColumns).joined(separator: ", ")
            + ", \(importNumber))"
        return "INSERT INTO crime_records (\(columns.joined(separator: ", "))) VALUES "
            + Array(repeating: row, count: rows).joined(separator: ", ")
            + (upsert ? " ON CONFLICT (source_key, reference) DO UPDATE SET \(CrimeSQL.upsertAssignments)" : "")
    }

    deinit {
        sqlite_nio_sqlite3_finalize(insertNewMany)
        sqlite_nio_sqlite3_finalize(insertNew)
        sqlite_nio_sqlite3_finalize(insertMany)
        sqlite_nio_sqlite3_finalize(insert)
        sqlite_nio_sqlite3_finalize(select)
    }

    private func prepare(_ sql: String) throws -> OpaquePointer? {
        var statement: OpaquePointer?
        let status = sqlite_nio_sqlite3_prepare_v2(db, sql, -1, &statement, nil)
        guard status == SQLITE_OK else { throw failure("preparing a statement") }
        return statement
    }

    private func failure(_ doing: String) -> CrimeImportError {
        let message = sqlite_nio_sqlite3_errmsg(db).map { String(cString: $0) } ?? "unknown error"
        return .unreadable("The database refused the import while \(doing): \(message).")
    }

    func existing(_ rows: [PendingCrime], arena: UnsafeBufferPointer<UInt8>, only: [Int]) throws -> [Int: StoredCrime] {
        var found: [Int: StoredCrime] = [:]
        let base = arena.baseAddress
        for index in only {
            let row = rows[index]
            sqlite_nio_sqlite3_bind_int64(select, 1, Int64(sourceKey))
            sqlite_nio_sqlite3_bind_text(
                select, 2, base.map { UnsafeRawPointer($0 + row.referenceStart).assumingMemoryBound(to: CChar.self) },
                Int32(row.referenceLength), Self.transient)
            let status = sqlite_nio_sqlite3_step(select)
            if status == SQLITE_ROW {
                func int(_ column: Int32) -> Int { Int(sqlite_nio_sqlite3_column_int64(select, column)) }
                found[index] = StoredCrime(
                    contentHash: UInt64(bitPattern: sqlite_nio_sqlite3_column_int64(select, 1)), importNumber: int(2),
                    month: int(3), offence: int(4), ageBand: int(5), victimType: int(6), repeatVictim: int(7),
                    lsoa: int(8), outcome: int(9), theme: int(10), cyber: int(11), basis: int(12))
            } else if status != SQLITE_DONE {
                sqlite_nio_sqlite3_reset(select)
                throw failure("looking up existing records")
            }
            sqlite_nio_sqlite3_reset(select)
        }
        return found
    }

    func write(_ rows: [PendingCrime], indices: [Int], arena: UnsafeBufferPointer<UInt8>, insertOnly: Bool) throws
        -> [Int]
    {
        var refused: [Int] = []
        var next = 0
        while next < indices.count {
            let many = indices.count - next >= Self.rowsPerStatement
            let count = many ? Self.rowsPerStatement : 1
            let statement = insertOnly ? (many ? insertNewMany : insertNew) : (many ? insertMany : insert)
            for slot in 0..<count {
                bind(rows[indices[next + slot]], into: statement, at: Int32(slot * Self.boundColumns), arena: arena)
            }
            let status = sqlite_nio_sqlite3_step(statement)
            sqlite_nio_sqlite3_reset(statement)
            if status == SQLITE_CONSTRAINT && insertOnly {
                // SQLite undid the whole statement; add its rows one at a time to find the repeated reference(s).
                for slot in 0..<count {
                    bind(rows[indices[next + slot]], into: insertNew, at: 0, arena: arena)
                    let single = sqlite_nio_sqlite3_step(insertNew)
                    sqlite_nio_sqlite3_reset(insertNew)
                    if single == SQLITE_CONSTRAINT {
                        refused.append(indices[next + slot])
                    } else if single != SQLITE_DONE {
                        throw failure("saving line \(rows[indices[next + slot]].line)")
                    }
                }
            } else if status != SQLITE_DONE {
                throw failure("saving line \(rows[indices[next]].line)")
            }
            next += count
        }
        return refused
    }

    /// Binds one row's 17 values starting after parameter `offset`. Text is bound without copying
    /// (SQLITE_STATIC): the arena outlives the statement's step.
    @inline(__always)
    private func bind(
        _ row: PendingCrime, into statement: OpaquePointer?, at offset: Int32, arena: UnsafeBufferPointer<UInt8>
    ) {
        let record = row.record
        let base = arena.baseAddress
        func text(_ position: Int32, _ start: Int, _ length: Int) {
            if length == 0 || base == nil {
                sqlite_nio_sqlite3_bind_text(statement, offset + position, "", 0, Self.transient)
            } else {
                let pointer = UnsafeRawPointer(base! + start).assumingMemoryBound(to: CChar.self)
                sqlite_nio_sqlite3_bind_text(statement, offset + position, pointer, Int32(length), nil)
            }
        }
        func int(_ position: Int32, _ value: Int) {
            sqlite_nio_sqlite3_bind_int64(statement, offset + position, Int64(value))
        }
        text(1, row.referenceStart, row.referenceLength)
        int(2, record.month)
        int(3, row.day)
        int(4, record.offence)
        int(5, row.onlineFlag)
        int(6, record.ageBand)
        int(7, record.victimType)
        int(8, record.repeatVictim)
        int(9, record.lsoa)
        int(10, record.outcome)
        text(11, row.moStart, row.moLength)
        int(12, record.theme)
        int(13, record.cyber)
        int(14, record.basis)
        int(15, row.themeRule)
        int(16, row.classRule)
        sqlite_nio_sqlite3_bind_int64(statement, offset + 17, Int64(bitPattern: record.contentHash))
    }

    func applyCounts(_ counts: [(UInt64, Int)]) throws {
        let statement = try prepare(
            "INSERT INTO crime_counts (\(CrimeSQL.countColumns)) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \(CrimeSQL.countConflict)"
        )
        defer { sqlite_nio_sqlite3_finalize(statement) }
        // Ascending keys are the primary key's order, so the B-tree is appended to rather than searched.
        for (packed, delta) in counts where delta != 0 {
            let key = CrimeCountKey(packed: packed)
            for (position, value) in [
                sourceKey, key.dimension.rawValue, key.month, key.theme, key.cyber, key.area, key.value, delta,
            ].enumerated() {
                sqlite_nio_sqlite3_bind_int64(statement, Int32(position + 1), Int64(value))
            }
            let status = sqlite_nio_sqlite3_step(statement)
            sqlite_nio_sqlite3_reset(statement)
            guard status == SQLITE_DONE else { throw failure("updating the crime counts") }
        }
        guard
            sqlite_nio_sqlite3_exec(
                db, "DELETE FROM crime_counts WHERE source_key = \(sourceKey) AND n = 0", nil, nil, nil) == SQLITE_OK
        else {
            throw failure("updating the crime counts")
        }
    }
}
