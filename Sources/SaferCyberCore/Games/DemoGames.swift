import FluentKit
import Foundation

/// Finished sessions of every shipped game for the demo partnership, played out through the same
/// rules as a real game (so their results, debriefs and counts are what a real session would show).
public enum DemoGames {
    static let teamNames = ["Owls", "Foxes", "Kestrels", "Otters", "Badgers", "Hedgehogs"]

    @discardableResult
    public static func load(on db: any Database, library: ScenarioLibrary = .shipped, today: Date = Date()) async throws
        -> Bool
    {
        guard let partnership = try await Partnerships.find(on: db, slug: DemoPartnership.slug), partnership.isDemo
        else { return false }
        let partnershipID = try partnership.requireID()
        if try await GameSession.query(on: db).filter(\.$partnership.$id == partnershipID).count() > 0 { return true }
        let games = try await Event.query(on: db).filter(\.$partnership.$id == partnershipID)
            .filter(\.$kind == Event.Kind.gameSession).filter(\.$status == Event.Status.completed)
            .sort(\.$startsAt).all()
        var random = SplitMix64(seed: 66)
        let plans: [(scenario: String, title: String, teams: Int, daysAgo: Double)] = [
            ("student-account", "College induction week", 5, 50),
            ("scam-week", "Friendship club, Market Street", 3, 38),
            ("small-business", "Business breakfast", 4, 24),
            ("secondary-school", "Year 10 online safety day", 6, 12),
        ]
        for (index, plan) in plans.enumerated() {
            guard let scenario = library.scenario(plan.scenario) else { continue }
            let event = games.indices.contains(index) ? games[index] : nil
            let session = try await GameSessions.create(
                partnershipID: partnershipID, scenario: scenario, title: plan.title,
                eventID: event?.id, surveyID: nil, by: .system("demo data"), on: db)
            let start = event?.startsAt ?? today.addingTimeInterval(-plan.daysAgo * 86_400)
            try await play(session, scenario: scenario, teams: plan.teams, start: start, random: &random, on: db)
        }
        return true
    }

    static func play(
        _ session: GameSession, scenario: GameScenario, teams: Int, start: Date, random: inout SplitMix64,
        on db: any Database
    ) async throws {
        var state = GameState(scenario: scenario)
        var clock = start
        var teamNumber = 0
        func perform(_ request: GamePlay.Request, after seconds: Double) async throws {
            clock = clock.addingTimeInterval(seconds)
            guard
                let event = try? GamePlay.event(
                    for: request, in: state, at: clock,
                    newTeamID: {
                        teamNumber += 1
                        return "demo\(teamNumber)"
                    }())
            else { return }
            var after = state
            after.apply(event)
            try await GameSessions.append(
                event, sequence: after.sequence, sessionID: session.requireID(), after: after, on: db)
            state = after
        }
        for t in 0..<teams {
            try await perform(.join(teamName: teamNames[t], player: "demo-player-\(t)-a"), after: 20)
            if random.unit() < 0.4 {
                // A second phone joins with the code the first phone shows.
                let code = state.teams.last?.code ?? ""
                try await perform(.joinTeam(code: code, player: "demo-player-\(t)-b"), after: 5)
            }
        }
        try await perform(.start, after: 60)
        let teamIDs = state.teams.map(\.id)
        switch scenario {
        case .escape(let escape):
            // Teams take turns; each is a little more or less able, so some finish and some run out of time.
            let skill = teamIDs.map { _ in 0.55 + random.unit() * 0.35 }
            var done = Set<String>()
            while done.count < teamIDs.count, state.remainingSeconds(at: clock) > 0 {
                for (t, id) in teamIDs.enumerated() where !done.contains(id) {
                    guard let team = state.team(id), let puzzle = state.currentPuzzle(of: team) else {
                        done.insert(id)
                        continue
                    }
                    if random.unit() < 0.15, team.hints[puzzle.id, default: 0] < puzzle.hints.count {
                        try await perform(.takeHint(team: id, puzzle: puzzle.id), after: 20)
                    }
                    let right = random.unit() < skill[t]
                    try await perform(
                        .answer(team: id, puzzle: puzzle.id, answer: right ? rightAnswer(puzzle) : wrongAnswer(puzzle)),
                        after: 30 + random.unit() * 90 / Double(teamIDs.count))
                }
            }
            try await perform(.finish, after: 60)
        case .defence(let defence):
            for round in 1...defence.rounds {
                if round > 1 { try await perform(.openRound, after: 120) }
                for id in teamIDs {
                    guard let team = state.team(id) else { continue }
                    let basket = choose(defence, plan: team.plan, round: round, random: &random)
                    try await perform(.setBasket(team: id, player: team.players[0], defences: basket), after: 60)
                    for player in team.players { try await perform(.agree(team: id, player: player), after: 10) }
                }
                try await perform(.revealRound, after: 300)
            }
        }
    }

    /// A plausible team's shopping: mostly things that counter something, within the money.
    static func choose(_ defence: DefenceScenario, plan: DefenceRules.Plan, round: Int, random: inout SplitMix64)
        -> [String]
    {
        var money = DefenceRules.money(in: defence, plan: plan, round: round)
        var basket: [String] = []
        var shop = DefenceRules.shop(defence, plan: plan, round: round).filter {
            DefenceRules.problems(buying: [$0.id], inRound: round, scenario: defence, plan: plan).isEmpty
        }
        for i in stride(from: shop.count - 1, to: 0, by: -1) { shop.swapAt(i, Int(random.next() % UInt64(i + 1))) }
        for item in shop where item.cost <= money && random.unit() < 0.45 {
            basket.append(item.id)
            money -= item.cost
        }
        return basket
    }

    static func rightAnswer(_ puzzle: EscapeScenario.Puzzle) -> EscapeRules.Answer {
        switch puzzle.kind {
        case .text: .text(puzzle.answers?.first ?? "")
        case .choice: .choice(puzzle.correct ?? 0)
        case .redFlags: .flags(puzzle.message.map { m in m.parts.indices.filter { m.parts[$0].flag == true } } ?? [])
        case .ordering: .order(Array((puzzle.items ?? []).indices))
        case .codeLock: .code(puzzle.code ?? "")
        }
    }

    static func wrongAnswer(_ puzzle: EscapeScenario.Puzzle) -> EscapeRules.Answer {
        switch puzzle.kind {
        case .text: .text("no idea")
        case .choice: .choice(((puzzle.correct ?? 0) + 1) % max(1, puzzle.options?.count ?? 1))
        case .redFlags: .flags([0, 1])
        case .ordering: .order(EscapeRules.shuffled(puzzle))
        case .codeLock: .code("0000")
        }
    }
}
