import XCTest

@testable import SaferCyberCore

/// A session's rules: requests become events, refusals say why, and the fold gives the state.
final class GamePlayTests: XCTestCase {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    /// Applies requests in order, each at `t0 + seconds`; returns the state and any refusals.
    func play(_ scenarioID: String, _ steps: [(Int, GamePlay.Request)]) throws -> (GameState, [String]) {
        var state = GameState(scenario: try XCTUnwrap(ScenarioLibrary.shipped.scenario(scenarioID)))
        var refusals: [String] = []
        var teamNumber = 0
        for (seconds, request) in steps {
            do {
                let event = try GamePlay.event(
                    for: request, in: state, at: t0.addingTimeInterval(TimeInterval(seconds)),
                    newTeamID: {
                        teamNumber += 1
                        return "t\(teamNumber)"
                    }(), newTeamCode: "TEAM\(teamNumber + 1)")
                state.apply(event)
            } catch let refusal as GamePlay.Refusal {
                refusals.append(refusal.message)
            }
        }
        return (state, refusals)
    }

    func testAnEscapeRoomFromJoinToFinish() throws {
        let scenario = ScenarioLibrary.shipped.scenario("scam-week")!
        guard case .escape(let escape) = scenario else { return XCTFail() }
        var steps: [(Int, GamePlay.Request)] = [
            (0, .join(teamName: "  The   Owls ", player: "p1")),
            (5, .joinTeam(code: " team-1 ", player: "p2")),  // same team, another phone, by its code
            (6, .join(teamName: "Badgers", player: "p3")),
            (10, .answer(team: "t1", puzzle: "parcel-text", answer: .flags([1]))),  // before the start: refused
            (20, .start),
            (30, .answer(team: "t1", puzzle: "parcel-text", answer: .flags([0]))),  // wrong
            (40, .takeHint(team: "t1", puzzle: "parcel-text")),  // 60 s penalty
        ]
        var second = 50
        for puzzle in escape.puzzles {
            steps.append((second, .answer(team: "t1", puzzle: puzzle.id, answer: rightAnswer(puzzle))))
            second += 30
        }
        steps += [
            (second, .answer(team: "t1", puzzle: "savings-lock", answer: .code("7491"))),
            (second + 1, .answer(team: "t2", puzzle: "parcel-text", answer: rightAnswer(escape.puzzles[0]))),
        ]
        let (state, refusals) = try play("scam-week", steps)
        XCTAssertEqual(
            refusals,
            ["The game has not started yet. Wait for your facilitator.", "Your team has solved every puzzle."])
        XCTAssertEqual(state.teams.map(\.name), ["The Owls", "Badgers"])
        XCTAssertEqual(state.teams[0].players, ["p1", "p2"])
        let owls = state.teams[0]
        XCTAssertTrue(state.hasFinished(owls))
        XCTAssertEqual(owls.penaltySeconds, 60)
        XCTAssertEqual(owls.answers.filter { !$0.correct }.count, 1)
        // The last puzzle was solved at second 50 + 30·(n−1) of the session, i.e. that minus the 20 s before the start.
        let last = 50 + 30 * (escape.puzzles.count - 1) - 20
        XCTAssertEqual(owls.solved.values.max(), last)
        let board = state.leaderboard(at: t0.addingTimeInterval(1000))
        XCTAssertEqual(board.map(\.name), ["The Owls", "Badgers"])
        XCTAssertEqual(board[0].seconds, last + 60)
        XCTAssertEqual(board[1].solved, 1)
    }

    func testTheClockStopsWhilePausedAndTimeRunsOut() throws {
        let (state, refusals) = try play(
            "scam-week",
            [
                (0, .join(teamName: "Owls", player: "p1")),
                (0, .start),
                (600, .pause),
                (700, .answer(team: "t1", puzzle: "parcel-text", answer: .flags([1, 2, 3]))),
                (900, .resume),
                (900, .extend(minutes: 5)),
                (
                    900 + 35 * 60 - 600 + 5 * 60 + 1,
                    .answer(team: "t1", puzzle: "parcel-text", answer: .flags([1, 2, 3]))
                ),
            ])
        XCTAssertEqual(refusals, ["The game is paused.", "Time is up."])
        XCTAssertEqual(state.elapsedSeconds(at: t0.addingTimeInterval(1000)), 600 + 100)
        XCTAssertEqual(state.limitSeconds, 40 * 60)
        XCTAssertEqual(state.remainingSeconds(at: t0.addingTimeInterval(1000)), 40 * 60 - 700)
    }

