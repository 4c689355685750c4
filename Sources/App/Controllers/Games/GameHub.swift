import Fluent
import FluentPostgresDriver
import Foundation
import PostgresNIO
import SaferCyberCore
import Vapor

/// The game sessions this instance is serving. On PostgreSQL, instances tell each other about new
/// events with NOTIFY on one channel; each listening instance then reads the events from the log.
/// (The log is the truth; a notification only says "look".)
actor GameHub {
    static let channel = "safercyber_games"

    private let app: Application
    let library: ScenarioLibrary
    private var games: [UUID: LiveGame] = [:]
    /// Player requests name a game by its code; remembering codes saves a query per answer.
    private var byCode: [String: LiveGame] = [:]
    private var listener: Task<Void, Never>?
    private let batcher: GameEventBatcher
    /// One instance only: no one to tell about new events. (Kept, as `app.db` builds a new handle on every use.)
    private let isSQLite: Bool

    init(app: Application, library: ScenarioLibrary) {
        self.app = app
        self.library = library
        var file: String?
        if case .sqliteFile(let path) = app.config.database { file = path }
        self.batcher = GameEventBatcher(db: app.db, sqliteFile: file)
        self.isSQLite = app.config.isSQLite
    }

    /// The game with this code, or nil when there is none.
    func game(code: String) async throws -> LiveGame? {
        let code = GameSessions.normalisedCode(code)
        if let game = byCode[code] { return game }
        guard code.count == 6, let session = try await GameSessions.find(code: code, on: app.db) else { return nil }
        return try await game(session)
    }

    func game(_ session: GameSession) async throws -> LiveGame {
        let id = try session.requireID()
        if let game = games[id] { return game }
        guard let scenario = library.scenario(session.scenarioID) else {
            throw Abort(
                .internalServerError, reason: "This game's scenario (\(session.scenarioID)) is no longer installed.")
        }
        let db = app.db
        let game = try LiveGame(session: session, scenario: scenario, db: db, batcher: batcher) { [weak self] id in
            await self?.announce(id)
        }
        if let existing = games[id] { return existing }
        games[id] = game
        byCode[session.code] = game
        try await game.catchUp()
        return game
    }

    /// Tells the other instances that session `id` has new events.
    private func announce(_ id: UUID) async {
        guard !isSQLite, let sql = app.db as? any SQLDatabase else { return }
        do {
            try await sql.raw("SELECT pg_notify(\(bind: Self.channel), \(bind: id.uuidString))").run()
        } catch {
            app.logger.warning("Could not notify other instances about a game event: \(String(reflecting: error))")
        }
    }

    /// Another instance wrote to session `id`: read what it wrote.
    func heard(_ id: UUID) async {
        guard let game = games[id] else { return }
        do { try await game.catchUp() } catch {
            app.logger.warning("Could not catch up game \(id): \(String(reflecting: error))")
        }
    }

    /// On PostgreSQL, keeps one connection listening for other instances' notifications, reconnecting if it drops.
    func startListening(url: String) {
        guard listener == nil else { return }
        let logger = app.logger
        let eventLoop = app.eventLoopGroup.next()
        listener = Task { [weak self] in
            while !Task.isCancelled {
                do {
                    let configuration = try SQLPostgresConfiguration(url: url).coreConfiguration
                    let connection = try await PostgresConnection.connect(
                        on: eventLoop, configuration: configuration, id: 1, logger: logger
                    ).get()
                    do {
                        try await connection.listen(on: Self.channel) { notifications in
                            for try await notification in notifications {
                                if let id = UUID(uuidString: notification.payload) { await self?.heard(id) }
                            }
                        }
                    } catch {
                        try? await connection.close()
                        throw error
                    }
                    try? await connection.close()
                } catch {
                    if Task.isCancelled { return }
                    logger.warning("Game notifications connection dropped; reconnecting: \(String(reflecting: error))")
                    try? await Task.sleep(for: .seconds(1))
                }
            }
        }
    }

    func stopListening() {
        listener?.cancel()
        listener = nil
    }
}

extension Application {
    private struct GameHubKey: StorageKey { typealias Value = GameHub }

    var games: GameHub {
        if let hub = storage[GameHubKey.self] { return hub }
        let folder = config.scenariosDirectory.map { URL(fileURLWithPath: $0) }
        let hub = GameHub(app: self, library: folder == nil ? .shipped : ScenarioLibrary(extraFolder: folder))
        storage[GameHubKey.self] = hub
        return hub
    }
}
