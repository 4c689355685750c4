import Fluent
import Foundation
import SaferCyberCore
import Vapor

/// One game session as this server instance serves it: the state folded from the event log, and the
/// browsers watching it. Writes go through `perform`, one at a time per session on this instance;
/// the database's unique event number settles races with other instances.
actor LiveGame {
    let id: UUID
    let code: String
    let partnershipID: UUID
    let title: String
    let scenario: GameScenario
    let surveyID: UUID?
    private let db: any Database
    private let batcher: GameEventBatcher
    private let notify: @Sendable (UUID) async -> Void
    private(set) var state: GameState
    /// One change at a time on this instance, across the suspensions inside `perform` and `catchUp`.
    private let mutex = AsyncMutex()
    private var watchers: [UUID: Watcher] = [:]
    /// When an event was last applied here (or the game was loaded): idle games are unloaded (`GameHub.sweep`).
    private(set) var lastActivity = Date()

    /// Someone watching live: a player's team, the facilitator, or the projector.
    struct Watcher {
        enum Audience: Equatable {
            case team(String)
            case player(String)
            case facilitator, projector
        }
        var audience: Audience
        /// A player's page names itself (game.js): the page that sent an answer is replaced by the answer's page,
        /// so telling it that something changed would only make it fetch itself for nothing.
        var page: String?
        var send: @Sendable (String) -> Void
        /// Closes the watcher's socket with a WebSocket close code.
        var close: @Sendable (UInt16) -> Void = { _ in }
        /// A staff watcher's session and partnership, checked again while it watches (`GameHub.recheckStaff`).
        var staff: StaffWatch?
    }

    struct StaffWatch: Sendable {
        var token: String
        var partnershipID: UUID
    }

    /// Close codes: the game is over and unloaded (game.js does not reconnect); the watcher may no longer watch.
    static let gameOver: UInt16 = 4000
    static let noLongerAllowed: UInt16 = 1008

    init(
        session: GameSession, scenario: GameScenario, db: any Database, batcher: GameEventBatcher,
        notify: @escaping @Sendable (UUID) async -> Void
    ) throws {
        self.id = try session.requireID()
        self.code = session.code
        self.partnershipID = session.$partnership.id
        self.title = session.title
        self.scenario = scenario
        self.surveyID = session.surveyID
        self.db = db
        self.batcher = batcher
        self.notify = notify
        self.state = GameState(scenario: scenario)
    }

    private func lock() async { await mutex.lock() }

    private func unlock() { mutex.unlock() }

    /// Reads any events this instance has not seen yet (written here before a restart, or by another instance).
    func catchUp() async throws {
        await lock()
        defer { unlock() }
        try await catchUpLocked()
    }

    private func catchUpLocked() async throws {
        let events = try await GameSessions.events(of: id, after: state.sequence, on: db)
        for (sequence, event) in events where sequence == state.sequence + 1 {
            state.apply(event)
            publish(event)
            lastActivity = Date()
        }
    }

    /// Does what was asked, or throws `GamePlay.Refusal` saying why not. `page`: the player's page that asked
    /// (see `Watcher.page`), which is not told about it.
    @discardableResult
    func perform(_ request: GamePlay.Request, at now: Date = Date(), from page: String? = nil) async throws -> GameEvent
    {
        await lock()
        defer { unlock() }
        for _ in 0..<8 {
            let event = try GamePlay.event(for: request, in: state, at: now, newTeamID: Secrets.token(bytes: 6))
            var after = state
            after.apply(event)
            do {
                try await batcher.append(event, sequence: after.sequence, sessionID: id, after: after)
            } catch is GameSessions.SequenceTaken {
                try await catchUpLocked()  // another instance wrote first; judge the request again on the newer state
                continue
            }
            state = after
            lastActivity = Date()
            publish(event, skipping: page)
            await notify(id)
            return event
        }
        throw GamePlay.Refusal("The game is very busy. Try again in a moment.")
    }

    // MARK: Watching

    func watch(
        _ audience: Watcher.Audience, page: String? = nil, staff: StaffWatch? = nil,
        close: @escaping @Sendable (UInt16) -> Void = { _ in }, send: @escaping @Sendable (String) -> Void
    ) -> UUID {
        let key = UUID()
        watchers[key] = Watcher(audience: audience, page: page, send: send, close: close, staff: staff)
        send(message(for: audience, event: nil))
        return key
    }

    func unwatch(_ key: UUID) { watchers[key] = nil }

    /// Closes every watcher's socket (the game is being unloaded).
    func closeAll(code: UInt16) {
        for watcher in watchers.values { watcher.close(code) }
        watchers = [:]
    }

    /// Staff watchers (facilitator and projector screens) and whose session they hang on.
    var staffWatchers: [(key: UUID, staff: StaffWatch)] {
        watchers.compactMap { key, watcher in watcher.staff.map { (key, $0) } }
    }

    func close(_ key: UUID, code: UInt16) {
        watchers.removeValue(forKey: key)?.close(code)
    }

    var watcherCount: Int { watchers.count }

    private func publish(_ event: GameEvent, skipping page: String? = nil) {
        guard !watchers.isEmpty else { return }
        // Build each kind of message once, not once per watcher.
        var facilitator: String?
        var projector: String?
        var everyone: String?
        for watcher in watchers.values where page == nil || watcher.page != page {
            switch watcher.audience {
            case .facilitator:
                facilitator = facilitator ?? message(for: .facilitator, event: event)
                watcher.send(facilitator!)
            case .projector:
                projector = projector ?? message(for: .projector, event: event)
                watcher.send(projector!)
            case .team(let team):
                if event.team == nil || event.team == team {
                    everyone = everyone ?? message(for: watcher.audience, event: event)
                    watcher.send(everyone!)
                }
            case .player:
                // Not in a team yet: only whether the game has started or ended matters.
                if [.started, .finished, .teamsLocked, .teamsUnlocked].contains(event.kind) {
                    everyone = everyone ?? message(for: watcher.audience, event: event)
                    watcher.send(everyone!)
                }
            }
        }
    }

    /// What a watcher is sent: players only learn that something changed (the page shows what);
    /// the facilitator and projector get the figures their screens show.
    func message(for audience: Watcher.Audience, event: GameEvent?) -> String {
        let now = Date()
        var body: [(String, LiveJSON)] = [
            ("seq", .int(state.sequence)), ("status", .string(state.status.rawValue)),
            ("remaining", .int(state.remainingSeconds(at: now))), ("running", .bool(state.status == .running)),
        ]
        if let event { body += [("event", .string(event.kind.rawValue)), ("team", .string(event.team ?? ""))] }
        // An event about one team sends only that team's row (game.js merges and re-sorts); anything else sends
        // every row. Under load this keeps each message small and cheap, whatever the number of teams.
        let oneTeam = event?.team.flatMap { id in state.team(id) }
        switch audience {
        case .team, .player:
            break
        case .projector, .facilitator:
            let kind = state.defence == nil ? "escape" : "defence"
            body.append(("kind", .string(kind)))
            if let oneTeam {
                body.append(("standing", .object(LiveGameJSON.standing(oneTeam, in: state, at: now))))
                if audience == .facilitator { body.append(("row", .object(LiveGameJSON.row(oneTeam, in: state)))) }
            } else {
                body.append(("leaderboard", .array(LiveGameJSON.leaderboard(state, at: now).map { .object($0) })))
                if audience == .facilitator {
                    body.append(("teams", .array(LiveGameJSON.teams(state, at: now).map { .object($0) })))
                }
            }
            if audience == .facilitator {
                body.append(("openRound", .int(state.openRound)))
                body.append(("revealedRound", .int(state.revealedRound)))
            }
        }
        return LiveJSON.object(body).text
    }
}