    func testHintsRunOutAndPushedHintsAreFree() throws {
        let (state, refusals) = try play(
            "student-account",
            [
                (0, .join(teamName: "Owls", player: "p1")), (0, .start),
                (10, .takeHint(team: "t1", puzzle: "phish")), (20, .takeHint(team: "t1", puzzle: "phish")),
                (30, .takeHint(team: "t1", puzzle: "phish")),
                (40, .pushHint(team: "t1")),
                (50, .message(team: nil, text: "  Five minutes left!  ")),
                (60, .message(team: "t9", text: "Hello")),
            ])
        XCTAssertEqual(refusals, ["There are no more hints for this puzzle.", "That team is not in this game."])
        XCTAssertEqual(state.teams[0].penaltySeconds, 60 + 120)
        XCTAssertEqual(state.messages.map(\.text).last, "Five minutes left!")
        XCTAssertEqual(state.messages.filter(\.isHint).count, 1)
    }

    func testDefencePurchasesNeedTheWholeTeamToAgree() throws {
        let (state, refusals) = try play(
            "small-business",
            [
                (0, .join(teamName: "Bakers", player: "a")), (1, .joinTeam(code: "TEAM1", player: "b")),
                (2, .join(teamName: "Millers", player: "c")),
                (3, .setBasket(team: "t1", player: "a", defences: ["two-step"])),  // before the start
                (10, .start),
                // 100k: allowed
                (20, .setBasket(team: "t1", player: "a", defences: ["two-step", "phishing-training", "monitoring"])),
                (
                    21,
                    .setBasket(
                        team: "t1", player: "a", defences: ["two-step", "phishing-training", "monitoring", "updates"])
                ),  // 130k: refused
                (29, .agree(team: "t1", player: "a")),
                (30, .agree(team: "t1", player: "b")),  // both agree → bought
                (31, .setBasket(team: "t1", player: "a", defences: ["updates"])),  // already bought this round
                (40, .setBasket(team: "t2", player: "c", defences: ["offline-backups"])),
                (41, .agree(team: "t2", player: "c")),  // a team of one agrees with itself
                (50, .revealRound),
                (60, .setBasket(team: "t1", player: "a", defences: ["updates"])),  // round 2 not open yet
                (70, .openRound),
                (80, .setBasket(team: "t1", player: "b", defences: ["updates"])),
                (90, .confirmForTeam(team: "t1")),  // the facilitator decides for a stuck team
            ])
        XCTAssertEqual(
            refusals,
            [
                "The game is not running.",
                "That costs £130k but you have £100k to spend this round.",
                "Your team has already bought for round 1.",
                "Wait for the facilitator to open the next round.",
            ])
        XCTAssertEqual(state.team("t1")?.plan.rounds, [["two-step", "phishing-training", "monitoring"], ["updates"]])
        XCTAssertEqual(state.team("t2")?.plan.rounds, [["offline-backups"]])
        XCTAssertEqual(state.revealedRound, 1)
        XCTAssertEqual(state.openRound, 2)
        // After round 1 the bank text was stopped for the Bakers but not the Millers.
        let board = state.leaderboard(at: t0)
        XCTAssertEqual(board.map(\.name), ["Bakers", "Millers"])
        XCTAssertEqual(board.map(\.losses), [0, 0], "round 1 steps cost nothing yet")
    }

    func testTheDefenceGameEndsAfterTheLastReveal() throws {
        var steps: [(Int, GamePlay.Request)] = [(0, .join(teamName: "Bakers", player: "a")), (1, .start)]
        for round in 1...4 {
            if round > 1 { steps.append((round * 100, .openRound)) }
            steps.append((round * 100 + 10, .revealRound))
        }
        steps.append((999, .openRound))
        let (state, refusals) = try play("small-business", steps)
        XCTAssertEqual(state.status, .finished)
        XCTAssertEqual(state.revealedRound, 4)
        XCTAssertEqual(refusals, ["Start the game first."])
        let all = state.defence!.chains.flatMap(\.steps).reduce(0) { $0 + $1.loss }
        XCTAssertEqual(state.leaderboard(at: t0).first?.losses, all, "a team that bought nothing loses every step")
    }

