import Foundation
import SaferCyberCore
import SaferCyberViews

/// Turns a game's state into what one player's page shows.
enum PlayModel {
    /// `typed`, `typedCode`: what the player typed into the join forms (a new team's name, or a team code), shown
    /// again with a refusal, which is shown beside the field that was used.
    static func build(
        game: LiveGame, state: GameState, player: String, answered: Int?, error: String?, surveyAddress: String?,
        typed: String = "", typedCode: String? = nil
    ) -> PlayPage.Model {
        let now = Date()
        let team = state.team(ofPlayer: player)
        let messages = state.messages.filter { $0.team == nil || $0.team == team?.id }.map {
            PlayPage.Message(text: $0.text, isHint: $0.isHint)
        }
        var model = PlayPage.Model(
            code: game.code, title: game.title, screen: .lobby(team: ""), messages: messages,
            remaining: state.escape == nil || state.status == .lobby ? nil : state.remainingSeconds(at: now),
            running: state.status == .running, sequence: state.sequence)
        guard let team else {
            let field = typedCode == nil ? "team" : "teamCode"
            model.screen = .join(
                PlayPage.Join(
                    lockedMessage: state.teamsLocked && state.status != .finished ? GamePlay.lockedMessage : nil,
                    name: typed, teamCode: typedCode ?? "", error: error.map { FormError(field: field, message: $0) }))
            return model
        }
        if state.status != .finished { model.teamCode = team.code }
        switch state.status {
        case .lobby:
            model.screen = .lobby(team: team.name)
        case .paused:
            model.screen = .paused(team: team.name)
        case .finished:
            model.screen = .finished(finished(team, state: state, surveyAddress: surveyAddress, answered: answered))
        case .running:
            if let escape = state.escape {
                if state.hasFinished(team) || state.remainingSeconds(at: now) == 0 {
                    model.screen = .finished(
                        finished(team, state: state, surveyAddress: surveyAddress, answered: answered))
                } else {
                    model.screen = .escape(
                        escapeScreen(escape, team: team, state: state, answered: answered, error: error))
                }
            } else if let defence = state.defence {
                model.screen = .defence(defenceScreen(defence, team: team, state: state, player: player, error: error))
            }
        }
        return model
    }

    static func escapeScreen(
        _ escape: EscapeScenario, team: GameState.Team, state: GameState, answered: Int?, error: String?
    ) -> PlayPage.Escape {
        let current = state.currentPuzzle(of: team)!
        let room = escape.rooms.first { $0.puzzles.contains { $0.id == current.id } }!
        var verdict: PlayPage.Verdict?
        if let answered, team.answers.indices.contains(answered),
            let puzzle = escape.puzzle(team.answers[answered].puzzle)
        {
            let record = team.answers[answered]
            let judged = EscapeRules.check(puzzle, answer: record.answer)
            verdict = PlayPage.Verdict(
                puzzleTitle: puzzle.title, correct: judged.correct, explanation: judged.explanation,
                details: judged.details)
        }
        var puzzle = PlayPage.Puzzle(
            id: current.id, kind: current.kind.rawValue, title: current.title, prompt: current.prompt)
        puzzle.options = current.options ?? []
        if let message = current.message {
            puzzle.messageKind = message.kind.rawValue
            puzzle.from = message.from
            puzzle.subject = message.subject
            puzzle.parts = message.parts.map(\.text)
        }
        if let items = current.items {
            puzzle.items = EscapeRules.shuffled(current).map { (index: $0, text: items[$0]) }
        }
        let taken = team.hints[current.id, default: 0]
        let number = (escape.puzzles.firstIndex { $0.id == current.id } ?? 0) + 1
        return PlayPage.Escape(
            team: team.name, roomTitle: room.title, roomStory: room.story,
            progress: "Puzzle \(number) of \(escape.puzzles.count)", puzzle: puzzle, verdict: verdict,
            hintsTaken: current.hints.prefix(taken).map(\.text),
            nextHintCost: taken < current.hints.count ? current.hints[taken].costSeconds : nil, error: error)
    }

    static func defenceScreen(
        _ defence: DefenceScenario, team: GameState.Team, state: GameState, player: String, error: String?
    ) -> PlayPage.Defence {
        let round = state.openRound
        let choosing = round > state.revealedRound && !team.confirmedRounds.contains(round)
        let shop = DefenceRules.shop(defence, plan: team.plan, round: max(1, round)).map { item in
            PlayPage.Defence.Item(
                id: item.id, name: item.name, category: item.category.label, cost: item.cost,
                description: item.description,
                chosen: team.basket.contains(item.id))
        }
        let owned = team.plan.rounds.flatMap { $0 }.compactMap { defence.defence($0)?.name }
        var notices: [PlayPage.Defence.Notice] = []
        if state.revealedRound > 0 {
            for r in 1...state.revealedRound {
                notices += DefenceRules.notices(defence, plan: team.plan, round: r).map {
                    PlayPage.Defence.Notice(round: $0.round, text: $0.text, loss: $0.loss, attacker: $0.attacker)
                }
            }
        }
        var screen = PlayPage.Defence(
            team: team.name, organisation: defence.organisation.name, story: defence.organisation.story,
            round: round, rounds: defence.rounds, choosing: choosing,
            money: DefenceRules.money(in: defence, plan: team.plan, round: max(1, round)),
            shop: shop, owned: owned, agreed: team.agreed.count, players: team.players.count,
            youAgreed: team.agreed.contains(player), notices: notices.reversed(), error: error)
        if !choosing {
            screen.waiting =
                round > state.revealedRound
                ? "Your team has made its choice for round \(round). Wait for your facilitator to reveal what happened."
                : "Round \(state.revealedRound) is over. Talk about what you noticed while you wait for the next round."
        }
        return screen
    }

