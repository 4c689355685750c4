import Fluent
import SQLKit
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

final class OperationsTests: XCTestCase {
    func testHealthAndMetrics() async throws {
        try await withApp { app in
            let health = try await app.testable().sendRequest(.GET, "/health")
            XCTAssertEqual(health.status, .ok)
            let body = try JSONDecoder().decode([String: String].self, from: Data(health.body.readableBytesView))
            XCTAssertEqual(body, ["database": "ok", "status": "ok"])
            _ = try await app.testable().sendRequest(.GET, "/app/sign-in")
            let metrics = try await app.testable().sendRequest(.GET, "/metrics")
            XCTAssertEqual(metrics.status, .ok)
            XCTAssertTrue(metrics.body.string.contains("http_requests_total"), metrics.body.string)
        }
    }

    func testBadConfigurationGivesOnePlainLine() throws {
        XCTAssertThrowsError(try AppConfig.fromEnvironment(["DATABASE_URL": "mysql://db/x"])) { error in
            XCTAssertTrue(String(describing: error).hasPrefix("DATABASE_URL must look like postgres://"))
        }
        XCTAssertThrowsError(try AppConfig.fromEnvironment(["BCRYPT_COST": "99"]))
        let config = try AppConfig.fromEnvironment([:])
        guard case .sqliteFile(let path) = config.database else { return XCTFail("SQLite is the default") }
        XCTAssertEqual(path, "./data/safercyber.sqlite")
        XCTAssertFalse(config.secureCookies)
        XCTAssertTrue(try AppConfig.fromEnvironment(["PUBLIC_URL": "https://x.example"]).secureCookies)
    }

