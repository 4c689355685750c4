import Fluent
import Foundation
import SQLKit
import SaferCyberCore
import Vapor

/// `safercyber audit verify [--heads FILE]` checks every audit chain (and each head in an export file);
/// `safercyber audit heads [--append FILE]` prints the chains' heads as one JSON line, or appends it to a file.
struct AuditCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "verify or heads") var action: String
        @Option(name: "heads", help: "verify: a file of exported heads (AUDIT_HEADS_EXPORT) to check the log against")
        var heads: String?
        @Option(name: "append", help: "heads: append the line to this file instead of printing it") var append: String?
    }

    var help: String { "Checks the audit log's hash chains, or prints their heads for safe keeping." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await StartupError.exitOnFailure {
            try await app.prepareDatabase()
            switch signature.action {
            case "verify":
                let exported = try signature.heads.map(AuditHeads.read) ?? []
                let sql = app.db.sql
                let report = try await AuditChain.verify(sql, heads: exported)
                let names = try await AuditHeads.chainNames(on: app.db)
                for (chain, count) in report.chains.sorted(by: { $0.key < $1.key }) {
                    context.console.print("\(names[chain] ?? chain): \(count) entries")
                }
                if report.isIntact {
                    let against = exported.isEmpty ? "" : ", and matches all \(report.headsChecked) exported heads"
                    context.console.print(
                        "The audit log is intact: \(report.entries) entries in \(report.chains.count) chains\(against)."
                    )
                } else {
                    for problem in report.problems {
                        context.console.error(AuditHeads.named(problem.detail, names))
                    }
                    throw StartupError(
                        "The audit log has been tampered with: \(report.problems.count) chain(s) broken (above).")
                }
            case "heads":
                let line = AuditChain.Export(exportedAt: Date(), heads: try await AuditChain.heads(on: app.db))
                    .jsonLine()
                if let path = signature.append {
                    try AuditHeads.append(line, toFile: path)
                    context.console.print("Appended the heads of the audit chains to \(path).")
                } else {
                    context.console.print(line)
                }
            default:
                throw StartupError("Say `safercyber audit verify` or `safercyber audit heads`.")
            }
        }
    }
}

/// Writes the audit chains' heads to the server log, and to AUDIT_HEADS_EXPORT (a file the database user cannot
/// rewrite, or an HTTP endpoint), whenever they have moved. Run by the housekeeping job.
actor AuditHeads {
    static let shared = AuditHeads()
    private var lastLine: [AuditChain.Head] = []

    func export(_ app: Application) async throws {
        let heads = try await AuditChain.heads(on: app.db)
        guard heads.map(\.hash) != lastLine.map(\.hash) else { return }
        let line = AuditChain.Export(exportedAt: Date(), heads: heads).jsonLine()
        app.logger.info("audit heads \(line)")
        if let target = app.config.auditHeadsExport {
            if target.lowercased().hasPrefix("http://") || target.lowercased().hasPrefix("https://") {
                var headers = HTTPHeaders()
                headers.contentType = .json
                let response = try await app.client.post(URI(string: target), headers: headers) { request in
                    request.body = ByteBuffer(string: line)
                }
                guard (200..<300).contains(response.status.code) else {
                    throw Abort(.badGateway, reason: "AUDIT_HEADS_EXPORT answered \(response.status.code)")
                }
            } else {
                try Self.append(line, toFile: target)
            }
        }
        lastLine = heads
    }

    /// Appends one line (creating the file, readable by this user only, if it is new).
    nonisolated static func append(_ line: String, toFile path: String) throws {
        let files = FileManager.default
        if !files.fileExists(atPath: path) {
            guard files.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw StartupError("The heads file \(path) could not be created.")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw StartupError("The heads file \(path) could not be opened for appending.")
        }
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((line + "\n").utf8))
    }

    /// Every head in a heads file (AUDIT_HEADS_EXPORT), for `verify --heads` and `restore --heads`.
    nonisolated static func read(file path: String) throws -> [AuditChain.Head] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw StartupError("The heads file \(path) could not be read.")
        }
        do { return try AuditChain.Export.read(text).flatMap(\.heads) } catch {
            throw StartupError("\(path): \(error)")
        }
    }

    /// Chain name → "partnership SLUG" (or "deployment-wide events").
    static func chainNames(on db: any Database) async throws -> [String: String] {
        var names = [AuditChain.deployment: "deployment-wide events"]
        for partnership in try await Partnerships.all(on: db) {
            names[AuditChain.name(partnership.id)] = "partnership \(partnership.slug)"
        }
        return names
    }

    static func named(_ text: String, _ names: [String: String]) -> String {
        names.reduce(text) { $0.replacingOccurrences(of: "hain \($1.key)", with: "hain of \($1.value)") }
    }
}
