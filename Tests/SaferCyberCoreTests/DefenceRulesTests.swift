import XCTest

@testable import SaferCyberCore

/// The organisation-defence rules, tested on the shipped scenarios: every chain, every counter,
/// every round in which it could be bought.
final class DefenceRulesTests: XCTestCase {
    var defenceScenarios: [DefenceScenario] {
        ScenarioLibrary.shipped.scenarios.compactMap { if case .defence(let s) = $0 { s } else { nil } }
    }

    func testShippedScenariosHaveWhatTheGenreNeeds() {
        XCTAssertEqual(Set(defenceScenarios.map(\.id)), ["small-business", "secondary-school"])
        for s in defenceScenarios {
            XCTAssertEqual(s.rounds, 4, s.id)
            XCTAssertGreaterThanOrEqual(s.defences.count, 15, s.id)
            XCTAssertGreaterThanOrEqual(s.chains.count, 10, s.id)
            XCTAssertEqual(
                Set(s.chains.compactMap { s.attacker($0.attacker)?.kind }), Set(DefenceScenario.AttackerKind.allCases),
                s.id)
            XCTAssertTrue(
                s.chains.contains { $0.steps.contains { $0.counters.isEmpty } }, "\(s.id) has steps without a counter")
            XCTAssertTrue(s.defences.contains { $0.revealsAttackers == true }, "\(s.id) has a threat assessment")
            XCTAssertTrue(
                s.defences.contains { $0.hidden == true }, "\(s.id) has hidden vulnerabilities an audit unlocks")
            // A team can never buy everything.
            XCTAssertGreaterThan(s.defences.reduce(0) { $0 + $1.cost }, s.rounds * s.budgetPerRound, s.id)
            XCTAssertTrue(s.defences.allSatisfy { (20...50).contains($0.cost) }, s.id)
        }
    }

    /// Buying one counter `d` in round `r` (with its prerequisites the round before) stops, in each
    /// chain, the first step on or after round `r` that `d` counters; earlier steps succeed and
    /// later ones never happen. The expectation is worked out here from that sentence, step by step.
    func testEveryChainCounterAndRound() {
        var combinations = 0
        for s in defenceScenarios {
            let counters = Set(s.chains.flatMap { $0.steps.flatMap(\.counters) })
            for d in counters.sorted() {
                let defence = s.defence(d)!
                let requirements = defence.requires ?? []
                let firstRound = requirements.isEmpty ? 1 : 2
                for r in firstRound...s.rounds {
                    var plan = DefenceRules.Plan(rounds: Array(repeating: [], count: s.rounds))
                    if !requirements.isEmpty { plan.rounds[r - 2] = requirements }
                    XCTAssertEqual(
                        DefenceRules.problems(buying: [d], inRound: r, scenario: s, plan: plan), [],
                        "\(s.id) \(d) round \(r)")
                    plan.rounds[r - 1] = [d]
                    let results = DefenceRules.resolve(s, plan: plan)
                    for chain in s.chains {
                        let stopAt = chain.steps.indices.first { k in
                            chain.startRound + k >= r && chain.steps[k].counters.contains(d)
                        }
                        for (k, step) in chain.steps.enumerated() {
                            let round = chain.startRound + k
                            let result = results.first { $0.chain == chain.id && $0.step == k }
                            let label = "\(s.id): \(d) bought in round \(r), chain \(chain.id) step \(k + 1)"
                            XCTAssertEqual(result?.round, round, label)
                            if let stopAt, k == stopAt {
                                XCTAssertEqual(result?.status, .stopped(by: [d]), label)
                                XCTAssertEqual(result?.loss, 0, label)
                            } else if let stopAt, k > stopAt {
                                XCTAssertEqual(
                                    result?.status, .notReached(stoppedInRound: chain.startRound + stopAt), label)
                                XCTAssertEqual(result?.loss, 0, label)
                            } else {
                                XCTAssertEqual(result?.status, .succeeded, label)
                                XCTAssertEqual(result?.loss, step.loss, label)
                            }
                        }
                        combinations += 1
                    }
                }
            }
        }
        XCTAssertGreaterThan(combinations, 500)
    }