    func testTeamNamesRefuseOffensiveAndPersonalDetails() {
        XCTAssertNil(TeamNames.problem("Scunthorpe Strikers"))
        XCTAssertNil(TeamNames.problem("Essex Owls"))
        XCTAssertNil(TeamNames.problem("Torpedo Team"))
        XCTAssertNil(TeamNames.problem("Team 7"))
        XCTAssertEqual(TeamNames.problem("F.U.C.K"), "Choose a different name: that one is not suitable for the game.")
        XCTAssertEqual(
            TeamNames.problem("sh1t squad"), "Choose a different name: that one is not suitable for the game.")
        XCTAssertEqual(
            TeamNames.problem("big dick energy"), "Choose a different name: that one is not suitable for the game.")
        XCTAssertEqual(
            TeamNames.problem("amy@school.org"), "Use a made-up team name, not an email address or phone number.")
        XCTAssertEqual(
            TeamNames.problem("07700 900123"), "Use a made-up team name, not an email address or phone number.")
        XCTAssertEqual(TeamNames.problem("<script>"), "Use letters, numbers and simple punctuation only.")
        XCTAssertEqual(TeamNames.problem(String(repeating: "a", count: 31)), "Keep the name to 30 characters or fewer.")
        XCTAssertEqual(TeamNames.problem(TeamNames.tidy("   ")), "Enter a team name or nickname.")
    }

    func rightAnswer(_ puzzle: EscapeScenario.Puzzle) -> EscapeRules.Answer { DemoGames.rightAnswer(puzzle) }

    // MARK: Issue 20, case 7

    /// A team is joined with the code its own screens show, never by typing its (listed) name; the facilitator
    /// can close the teams.
    func testTeamsAreJoinedByTheirCodeAndCanBeClosed() throws {
        let (state, refusals) = try play(
            "scam-week",
            [
                (0, .join(teamName: "Owls", player: "p1")),
                (1, .join(teamName: "owls", player: "stranger")),  // the name alone no longer joins a team
                (2, .joinTeam(code: "TEAM9", player: "stranger")),  // nor a wrong code
                (3, .joinTeam(code: "  ", player: "stranger")),
                (4, .joinTeam(code: "team-1", player: "p2")),  // typed as people type it
                (5, .lockTeams),
                (6, .join(teamName: "Badgers", player: "p3")),
                (7, .joinTeam(code: "TEAM1", player: "p4")),
                (8, .lockTeams),
                (9, .unlockTeams),
                (10, .join(teamName: "Badgers", player: "p3")),
            ])
        XCTAssertEqual(
            refusals,
            [
                "A team called owls is already playing. To join it, enter its team code: it is on your team-mates' "
                    + "screens. To start a new team, choose another name.",
                GamePlay.unknownTeamCode, "Enter your team's code: a team-mate's screen shows it.",
                GamePlay.lockedMessage, GamePlay.lockedMessage, "The teams are already closed.",
            ])
        XCTAssertEqual(state.teams.map(\.name), ["Owls", "Badgers"])
        XCTAssertEqual(state.teams.map(\.code), ["TEAM1", "TEAM2"])
        XCTAssertEqual(state.teams[0].players, ["p1", "p2"])
        XCTAssertFalse(state.teamsLocked)
    }

    /// Codes are drawn from an alphabet without look-alikes, and a new team never gets a code already in use.
    func testTeamCodesAreUnambiguousAndUnique() throws {
        let codes = (0..<2000).map { _ in GamePlay.randomTeamCode() }
        XCTAssertTrue(codes.allSatisfy { $0.count == 5 && $0.allSatisfy(GamePlay.teamCodeAlphabet.contains) })
        XCTAssertFalse(GamePlay.teamCodeAlphabet.contains { "01OIL".contains($0) })
        XCTAssertGreaterThan(Set(codes).count, 1990, "codes are random")
        var state = GameState(scenario: try XCTUnwrap(ScenarioLibrary.shipped.scenario("scam-week")))
        state.apply(GameEvent(.teamJoined, at: t0, team: "t1", player: "p1", name: "Owls", code: "AAAA"))
        var offered = ["AAAA", "AAAA", "BBBB"]
        let event = try GamePlay.event(
            for: .join(teamName: "Badgers", player: "p2"), in: state, at: t0, newTeamID: "t2",
            newTeamCode: offered.removeFirst())
        XCTAssertEqual(event.code, "BBBB")
    }

