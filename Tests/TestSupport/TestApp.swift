import Fluent
import Foundation
import SQLKit
import SaferCyberCore
import XCTVapor

@testable import App

/// Which database the tests use: in-memory SQLite, or PostgreSQL when TEST_DATABASE_URL is set.
public enum TestDatabase {
    public static var postgresURL: String? {
        ProcessInfo.processInfo.environment["TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }
    /// TEST_DATABASE_APP_URL: a second, unprivileged role. With it, each test's schema is made and migrated by the
    /// TEST_DATABASE_URL role (the owner) and the application runs as this one, as a least-privilege deployment does
    /// (`scripts/test` sets both).
    public static var runtimeURL: String? {
        guard postgresURL != nil else { return nil }
        return ProcessInfo.processInfo.environment["TEST_DATABASE_APP_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }
    public static var name: String { postgresURL == nil ? "SQLite" : "PostgreSQL" }
}

/// The connection that owns the tables (the owner role's when the tests run with two roles).
public func ownerDatabase(_ app: Application) -> any Database { app.ownerDatabase }

/// Runs `body` with a fully configured, migrated application on a fresh database, then throws it away.
/// On PostgreSQL each run gets its own schema, so runs never see each other's rows.
public func withApp(mail: MailConfig = MailConfig(), _ body: (Application) async throws -> Void) async throws {
    let app = try await Application.make(.testing)
    let schema = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
    let database: AppConfig.DatabaseChoice =
        (TestDatabase.runtimeURL ?? TestDatabase.postgresURL).map { .postgres(url: $0, schema: String(schema)) }
        ?? .sqliteMemory
    do {
        // Bcrypt cost 4 keeps tests fast; production uses 12 (BCRYPT_COST).
        var config = AppConfig(database: database, bcryptCost: 4)
        if TestDatabase.runtimeURL != nil { config.databaseOwnerURL = TestDatabase.postgresURL }
        config.mail = mail
        config.accountKeys = Fixture.accountKeys
        config.deferredWorkDelay = 0...0  // tests wait for it with `afterResponse.drain()`
        try await configure(app, config: config)
        if case .postgres = database, let sql = app.ownerDatabase as? any SQLDatabase {
            try await sql.raw("CREATE SCHEMA \(unsafeRaw: String(schema))").run()
        }
        try await app.prepareDatabase()
        try await body(app)
    } catch {
        await dropSchema(app, database, String(schema))
        try await app.asyncShutdown()
        throw error
    }
    await dropSchema(app, database, String(schema))
    try await app.asyncShutdown()
}

private func dropSchema(_ app: Application, _ database: AppConfig.DatabaseChoice, _ schema: String) async {
    if case .postgres = database, let sql = app.ownerDatabase as? any SQLDatabase {
        try? await sql.raw("DROP SCHEMA IF EXISTS \(unsafeRaw: schema) CASCADE").run()
    }
}

/// Runs `body` with just the database (for Core tests).
public func withTestDatabase(_ body: (any Database, any PasswordHashing) async throws -> Void) async throws {
    try await withApp { app in try await body(app.db, app.passwordHasher) }
}

/// Runs `body` with the server's connection and the table owner's (the same one unless the tests run with two roles).
public func withTestDatabases(
    _ body: (_ db: any Database, _ owner: any Database, _ hasher: any PasswordHashing) async throws -> Void
) async throws {
    try await withApp { app in try await body(app.db, app.ownerDatabase, app.passwordHasher) }
}

/// Runs `body` with the server's connection and a second one of its own, as another instance would have (nil when
/// the group has one event loop: each event loop holds one connection).
public func withTwoConnections(
    _ body: (_ db: any Database, _ other: (any Database)?, _ hasher: any PasswordHashing) async throws -> Void
) async throws {
    try await withApp { app in
        let db = app.db
        let other = app.eventLoopGroup.makeIterator().first { $0 !== db.eventLoop }.flatMap {
            app.databases.database(logger: app.logger, on: $0)
        }
        try await body(db, other, app.passwordHasher)
    }
}

/// Builders for common fixtures.
public enum Fixture {
    public static let password = "correct horse battery staple"
    /// The tests' ACCOUNT_KEYS: two-step secrets made by fixtures are sealed with it, as the server would.
    public static let accountKeys = try! FieldCipher(keys: FieldCipher.newKey(id: "tests"), variable: "ACCOUNT_KEYS")

    /// A partnership with one account per role (admin is deployment-wide). Emails are `{role}@{slug}.test`.
    @discardableResult
    public static func partnership(_ slug: String, on db: any Database, hasher: any PasswordHashing) async throws
        -> Partnership
    {
        let partnership = try await Partnerships.create(
            on: db, slug: slug, name: "Partnership \(slug)", by: .system("test"))
        for role in Role.partnershipRoles {
            let user = try await Accounts.create(
                on: db, email: "\(role.rawValue)@\(slug).test", displayName: "\(role.label) \(slug)",
                password: password, hasher: hasher, by: .system("test"))
            try await Members.add(
                on: db, userID: user.requireID(), partnershipID: partnership.requireID(), role: role,
                by: .system("test"))
            if role == .safeguarding { try await twoStep(user, on: db) }
        }
        return partnership
    }

    /// The demo partnership (its accounts, partners and lists, and with `events` its events and bookings), loaded as
    /// `serve --demo` loads it; returns its id. One set-up for every test that starts from the demo.
    @discardableResult
    public static func demo(on db: any Database, hasher: any PasswordHashing, events: Bool = false) async throws
        -> UUID
    {
        try await DemoPartnership.load(on: db, hasher: hasher)
        if events { try await DemoEvents.load(on: db) }
        return try await demoID(on: db)
    }

    /// A survey made from one of the shipped templates and opened for answers.
    public static func openSurvey(
        _ template: String, partnershipID: UUID, quota: Int? = nil, closesAt: Date? = nil, on db: any Database
    ) async throws -> Survey {
        let survey = try await Surveys.create(
            partnershipID: partnershipID, title: "", templateKey: template, design: nil, by: .system("test"), on: db)
        try await Surveys.update(
            survey,
            settings: .init(
                title: survey.title, intro: survey.intro, status: .open, closesAt: closesAt, quota: quota, events: []),
            by: .system("test"), on: db)
        return survey
    }

    /// The demo partnership's id (loaded by `demo`).
    public static func demoID(on db: any Database) async throws -> UUID {
        guard let found = try await Partnerships.find(on: db, slug: DemoPartnership.slug) else {
            throw NotFound("demo partnership")
        }
        return try found.requireID()
    }

    /// The deployment's geography as two local authorities of one small area each: Newtown (E06099998, ward North,
    /// LSOA E01035001 "Newtown 001A") and Oldtown (E06099999, ward South, LSOA E01035002 "Oldtown 001A").
    public static func twoAreaGeography(on db: any Database) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let lookup = folder.appendingPathComponent("lookup.csv")
        try
            "LSOA21CD,LSOA21NM,WD22CD,WD22NM,LAD22CD,LAD22NM\nE01035001,Newtown 001A,E05099998,North,E06099998,Newtown\nE01035002,Oldtown 001A,E05099999,South,E06099999,Oldtown\n"
            .write(to: lookup, atomically: true, encoding: .utf8)
        _ = try await Geography.load(files: [lookup.path], on: db)
    }

    /// Turns on two-step sign-in for an account whose role requires it; `Browser.signIn` answers the code page.
    public static func twoStep(_ user: User, on db: any Database) async throws {
        let secret = TwoFactorSecret()
        secret.id = UUID()
        secret.$user.id = try user.requireID()
        secret.secret = try accountKeys.seal(
            Base32.encode(TOTP.newSecret()), for: .init(TwoFactorSecret.schema, try secret.requireID(), "secret"))
        secret.enabledAt = Date()
        try await secret.create(on: db)
    }

    @discardableResult
    public static func admin(on db: any Database, hasher: any PasswordHashing, email: String = "admin@deployment.test")
        async throws -> User
    {
        let user = try await Accounts.create(
            on: db, email: email, displayName: "Deployment Admin", password: password, isAdmin: true,
            hasher: hasher, by: .system("test"))
        try await twoStep(user, on: db)
        return user
    }
}
