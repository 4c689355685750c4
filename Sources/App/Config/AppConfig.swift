import Foundation
import SaferCyberCore

/// Every setting SaferCyber reads, with its default. This is the only place that reads the environment.
/// `docs/operations.md` and the README list the same variables.
public struct AppConfig: Sendable {
    public enum DatabaseChoice: Sendable {
        /// A SQLite file (the embedded default, `./data/safercyber.sqlite`).
        case sqliteFile(path: String)
        /// An in-memory SQLite database (tests).
        case sqliteMemory
        /// PostgreSQL from a `postgres://` URL; `schema` isolates test runs.
        case postgres(url: String, schema: String?)
    }

    public var database: DatabaseChoice
    /// DATABASE_OWNER_URL (PostgreSQL only): the role that owns the tables and runs the migrations; the server then
    /// runs as DATABASE_URL's role with only the rights `DatabaseRoles.grants` gives it (docs/operations.md).
    public var databaseOwnerURL: String?
    public var dataDirectory: String
    /// The address people use to reach the server. When it starts with https://, cookies are
    /// marked Secure and take the `__Host-` prefix.
    public var publicURL: String?
    public var bcryptCost: Int
    /// Trust X-Forwarded-For / X-Forwarded-Proto from a reverse proxy in front of the server.
    public var trustProxy: Bool
    /// TRUSTED_PROXIES: further proxies (addresses or CIDR ranges) between the immediate peer and the client,
    /// whose X-Forwarded-For entries are believed too (see ClientAddress).
    public var trustedProxies: [String] = []
    public var maxBodySize: String
    /// The largest crime file the web upload accepts (it is streamed to disk, never held in memory).
    public var uploadMaxSize: String = "1gb"
    public var logFormat: String
    /// A folder of extra game scenario files (docs/scenarios.md), added to the shipped ones.
    public var scenariosDirectory: String?
    /// A folder of extra awareness course files (docs/courses.md), added to the shipped ones.
    public var coursesDirectory: String?
    /// A folder of extra resilience check question files (docs/resilience-checks.md).
    public var checksDirectory: String?
    /// SAFEGUARDING_KEYS, parsed: encrypts young people's records (docs/safeguarding.md). nil: records cannot be used.
    public var safeguardingCipher: FieldCipher?
    /// ACCOUNT_KEYS, parsed: seals two-step sign-in secrets at rest. Without it, SQLite keeps a key file in the data
    /// folder (`account-keys`, created on first start); PostgreSQL requires it (instances must share one key).
    public var accountKeys: FieldCipher?
    /// Months after a referral closes that its personal details are kept (SAFEGUARDING_RETENTION_MONTHS).
    public var safeguardingRetentionMonths = 36
    /// Months a resilience check's follow-up contact details are kept (CHECK_CONTACT_RETENTION_MONTHS).
    public var checkContactRetentionMonths = 12
    /// Seconds (a random wait in this range) before work a public form starts but does not wait for, such as
    /// looking up the account for a password reset, so that it cannot be timed through the next request.
    public var deferredWorkDelay: ClosedRange<Double> = 0.5...5
    /// AUDIT_HEADS_EXPORT: a file path (a line is appended) or an http(s) URL (a JSON line is POSTed) that receives
    /// the audit chains' heads whenever they move, checked every ten minutes. It should be somewhere the database
    /// user cannot rewrite (docs/operations.md). The heads always go to the server log too.
    public var auditHeadsExport: String?
    /// CHROMIUM_PATH: the headless browser that prints board reports to PDF (default: the first of `chromium`,
    /// `chromium-browser`, `google-chrome` found in /usr/bin). "none" turns PDFs off.
    public var chromiumPath: String? = ReportPDF.locate(nil)
    /// How email leaves the server (MAIL_TRANSPORT and friends; docs/email.md).
    public var mail = MailConfig()

    public init(
        database: DatabaseChoice, dataDirectory: String = "./data", publicURL: String? = nil, bcryptCost: Int = 12,
        trustProxy: Bool = false, maxBodySize: String = "2mb", logFormat: String = "text"
    ) {
        self.database = database
        self.dataDirectory = dataDirectory
        self.publicURL = publicURL
        self.bcryptCost = bcryptCost
        self.trustProxy = trustProxy
        self.maxBodySize = maxBodySize
        self.logFormat = logFormat
    }

    public var secureCookies: Bool { publicURL?.lowercased().hasPrefix("https://") ?? false }
    public var isSQLite: Bool {
        if case .postgres = database { return false }
        return true
    }

