import Fluent
import FluentSQLiteDriver
import Foundation
import SQLKit
import SQLiteNIO
import SaferCyberCore
import Vapor

/// Online backup and restore of the SQLite database, each verified by comparing row counts table by table.
/// Uses its own connections (not the server's pool) so it works while the server is running.
enum SQLiteBackup {
    typealias Counts = [String: Int]

    static func open(_ path: String) async throws -> SQLiteConnection {
        try await SQLiteConnection.open(storage: .file(path: path))
    }

    static func rowCounts(_ path: String) async throws -> Counts {
        let connection = try await open(path)
        do {
            let counts = try await rowCounts(connection)
            try await connection.close()
            return counts
        } catch {
            try? await connection.close()
            throw error
        }
    }

    static func rowCounts(_ connection: SQLiteConnection) async throws -> Counts {
        let tables = try await connection.query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name", []
        ).compactMap { $0.column("name")?.string }
        var counts: Counts = [:]
        for table in tables {
            // Table names come from sqlite_master, not from input; quoted to be safe with any name.
            let quoted = "\"" + table.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            counts[table] =
                try await connection.query("SELECT count(*) AS n FROM \(quoted)", []).first?.column("n")?.integer ?? 0
        }
        return counts
    }

    static func integrityCheck(_ path: String) async throws -> String {
        let connection = try await open(path)
        defer { Task { try? await connection.close() } }
        return try await connection.query("PRAGMA integrity_check", []).first?.column("integrity_check")?.string
            ?? "no answer"
    }

    /// Copies the live database to `target` with `VACUUM INTO` (a consistent snapshot, safe while serving).
    static func backup(database: String, to target: String) async throws -> Counts {
        guard FileManager.default.fileExists(atPath: database) else {
            throw StartupError("There is no database at \(database) to back up.")
        }
        guard !FileManager.default.fileExists(atPath: target) else {
            throw StartupError("\(target) already exists. Choose a new file name; backups never overwrite.")
        }
        // Rows written while the copy is made make the counts differ: the copy is removed and made again (3 tries).
        var attempt = 0
        while true {
            attempt += 1
            let connection = try await open(database)
            do {
                try await connection.query("VACUUM INTO ?", [.text(target)])
                try await connection.close()
            } catch {
                try? await connection.close()
                try? FileManager.default.removeItem(atPath: target)
                throw StartupError("The backup could not be written to \(target): \(error)")
            }
            let live = try await rowCounts(database)
            let copied = try await rowCounts(target)
            do {
                try verify(copied, matches: live, what: "backup")
                return copied
            } catch {
                try? FileManager.default.removeItem(atPath: target)
                if attempt >= 3 { throw error }
                try await Task.sleep(for: .milliseconds(200))
            }
        }
    }

    /// Replaces the live database with `source` after checking it. The old database is kept beside it.
    static func restore(
        from source: String, into database: String, heads: [AuditChain.Head] = [], acceptUnchained: Bool = false
    ) async throws -> (Counts, String?) {
        guard FileManager.default.fileExists(atPath: source) else {
            throw StartupError("There is no backup file at \(source).")
        }
        let integrity = try await integrityCheck(source)
        guard integrity == "ok" else {
            throw StartupError("\(source) is damaged (integrity check: \(integrity)); nothing was changed.")
        }
        let expected = try await rowCounts(source)
        guard expected["_fluent_migrations"] != nil else {
            throw StartupError("\(source) is not a SaferCyber database; nothing was changed.")
        }
        try await verifyAuditChains(source, heads: heads, acceptUnchained: acceptUnchained)
        let files = FileManager.default
        var keptAs: String? = nil
        if files.fileExists(atPath: database) {
            let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
            let kept = "\(database).before-restore-\(stamp)"
            _ = try await backup(database: database, to: kept)
            for suffix in ["", "-wal", "-shm"] where files.fileExists(atPath: database + suffix) {
                try files.removeItem(atPath: database + suffix)
            }
            keptAs = kept
        }
        try files.copyItem(atPath: source, toPath: database)
        try verify(try await rowCounts(database), matches: expected, what: "restored database")
        return (expected, keptAs)
    }

    /// Refuses a backup whose audit log does not verify (an edited, removed or reordered entry), or does not match
    /// the exported heads given. A backup made before the audit chains existed has none to check: it is refused
    /// unless `acceptUnchained` (someone could have removed the chains from a copy and edited it), and its entries
    /// are linked when the server next starts.
    static func verifyAuditChains(_ path: String, heads: [AuditChain.Head] = [], acceptUnchained: Bool = false)
        async throws
    {
        let connection = try await open(path)
        do {
            let sql = connection.sql()
            let migrations = try await sql.raw("SELECT name FROM _fluent_migrations").all()
                .compactMap { try? $0.decode(column: "name", as: String.self) }
            let columns = try await sql.raw("SELECT name FROM pragma_table_info('audit_entries')").all()
                .compactMap { try? $0.decode(column: "name", as: String.self) }
            if migrations.contains(AuditChain.migrationName) || columns.contains("chain") {
                let report = try await AuditChain.verify(sql, heads: heads)
                // A backup is older than heads exported after it was made: entries beyond its end are expected.
                let problems = report.problems.filter { $0.kind != .shortened }
                if !problems.isEmpty {
                    try? await connection.close()
                    throw StartupError(
                        "\(path) was refused: its audit log does not verify (\(problems.map(\.detail).joined(separator: " "))). Nothing was changed."
                    )
                }
            } else if !acceptUnchained {
                try? await connection.close()
                throw StartupError(
                    "\(path) was refused: it has no audit chains to check (made before they existed, or with them removed). If you know it is an old backup, restore it with --accept-unchained. Nothing was changed."
                )
            }
            try await connection.close()
        } catch let error as StartupError {
            throw error
        } catch {
            try? await connection.close()
            throw StartupError(
                "\(path) was refused: its audit log could not be checked (\(error)). Nothing was changed.")
        }
    }

    static func verify(_ copy: Counts, matches original: Counts, what: String) throws {
        let differing = Set(copy.keys).union(original.keys).filter { copy[$0] != original[$0] }.sorted()
        guard differing.isEmpty else {
            throw StartupError(
                "The \(what) does not match row for row (tables: \(differing.joined(separator: ", "))). "
                    + "If the server was busy, try again.")
        }
    }
}
