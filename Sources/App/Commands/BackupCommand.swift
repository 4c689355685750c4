import Fluent
import SaferCyberCore
import Vapor

/// `safercyber backup FILE`: an online copy of the SQLite database, verified by row counts.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "Where to write the backup (must not exist).") var file: String
    }
    var help: String { "Backs up the SQLite database while the server keeps running. For PostgreSQL use pg_dump." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard case .sqliteFile(let path) = context.application.config.database else {
            throw StartupError(
                "backup works on the SQLite database; for PostgreSQL use pg_dump (see docs/operations.md).")
        }
        let counts = try await SQLiteBackup.backup(database: path, to: signature.file)
        context.console.print(
            "Backed up \(path) to \(signature.file): \(counts.count) tables, \(counts.values.reduce(0, +)) rows, all matching."
        )
    }
}

/// `safercyber restore FILE`: replaces the SQLite database with a checked backup. Stop the server first.
struct RestoreCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "The backup file to restore.") var file: String
        @Option(name: "heads", help: "Exported audit heads (AUDIT_HEADS_EXPORT) the backup's audit log must match")
        var heads: String?
        @Flag(name: "accept-unchained", help: "Accept a backup made before the audit log was hash-chained")
        var acceptUnchained: Bool
    }
    var help: String { "Restores the SQLite database from a backup (stop the server first). The old database is kept." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard case .sqliteFile(let path) = context.application.config.database else {
            throw StartupError(
                "restore works on the SQLite database; for PostgreSQL use pg_restore (see docs/operations.md).")
        }
        let heads = try signature.heads.map(AuditHeads.read) ?? []
        let (counts, kept) = try await SQLiteBackup.restore(
            from: signature.file, into: path, heads: heads, acceptUnchained: signature.acceptUnchained)
        context.console.print(
            "Restored \(path) from \(signature.file): \(counts.count) tables, \(counts.values.reduce(0, +)) rows, all matching."
        )
        if let kept { context.console.print("The previous database was kept as \(kept).") }
    }
}
