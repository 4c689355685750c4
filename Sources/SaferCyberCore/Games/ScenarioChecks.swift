/// The checks a file's shape cannot express: that names point at things that exist, that the game
/// can be played within its rounds and budget, and that each puzzle has what its kind needs.
struct ScenarioChecks {
    var lines: [String: Int]
    var problems: [ScenarioProblem] = []

    mutating func add(_ path: String, _ message: String) {
        // Report at the nearest enclosing path the reader saw (a missing optional field has no line of its own).
        var probe = path
        while lines[probe] == nil, let cut = probe.lastIndex(where: { $0 == "." || $0 == "[" }) {
            probe = String(probe[..<cut])
        }
        problems.append(ScenarioProblem(line: lines[probe], path: path, message: message))
    }

    mutating func unique(_ ids: [String], _ path: String) {
        var seen: Set<String> = []
        for (i, id) in ids.enumerated() where !seen.insert(id).inserted {
            add("\(path)[\(i)].id", "“\(id)” is used twice; ids must be different")
        }
    }

    mutating func check(_ s: DefenceScenario) {
        unique(s.sites.map(\.id), "sites")
        unique(s.assets.map(\.id), "assets")
        unique(s.attackers.map(\.id), "attackers")
        unique(s.defences.map(\.id), "defences")
        unique(s.chains.map(\.id), "chains")
        let sites = Set(s.sites.map(\.id))
        let assets = Set(s.assets.map(\.id))
        let attackers = Set(s.attackers.map(\.id))
        let defences = Set(s.defences.map(\.id))
        for (i, asset) in s.assets.enumerated() where !sites.contains(asset.site) {
            add("assets[\(i)].site", "there is no site “\(asset.site)”")
        }
        for (i, defence) in s.defences.enumerated() {
            let path = "defences[\(i)]"
            for (k, required) in (defence.requires ?? []).enumerated() {
                if required == defence.id {
                    add("\(path).requires[\(k)]", "a defence cannot require itself")
                } else if !defences.contains(required) {
                    add("\(path).requires[\(k)]", "there is no defence “\(required)”")
                }
            }
            if defence.hidden == true, (defence.requires ?? []).isEmpty {
                add("\(path).hidden", "a hidden defence must list what unlocks it in “requires”")
            }
            if defence.cost > s.budgetPerRound * s.rounds {
                add("\(path).cost", "£\(defence.cost)k is more than the whole game's budget, so nobody could buy it")
            }
            let depth = requirementDepth(defence.id, in: s, seen: [])
            if depth == nil {
                add("\(path).requires", "requirements go round in a circle, so nobody could buy it")
            } else if let depth, depth >= s.rounds {
                add("\(path).requires", "needs \(depth) rounds of earlier purchases but the game has \(s.rounds)")
            }
        }
        for (i, chain) in s.chains.enumerated() {
            let path = "chains[\(i)]"
            if !attackers.contains(chain.attacker) {
                add("\(path).attacker", "there is no attacker “\(chain.attacker)”")
            }
            if !assets.contains(chain.asset) { add("\(path).asset", "there is no asset “\(chain.asset)”") }
            let lastRound = chain.startRound + chain.steps.count - 1
            if lastRound > s.rounds {
                add(
                    "\(path).steps",
                    "starts in round \(chain.startRound) with \(chain.steps.count) steps, so it would run to round \(lastRound) of \(s.rounds)"
                )
            }
            for (k, step) in chain.steps.enumerated() {
                for (c, counter) in step.counters.enumerated() where !defences.contains(counter) {
                    add("\(path).steps[\(k)].counters[\(c)]", "there is no defence “\(counter)”")
                }
                if Set(step.counters).count != step.counters.count {
                    add("\(path).steps[\(k)].counters", "lists a defence twice")
                }
            }
        }
    }

    /// How many rounds of purchases must come before this defence; nil when requirements loop.
    func requirementDepth(_ id: String, in s: DefenceScenario, seen: Set<String>) -> Int? {
        guard !seen.contains(id) else { return nil }
        guard let defence = s.defence(id) else { return 0 }
        var depth = 0
        for required in defence.requires ?? [] {
            guard let d = requirementDepth(required, in: s, seen: seen.union([id])) else { return nil }
            depth = max(depth, d + 1)
        }
        return depth
    }

    mutating func check(_ s: EscapeScenario) {
        unique(s.rooms.map(\.id), "rooms")
        var seen: [String: String] = [:]  // puzzle id → path
        for (r, room) in s.rooms.enumerated() {
            for (p, puzzle) in room.puzzles.enumerated() {
                let path = "rooms[\(r)].puzzles[\(p)]"
                if seen[puzzle.id] != nil { add("\(path).id", "“\(puzzle.id)” is used twice; ids must be different") }
                check(puzzle, path: path, earlier: seen, in: s)
                seen[puzzle.id] = path
            }
        }
    }

    mutating func check(_ puzzle: EscapeScenario.Puzzle, path: String, earlier: [String: String], in s: EscapeScenario)
    {
        switch puzzle.kind {
        case .text:
            if puzzle.answers == nil { add("\(path).answers", "a text puzzle needs its accepted answers") }
            for (i, answer) in (puzzle.answers ?? []).enumerated() where EscapeRules.normalise(answer).isEmpty {
                add("\(path).answers[\(i)]", "has no letters or digits, so no answer could match it")
            }
        case .choice:
            guard let options = puzzle.options else {
                add("\(path).options", "a choice puzzle needs its options")
                break
            }
            guard let correct = puzzle.correct else {
                add("\(path).correct", "a choice puzzle needs the number of the right option (0 is the first)")
                break
            }
            if correct >= options.count {
                add("\(path).correct", "is \(correct) but there are only \(options.count) options (0 is the first)")
            }
        case .redFlags:
            guard let message = puzzle.message else {
                add("\(path).message", "a red-flags puzzle needs the message to inspect")
                break
            }
            let flags = message.parts.filter { $0.flag == true }
            if flags.isEmpty { add("\(path).message.parts", "no part is marked \"flag\": true") }
            if flags.count == message.parts.count {
                add("\(path).message.parts", "every part is a red flag; include some ordinary parts")
            }
            for (i, part) in message.parts.enumerated() where part.flag == true && (part.why ?? "").isEmpty {
                add("\(path).message.parts[\(i)]", "a red flag needs a “why” to explain it")
            }
            if let need = message.need, need > flags.count {
                add("\(path).message.need", "asks for \(need) red flags but only \(flags.count) are marked")
            }
        case .ordering:
            guard let items = puzzle.items else {
                add("\(path).items", "an ordering puzzle needs its items, in the right order")
                break
            }
            if Set(items).count != items.count { add("\(path).items", "lists the same item twice") }
        case .codeLock:
            guard let code = puzzle.code else {
                add("\(path).code", "a code lock needs its code")
                break
            }
            guard let sources = puzzle.cluesFrom else {
                add("\(path).cluesFrom", "a code lock needs the puzzles whose clues make the code")
                break
            }
            var clues: [String] = []
            for (i, source) in sources.enumerated() {
                guard earlier[source] != nil, let clue = s.puzzle(source)?.clue else {
                    add("\(path).cluesFrom[\(i)]", "“\(source)” is not an earlier puzzle with a clue")
                    continue
                }
                clues.append(clue)
            }
            if clues.count == sources.count,
                EscapeRules.normaliseCode(clues.joined()) != EscapeRules.normaliseCode(code)
            {
                add("\(path).code", "is “\(code)” but the clues make “\(clues.joined())”")
            }
        }
    }
}