    /// Issue 20: two-step secrets are sealed with ACCOUNT_KEYS; PostgreSQL (several instances) must be given it,
    /// SQLite keeps a key file in the data folder, readable only by the server's user, and uses it again.
    func testTwoStepSecretsAreSealedWithAKeyKeptOutsideTheDatabase() async throws {
        XCTAssertThrowsError(try AppConfig.fromEnvironment(["DATABASE_URL": "postgres://u@db.example/x"])) {
            XCTAssertTrue("\($0)".contains("ACCOUNT_KEYS must be set with PostgreSQL"), "\($0)")
        }
        XCTAssertNoThrow(
            try AppConfig.fromEnvironment([
                "DATABASE_URL": "postgres://u@db.example/x", "ACCOUNT_KEYS": FieldCipher.newKey(id: "a"),
            ]))
        XCTAssertThrowsError(try AppConfig.fromEnvironment(["ACCOUNT_KEYS": "a:short"])) {
            XCTAssertTrue("\($0)".hasPrefix("ACCOUNT_KEYS:"), "\($0)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sc-keys-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // No ACCOUNT_KEYS: the server makes and keeps its own key file.
        func start() async throws -> FieldCipher {
            var keys: FieldCipher?
            try await withFileApp(folder: folder, accountKeys: nil) { app in keys = app.accountKeys }
            return try XCTUnwrap(keys)
        }
        let keys = try await start()
        let attributes = try FileManager.default.attributesOfItem(atPath: folder + "/account-keys")
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        let database = try Data(contentsOf: URL(fileURLWithPath: folder + "/safercyber.sqlite"))
        let keyText = try String(contentsOfFile: folder + "/account-keys", encoding: .utf8)
        let secretPart = String(keyText.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ":")[1])
        XCTAssertNil(database.range(of: Data(secretPart.utf8)), "the key is not in the database")
        let again = try await start()
        XCTAssertEqual(again.currentID, keys.currentID)
        let binding = FieldCipher.Binding("two_factor_secrets", UUID(), "secret")
        XCTAssertEqual(
            try again.open(try keys.seal("JBSWY3DPEHPK3PXP", for: binding), for: binding), "JBSWY3DPEHPK3PXP")
    }

    /// Issue 20, case 8: without an https PUBLIC_URL, links and Origin checks trust the Host header, so only a
    /// loopback listener may start without one.
    func testServingBeyondLoopbackNeedsAnHTTPSPublicURL() {
        XCTAssertNil(ServeWithDemoCommand.exposureProblem(host: "127.0.0.1", publicURL: nil))
        XCTAssertNil(ServeWithDemoCommand.exposureProblem(host: "localhost", publicURL: nil))
        XCTAssertNil(ServeWithDemoCommand.exposureProblem(host: "::1", publicURL: nil))
        XCTAssertNil(ServeWithDemoCommand.exposureProblem(host: "0.0.0.0", publicURL: "https://safer.example.gov.uk"))
        for (host, url) in [("0.0.0.0", nil), ("192.0.2.4", "http://safer.example"), ("::", nil)] as [(String, String?)]
        {
            let problem = ServeWithDemoCommand.exposureProblem(host: host, publicURL: url)
            XCTAssertEqual(problem?.contains("set PUBLIC_URL to the https:// address"), true, host)
        }
    }

    func testUnwritableDataFolderIsReportedClearly() async throws {
        let app = try await Application.make(.testing)
        defer { Task { try? await app.asyncShutdown() } }
        let blocker = FileManager.default.temporaryDirectory.appendingPathComponent("sc-\(UUID().uuidString)")
        try Data("a file, not a folder".utf8).write(to: blocker)
        do {
            try await configure(
                app,
                config: AppConfig(
                    database: .sqliteFile(path: blocker.path + "/data/x.sqlite"),
                    dataDirectory: blocker.path + "/data"))
            XCTFail("expected a startup error")
        } catch let error as StartupError {
            XCTAssertTrue(error.description.contains("could not be created"), error.description)
        }
    }

    func testBackupAndRestoreKeepEveryRow() async throws {
        // setup: a SQLite file with the demo data
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sc-backup-\(UUID().uuidString)")
            .path
        let database = folder + "/safercyber.sqlite"
        let backup = folder + "/backup.sqlite"
        let app = try await Application.make(.testing)
        try await configure(
            app, config: AppConfig(database: .sqliteFile(path: database), dataDirectory: folder, bcryptCost: 4))
        try await app.prepareDatabase()
        try await DemoPartnership.load(on: app.db, hasher: app.passwordHasher)
        let users = try await User.query(on: app.db).count()

        // act: back up while the app is open, then change the live database
        let counts = try await SQLiteBackup.backup(database: database, to: backup)
        try await Partnerships.create(
            on: app.db, slug: "later", name: "Added after the backup", isDemo: true, by: .system("test"))
        try await app.asyncShutdown()
        let (restored, kept) = try await SQLiteBackup.restore(from: backup, into: database)

        // check
        XCTAssertEqual(counts["users"], users)
        XCTAssertEqual(restored, counts)
        let value1 = try await SQLiteBackup.rowCounts(database)["partnerships"]
        XCTAssertEqual(value1, 1)
        let keptPath = try XCTUnwrap(kept)
        let value2 = try await SQLiteBackup.rowCounts(keptPath)["partnerships"]
        XCTAssertEqual(value2, 2, "the replaced database is kept")
        do {
            _ = try await SQLiteBackup.backup(database: database, to: backup)
            XCTFail("a backup never overwrites a file")
        } catch is StartupError {}
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// A backup whose audit log was edited (its triggers dropped, an entry rewritten) is refused by `restore`, which
    /// names the entry and leaves the live database as it was (issue 21).
    func testRestoreRefusesABackupWithAnEditedAuditLog() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sc-restore-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let database = folder + "/safercyber.sqlite"
        let backup = folder + "/backup.sqlite"
        let app = try await Application.make(.testing)
        try await configure(
            app, config: AppConfig(database: .sqliteFile(path: database), dataDirectory: folder, bcryptCost: 4))
        try await app.prepareDatabase()
        try await DemoPartnership.load(on: app.db, hasher: app.passwordHasher)
        _ = try await SQLiteBackup.backup(database: database, to: backup)
        let live = try await SQLiteBackup.rowCounts(database)
        try await app.asyncShutdown()

        // As someone holding the backup file could: drop the triggers and rewrite one entry.
        let connection = try await SQLiteBackup.open(backup)
        let target = try await connection.query(
            "SELECT id FROM audit_entries WHERE chain_position = 2 ORDER BY chain LIMIT 1", []
        ).first?.column("id")
        let targetID = try XCTUnwrap(target)
        _ = try await connection.query("DROP TRIGGER audit_entries_no_update", [])
        _ = try await connection.query(
            "UPDATE audit_entries SET actor_email = 'someone-else@x.test' WHERE id = ?", [targetID])
        try await connection.close()

        do {
            _ = try await SQLiteBackup.restore(from: backup, into: database)
            XCTFail("a backup with an edited audit log is refused")
        } catch let error as StartupError {
            XCTAssertTrue(error.description.contains("was changed"), error.description)
            XCTAssertTrue(error.description.contains("Nothing was changed"), error.description)
        }
        // Hiding the chains (removing the migration that made them, so that nothing would be checked) does not help:
        // the chain columns are still there, so the log is checked, even when the operator says it is an old backup.
        let hidden = try await SQLiteBackup.open(backup)
        _ = try await hidden.query(
            "DELETE FROM _fluent_migrations WHERE name = ?", [.text(AuditChain.migrationName)])
        try await hidden.close()
        do {
            _ = try await SQLiteBackup.restore(from: backup, into: database, acceptUnchained: true)
            XCTFail("a backup with its chains hidden is refused")
        } catch let error as StartupError {
            XCTAssertTrue(error.description.contains("was changed"), error.description)
        }
        // A backup with no chains at all (made before them) needs the operator's word.
        let old = try await SQLiteBackup.open(backup)
        _ = try await old.query("DROP INDEX audit_entries_chain_position", [])
        for column in ["chain", "chain_position", "previous_hash", "entry_hash"] {
            _ = try await old.query("ALTER TABLE audit_entries DROP COLUMN \(column)", [])
        }
        try await old.close()
        do {
            _ = try await SQLiteBackup.restore(from: backup, into: database)
            XCTFail("a backup without chains is refused without --accept-unchained")
        } catch let error as StartupError {
            XCTAssertTrue(error.description.contains("--accept-unchained"), error.description)
        }
        let after = try await SQLiteBackup.rowCounts(database)
        XCTAssertEqual(after, live, "the live database is untouched")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
        XCTAssertFalse(files.contains { $0.contains("before-restore") }, "nothing was moved aside")
    }

    /// The audit chains' heads go to AUDIT_HEADS_EXPORT whenever they move — a file (one line per export) or an HTTP
    /// endpoint (the same JSON line, POSTed) — and `verify` checks the log against every head exported (issue 21).
    func testAuditHeadsAreExportedToAFileAndAnHTTPEndpoint() async throws {
        final class Received: @unchecked Sendable {
            private let lock = NSLock()
            private var bodies: [String] = []
            func add(_ body: String) { lock.withLock { bodies.append(body) } }
            var all: [String] { lock.withLock { bodies } }
        }
        let received = Received()
        let receiver = try await Application.make(.testing)
        receiver.post("heads") { req -> HTTPStatus in
            received.add(req.body.string ?? "")
            return .noContent
        }
        try await receiver.server.start(address: .hostname("127.0.0.1", port: 0))
        let port = try XCTUnwrap(receiver.http.server.shared.localAddress?.port)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("heads-\(UUID().uuidString).jsonl")
            .path
        defer { try? FileManager.default.removeItem(atPath: file) }
        do {
            try await withApp { app in
                let exporter = AuditHeads()
                let alpha = try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
                app.config.auditHeadsExport = file
                try await exporter.export(app)
                try await exporter.export(app)  // nothing moved: nothing written
                var lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
                XCTAssertEqual(lines.count, 1)
                try await PartnershipSettings.renamePartnership(
                    on: app.db, partnershipID: alpha.requireID(), name: "Alpha renamed", by: .system("test"))
                try await exporter.export(app)
                lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
                XCTAssertEqual(lines.count, 2)
                let heads = try AuditChain.Export.read(try String(contentsOfFile: file, encoding: .utf8))
                    .flatMap(\.heads)
                let report = try await AuditChain.verify(try XCTUnwrap(app.db as? any SQLDatabase), heads: heads)
                XCTAssertTrue(report.isIntact, "\(report.problems)")
                XCTAssertEqual(report.headsChecked, heads.count)

                app.config.auditHeadsExport = "http://127.0.0.1:\(port)/heads"
                try await PartnershipSettings.renamePartnership(
                    on: app.db, partnershipID: alpha.requireID(), name: "Alpha again", by: .system("test"))
                try await exporter.export(app)
                XCTAssertEqual(received.all.count, 1)
                let posted = try AuditChain.Export.read(received.all.first ?? "")
                XCTAssertEqual(
                    posted.first?.heads.first { $0.chain == AuditChain.name(alpha.id) }?.position,
                    report.chains[AuditChain.name(alpha.id)].map { $0 + 1 })
            }
        } catch {
            await receiver.server.shutdown()
            try await receiver.asyncShutdown()
            throw error
        }
        await receiver.server.shutdown()
        try await receiver.asyncShutdown()
    }
}
