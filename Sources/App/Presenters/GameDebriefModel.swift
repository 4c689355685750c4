import Foundation
import SaferCyberCore
import SaferCyberViews

/// The debrief: results per team, and for the defence game everything that happened, as the facilitator sees it.
enum GameDebriefModel {
    static func build(session: GameSession, state: GameState, slug: String) -> GameDebriefPage.Model {
        let now = Date()
        switch state.scenario {
        case .escape(let escape):
            let results = GameDebriefPage.Table(
                caption: "Results",
                columns: ["Place", "Team", "Puzzles solved", "Time (with hints)", "Hints", "Wrong answers"],
                rows: state.leaderboard(at: now).enumerated().map { index, standing in
                    let team = state.team(standing.team)!
                    return [
                        "\(index + 1)", standing.name, "\(standing.solved) of \(escape.puzzles.count)",
                        LiveGameJSON.clock(standing.seconds),
                        "\(team.hints.values.reduce(0, +))", "\(team.answers.filter { !$0.correct }.count)",
                    ]
                })
            let puzzles = GameDebriefPage.Table(
                caption: "Puzzles: where teams found it hard",
                columns: ["Puzzle", "Teams that solved it", "Wrong answers", "Hints taken"],
                rows: escape.puzzles.map { p in
                    [
                        "\(p.title) (\(p.kind.rawValue))",
                        "\(state.teams.filter { $0.solved[p.id] != nil }.count) of \(state.teams.count)",
                        "\(state.teams.reduce(0) { $0 + $1.answers.filter { $0.puzzle == p.id && !$0.correct }.count })",
                        "\(state.teams.reduce(0) { $0 + $1.hints[p.id, default: 0] })",
                    ]
                })
            return GameDebriefPage.Model(
                slug: slug, id: session.id!.uuidString, title: session.title,
                sections: [.init(heading: "Results", tables: [results, puzzles])],
                keyMessages: escape.debrief.keyMessages, report: escape.debrief.report)
        case .defence(let defence):
            var sections: [GameDebriefPage.Section] = []
            let through = state.revealedRound
            sections.append(
                .init(
                    heading: "Losses",
                    paragraphs: through < defence.rounds
                        ? ["Rounds revealed so far: \(through) of \(defence.rounds)."] : [],
                    tables: [
                        .init(
                            caption: "Losses by team (£k), including attacks the team never noticed",
                            columns: ["Team", "Noticed", "Unnoticed", "Total"],
                            rows: state.teams.map { team in
                                let total = DefenceRules.totalLoss(defence, plan: team.plan, throughRound: through)
                                let noticed =
                                    through == 0
                                    ? 0
                                    : (1...through).flatMap {
                                        DefenceRules.notices(defence, plan: team.plan, round: $0)
                                    }.reduce(0) { $0 + $1.loss }
                                return [team.name, "\(noticed)", "\(total - noticed)", "\(total)"]
                            })
                    ]))
            for team in state.teams {
                sections.append(teamSection(team.name, plan: team.plan, defence: defence, through: through))
            }
            let best = DefenceRules.bestPlan(defence)
            var bestSection = teamSection(
                "The best possible plan", plan: best.plan, defence: defence, through: defence.rounds)
            bestSection.paragraphs.insert(
                "For comparison: the purchases that lose least, found by trying every useful combination. It loses £\(best.loss)k and spends £\(best.cost)k.",
                at: 0)
            sections.append(bestSection)
            return GameDebriefPage.Model(
                slug: slug, id: session.id!.uuidString, title: session.title, sections: sections,
                keyMessages: defence.debrief.keyMessages, report: defence.debrief.report)
        }
    }

    /// One plan: what was bought when, the priorities profile, and per chain and round what happened.
    static func teamSection(_ name: String, plan: DefenceRules.Plan, defence: DefenceScenario, through: Int)
        -> GameDebriefPage.Section
    {
        let bought = plan.rounds.enumerated().map { index, ids in
            "Round \(index + 1): "
                + (ids.isEmpty ? "nothing" : ids.compactMap { defence.defence($0)?.name }.joined(separator: ", "))
        }
        let profile = DefenceRules.priorities(defence, plan: plan)
        let priorities = GameDebriefPage.Table(
            caption: "\(name): priorities profile (a defence bought in round r scores \(defence.rounds + 1) − r)",
            columns: ["Category", "Score"],
            rows: DefenceScenario.DefenceCategory.allCases.map { [$0.label, "\(profile[$0] ?? 0)"] })
        let results = DefenceRules.resolve(defence, plan: plan, throughRound: through)
        let rows: [[String]] = results.map { result in
            let chain = defence.chains.first { $0.id == result.chain }!
            let step = chain.steps[result.step]
            let outcome: String =
                switch result.status {
                case .succeeded: "Succeeded, £\(result.loss)k" + (step.noticed == nil ? " (not noticed)" : " (noticed)")
                case .stopped(let by):
                    "Stopped by " + by.compactMap { defence.defence($0)?.name }.joined(separator: " and ")
                case .notReached: "Did not happen: the chain was stopped earlier"
                }
            return [
                chain.name, defence.attacker(chain.attacker)?.name ?? chain.attacker, "\(result.round)",
                step.description, outcome,
            ]
        }
        return GameDebriefPage.Section(
            heading: name, paragraphs: bought,
            tables: [
                priorities,
                .init(
                    caption: "\(name): each attack chain, round by round",
                    columns: ["Chain", "Attacker", "Round", "What happened", "Outcome"], rows: rows),
            ])
    }
}