    func testBuyingNothingLosesEveryStep() {
        for s in defenceScenarios {
            let all = s.chains.flatMap(\.steps).reduce(0) { $0 + $1.loss }
            XCTAssertEqual(DefenceRules.totalLoss(s, plan: .init()), all, s.id)
            XCTAssertTrue(DefenceRules.resolve(s, plan: .init()).allSatisfy { $0.status == .succeeded })
        }
    }

    func testACounterBoughtAfterItsStepIsTooLate() throws {
        let s = try XCTUnwrap(defenceScenarios.first { $0.id == "small-business" })
        // The fake bank text's first step (round 1) is countered by training; bought in round 2 it is too late,
        // and the second step (round 2) is only countered by 2-step verification.
        let plan = DefenceRules.Plan(rounds: [[], ["phishing-training"], [], []])
        let results = DefenceRules.resolve(s, plan: plan).filter { $0.chain == "bank-text" }
        XCTAssertEqual(results.map(\.status), [.succeeded, .succeeded])
        XCTAssertEqual(results.map(\.loss), [0, 30])
    }

    func testStepsWithoutCountersAreOnlyStoppedEarlier() throws {
        let s = try XCTUnwrap(defenceScenarios.first { $0.id == "small-business" })
        // Password guessing's last step has no counter: everything in the world bought in round 3 cannot stop it…
        let everything = s.defences.filter { $0.hidden != true }.map(\.id)
        let late = DefenceRules.resolve(s, plan: .init(rounds: [[], [], everything, []])).filter {
            $0.chain == "password-guessing"
        }
        XCTAssertEqual(late.last?.status, .succeeded)
        // …but 2-step verification in round 1 stops the first step, and with it the rest of the chain.
        let early = DefenceRules.resolve(s, plan: .init(rounds: [["two-step"], [], [], []])).filter {
            $0.chain == "password-guessing"
        }
        XCTAssertEqual(
            early.map(\.status),
            [.stopped(by: ["two-step"]), .notReached(stoppedInRound: 1), .notReached(stoppedInRound: 1)])
    }

    func testMoneyCarriesOverAndPurchasesAreChecked() throws {
        let s = try XCTUnwrap(defenceScenarios.first { $0.id == "small-business" })
        var plan = DefenceRules.Plan(rounds: [["two-step", "updates"]])  // 20 + 30
        XCTAssertEqual(DefenceRules.money(in: s, plan: plan, round: 1), 100)
        XCTAssertEqual(DefenceRules.money(in: s, plan: plan, round: 2), 150)
        XCTAssertEqual(
            DefenceRules.problems(
                buying: ["monitoring", "email-filtering", "offline-backups", "malware-protection"], inRound: 2,
                scenario: s, plan: plan),
            [], "£140k of £150k is affordable")
        XCTAssertEqual(
            DefenceRules.problems(
                buying: ["monitoring", "email-filtering", "offline-backups", "secure-setup"], inRound: 2, scenario: s,
                plan: plan),
            [], "spending exactly what is left is allowed")
        XCTAssertEqual(
            DefenceRules.problems(
                buying: ["monitoring", "email-filtering", "offline-backups", "secure-setup", "data-minimising"],
                inRound: 2, scenario: s, plan: plan),
            ["That costs £170k but you have £150k to spend this round."])
        XCTAssertEqual(
            DefenceRules.problems(buying: ["two-step"], inRound: 2, scenario: s, plan: plan),
            ["You already have 2-step verification on email and banking."])
        XCTAssertEqual(
            DefenceRules.problems(buying: ["updates", "updates"], inRound: 1, scenario: s, plan: .init()),
            ["Automatic updates everywhere is listed twice."])
        XCTAssertEqual(
            DefenceRules.problems(buying: ["laser-moat"], inRound: 1, scenario: s, plan: .init()),
            ["There is no defence called “laser-moat”."])
        XCTAssertEqual(
            DefenceRules.problems(buying: [], inRound: 5, scenario: s, plan: .init()),
            ["The game has 4 rounds; there is no round 5."])
        // An audit's findings can be acted on from the next round, not the same one.
        XCTAssertEqual(
            DefenceRules.problems(buying: ["asset-audit", "replace-router"], inRound: 1, scenario: s, plan: .init()),
            ["Replace the end-of-life router needs Asset audit bought in an earlier round."])
        plan = DefenceRules.Plan(rounds: [["asset-audit"]])
        XCTAssertEqual(DefenceRules.problems(buying: ["replace-router"], inRound: 2, scenario: s, plan: plan), [])
    }

