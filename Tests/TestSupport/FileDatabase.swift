import Fluent
import Foundation
import SaferCyberCore
import Vapor

@testable import App

/// Runs `body` with a fully configured application on a SQLite file in `folder` (for tests of what only a file
/// does: its own connections, the bytes on disk), then shuts down so the file is complete on disk.
/// `accountKeys`: the tests' key by default; nil to let the server make its own key file in `folder`.
public func withFileApp(
    folder: String, accountKeys: FieldCipher? = Fixture.accountKeys, _ body: (Application) async throws -> Void
) async throws {
    let app = try await Application.make(.testing)
    do {
        try await configure(
            app,
            config: {
                var config = AppConfig(
                    database: .sqliteFile(path: folder + "/safercyber.sqlite"), dataDirectory: folder, bcryptCost: 4)
                config.accountKeys = accountKeys
                return config
            }())
        try await app.prepareDatabase()
        try await body(app)
    } catch {
        try await app.asyncShutdown()
        throw error
    }
    try await app.asyncShutdown()
}

/// Runs `body` against a SQLite file in `folder` with just the database (for Core tests).
public func withFileDatabase(folder: String, _ body: (any Database, any PasswordHashing) async throws -> Void)
    async throws
{
    try await withFileApp(folder: folder) { app in try await body(app.db, app.passwordHasher) }
}
