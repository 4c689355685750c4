import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import SQLKit
import SaferCyberCore
import Vapor

extension DatabaseID {
    /// The owner role's connection (DATABASE_OWNER_URL), used for migrations only.
    static let owner = DatabaseID(string: "owner")
}

extension Application {
    /// Connects Fluent to the configured database. Fails with one clear line if it cannot.
    func useDatabase(_ choice: AppConfig.DatabaseChoice, dataDirectory: String) throws {
        switch choice {
        case .sqliteMemory:
            databases.use(.sqlite(.memory), as: .sqlite)
        case .sqliteFile(let path):
            try prepareDataDirectory(dataDirectory)
            databases.use(.sqlite(.file(path)), as: .sqlite)
        case .postgres(let url, let schema):
            var configuration: SQLPostgresConfiguration
            do {
                configuration = try SQLPostgresConfiguration(url: url)
            } catch {
                throw StartupError(
                    "DATABASE_URL could not be read as a PostgreSQL address: \(String(describing: error)).")
            }
            if let schema { configuration.searchPath = [schema] }
            databases.use(.postgres(configuration: configuration), as: .psql, isDefault: true)
            if let ownerURL = config.databaseOwnerURL {
                var owner: SQLPostgresConfiguration
                do {
                    owner = try SQLPostgresConfiguration(url: ownerURL)
                } catch {
                    throw StartupError(
                        "DATABASE_OWNER_URL could not be read as a PostgreSQL address: \(String(describing: error)).")
                }
                if let schema { owner.searchPath = [schema] }
                databases.use(
                    .postgres(configuration: owner, maxConnectionsPerEventLoop: 1), as: .owner, isDefault: false)
                migrations.add(AllMigrations.list, to: .owner)
                return
            }
        }
        migrations.add(AllMigrations.list)
    }

    /// The database the migrations run on: the owner role's when DATABASE_OWNER_URL is set, otherwise the server's.
    var ownerDatabase: any Database { config.databaseOwnerURL == nil ? db : db(.owner) }

    private func prepareDataDirectory(_ path: String) throws {
        let files = FileManager.default
        do {
            try files.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw StartupError(
                "The data folder \(path) could not be created. Set DATA_DIR to a folder this user can write to.")
        }
        guard files.isWritableFile(atPath: path) else {
            throw StartupError(
                "The data folder \(path) cannot be written to. Fix its permissions or set DATA_DIR to another folder.")
        }
    }

    /// Migrates the database and, for SQLite, switches on write-ahead logging (readers never wait for writers).
    package func prepareDatabase() async throws {
        do {
            if db.isSQLite, let sql = db as? any SQLDatabase {
                // WAL is stored in the file, so setting it once applies to every later connection.
                if case .sqliteFile = config.database { try await sql.raw("PRAGMA journal_mode=WAL").run() }
            }
            try await migrateOrCheck()
            let keys = try loadAccountKeys()
            accountKeys = keys
            // Two-step secrets stored before they were sealed, or under an older key: sealed now.
            let sealed = try await TwoFactor.sealStoredSecrets(keys: keys, on: db)
            if sealed > 0 { logger.info("Sealed \(sealed) two-step sign-in secrets with ACCOUNT_KEYS") }
            // Once every safeguarding field is bound to its record, an unbound one can only be a moved one.
            if var cipher = safeguardingCipher {
                cipher.acceptsUnbound = try await ReferralRecords.unboundRemaining(on: db) > 0
                safeguardingCipher = cipher
            }
        } catch let error as StartupError {
            throw error
        } catch {
            throw StartupError(Self.plainDatabaseProblem(error, config.database))
        }
    }

