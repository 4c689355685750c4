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
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var watchers: [UUID: Watcher] = [:]

    /// Someone watching live: a player's team, the facilitator, or the projector.
    struct Watcher {
        enum Audience: Equatable { case team(String), player(String), facilitator, projector }
        var audience: Audience
        var send: @Sendable (String) -> Void
    }

    init(session: GameSession, scenario: GameScenario, db: any Database, batcher: GameEventBatcher,
         notify: @escaping @Sendable (UUID) async -> Void) throws {
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

    private func lock() async {
        if !busy { busy = true; return }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func unlock() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }

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
        }
    }

    /// Does what was asked, or throws `GamePlay.Refusal` saying why not.
    @discardableResult
    func perform(_ request: GamePlay.Request, at now: Date = Date()) async throws -> GameEvent {
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
            publish(event)
            await notify(id)
            return event
        }
        throw GamePlay.Refusal("The game is very busy. Try again in a moment.")
    }

    // MARK: Watching

    func watch(_ audience: Watcher.Audience, send: @escaping @Sendable (String) -> Void) -> UUID {
        let key = UUID()
        watchers[key] = Watcher(audience: audience, send: send)
        send(message(for: audience, event: nil))
        return key
    }

    func unwatch(_ key: UUID) { watchers[key] = nil }

    var watcherCount: Int { watchers.count }

    private func publish(_ event: GameEvent) {
        guard !watchers.isEmpty else { return }
        // Build each kind of message once, not once per watcher.
        var facilitator: String?, projector: String?, everyone: String?
        for watcher in watchers.values {
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
                if [.started, .finished].contains(event.kind) {
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
        var body: [String: Any] = [
            "seq": state.sequence, "status": state.status.rawValue,
            "remaining": state.remainingSeconds(at: now), "running": state.status == .running,
        ]
        if let event { body["event"] = event.kind.rawValue; body["team"] = event.team ?? "" }
        switch audience {
        case .team, .player:
            break
        case .projector:
            body["leaderboard"] = LiveGameJSON.leaderboard(state, at: now)
        case .facilitator:
            body["leaderboard"] = LiveGameJSON.leaderboard(state, at: now)
            body["teams"] = LiveGameJSON.teams(state, at: now)
            body["openRound"] = state.openRound
            body["revealedRound"] = state.revealedRound
        }
        return LiveGameJSON.string(body)
    }
}

/// The JSON the live screens read (game.js), kept to plain dictionaries so it is cheap to build.
enum LiveGameJSON {
    static func string(_ object: [String: Any]) -> String {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func leaderboard(_ state: GameState, at now: Date) -> [[String: Any]] {
        state.leaderboard(at: now).enumerated().map { index, standing in
            ["place": index + 1, "team": standing.team, "name": standing.name, "solved": standing.solved,
             "time": clock(standing.seconds), "finished": standing.finished, "losses": standing.losses]
        }
    }

    static func teams(_ state: GameState, at now: Date) -> [[String: Any]] {
        state.teams.map { team in
            var row: [String: Any] = ["id": team.id, "name": team.name, "players": team.players.count]
            if let escape = state.escape {
                row["solved"] = team.solved.count
                row["puzzles"] = escape.puzzles.count
                row["current"] = state.currentPuzzle(of: team)?.title ?? "Finished"
                row["hints"] = team.hints.values.reduce(0, +)
                row["penalty"] = clock(team.penaltySeconds)
                row["wrong"] = team.answers.filter { !$0.correct }.count
                if let last = team.answers.last {
                    row["last"] = "\(escape.puzzle(last.puzzle)?.title ?? last.puzzle): \(last.correct ? "right" : "wrong") (\(describe(last.answer)))"
                }
            }
            if let defence = state.defence {
                row["basket"] = team.basket.compactMap { defence.defence($0)?.name }.joined(separator: ", ")
                row["agreed"] = "\(team.agreed.count) of \(team.players.count)"
                row["confirmed"] = team.confirmedRounds.contains(state.openRound)
                row["losses"] = DefenceRules.totalLoss(defence, plan: team.plan, throughRound: state.revealedRound)
                row["money"] = DefenceRules.money(in: defence, plan: team.plan, round: max(1, state.openRound))
            }
            return row
        }
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
        String(format: "%d:%02d", seconds / 60, seconds % 60)
    }
}
