import Foundation

/// Everything about a running game session, rebuilt by folding its events in order.
/// Pure: no clocks are read here — callers pass `now`.
public struct GameState: Sendable {
    public enum Status: String, Codable, Sendable {
        case lobby, running, paused, finished
    }

    public struct AnswerRecord: Sendable, Equatable {
        public var puzzle: String
        public var answer: EscapeRules.Answer
        public var correct: Bool
        public var atSecond: Int
    }

    public struct Team: Sendable, Equatable {
        public var id: String
        public var name: String
        /// What a team-mate types to join (issue 20, case 7); "" for teams from logs written before codes.
        public var code: String = ""
        public var players: [String] = []
        /// Started once the game was under way: one free try at each puzzle instead of two (`GamePlay`).
        public var startedLate = false
        // Escape room
        /// Puzzle id → the game second it was solved.
        public var solved: [String: Int] = [:]
        public var hints: [String: Int] = [:]
        public var penaltySeconds = 0
        public var answers: [AnswerRecord] = []
        // Organisation defence
        public var plan = DefenceRules.Plan()
        public var basket: [String] = []
        public var agreed: Set<String> = []
        public var confirmedRounds: Set<Int> = []
    }

    public struct Message: Sendable, Equatable {
        public var team: String?
        public var text: String
        public var isHint: Bool
        public var atSecond: Int
    }

    public let scenario: GameScenario
    public private(set) var status: Status = .lobby
    public private(set) var startedAt: Date?
    public private(set) var pausedAt: Date?
    public private(set) var pausedSeconds: Double = 0
    public private(set) var extraSeconds = 0
    public private(set) var finishedAt: Date?
    public private(set) var teams: [Team] = []
    public private(set) var messages: [Message] = []
    /// The facilitator has closed the teams: no new teams, and no one joins a team.
    public private(set) var teamsLocked = false
    /// Organisation defence: the round teams are choosing in (0 before the first), and the last one revealed.
    public private(set) var openRound = 0
    public private(set) var revealedRound = 0
    /// How many events have been folded in.
    public private(set) var sequence = 0

    public init(scenario: GameScenario) { self.scenario = scenario }

    public func team(_ id: String) -> Team? { teams.first { $0.id == id } }
    public func team(ofPlayer player: String) -> Team? { teams.first { $0.players.contains(player) } }
    public func team(code: String) -> Team? {
        let code = GamePlay.normalisedTeamCode(code)
        guard !code.isEmpty else { return nil }
        return teams.first { $0.code == code }
    }

    // MARK: Clock

    public var limitSeconds: Int { scenario.minutes * 60 + extraSeconds }

    /// Seconds of play so far: the clock stops while paused and when the game is finished.
    public func elapsedSeconds(at now: Date) -> Int {
        guard let startedAt else { return 0 }
        let end = finishedAt ?? pausedAt ?? now
        return max(0, Int(end.timeIntervalSince(startedAt) - pausedSeconds))
    }

    public func remainingSeconds(at now: Date) -> Int { max(0, limitSeconds - elapsedSeconds(at: now)) }

    // MARK: Escape room

    public var escape: EscapeScenario? { if case .escape(let s) = scenario { s } else { nil } }
    public var defence: DefenceScenario? { if case .defence(let s) = scenario { s } else { nil } }

    /// The puzzle a team is on: the first one it has not solved, in playing order.
    public func currentPuzzle(of team: Team) -> EscapeScenario.Puzzle? {
        escape?.firstPuzzle { team.solved[$0.id] == nil }
    }

    public func hasFinished(_ team: Team) -> Bool {
        guard let escape else { return false }
        return team.solved.count == escape.puzzleCount
    }

    /// The team's time for the leaderboard: when it solved its last puzzle, plus hint penalties.
    public func score(of team: Team, at now: Date) -> (solved: Int, seconds: Int) {
        let last = hasFinished(team) ? (team.solved.values.max() ?? 0) : elapsedSeconds(at: now)
        return (team.solved.count, last + team.penaltySeconds)
    }

    public struct Standing: Sendable, Equatable {
        public var team: String
        public var name: String
        public var solved: Int
        public var seconds: Int
        public var finished: Bool
        /// Organisation defence: losses so far (revealed rounds only).
        public var losses: Int
    }

    public func standing(of team: Team, at now: Date) -> Standing {
        let score = score(of: team, at: now)
        let losses = defence.map { DefenceRules.totalLoss($0, plan: team.plan, throughRound: revealedRound) } ?? 0
        return Standing(
            team: team.id, name: team.name, solved: score.solved, seconds: score.seconds, finished: hasFinished(team),
            losses: losses)
    }

    /// Escape room: most puzzles solved, then the shortest time. Defence: the smallest losses.
    /// (game.js sorts single-team updates the same way.)
    public func leaderboard(at now: Date) -> [Standing] {
        let standings = teams.map { standing(of: $0, at: now) }
        if defence != nil {
            return standings.sorted { ($0.losses, $0.name) < ($1.losses, $1.name) }
        }
        return standings.sorted { ($1.solved, $0.seconds, $0.name) < ($0.solved, $1.seconds, $1.name) }
    }

