@testable import App
import Fluent
import Foundation
import SaferCyberCore
import Vapor

/// Runs `body` against a SQLite file in `folder` (for tests that read the file itself), then shuts down so the
/// file is complete on disk.
public func withFileDatabase(folder: String, _ body: (any Database, any PasswordHashing) async throws -> Void) async throws {
    let app = try await Application.make(.testing)
    do {
        try await configure(app, config: AppConfig(database: .sqliteFile(path: folder + "/safercyber.sqlite"), dataDirectory: folder, bcryptCost: 4))
        try await app.prepareDatabase()
        try await body(app.db, app.passwordHasher)
    } catch {
        try await app.asyncShutdown()
        throw error
    }
    try await app.asyncShutdown()
}
