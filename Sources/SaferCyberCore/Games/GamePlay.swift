import Foundation

/// What players and facilitators ask to do, checked against the session's state. Each allowed
/// request becomes one event; a refused one gets a plain-English reason and changes nothing.
public enum GamePlay {
    public enum Request: Sendable, Equatable {
        // Players
        /// Starts a new team with this name.
        case join(teamName: String, player: String)
        /// Joins the team whose code a team-mate's screen shows.
        case joinTeam(code: String, player: String)
        case answer(team: String, puzzle: String, answer: EscapeRules.Answer)
        case takeHint(team: String, puzzle: String)
        case setBasket(team: String, player: String, defences: [String])
        case agree(team: String, player: String)
        // Facilitator
        case start, pause, resume, finish
        case extend(minutes: Int)
        case message(team: String?, text: String)
        case pushHint(team: String)
        case openRound, revealRound
        case confirmForTeam(team: String)
        case lockTeams, unlockTeams
    }

    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public init(_ message: String) { self.message = message }
        public var description: String { message }
    }

    /// The most teams one session takes (a hall of phones, not a stadium).
    public static let maximumTeams = 60

    /// New teams one address may start once a game is under way (in the lobby a whole class shares one school
    /// address; late arrivals are few). Each late team has one free try per puzzle.
    public static let lateTeamsPerAddress = 5

    /// Team codes: five characters from an alphabet without look-alikes (no 0/O, 1/I/L), about 28.6 million codes:
    /// against a full game of 60 teams a guess hits one in 477,000 times, and an address has 30 wrong guesses an hour.
    public static let teamCodeAlphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
    public static let teamCodeLength = 5

    public static func randomTeamCode() -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<teamCodeLength).map { _ in teamCodeAlphabet.randomElement(using: &generator)! })
    }

    /// A team code as people type it: any case, spaces or dashes.
    public static func normalisedTeamCode(_ text: String) -> String {
        String(text.uppercased().filter { $0.isLetter || $0.isNumber }.prefix(12))
    }

    /// Seconds a team waits before its next answer to a puzzle, after `wrongInARow` wrong answers to it: two free
    /// tries, then 5, 10, 20, 40 and at most 60 seconds, so guessing a code by brute force takes longer than a game.
    public static func answerDelay(afterWrongInARow wrongInARow: Int) -> Int {
        guard wrongInARow >= 2 else { return 0 }
        return min(60, 5 << min(wrongInARow - 2, 4))
    }

    /// Seconds until `team` may answer its current puzzle again (0: now). A team started once the game was under way
    /// has one free try, not two, so a device that keeps starting new teams gains one quick guess per team (at most
    /// `maximumTeams` in all, and one address starts few of them: `lateTeamsPerAddress`).
    public static func secondsUntilNextAnswer(of team: GameState.Team, in state: GameState, at now: Date) -> Int {
        guard let puzzle = state.currentPuzzle(of: team), let last = team.answers.last, last.puzzle == puzzle.id
        else { return 0 }
        var wrongInARow = team.answers.reversed().prefix { $0.puzzle == puzzle.id && !$0.correct }.count
        if team.startedLate, wrongInARow > 0 { wrongInARow += 1 }
        let delay = answerDelay(afterWrongInARow: wrongInARow)
        return max(0, last.atSecond + delay - state.elapsedSeconds(at: now))
    }

    /// The event for `request`, or a refusal. `newTeamID` names a team created by this request and `newTeamCode`
    /// gives it a join code (asked again while it matches another team's).
    public static func event(
        for request: Request, in state: GameState, at now: Date, newTeamID: @autoclosure () -> String,
        newTeamCode: @autoclosure () -> String = GamePlay.randomTeamCode()
    ) throws -> GameEvent {
        switch request {
        case .join(let rawName, let player):
            guard state.status != .finished else { throw Refusal("This game has finished.") }
            guard !state.teamsLocked else { throw Refusal(lockedMessage) }
            let name = TeamNames.tidy(rawName)
            if let problem = TeamNames.problem(name) { throw Refusal(problem) }
            if state.teams.contains(where: { $0.name.caseInsensitiveCompare(name) == .orderedSame }) {
                throw Refusal(
                    "A team called \(name) is already playing. To join it, enter its team code: it is on your "
                        + "team-mates' screens. To start a new team, choose another name.")
            }
            guard state.teams.count < maximumTeams else {
                throw Refusal("This game already has \(maximumTeams) teams. Join one of them with its team code.")
            }
            var code = newTeamCode()
            for _ in 0..<20 where state.team(code: code) != nil { code = newTeamCode() }
            guard state.team(code: code) == nil else { throw Refusal("Try again in a moment.") }
            return GameEvent(.teamJoined, at: now, team: newTeamID(), player: player, name: name, code: code)

        case .joinTeam(let code, let player):
            guard state.status != .finished else { throw Refusal("This game has finished.") }
            guard !state.teamsLocked else { throw Refusal(lockedMessage) }
            guard !normalisedTeamCode(code).isEmpty else {
                throw Refusal("Enter your team's code: a team-mate's screen shows it.")
            }
            guard let team = state.team(code: code) else { throw Refusal(unknownTeamCode) }
            return GameEvent(.playerJoined, at: now, team: team.id, player: player)

        case .answer(let teamID, let puzzleID, let answer):
            let team = try playing(teamID, in: state, at: now)
            guard let puzzle = state.currentPuzzle(of: team) else {
                throw Refusal("Your team has solved every puzzle.")
            }
            guard puzzle.id == puzzleID else { throw Refusal("Your team has already moved on from that puzzle.") }
            let wait = secondsUntilNextAnswer(of: team, in: state, at: now)
            guard wait == 0 else {
                throw Refusal(
                    "Wrong answers slow your team down: wait \(wait) second\(wait == 1 ? "" : "s") before the next "
                        + "try. Take a hint if you are stuck.")
            }
            return GameEvent(.answered, at: now, team: teamID, puzzle: puzzleID, answer: answer)

        case .takeHint(let teamID, let puzzleID):
            let team = try playing(teamID, in: state, at: now)
            guard let puzzle = state.currentPuzzle(of: team), puzzle.id == puzzleID else {
                throw Refusal("Your team has already moved on from that puzzle.")
            }
            guard team.hints[puzzleID, default: 0] < puzzle.hints.count else {
                throw Refusal("There are no more hints for this puzzle.")
            }
            return GameEvent(.hintTaken, at: now, team: teamID, puzzle: puzzleID)

        case .setBasket(let teamID, let player, let defences):
            let (team, scenario) = try choosing(teamID, in: state)
            let problems = DefenceRules.problems(
                buying: defences, inRound: state.openRound, scenario: scenario, plan: team.plan)
            guard problems.isEmpty else { throw Refusal(problems.joined(separator: " ")) }
            return GameEvent(
                .basketChanged, at: now, team: teamID, player: player, defences: defences, round: state.openRound)

        case .agree(let teamID, let player):
            let (team, _) = try choosing(teamID, in: state)
            guard team.players.contains(player) else { throw Refusal("Join the team before agreeing.") }
            return GameEvent(.agreed, at: now, team: teamID, player: player, round: state.openRound)

        case .start:
            guard state.status == .lobby else { throw Refusal("The game has already started.") }
            return GameEvent(.started, at: now)
        case .pause:
            guard state.status == .running else { throw Refusal("Only a running game can be paused.") }
            return GameEvent(.paused, at: now)
        case .resume:
            guard state.status == .paused else { throw Refusal("The game is not paused.") }
            return GameEvent(.resumed, at: now)
        case .finish:
            guard state.status != .finished else { throw Refusal("The game has already finished.") }
            return GameEvent(.finished, at: now)
        case .extend(let minutes):
            guard state.escape != nil else { throw Refusal("Only escape rooms have a timer to extend.") }
            guard (1...30).contains(minutes) else { throw Refusal("Extend by 1 to 30 minutes.") }
            guard state.status != .finished else { throw Refusal("The game has already finished.") }
            return GameEvent(.extended, at: now, seconds: minutes * 60)
        case .message(let teamID, let rawText):
            let text = rawText.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { throw Refusal("Write the message to send.") }
            guard text.count <= 300 else { throw Refusal("Keep messages to 300 characters or fewer.") }
            if let teamID, state.team(teamID) == nil { throw Refusal("That team is not in this game.") }
            return GameEvent(.message, at: now, team: teamID, text: text)
        case .pushHint(let teamID):
            guard let team = state.team(teamID) else { throw Refusal("That team is not in this game.") }
            guard let puzzle = state.currentPuzzle(of: team) else {
                throw Refusal("That team has solved every puzzle.")
            }
            // A pushed hint is free: the facilitator chose to help.
            let index = min(team.hints[puzzle.id, default: 0], puzzle.hints.count - 1)
            guard index >= 0 else { throw Refusal("This puzzle has no hints; send a message instead.") }
            return GameEvent(.hintPushed, at: now, team: teamID, puzzle: puzzle.id, text: puzzle.hints[index].text)
        case .openRound:
            guard let scenario = state.defence else { throw Refusal("Only organisation-defence games have rounds.") }
            guard state.status == .running || state.status == .paused else { throw Refusal("Start the game first.") }
            guard state.openRound == state.revealedRound else {
                throw Refusal("Reveal round \(state.openRound) before opening the next.")
            }
            guard state.revealedRound < scenario.rounds else {
                throw Refusal("All \(scenario.rounds) rounds have been played.")
            }
            return GameEvent(.roundOpened, at: now, round: state.revealedRound + 1)
        case .revealRound:
            guard state.defence != nil else { throw Refusal("Only organisation-defence games have rounds.") }
            guard state.openRound > state.revealedRound else { throw Refusal("Open the next round first.") }
            return GameEvent(.roundRevealed, at: now, round: state.openRound)
        case .confirmForTeam(let teamID):
            _ = try choosing(teamID, in: state)
            return GameEvent(.confirmedForTeam, at: now, team: teamID, round: state.openRound)
        case .lockTeams:
            guard state.status != .finished else { throw Refusal("The game has already finished.") }
            guard !state.teamsLocked else { throw Refusal("The teams are already closed.") }
            return GameEvent(.teamsLocked, at: now)
        case .unlockTeams:
            guard state.teamsLocked else { throw Refusal("The teams are open.") }
            return GameEvent(.teamsUnlocked, at: now)
        }
    }

    public static let lockedMessage =
        "The facilitator has closed the teams, so no one can join now. Ask the facilitator if you need to."
    public static let unknownTeamCode =
        "No team in this game has that code. Check it on a team-mate's screen: five letters and numbers."

    static func playing(_ teamID: String, in state: GameState, at now: Date) throws -> GameState.Team {
        guard let team = state.team(teamID) else {
            throw Refusal("Your team is not in this game. Join again with the game code.")
        }
        switch state.status {
        case .lobby: throw Refusal("The game has not started yet. Wait for your facilitator.")
        case .paused: throw Refusal("The game is paused.")
        case .finished: throw Refusal("The game has finished.")
        case .running: break
        }
        if state.escape != nil, state.remainingSeconds(at: now) == 0 { throw Refusal("Time is up.") }
        return team
    }

    static func choosing(_ teamID: String, in state: GameState) throws -> (GameState.Team, DefenceScenario) {
        guard let scenario = state.defence else { throw Refusal("This game has no purchases.") }
        guard let team = state.team(teamID) else {
            throw Refusal("Your team is not in this game. Join again with the game code.")
        }
        guard state.status == .running else {
            throw Refusal(state.status == .paused ? "The game is paused." : "The game is not running.")
        }
        guard state.openRound > state.revealedRound else {
            throw Refusal("Wait for the facilitator to open the next round.")
        }
        guard !team.confirmedRounds.contains(state.openRound) else {
            throw Refusal("Your team has already bought for round \(state.openRound).")
        }
        return (team, scenario)
    }
}