    // MARK: Folding events

    public mutating func apply(_ event: GameEvent) {
        sequence += 1
        let second = elapsedSeconds(at: event.at)
        switch event.kind {
        case .started:
            guard status == .lobby else { return }
            status = .running
            startedAt = event.at
            if defence != nil { openRound = 1 }
        case .paused:
            guard status == .running else { return }
            status = .paused
            pausedAt = event.at
        case .resumed:
            guard status == .paused, let pausedAt else { return }
            pausedSeconds += event.at.timeIntervalSince(pausedAt)
            self.pausedAt = nil
            status = .running
        case .extended:
            extraSeconds += event.seconds ?? 0
        case .finished:
            guard status != .finished else { return }
            if let pausedAt {
                pausedSeconds += event.at.timeIntervalSince(pausedAt)
                self.pausedAt = nil
            }
            if startedAt == nil { startedAt = event.at }
            status = .finished
            finishedAt = event.at
        case .message, .hintPushed:
            messages.append(
                Message(team: event.team, text: event.text ?? "", isHint: event.kind == .hintPushed, atSecond: second))
        case .teamJoined:
            guard let id = event.team, team(id) == nil else { return }
            // A device starting a new team leaves the one it was in (it plays for one team at a time).
            if let player = event.player { leave(player) }
            teams.append(
                Team(id: id, name: event.name ?? "Team", code: event.code ?? "", startedLate: status != .lobby))
            if let player = event.player { updateTeam(id) { $0.players.append(player) } }
        case .playerJoined:
            guard let id = event.team, let player = event.player else { return }
            leave(player)
            updateTeam(id) { $0.players.append(player) }
        case .teamsLocked:
            teamsLocked = true
        case .teamsUnlocked:
            teamsLocked = false
        case .answered:
            guard let id = event.team, let puzzleID = event.puzzle, let answer = event.answer,
                let puzzle = escape?.puzzle(puzzleID)
            else { return }
            let correct = EscapeRules.check(puzzle, answer: answer).correct
            updateTeam(id) { team in
                team.answers.append(AnswerRecord(puzzle: puzzleID, answer: answer, correct: correct, atSecond: second))
                if correct, team.solved[puzzleID] == nil { team.solved[puzzleID] = second }
            }
        case .hintTaken:
            guard let id = event.team, let puzzleID = event.puzzle, let puzzle = escape?.puzzle(puzzleID) else {
                return
            }
            updateTeam(id) { team in
                let taken = team.hints[puzzleID, default: 0]
                guard taken < puzzle.hints.count else { return }
                team.hints[puzzleID] = taken + 1
                team.penaltySeconds += puzzle.hints[taken].costSeconds
            }
        case .basketChanged:
            guard let id = event.team else { return }
            // A changed choice needs everyone's agreement again.
            updateTeam(id) { team in
                team.basket = event.defences ?? []
                team.agreed = []
            }
        case .agreed:
            guard let id = event.team, let player = event.player else { return }
            updateTeam(id) { $0.agreed.insert(player) }
            confirmIfAgreed(id, round: event.round)
        case .confirmedForTeam:
            guard let id = event.team else { return }
            confirm(id, round: event.round ?? openRound)
        case .roundOpened:
            guard let round = event.round, round == revealedRound + 1 else { return }
            openRound = round
        case .roundRevealed:
            guard let round = event.round, round == openRound, round > revealedRound else { return }
            revealedRound = round
            for index in teams.indices {
                teams[index].basket = []
                teams[index].agreed = []
            }
            if let defence, round >= defence.rounds {
                status = .finished
                finishedAt = event.at
            }
        }
    }

    /// Takes a device out of its team (it plays for one team at a time). An empty team stays: old event logs replay
    /// the same, and a team-mate may join it by its code.
    private mutating func leave(_ player: String) {
        for index in teams.indices { teams[index].players.removeAll { $0 == player } }
    }

    private mutating func updateTeam(_ id: String, _ change: (inout Team) -> Void) {
        guard let index = teams.firstIndex(where: { $0.id == id }) else { return }
        change(&teams[index])
    }

    /// Purchases happen when every player of the team agrees with the basket as it stands.
    private mutating func confirmIfAgreed(_ id: String, round: Int?) {
        guard let team = team(id), !team.players.isEmpty, Set(team.players).isSubset(of: team.agreed) else { return }
        confirm(id, round: round ?? openRound)
    }

    private mutating func confirm(_ id: String, round: Int) {
        guard round == openRound, round > revealedRound else { return }
        updateTeam(id) { team in
            guard !team.confirmedRounds.contains(round) else { return }
            team.plan = team.plan.adding(team.basket, inRound: round)
            team.confirmedRounds.insert(round)
            team.basket = []
            team.agreed = []
        }
    }
}
