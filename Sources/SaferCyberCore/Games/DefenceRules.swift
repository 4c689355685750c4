/// The rules of the organisation-defence game, as pure functions of a scenario and a team's purchases.
///
/// - Money: `budgetPerRound` arrives at the start of every round; what is not spent carries over.
/// - A defence can be bought once. Its `requires` must have been bought in an earlier round.
/// - Step k of a chain happens in round `startRound + k`. It is stopped if any of its counters was
///   bought in that round or earlier. Once a step is stopped, the rest of its chain never happens.
/// - A step that is not stopped succeeds and does its `loss`.
/// - Players see only what the organisation would notice; the facilitator sees every step.
public enum DefenceRules {
    /// What a team bought: `rounds[0]` holds the defences bought in round 1, and so on.
    public struct Plan: Codable, Sendable, Equatable {
        public var rounds: [[String]]
        public init(rounds: [[String]] = []) { self.rounds = rounds }

        /// The round each defence was bought in.
        public var roundBought: [String: Int] {
            var bought: [String: Int] = [:]
            for (index, ids) in rounds.enumerated() { for id in ids where bought[id] == nil { bought[id] = index + 1 } }
            return bought
        }

        public func adding(_ ids: [String], inRound round: Int) -> Plan {
            var copy = self
            while copy.rounds.count < round { copy.rounds.append([]) }
            copy.rounds[round - 1] += ids
            return copy
        }
    }

    public enum StepStatus: Sendable, Equatable {
        case succeeded
        /// Stopped by these defences (all the counters the team held at that round).
        case stopped(by: [String])
        /// Never happened, because an earlier step of the chain was stopped in `round`.
        case notReached(stoppedInRound: Int)
    }

    public struct StepResult: Sendable, Equatable {
        public var chain: String
        public var step: Int
        public var round: Int
        public var status: StepStatus
        public var loss: Int
    }

    /// Something the organisation notices in a round: all the players are told.
    public struct Notice: Sendable, Equatable {
        public var round: Int
        public var text: String
        public var loss: Int
        /// Who was behind it, once the team has bought a threat assessment.
        public var attacker: String?
    }

    /// Money the team can spend in `round`, given what it bought in earlier rounds.
    public static func money(in scenario: DefenceScenario, plan: Plan, round: Int) -> Int {
        let earlier = plan.rounds.prefix(max(0, round - 1)).flatMap { $0 }
        return round * scenario.budgetPerRound - cost(of: earlier, in: scenario)
    }

    public static func cost(of ids: [String], in scenario: DefenceScenario) -> Int {
        ids.reduce(0) { $0 + (scenario.defence($1)?.cost ?? 0) }
    }

    /// Defences the team can see on the shop in `round`: not yet bought, and hidden ones only once unlocked.
    public static func shop(_ scenario: DefenceScenario, plan: Plan, round: Int) -> [DefenceScenario.Defence] {
        let bought = plan.roundBought
        return scenario.defences.filter { defence in
            if let when = bought[defence.id], when < round { return false }
            if defence.hidden == true { return requirementsMet(defence, bought: bought, round: round) }
            return true
        }
    }

    static func requirementsMet(_ defence: DefenceScenario.Defence, bought: [String: Int], round: Int) -> Bool {
        (defence.requires ?? []).allSatisfy { required in bought[required].map { $0 < round } ?? false }
    }

    /// Why buying `ids` in `round` is not allowed, in plain English; empty when it is.
    public static func problems(buying ids: [String], inRound round: Int, scenario: DefenceScenario, plan: Plan)
        -> [String]
    {
        var problems: [String] = []
        guard (1...scenario.rounds).contains(round) else {
            return ["The game has \(scenario.rounds) rounds; there is no round \(round)."]
        }
        let bought = plan.roundBought
        var seen: Set<String> = []
        for id in ids {
            guard let defence = scenario.defence(id) else {
                problems.append("There is no defence called “\(id)”.")
                continue
            }
            if !seen.insert(id).inserted {
                problems.append("\(defence.name) is listed twice.")
                continue
            }
            if bought[id] != nil {
                problems.append("You already have \(defence.name).")
                continue
            }
            if !requirementsMet(defence, bought: bought, round: round) {
                let names = (defence.requires ?? []).compactMap { scenario.defence($0)?.name }
                problems.append("\(defence.name) needs \(names.joined(separator: " and ")) bought in an earlier round.")
            }
        }
        let available = money(in: scenario, plan: plan, round: round)
        let total = cost(of: Array(seen), in: scenario)
        if total > available {
            problems.append("That costs £\(total)k but you have £\(available)k to spend this round.")
        }
        return problems
    }

    /// Every step of every chain up to and including `throughRound`.
    public static func resolve(_ scenario: DefenceScenario, plan: Plan, throughRound: Int? = nil) -> [StepResult] {
        let last = throughRound ?? scenario.rounds
        let bought = plan.roundBought
        var results: [StepResult] = []
        for chain in scenario.chains {
            var stoppedIn: Int?
            for (index, step) in chain.steps.enumerated() {
                let round = chain.startRound + index
                guard round <= last else { break }
                if let stoppedIn {
                    results.append(
                        StepResult(
                            chain: chain.id, step: index, round: round, status: .notReached(stoppedInRound: stoppedIn),
                            loss: 0))
                    continue
                }
                let stoppers = step.counters.filter { bought[$0].map { $0 <= round } ?? false }
                if stoppers.isEmpty {
                    results.append(
                        StepResult(chain: chain.id, step: index, round: round, status: .succeeded, loss: step.loss))
                } else {
                    stoppedIn = round
                    results.append(
                        StepResult(chain: chain.id, step: index, round: round, status: .stopped(by: stoppers), loss: 0))
                }
            }
        }
        return results
    }

    public static func totalLoss(_ scenario: DefenceScenario, plan: Plan, throughRound: Int? = nil) -> Int {
        resolve(scenario, plan: plan, throughRound: throughRound).reduce(0) { $0 + $1.loss }
    }

    /// What players are told in `round`: only the effects the organisation would notice.
    public static func notices(_ scenario: DefenceScenario, plan: Plan, round: Int) -> [Notice] {
        let bought = plan.roundBought
        let knowsAttackers = scenario.defences.contains {
            $0.revealsAttackers == true && (bought[$0.id].map { $0 <= round } ?? false)
        }
        return resolve(scenario, plan: plan, throughRound: round).filter { $0.round == round }.compactMap { result in
            guard let chain = scenario.chains.first(where: { $0.id == result.chain }) else { return nil }
            let step = chain.steps[result.step]
            let who = knowsAttackers ? scenario.attacker(chain.attacker)?.name : nil
            switch result.status {
            case .succeeded:
                return step.noticed.map { Notice(round: round, text: $0, loss: result.loss, attacker: who) }
            case .stopped:
                return step.noticedWhenStopped.map { Notice(round: round, text: $0, loss: 0, attacker: who) }
            case .notReached:
                return nil
            }
        }
    }

    /// The priorities profile: a defence bought in round r scores (rounds + 1 − r) in its category,
    /// so what a team buys first weighs most.
    public static func priorities(_ scenario: DefenceScenario, plan: Plan) -> [DefenceScenario.DefenceCategory: Int] {
        var scores: [DefenceScenario.DefenceCategory: Int] = [:]
        for category in DefenceScenario.DefenceCategory.allCases { scores[category] = 0 }
        for (id, round) in plan.roundBought {
            guard let defence = scenario.defence(id) else { continue }
            scores[defence.category, default: 0] += scenario.rounds + 1 - round
        }
        return scores
    }
}