    func testHiddenDefencesAppearInTheShopOnlyAfterTheAudit() throws {
        let s = try XCTUnwrap(defenceScenarios.first { $0.id == "small-business" })
        let before = DefenceRules.shop(s, plan: .init(), round: 1).map(\.id)
        XCTAssertFalse(before.contains("replace-router"))
        XCTAssertFalse(before.contains("close-old-accounts"))
        let plan = DefenceRules.Plan(rounds: [["asset-audit"]])
        XCTAssertFalse(DefenceRules.shop(s, plan: plan, round: 1).map(\.id).contains("replace-router"))
        let after = DefenceRules.shop(s, plan: plan, round: 2).map(\.id)
        XCTAssertTrue(after.contains("replace-router"))
        XCTAssertFalse(after.contains("asset-audit"), "bought defences leave the shop")
        XCTAssertEqual(after.count, s.defences.count - 1)
    }

    func testPlayersSeeOnlyNoticeableEffectsAndAttackersOnceAssessed() throws {
        let s = try XCTUnwrap(defenceScenarios.first { $0.id == "small-business" })
        let nothing = DefenceRules.Plan()
        // Round 1 with nothing bought: every chain starting in round 1 succeeds, but none of those first steps is noticed.
        XCTAssertEqual(DefenceRules.notices(s, plan: nothing, round: 1), [])
        // Round 2: the bank payment is noticed (with its loss); the silent email reading is not.
        let round2 = DefenceRules.notices(s, plan: nothing, round: 2)
        XCTAssertEqual(round2.map(\.loss), [30])
        XCTAssertNil(round2.first?.attacker)
        // Training stops the bank text in round 1, and that is noticed as a good thing.
        let trained = DefenceRules.notices(
            s, plan: .init(rounds: [["phishing-training", "threat-assessment"]]), round: 1)
        XCTAssertEqual(trained.count, 1)
        XCTAssertEqual(trained.first?.loss, 0)
        XCTAssertEqual(trained.first?.attacker, "Chancers", "a threat assessment tells players who is behind it")
    }

    func testPrioritiesProfileScoresEarlierPurchasesHigher() throws {
        let s = try XCTUnwrap(defenceScenarios.first { $0.id == "small-business" })
        let plan = DefenceRules.Plan(rounds: [
            ["two-step", "phishing-training"], ["updates"], [], ["offline-backups", "password-manager"],
        ])
        let profile = DefenceRules.priorities(s, plan: plan)
        XCTAssertEqual(profile[.cyber], 4 + 3 + 1)  // two-step (round 1), updates (round 2), password manager (round 4)
        XCTAssertEqual(profile[.human], 4)
        XCTAssertEqual(profile[.data], 1)
        XCTAssertEqual(profile[.physical], 0)
        XCTAssertEqual(profile[.intelligence], 0)
    }