/// The figures the live screens show (game.js), as rows of (key, value).
enum LiveGameJSON {
    typealias Row = [(String, LiveJSON)]

    static func leaderboard(_ state: GameState, at now: Date) -> [Row] {
        state.leaderboard(at: now).enumerated().map { index, standing in
            [("place", .int(index + 1))] + standingRow(standing)
        }
    }

    /// One team's place-less standing (game.js sorts and numbers them).
    static func standing(_ team: GameState.Team, in state: GameState, at now: Date) -> Row {
        standingRow(state.standing(of: team, at: now))
    }

    static func standingRow(_ standing: GameState.Standing) -> Row {
        [
            ("team", .string(standing.team)), ("id", .string(standing.team)), ("name", .string(standing.name)),
            ("solved", .int(standing.solved)),
            ("seconds", .int(standing.seconds)), ("time", .string(clock(standing.seconds))),
            ("finished", .bool(standing.finished)),
            ("losses", .int(standing.losses)),
        ]
    }

    static func teams(_ state: GameState, at now: Date) -> [Row] {
        state.teams.map { row($0, in: state) }
    }

    static func row(_ team: GameState.Team, in state: GameState) -> Row {
        let escape = state.escape
        let defence = state.defence
        // The join code: this row goes to the facilitator only (never the projector or players).
        var row: Row = [
            ("id", .string(team.id)), ("name", .string(team.name)), ("code", .string(team.code)),
            ("players", .int(team.players.count)),
        ]
        if let escape {
            let current = state.currentPuzzle(of: team)
            row += [
                ("solved", .int(team.solved.count)), ("puzzles", .int(escape.puzzleCount)),
                ("current", .string(current?.title ?? "Finished")),
                ("hints", .int(team.hints.values.reduce(0, +))), ("penalty", .string(clock(team.penaltySeconds))),
                ("wrong", .int(team.answers.count - team.solved.count)),
            ]
            if let last = team.answers.last {
                let title = escape.puzzle(last.puzzle)?.title ?? last.puzzle
                row.append(
                    ("last", .string("\(title): \(last.correct ? "right" : "wrong") (\(describe(last.answer)))")))
            }
        }
        if let defence {
            row += [
                ("basket", .string(team.basket.compactMap { defence.defence($0)?.name }.joined(separator: ", "))),
                ("agreed", .string("\(team.agreed.count) of \(team.players.count)")),
                ("confirmed", .bool(team.confirmedRounds.contains(state.openRound))),
                ("losses", .int(DefenceRules.totalLoss(defence, plan: team.plan, throughRound: state.revealedRound))),
                ("money", .int(DefenceRules.money(in: defence, plan: team.plan, round: max(1, state.openRound)))),
            ]
        }
        return row
    }

    static func describe(_ answer: EscapeRules.Answer) -> String {
        switch answer {
        case .text(let text): "“\(text.prefix(60))”"
        case .choice(let index): "option \(index + 1)"
        case .flags(let flags): "\(flags.count) marked"
        case .order(let order): "order " + order.map { "\($0 + 1)" }.joined(separator: "-")
        case .code(let code): "code \(code.prefix(12))"
        }
    }

    static func clock(_ seconds: Int) -> String {
        let s = seconds % 60
        return "\(seconds / 60):\(s < 10 ? "0" : "")\(s)"
    }
}
