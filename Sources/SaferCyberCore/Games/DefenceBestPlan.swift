extension DefenceRules {
    public struct BestPlan: Sendable, Equatable {
        public var plan: Plan
        public var loss: Int
        public var cost: Int
    }

    /// The purchases that lose least, for the debrief's comparison (ties: the cheaper plan).
    ///
    /// A search over rounds whose state is (defences held, chains already stopped), because what
    /// happens later depends on nothing else. Two facts keep it small: a defence that only counters
    /// steps in later rounds loses nothing by waiting (money carries over), so in each round only
    /// defences that counter a step of that round — or that others require — are worth trying.
    public static func bestPlan(_ scenario: DefenceScenario) -> BestPlan {
        let defences = scenario.defences
        precondition(
            defences.count <= 64 && scenario.chains.count <= 64, "the search packs defences and chains into 64-bit sets"
        )
        let index = Dictionary(uniqueKeysWithValues: defences.enumerated().map { ($1.id, $0) })
        let costs = defences.map(\.cost)
        let requires = defences.map { ($0.requires ?? []).reduce(UInt64(0)) { mask, id in mask | bit(index[id]) } }
        let prerequisites = requires.reduce(UInt64(0), |)
        // counters[c][round] = the defences that stop chain c's step in that round (nil: no step then).
        let counters: [[Int: UInt64]] = scenario.chains.map { chain in
            var byRound: [Int: UInt64] = [:]
            for (k, step) in chain.steps.enumerated() {
                byRound[chain.startRound + k] = step.counters.reduce(UInt64(0)) { $0 | bit(index[$1]) }
            }
            return byRound
        }
        let losses: [[Int: Int]] = scenario.chains.map { chain in
            Dictionary(
                uniqueKeysWithValues: chain.steps.enumerated().map { (chain.startRound + $0.offset, $0.element.loss) })
        }

        struct State: Hashable {
            var held: UInt64
            var stopped: UInt64
        }
        struct Reached {
            var loss: Int
            var cost: Int
            var from: State
            var bought: UInt64
        }
        var layers: [[State: Reached]] = []
        var current: [State: Reached] = [
            State(held: 0, stopped: 0): Reached(loss: 0, cost: 0, from: State(held: 0, stopped: 0), bought: 0)
        ]

        for round in 1...scenario.rounds {
            var next: [State: Reached] = [:]
            for (state, reached) in current {
                var useful = prerequisites
                for (c, byRound) in counters.enumerated() where state.stopped & bit(c) == 0 {
                    useful |= byRound[round] ?? 0
                }
                let candidates = (0..<defences.count).filter { i in
                    state.held & bit(i) == 0 && useful & bit(i) != 0 && requires[i] & ~state.held == 0
                }
                let money = round * scenario.budgetPerRound - reached.cost
                forEachAffordableSubset(candidates, costs: costs, money: money) { bought, spent in
                    let held = state.held | bought
                    var stopped = state.stopped
                    var loss = reached.loss
                    for (c, byRound) in counters.enumerated() where stopped & bit(c) == 0 {
                        guard let stoppers = byRound[round] else { continue }
                        if stoppers & held != 0 { stopped |= bit(c) } else { loss += losses[c][round] ?? 0 }
                    }
                    let key = State(held: held, stopped: stopped)
                    let candidate = Reached(loss: loss, cost: reached.cost + spent, from: state, bought: bought)
                    if let existing = next[key], !better(candidate, than: existing) { return }
                    next[key] = candidate
                }
            }
            layers.append(next)
            current = next
        }

        guard var (state, reached) = current.min(by: { better($0.value, than: $1.value) }) else {
            return BestPlan(plan: Plan(rounds: Array(repeating: [], count: scenario.rounds)), loss: 0, cost: 0)
        }
        let final = reached
        var rounds: [[String]] = Array(repeating: [], count: scenario.rounds)
        for round in stride(from: scenario.rounds, through: 1, by: -1) {
            reached = layers[round - 1][state]!
            rounds[round - 1] = (0..<defences.count).filter { reached.bought & bit($0) != 0 }.map { defences[$0].id }
            state = reached.from
        }
        return BestPlan(plan: Plan(rounds: rounds), loss: final.loss, cost: final.cost)

        func better(_ a: Reached, than b: Reached) -> Bool {
            (a.loss, a.cost, a.bought) < (b.loss, b.cost, b.bought)
        }
    }

    private static func bit(_ i: Int?) -> UInt64 { i.map { UInt64(1) << UInt64($0) } ?? 0 }

    /// Calls `body` with every subset of `candidates` (including none) whose cost fits in `money`.
    private static func forEachAffordableSubset(
        _ candidates: [Int], costs: [Int], money: Int, _ body: (UInt64, Int) -> Void
    ) {
        func visit(_ from: Int, _ chosen: UInt64, _ spent: Int) {
            body(chosen, spent)
            guard from < candidates.count else { return }
            for k in from..<candidates.count {
                let i = candidates[k]
                if spent + costs[i] <= money { visit(k + 1, chosen | (UInt64(1) << UInt64(i)), spent + costs[i]) }
            }
        }
        visit(0, 0, 0)
    }
}
