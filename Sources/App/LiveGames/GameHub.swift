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

    func stopSweeping() {
        sweeper?.cancel()
        sweeper = nil
    }

    // MARK: Sockets, idle games and staff screens (issue 20, case 7)

    /// Open game sockets per client address on this instance (a school hall shares one address, so this is generous),
    /// and per game.
    private(set) var socketsPerAddress = 250
    private(set) var socketsPerGame = 400

    /// For tests: smaller caps.
    func setSocketLimits(perAddress: Int, perGame: Int) {
        socketsPerAddress = perAddress
        socketsPerGame = perGame
    }
    /// A finished game stays loaded this long (results pages, last messages), then is unloaded and its sockets
    /// closed; a game with no event for `idleLimit` is unloaded too. Either loads again from the log when asked.
    static let finishedGrace: TimeInterval = 10 * 60
    static let idleLimit: TimeInterval = 3 * 60 * 60
    /// How often staff screens' sessions and roles are checked again, and idle games looked for.
    static let sweepInterval: Duration = .seconds(15)

    private var socketsByAddress: [String: Int] = [:]
    private var socketsByGame: [UUID: Int] = [:]
    private var sweeper: Task<Void, Never>?

    /// Counts a socket for `address` and `game` if there is room; false means refuse it. No suspension point between
    /// the checks and the counting, so parallel upgrades cannot all pass the same check.
    func openSocket(address: String, game: UUID) -> Bool {
        guard socketsByAddress[address, default: 0] < socketsPerAddress,
            socketsByGame[game, default: 0] < socketsPerGame
        else { return false }
        socketsByAddress[address, default: 0] += 1
        socketsByGame[game, default: 0] += 1
        return true
    }

    func closedSocket(address: String, game: UUID) {
        let left = socketsByAddress[address, default: 1] - 1
        socketsByAddress[address] = left > 0 ? left : nil
        let inGame = socketsByGame[game, default: 1] - 1
        socketsByGame[game] = inGame > 0 ? inGame : nil
    }

    func openSockets(address: String) -> Int { socketsByAddress[address, default: 0] }

    /// Follows `game` on a WebSocket: counted against the caps (over them: closed with 1013, "try again later", and
    /// game.js polls meanwhile), pinged so that dead connections close, and closed with 4000 when the game is long
    /// over.
    func attach(
        _ ws: WebSocket, to game: LiveGame, audience: LiveGame.Watcher.Audience, page: String? = nil,
        staff: LiveGame.StaffWatch? = nil, address: String
    ) async {
        let state = await game.state
        if let finishedAt = state.finishedAt, Date().timeIntervalSince(finishedAt) > Self.finishedGrace {
            try? await ws.send(await game.message(for: audience, event: nil))
            try? await ws.close(code: .init(codeNumber: Int(LiveGame.gameOver)))
            return
        }
        guard openSocket(address: address, game: game.id) else {
            try? await ws.close(code: .init(codeNumber: 1013))
            return
        }
        ws.pingInterval = .seconds(25)
        let key = await game.watch(
            audience, page: page, staff: staff,
            close: { [weak ws] code in ws?.close(code: .init(codeNumber: Int(code)), promise: nil) },
            send: { [weak ws] text in ws?.send(text) })
        ws.onClose.whenComplete { _ in
            Task {
                await game.unwatch(key)
                await self.closedSocket(address: address, game: game.id)
            }
        }
    }

    var loadedGames: Int { games.count }

    /// Unloads finished games past their grace and idle ones, closing their sockets. Returns how many were unloaded.
    @discardableResult
    func unloadIdle(now: Date = Date()) async -> Int {
        var unloaded = 0
        for (id, game) in games {
            let state = await game.state
            let finishedLongAgo = state.finishedAt.map { now.timeIntervalSince($0) > Self.finishedGrace } ?? false
            let idle = await now.timeIntervalSince(game.lastActivity) > Self.idleLimit
            guard finishedLongAgo || idle else { continue }
            await game.closeAll(code: LiveGame.gameOver)
            games[id] = nil
            byCode[game.code] = nil
            unloaded += 1
        }
        return unloaded
    }

    /// Closes staff screens whose session has ended (signed out, expired, account disabled) or whose role no longer
    /// lets them see the game. Sign-out and role changes on this instance call it at once; the sweep catches the rest.
    func recheckStaff() async {
        for game in games.values {
            for (key, staff) in await game.staffWatchers {
                let allowed = (try? await Self.stillAllowed(staff, on: app.db)) ?? true
                if !allowed { await game.close(key, code: LiveGame.noLongerAllowed) }
            }
        }
    }

    static func stillAllowed(_ staff: LiveGame.StaffWatch, on db: any Database) async throws -> Bool {
        guard let (_, user) = try await StaffSessions.resolve(on: db, token: staff.token),
            let role = try await Accounts.role(on: db, user: user, partnershipID: staff.partnershipID)
        else { return false }
        return PermissionTable.allows(role, .viewAggregates)
    }

    func startSweeping() {
        guard sweeper == nil else { return }
        sweeper = Task { [weak self] in
            while !Task.isCancelled {
                do { try await Task.sleep(for: Self.sweepInterval) } catch { return }
                guard let self else { return }
                await self.recheckStaff()
                await self.unloadIdle()
            }
        }
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