    /// The best plan, checked against trying every possible assignment of defences to rounds on a
    /// scenario small enough to enumerate (5 defences, 3 rounds: 4⁵ = 1,024 plans).
    func testBestPlanMatchesExhaustiveSearch() {
        let s = DefenceScenario(
            format: DefenceScenario.format, id: "tiny", title: "Tiny", summary: "", audience: "", minutes: 10,
            rounds: 3, budgetPerRound: 40,
            organisation: .init(name: "Tiny Ltd", story: ""), sites: [.init(id: "s", name: "S")],
            assets: [.init(id: "a", name: "A", site: "s")],
            attackers: [.init(id: "x", name: "X", kind: .opportunist, description: "")],
            defences: [
                .init(id: "audit", name: "Audit", category: .intelligence, cost: 20, description: ""),
                .init(
                    id: "fix", name: "Fix", category: .cyber, cost: 20, description: "", requires: ["audit"],
                    hidden: true),
                .init(id: "mfa", name: "MFA", category: .cyber, cost: 20, description: ""),
                .init(id: "backup", name: "Backup", category: .data, cost: 30, description: ""),
                .init(id: "soc", name: "SOC", category: .advancedCyber, cost: 50, description: ""),
            ],
            chains: [
                .init(
                    id: "c1", name: "", attacker: "x", asset: "a", startRound: 1,
                    steps: [
                        .init(description: "", counters: ["mfa"], loss: 5),
                        .init(description: "", counters: ["soc"], loss: 10),
                        .init(description: "", counters: [], loss: 30),
                    ]),
                .init(
                    id: "c2", name: "", attacker: "x", asset: "a", startRound: 2,
                    steps: [
                        .init(description: "", counters: ["fix"], loss: 20),
                        .init(description: "", counters: ["backup", "soc"], loss: 40),
                    ]),
                .init(
                    id: "c3", name: "", attacker: "x", asset: "a", startRound: 1,
                    steps: [
                        .init(description: "", counters: [], loss: 0),
                        .init(description: "", counters: ["backup"], loss: 25),
                    ]),
            ],
            debrief: .init(keyMessages: [], report: ""))
        var bestLoss = Int.max
        var plans = 0
        for code in 0..<1024 {
            var rounds: [[String]] = [[], [], []]
            var c = code
            for d in s.defences {
                let r = c % 4
                c /= 4
                if r > 0 { rounds[r - 1].append(d.id) }
            }
            var plan = DefenceRules.Plan()
            var valid = true
            for r in 1...3 {
                if !DefenceRules.problems(buying: rounds[r - 1], inRound: r, scenario: s, plan: plan).isEmpty {
                    valid = false
                    break
                }
                plan = plan.adding(rounds[r - 1], inRound: r)
            }
            guard valid else { continue }
            plans += 1
            bestLoss = min(bestLoss, DefenceRules.totalLoss(s, plan: plan))
        }
        XCTAssertGreaterThan(plans, 50)
        let best = DefenceRules.bestPlan(s)
        XCTAssertEqual(best.loss, bestLoss)
        XCTAssertEqual(DefenceRules.totalLoss(s, plan: best.plan), best.loss)
    }

    func testBestPlanForShippedScenariosIsPlayableAndBeatsBuyingNothing() {
        for s in defenceScenarios {
            let best = DefenceRules.bestPlan(s)
            var plan = DefenceRules.Plan()
            for (index, ids) in best.plan.rounds.enumerated() {
                XCTAssertEqual(
                    DefenceRules.problems(buying: ids, inRound: index + 1, scenario: s, plan: plan), [], s.id)
                plan = plan.adding(ids, inRound: index + 1)
            }
            XCTAssertEqual(DefenceRules.totalLoss(s, plan: plan), best.loss, s.id)
            XCTAssertLessThan(best.loss, DefenceRules.totalLoss(s, plan: .init()) / 3, s.id)
            // No single change of round for one defence, nor dropping one, does better.
            for (index, ids) in best.plan.rounds.enumerated() {
                for id in ids {
                    var without = best.plan
                    without.rounds[index].removeAll { $0 == id }
                    XCTAssertGreaterThanOrEqual(
                        DefenceRules.totalLoss(s, plan: without), best.loss, "\(s.id) without \(id)")
                }
            }
        }
    }
}