    /// Two free tries, then 5, 10, 20, 40 and at most 60 seconds between wrong answers to the same puzzle.
    func testWrongAnswersSlowTheNextTry() throws {
        XCTAssertEqual((0...8).map { GamePlay.answerDelay(afterWrongInARow: $0) }, [0, 0, 5, 10, 20, 40, 60, 60, 60])
        let wrong = EscapeRules.Answer.flags([0])
        let (state, refusals) = try play(
            "scam-week",
            [
                (0, .join(teamName: "Owls", player: "p1")), (0, .start),
                (10, .answer(team: "t1", puzzle: "parcel-text", answer: wrong)),
                (11, .answer(team: "t1", puzzle: "parcel-text", answer: wrong)),
                (12, .answer(team: "t1", puzzle: "parcel-text", answer: wrong)),  // 5 s after the second: refused
                (16, .answer(team: "t1", puzzle: "parcel-text", answer: wrong)),  // 5 s: allowed (third wrong)
                (20, .answer(team: "t1", puzzle: "parcel-text", answer: wrong)),  // now 10 s: refused
                (26, .answer(team: "t1", puzzle: "parcel-text", answer: .flags([1, 2, 3, 4]))),  // right
                (27, .answer(team: "t1", puzzle: "forward-number", answer: .text("1"))),  // a new puzzle starts afresh
            ])
        XCTAssertEqual(
            refusals,
            [
                "Wrong answers slow your team down: wait 4 seconds before the next try. Take a hint if you are stuck.",
                "Wrong answers slow your team down: wait 6 seconds before the next try. Take a hint if you are stuck.",
            ])
        XCTAssertEqual(state.teams[0].answers.map(\.correct), [false, false, false, true, false])
    }

    /// A script answering a puzzle every second for the whole game gets far fewer tries than a four-digit code has
    /// values: the count follows from the delays alone (recounted here), whatever the puzzle.
    func testGuessingByBruteForceTakesLongerThanAGame() throws {
        let scenario = try XCTUnwrap(ScenarioLibrary.shipped.scenario("scam-week"))
        let limit = scenario.minutes * 60
        var steps: [(Int, GamePlay.Request)] = [(0, .join(teamName: "Bots", player: "p1")), (0, .start)]
        for second in 1..<limit {
            steps.append((second, .answer(team: "t1", puzzle: "parcel-text", answer: .flags([0]))))
        }
        let (state, _) = try play("scam-week", steps)
        var expected = 0
        var next = 1
        while next < limit {
            expected += 1
            next += max(1, GamePlay.answerDelay(afterWrongInARow: expected))
        }
        XCTAssertEqual(state.teams[0].answers.count, expected)
        XCTAssertLessThan(expected, 60, "in \(scenario.minutes) minutes")
    }

    /// A team started once the game is under way has one free try, not two: a device that keeps starting new teams
    /// gains one quick guess per team, not two (issue 20, case 7). Teams from the lobby keep their two.
    func testATeamStartedLateHasOneFreeTry() throws {
        let wrong = EscapeRules.Answer.flags([0])
        let (state, refusals) = try play(
            "scam-week",
            [
                (0, .join(teamName: "Owls", player: "p1")), (0, .start),
                (5, .join(teamName: "Latecomers", player: "p2")),
                (10, .answer(team: "t1", puzzle: "parcel-text", answer: wrong)),
                (10, .answer(team: "t2", puzzle: "parcel-text", answer: wrong)),
                (11, .answer(team: "t1", puzzle: "parcel-text", answer: wrong)),  // lobby team: second try free
                (11, .answer(team: "t2", puzzle: "parcel-text", answer: wrong)),  // late team: waits 5 s, refused
                (15, .answer(team: "t2", puzzle: "parcel-text", answer: wrong)),  // 5 s after its first: allowed
            ])
        XCTAssertEqual(state.teams.map(\.startedLate), [false, true])
        XCTAssertEqual(state.teams[0].answers.count, 2)
        XCTAssertEqual(state.teams[1].answers.count, 2)
        XCTAssertEqual(
            refusals,
            ["Wrong answers slow your team down: wait 4 seconds before the next try. Take a hint if you are stuck."])
    }
}