    /// Migrates as the owner and gives the server's role its rights (DATABASE_OWNER_URL set); otherwise migrates, unless
    /// the server's role may not change the schema — then it only checks that nothing is waiting to be applied.
    private func migrateOrCheck() async throws {
        guard case .postgres = config.database else { return try await autoMigrate() }
        if config.databaseOwnerURL != nil {
            let owner = db(.owner)
            let runtimeRole = try await DatabaseRoles.currentRole(on: db)
            guard try await DatabaseRoles.currentRole(on: owner) != runtimeRole else {
                throw StartupError(
                    "DATABASE_URL and DATABASE_OWNER_URL use the same role (\(runtimeRole)): the server's role must be a separate one (docs/operations.md)."
                )
            }
            try await autoMigrate()
            let schema = try await DatabaseRoles.currentSchema(on: owner)
            try await owner.transaction { tx in
                try await DatabaseRoles.apply(runtimeRole: runtimeRole, schema: schema, on: tx)
            }
            // PostgreSQL 14 and earlier let everyone (PUBLIC) create tables in the public schema: the grants cannot
            // take that away from one role, so say what to run.
            if try await DatabaseRoles.canChangeSchema(on: db) {
                throw StartupError(
                    "DATABASE_URL's role (\(runtimeRole)) can still create tables in schema \(schema), because every role may: as its owner, run REVOKE CREATE ON SCHEMA \(schema) FROM PUBLIC (docs/operations.md)."
                )
            }
            return
        }
        if try await DatabaseRoles.canChangeSchema(on: db) { return try await autoMigrate() }
        let waiting: [String]
        do {
            waiting = try await DatabaseRoles.pending(AllMigrations.list.map(\.name), on: db)
        } catch {
            waiting = ["all"]
        }
        guard waiting.isEmpty else {
            throw StartupError(
                "The database needs migrating and DATABASE_URL's role may not change tables: run `safercyber migrate` with DATABASE_OWNER_URL set to the owner role (docs/operations.md)."
            )
        }
    }

    /// ACCOUNT_KEYS from the environment; otherwise, for SQLite, the key file in the data folder (made on first
    /// start, readable by this user only); an in-memory database gets a key for this run.
    private func loadAccountKeys() throws -> FieldCipher {
        if let keys = config.accountKeys { return keys }
        switch config.database {
        case .sqliteMemory:
            return try FieldCipher(keys: FieldCipher.newKey(id: "run"), variable: "ACCOUNT_KEYS")
        case .postgres:
            throw StartupError("ACCOUNT_KEYS must be set with PostgreSQL (every instance needs the same key).")
        case .sqliteFile:
            let path = config.dataDirectory + "/account-keys"
            let files = FileManager.default
            if !files.fileExists(atPath: path) {
                let created = files.createFile(
                    atPath: path, contents: Data((FieldCipher.newKey(id: "local") + "\n").utf8),
                    attributes: [.posixPermissions: 0o600])
                guard created else {
                    throw StartupError("The key file \(path) could not be written. Set ACCOUNT_KEYS instead.")
                }
            }
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw StartupError("The key file \(path) could not be read. Set ACCOUNT_KEYS instead.")
            }
            do {
                return try FieldCipher(
                    keys: text.trimmingCharacters(in: .whitespacesAndNewlines), variable: "ACCOUNT_KEYS (\(path))")
            } catch { throw StartupError("The key file \(path): \(error).") }
        }
    }

    static func plainDatabaseProblem(_ error: any Error, _ choice: AppConfig.DatabaseChoice) -> String {
        let detail = String(reflecting: error)
        switch choice {
        case .postgres(let url, _):
            let host = URL(string: url).map { "\($0.host ?? "?"):\($0.port ?? 5432)" } ?? "the DATABASE_URL host"
            if detail.contains("onnection refused") || detail.contains("connectionError") {
                return "Could not connect to PostgreSQL at \(host). Check DATABASE_URL and that the server is running."
            }
            if detail.contains("28P01") || detail.contains("password") {
                return "PostgreSQL at \(host) refused the user name or password in DATABASE_URL."
            }
            return "PostgreSQL at \(host) could not be prepared: \(detail)"
        default:
            return "The SQLite database could not be opened and prepared: \(detail)"
        }
    }
}