    static func finished(_ team: GameState.Team, state: GameState, surveyAddress: String?, answered: Int?)
        -> PlayPage.Finished
    {
        switch state.scenario {
        case .escape(let escape):
            let score = state.score(of: team, at: Date())
            let place = (state.leaderboard(at: Date()).firstIndex { $0.team == team.id } ?? 0) + 1
            var finished = PlayPage.Finished(
                team: team.name,
                summary: [
                    "You solved \(score.solved) of \(escape.puzzles.count) puzzles.",
                    "Your time: \(LiveGameJSON.clock(score.seconds)), including \(LiveGameJSON.clock(team.penaltySeconds)) added for hints.",
                    "Your place: \(place) of \(state.teams.count).",
                ], keyMessages: escape.debrief.keyMessages, report: escape.debrief.report, surveyURL: surveyAddress)
            if let answered, team.answers.indices.contains(answered), team.answers[answered].correct,
                let puzzle = escape.puzzle(team.answers[answered].puzzle)
            {
                finished.verdict = PlayPage.Verdict(
                    puzzleTitle: puzzle.title, correct: true, explanation: puzzle.right, details: [])
            }
            return finished
        case .defence(let defence):
            let losses = DefenceRules.totalLoss(defence, plan: team.plan, throughRound: state.revealedRound)
            let notices =
                state.revealedRound == 0
                ? [] : (1...state.revealedRound).flatMap { DefenceRules.notices(defence, plan: team.plan, round: $0) }
            let noticed = notices.reduce(0) { $0 + $1.loss }
            var finished = PlayPage.Finished(
                team: team.name,
                summary: [
                    "You noticed losses of £\(noticed)k during the game.",
                    "Your total losses, including attacks you never noticed: £\(losses)k.",
                    "You bought \(team.plan.rounds.flatMap { $0 }.count) defences. Your facilitator will go through what happened.",
                ], keyMessages: defence.debrief.keyMessages, report: defence.debrief.report, surveyURL: surveyAddress)
            finished.noticed = notices.map {
                "Round \($0.round): \($0.text)" + ($0.loss > 0 ? " Cost: £\($0.loss)k." : "")
            }
            return finished
        }
    }

    static func achievement(_ team: GameState.Team, in state: GameState) -> String {
        switch state.scenario {
        case .escape(let escape):
            let score = state.score(of: team, at: Date())
            return score.solved == escape.puzzles.count
                ? "The team solved all \(escape.puzzles.count) puzzles in \(LiveGameJSON.clock(score.seconds))."
                : "The team solved \(score.solved) of \(escape.puzzles.count) puzzles."
        case .defence(let defence):
            return "The team defended \(defence.organisation.name) for \(state.revealedRound) rounds."
        }
    }

    /// Reads a puzzle's answer from the form, or nil when nothing was given.
    static func answer(to puzzle: EscapeScenario.Puzzle, from form: FormPairs) -> EscapeRules.Answer? {
        switch puzzle.kind {
        case .text:
            let text = form.first("answer") ?? ""
            return text.trimmingCharacters(in: .whitespaces).isEmpty ? nil : .text(String(text.prefix(200)))
        case .codeLock:
            let text = form.first("answer") ?? ""
            return text.trimmingCharacters(in: .whitespaces).isEmpty ? nil : .code(String(text.prefix(40)))
        case .choice:
            return form.first("answer").flatMap(Int.init).map { .choice($0) }
        case .redFlags:
            let flags = form.all("flags").compactMap(Int.init)
            return flags.isEmpty ? nil : .flags(Array(Set(flags)).sorted())
        case .ordering:
            // place-{item index} = the place (1 = top) the team gave that item.
            let count = puzzle.items?.count ?? 0
            var placed: [(place: Int, item: Int)] = []
            for item in 0..<count {
                guard let place = form.first("place-\(item)").flatMap(Int.init) else { return nil }
                placed.append((place, item))
            }
            return .order(placed.sorted { ($0.place, $0.item) < ($1.place, $1.item) }.map(\.item))
        }
    }

    static func missingAnswerMessage(_ puzzle: EscapeScenario.Puzzle) -> String {
        switch puzzle.kind {
        case .text: "Type your team's answer"
        case .codeLock: "Enter the code"
        case .choice: "Choose one answer"
        case .redFlags: "Tick at least one part of the message"
        case .ordering: "Give every item a place"
        }
    }
}