    /// Reads the environment. Throws a `StartupError` with one plain sentence when a value is unusable.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws
        -> AppConfig
    {
        let dataDirectory = env["DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "./data"
        let database: DatabaseChoice
        if let url = env["DATABASE_URL"], !url.isEmpty {
            guard let parsed = URL(string: url),
                ["postgres", "postgresql"].contains(parsed.scheme?.lowercased() ?? ""),
                parsed.host?.isEmpty == false
            else {
                throw StartupError(
                    "DATABASE_URL must look like postgres://user:password@host:5432/database (got something else).")
            }
            database = .postgres(url: url, schema: nil)
        } else {
            if let owner = env["DATABASE_OWNER_URL"], !owner.isEmpty {
                throw StartupError(
                    "DATABASE_OWNER_URL is for PostgreSQL: set DATABASE_URL to the server's own role too.")
            }
            database = .sqliteFile(path: dataDirectory + "/safercyber.sqlite")
        }
        let cost = Int(env["BCRYPT_COST"] ?? "") ?? 12
        guard (4...31).contains(cost) else { throw StartupError("BCRYPT_COST must be a number from 4 to 31.") }
        var config = AppConfig(
            database: database, dataDirectory: dataDirectory,
            publicURL: env["PUBLIC_URL"].flatMap { $0.isEmpty ? nil : $0 },
            bcryptCost: cost, trustProxy: ["1", "true", "yes"].contains(env["TRUST_PROXY"]?.lowercased() ?? ""),
            maxBodySize: env["MAX_BODY_SIZE"] ?? "2mb", logFormat: env["LOG_FORMAT"] ?? "text")
        if let owner = env["DATABASE_OWNER_URL"], !owner.isEmpty {
            guard let parsed = URL(string: owner),
                ["postgres", "postgresql"].contains(parsed.scheme?.lowercased() ?? ""),
                parsed.host?.isEmpty == false
            else {
                throw StartupError(
                    "DATABASE_OWNER_URL must look like postgres://owner:password@host:5432/database (got something else)."
                )
            }
            config.databaseOwnerURL = owner
        }
        config.auditHeadsExport = env["AUDIT_HEADS_EXPORT"].flatMap { $0.isEmpty ? nil : $0 }
        config.chromiumPath = ReportPDF.locate(env["CHROMIUM_PATH"])
        config.trustedProxies = (env["TRUSTED_PROXIES"] ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        config.uploadMaxSize = env["UPLOAD_MAX_SIZE"].flatMap { $0.isEmpty ? nil : $0 } ?? "1gb"
        config.scenariosDirectory = env["SCENARIOS_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        config.coursesDirectory = env["COURSES_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        config.checksDirectory = env["CHECKS_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        if let keys = env["ACCOUNT_KEYS"], !keys.isEmpty {
            do { config.accountKeys = try FieldCipher(keys: keys, variable: "ACCOUNT_KEYS") } catch {
                throw StartupError("ACCOUNT_KEYS: \(error).")
            }
        } else if case .postgres = config.database {
            throw StartupError(
                "ACCOUNT_KEYS must be set with PostgreSQL (every instance needs the same key): ACCOUNT_KEYS=2027a:$(openssl rand -base64 32)."
            )
        }
        if let keys = env["SAFEGUARDING_KEYS"], !keys.isEmpty {
            do { config.safeguardingCipher = try FieldCipher(keys: keys) } catch {
                throw StartupError("SAFEGUARDING_KEYS: \(error).")
            }
        }
        if let months = env["CHECK_CONTACT_RETENTION_MONTHS"], !months.isEmpty {
            guard let value = Int(months), (1...120).contains(value) else {
                throw StartupError("CHECK_CONTACT_RETENTION_MONTHS must be a number of months from 1 to 120.")
            }
            config.checkContactRetentionMonths = value
        }
        if let months = env["SAFEGUARDING_RETENTION_MONTHS"], !months.isEmpty {
            guard let value = Int(months), (1...1200).contains(value) else {
                throw StartupError("SAFEGUARDING_RETENTION_MONTHS must be a number of months from 1 to 1200.")
            }
            config.safeguardingRetentionMonths = value
        }
        config.mail = try MailConfig.fromEnvironment(env)
        if config.mail.sends && config.publicURL == nil {
            throw StartupError(
                "Emails carry links, so set PUBLIC_URL to the address people use (e.g. https://safer.example.gov.uk) when MAIL_TRANSPORT is \(config.mail.transport.rawValue)."
            )
        }
        return config
    }
}

/// A problem that stops the server starting, described in one plain line.
public struct StartupError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension StartupError {
    /// Prints the one plain line and exits with code 1, before Vapor adds its own log lines about the error.
    package static func exitOnFailure<T>(_ body: () async throws -> T) async rethrows -> T {
        do {
            return try await body()
        } catch let error as StartupError {
            FileHandle.standardError.write(Data("safercyber: \(error.description)\n".utf8))
            exit(1)
        }
    }
}
