import Foundation
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
        // SQLite's default page cache is 2 MB; a big import rewrites the same B-tree pages many times over.
        // 48 MB keeps the working set in memory while the whole import stays under 200 MB.
        sqlite_nio_sqlite3_exec(handle, "PRAGMA cache_size = -49152", nil, nil, nil)
        let columns = CrimeSQL.recordColumns
        let placeholders = columns.indices.map { "?\($0 + 1)" }.joined(separator: ", ")
        insert = try prepare("""
            INSERT INTO crime_records (\(columns.joined(separator: ", "))) VALUES (\(placeholders))
            ON CONFLICT (source_key, reference) DO UPDATE SET \(CrimeSQL.upsertAssignments)
            """)
        select = try prepare("SELECT \(CrimeSQL.storedColumns) FROM crime_records WHERE source_key = ?1 AND reference = ?2")
    }

    deinit {
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
            sqlite_nio_sqlite3_bind_text(select, 2, base.map { UnsafeRawPointer($0 + row.referenceStart).assumingMemoryBound(to: CChar.self) },
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

    func write(_ rows: [PendingCrime], indices: [Int], arena: UnsafeBufferPointer<UInt8>) throws {
        let statement = insert
        let base = arena.baseAddress
        // The arena outlives each step, so text can be bound without copying (SQLITE_STATIC).
        let keep: sqlite3_destructor_type? = nil
        for index in indices {
            let row = rows[index]
            let record = row.record
            func text(_ position: Int32, _ start: Int, _ length: Int) {
                if length == 0 || base == nil {
                    sqlite_nio_sqlite3_bind_text(statement, position, "", 0, Self.transient)
                } else {
                    let pointer = UnsafeRawPointer(base! + start).assumingMemoryBound(to: CChar.self)
                    sqlite_nio_sqlite3_bind_text(statement, position, pointer, Int32(length), keep)
                }
            }
            func int(_ position: Int32, _ value: Int) { sqlite_nio_sqlite3_bind_int64(statement, position, Int64(value)) }
            int(1, sourceKey)
            text(2, row.referenceStart, row.referenceLength)
            int(3, record.month); int(4, row.day); int(5, record.offence); int(6, row.onlineFlag)
            int(7, record.ageBand); int(8, record.victimType); int(9, record.repeatVictim); int(10, record.lsoa)
            int(11, record.outcome)
            text(12, row.moStart, row.moLength)
            int(13, record.theme); int(14, record.cyber); int(15, record.basis); int(16, row.themeRule)
            int(17, row.classRule)
            sqlite_nio_sqlite3_bind_int64(statement, 18, Int64(bitPattern: record.contentHash))
            int(19, importNumber)
            let status = sqlite_nio_sqlite3_step(statement)
            sqlite_nio_sqlite3_reset(statement)
            guard status == SQLITE_DONE else { throw failure("saving line \(row.line)") }
        }
    }

    func applyCounts(_ counts: [UInt64: Int]) throws {
        let statement = try prepare("INSERT INTO crime_counts (\(CrimeSQL.countColumns)) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \(CrimeSQL.countConflict)")
        defer { sqlite_nio_sqlite3_finalize(statement) }
        for (packed, delta) in counts where delta != 0 {
            let key = CrimeCountKey(packed: packed)
            for (position, value) in [sourceKey, key.dimension.rawValue, key.month, key.theme, key.cyber, key.area, key.value, delta].enumerated() {
                sqlite_nio_sqlite3_bind_int64(statement, Int32(position + 1), Int64(value))
            }
            let status = sqlite_nio_sqlite3_step(statement)
            sqlite_nio_sqlite3_reset(statement)
            guard status == SQLITE_DONE else { throw failure("updating the crime counts") }
        }
        guard sqlite_nio_sqlite3_exec(db, "DELETE FROM crime_counts WHERE source_key = \(sourceKey) AND n = 0", nil, nil, nil) == SQLITE_OK else {
            throw failure("updating the crime counts")
        }
    }
}
