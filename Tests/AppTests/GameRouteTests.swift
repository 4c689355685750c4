import Fluent
import Foundation
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

final class GameRouteTests: XCTestCase {
    /// Sets up a game as an officer and returns the facilitator page's path and the game code.
    func setUp(_ staff: Browser, scenario: String, title: String) async throws -> (path: String, code: String) {
        try await staff.get("/app/p/alpha/games")
        let created = try await staff.post(
            "/app/p/alpha/games", ["scenario": scenario, "title": title, "event": "", "survey": ""])
        XCTAssertEqual(created.status, .seeOther)
        let path = try XCTUnwrap(created.location)
        let page = try await staff.get(path)
        XCTAssertEqual(page.status, .ok)
        let code = try XCTUnwrap(
            page.body.range(of: #"<p class="code">([A-Z0-9]{6})</p>"#, options: .regularExpression).map {
                String(page.body[$0].dropFirst(16).prefix(6))
            })
        return (path, code)
    }

    func control(_ staff: Browser, _ path: String, _ action: String, _ extra: [String: String] = [:])
        async throws
    {
        let page = try await staff.post(path + "/control", ["action": action].merging(extra) { $1 })
        XCTAssertEqual(page.status, .seeOther, "\(action): \(page.body.prefix(400))")
    }

    /// The team code a team's own page shows.
    static func teamCode(_ body: String) -> String? {
        body.range(of: #"Your team code: <strong>[A-Z0-9]{5}</strong>"#, options: .regularExpression).map {
            String(body[$0].dropFirst("Your team code: <strong>".count).prefix(5))
        }
    }

    func join(_ app: Application, code: String, team: String) async throws -> Browser {
        let player = Browser(app)
        let first = try await player.get("/play?code=\(code.lowercased())")
        XCTAssertEqual(first.location, "/play/\(code)")
        try await player.get("/play/\(code)")
        let joined = try await player.post("/play/\(code)/join", ["team": team])
        XCTAssertEqual(joined.status, .seeOther, String(joined.body.prefix(300)))
        return player
    }

    func testAnEscapeRoomPlayedThroughThePages() async throws {
        try await withApp { app in
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let staff = Browser(app)
            try await staff.signIn("officer@alpha.test")
            let (path, code) = try await setUp(staff, scenario: "scam-week", title: "Tuesday club")

            // A player page never hands out a staff cookie, even to a browser that has one: only the game's own.
            let owls = Browser(app)
            try await owls.signIn("viewer@alpha.test")
            let joinPage = try await owls.get("/play/\(code)")
            XCTAssertEqual(
                joinPage.headers[.setCookie].map { String($0.split(separator: "=")[0]) }, ["safercyber-play"])
            XCTAssertTrue(joinPage.headers[.setCookie].first!.contains("Path=/play"))
            XCTAssertTrue(joinPage.headers[.setCookie].first!.contains("HttpOnly"))
            XCTAssertFalse(joinPage.body.contains("Sign out"), "the player page does not show the staff account")
            let refused = try await owls.post("/play/\(code)/join", ["team": "sh1t squad"])
            XCTAssertEqual(refused.status, .unprocessableEntity)
            XCTAssertTrue(refused.body.contains("not suitable for the game"))
            XCTAssertTrue(
                refused.body.contains(#"value="sh1t squad""#), "the refused name is shown again to be changed")
            let joined = try await owls.post("/play/\(code)/join", ["team": "Owls"])
            XCTAssertEqual(joined.status, .seeOther)
            let fetched1 = try await owls.get("/play/\(code)")
            XCTAssertTrue(fetched1.body.contains("You are in: Owls"))
            let badgers = try await join(app, code: code, team: "Badgers")

            // Nothing can be answered before the start.
            try await control(staff, path, "start")
            var page = try await owls.get("/play/\(code)")
            XCTAssertTrue(page.body.contains("Monday: a text about a parcel"))

            // A wrong answer is explained at once; a hint costs a minute; the right answer moves on.
            page = try await owls.post("/play/\(code)/answer", ["puzzle": "parcel-text", "flags": "0"])
            XCTAssertEqual(page.status, .seeOther)
            page = try await owls.get(try XCTUnwrap(page.location))
            XCTAssertTrue(page.body.contains("Not quite"))
            XCTAssertTrue(
                page.body.contains("Not a red flag: “Parcel service: we tried to deliver your parcel today.”"))
            page = try await owls.post("/play/\(code)/hint", ["puzzle": "parcel-text"])
            XCTAssertEqual(page.status, .seeOther)
            let fetched2 = try await owls.get("/play/\(code)")
            XCTAssertTrue(fetched2.body.contains("Look at the money, the deadline, the link and who sent it."))
            let empty = try await owls.post("/play/\(code)/answer", ["puzzle": "parcel-text"])
            XCTAssertEqual(empty.status, .unprocessableEntity)
            XCTAssertTrue(empty.body.contains("Tick at least one part of the message"))

            let answers: [(String, [(String, String)])] = [
                ("parcel-text", [("flags", "1"), ("flags", "2"), ("flags", "3"), ("flags", "4")]),
                ("forward-number", [("answer", " 7726 ")]),
                ("safe-account", [("answer", "2")]),
                ("bank-number", [("answer", "159")]),
                ("refund-site", [("flags", "1"), ("flags", "2"), ("flags", "3")]),
                ("jean-steps", [("place-0", "1"), ("place-1", "2"), ("place-2", "3"), ("place-3", "4")]),
                ("grandchild-message", [("flags", "0"), ("flags", "2"), ("flags", "3")]),
                ("check-alex", [("answer", "1")]),
                ("savings-lock", [("answer", "74-91")]),
            ]
            for (puzzle, fields) in answers {
                let sent = try await owls.post("/play/\(code)/answer", pairs: [("puzzle", puzzle)] + fields)
                XCTAssertEqual(sent.status, .seeOther, "\(puzzle): \(sent.body.prefix(300))")
                let shown = try await owls.get(try XCTUnwrap(sent.location))
                XCTAssertTrue(shown.body.contains("Right!"), "\(puzzle) was not accepted")
                XCTAssertTrue(
                    shown.body.contains(
                        ScenarioLibrary.shipped.scenario("scam-week").flatMap {
                            if case .escape(let e) = $0 { e.puzzle(puzzle)?.right } else { nil }
                        }!
                        .replacingOccurrences(of: "'", with: "&#39;").prefix(30)), "\(puzzle): the explanation is shown"
                )
            }
            page = try await owls.get("/play/\(code)")
            XCTAssertTrue(page.body.contains("Game over – well played, Owls"))
            XCTAssertTrue(page.body.contains("You solved 9 of 9 puzzles."))
            XCTAssertTrue(page.body.contains("1:00 added for hints"))
            XCTAssertTrue(page.body.contains("Report Fraud"))
            let certificate = try await owls.get("/play/\(code)/certificate")
            XCTAssertTrue(
                certificate.body.contains("<h1>Owls</h1>") && certificate.body.contains("Pat&#39;s scam week")
                    || certificate.body.contains("Pat's scam week"))

            // The badgers are still on the first puzzle; the facilitator sees both teams, the owls first.
            let fetched3 = try await badgers.get("/play/\(code)")
            XCTAssertTrue(fetched3.body.contains("Puzzle 1 of 9"))
            let state = try await staff.get(path + "/state.json")
            let json = try JSONSerialization.jsonObject(with: Data(state.body.utf8)) as! [String: Any]
            let board = json["leaderboard"] as! [[String: Any]]
            XCTAssertEqual(board.map { $0["name"] as! String }, ["Owls", "Badgers"])
            XCTAssertEqual(board.map { $0["solved"] as! Int }, [9, 0])
            let facilitator = try await staff.get(path)
            XCTAssertTrue(facilitator.body.contains("Owls") && facilitator.body.contains("Badgers"))

            // The facilitator pauses: players are told, and answers wait.
            try await control(staff, path, "pause")
            let paused = try await badgers.post("/play/\(code)/answer", ["puzzle": "parcel-text", "flags": "1"])
            XCTAssertEqual(paused.status, .unprocessableEntity)
            XCTAssertTrue(paused.body.contains("The game is paused"))
            try await control(staff, path, "resume")
            try await control(staff, path, "message", ["team": "", "text": "Five minutes left"])
            let fetched4 = try await badgers.get("/play/\(code)")
            XCTAssertTrue(fetched4.body.contains("Five minutes left"))
            try await control(staff, path, "finish")
            let debrief = try await staff.get(path + "/debrief")
            XCTAssertTrue(debrief.body.contains("Results") && debrief.body.contains("9 of 9"))

            // The session's counts are kept for the engagement figures.
            let sessions = try await GameSession.query(on: app.db).all()
            XCTAssertEqual(sessions.first?.status, .finished)
            XCTAssertEqual(sessions.first?.teams, 2)
        }
    }

    func testADefenceGameWithTwoTeamsAndConsensus() async throws {
        try await withApp { app in
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let staff = Browser(app)
            try await staff.signIn("coordinator@alpha.test")
            let (path, code) = try await setUp(staff, scenario: "small-business", title: "Business breakfast")
            let bakerOne = try await join(app, code: code, team: "Bakers")
            // The same team on a second phone: with the code the first phone shows.
            let bakerOnePage = try await bakerOne.get("/play/\(code)")
            let bakersCode = try XCTUnwrap(Self.teamCode(bakerOnePage.body))
            let bakerTwo = Browser(app)
            try await bakerTwo.get("/play/\(code)")
            let second = try await bakerTwo.post("/play/\(code)/join", ["teamCode": bakersCode.lowercased()])
            XCTAssertEqual(second.status, .seeOther, String(second.body.prefix(300)))
            let millers = try await join(app, code: code, team: "Millers")
            try await control(staff, path, "start")

            // Round 1: one baker proposes; nothing is bought until both agree.
            var page = try await bakerOne.post(
                "/play/\(code)/basket",
                pairs: [
                    ("defences", "two-step"), ("defences", "phishing-training"), ("defences", "email-filtering"),
                    ("agree", "yes"),
                ])
            XCTAssertEqual(page.status, .seeOther)
            page = try await bakerTwo.get("/play/\(code)")
            XCTAssertTrue(page.body.contains("1 of 2 in your team agree"))
            page = try await bakerTwo.post(
                "/play/\(code)/basket",
                pairs: [
                    ("defences", "two-step"), ("defences", "phishing-training"), ("defences", "email-filtering"),
                    ("agree", "yes"),
                ])
            XCTAssertEqual(page.status, .seeOther)
            let fetched5 = try await bakerOne.get("/play/\(code)")
            XCTAssertTrue(fetched5.body.contains("Your team has made its choice for round 1"))
            let tooDear = try await millers.post(
                "/play/\(code)/basket",
                pairs: [
                    ("defences", "monitoring"), ("defences", "email-filtering"), ("defences", "updates"),
                    ("agree", "yes"),
                ])
            XCTAssertEqual(tooDear.status, .unprocessableEntity)
            XCTAssertTrue(tooDear.body.contains("That costs £120k but you have £100k to spend this round."))
            try await control(staff, path, "reveal-round")

            // Rounds 2–4: the bakers add backups; the millers never buy anything.
            for round in 2...4 {
                try await control(staff, path, "open-round")
                if round == 2 {
                    page = try await bakerOne.post(
                        "/play/\(code)/basket", pairs: [("defences", "offline-backups"), ("agree", "yes")])
                    XCTAssertEqual(page.status, .seeOther)
                    // The second baker has not agreed; the facilitator confirms for the team.
                    let bakers = try await teamID(app, "Bakers")
                    try await control(staff, path, "confirm", ["team": bakers])
                }
                try await control(staff, path, "reveal-round")
            }
            let millersPage = try await millers.get("/play/\(code)")
            XCTAssertTrue(
                millersPage.body.contains("£30,000 has left the business bank account"),
                "the noticed bank theft is shown to the team it happened to")
            XCTAssertTrue(millersPage.body.contains("Game over"))
            let bakersPage = try await bakerOne.get("/play/\(code)")
            XCTAssertFalse(bakersPage.body.contains("£30,000 has left"))

            let debrief = try await staff.get(path + "/debrief")
            XCTAssertTrue(debrief.body.contains("Stopped by 2-step verification on email and banking"))
            XCTAssertTrue(debrief.body.contains("The best possible plan"))
            XCTAssertTrue(debrief.body.contains("priorities profile"))
            let state = try await staff.get(path + "/state.json")
            let json = try JSONSerialization.jsonObject(with: Data(state.body.utf8)) as! [String: Any]
            XCTAssertEqual((json["leaderboard"] as! [[String: Any]]).first?["name"] as? String, "Bakers")
        }
    }

    func teamID(_ app: Application, _ name: String) async throws -> String {
        let session = try await GameSession.query(on: app.db).first()!
        let live = try await app.games.game(session)
        let teams = await live.state.teams
        return try XCTUnwrap(teams.first { $0.name == name }?.id)
    }

    /// The log is the truth: a new hub (as after a restart) rebuilds the same state from it.
    func testGameStateSurvivesARestart() async throws {
        try await withApp { app in
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let staff = Browser(app)
            try await staff.signIn("officer@alpha.test")
            let (path, code) = try await setUp(staff, scenario: "student-account", title: "College")
            let player = try await join(app, code: code, team: "Falcons")
            try await control(staff, path, "start")
            _ = try await player.post(
                "/play/\(code)/answer",
                pairs: [("puzzle", "phish"), ("flags", "0"), ("flags", "1"), ("flags", "2"), ("flags", "4")])
            let session = try await GameSession.query(on: app.db).first()!
            let before = await (try await app.games.game(session)).state

            let restarted = GameHub(app: app, library: .shipped)
            let after = await (try await restarted.game(session)).state
            XCTAssertEqual(after.sequence, before.sequence)
            XCTAssertEqual(after.teams, before.teams)
            XCTAssertEqual(after.status, .running)
            XCTAssertEqual(after.teams.first?.solved.keys.sorted(), ["phish"])
        }
    }

    /// The page that sent an answer is on its way to the answer's page, so only the team's other pages (and the
    /// facilitator) are told about it. Pages name themselves through game.js.
    func testThePageThatAnsweredIsNotToldAboutItsOwnAnswer() async throws {
        final class Inbox: @unchecked Sendable {
            private let lock = NSLock()
            private var counts: [String: Int] = [:]
            func add(_ name: String) { lock.withLock { counts[name, default: 0] += 1 } }
            func count(_ name: String) -> Int { lock.withLock { counts[name, default: 0] } }
        }
        try await withApp { app in
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let staff = Browser(app)
            try await staff.signIn("officer@alpha.test")
            let (path, code) = try await setUp(staff, scenario: "student-account", title: "College")
            let player = try await join(app, code: code, team: "Falcons")
            try await control(staff, path, "start")
            let session = try await GameSession.query(on: app.db).first()!
            let live = try await app.games.game(session)
            let falcons = try await teamID(app, "Falcons")
            let inbox = Inbox()
            _ = await live.watch(.team(falcons), page: "sending1") { _ in inbox.add("sending") }
            _ = await live.watch(.team(falcons), page: "other2") { _ in inbox.add("other") }
            _ = await live.watch(.team(falcons)) { _ in inbox.add("no page") }
            _ = await live.watch(.facilitator) { _ in inbox.add("facilitator") }
            // Each watcher is sent the current state once when it starts watching.
            XCTAssertEqual(["sending", "other", "no page", "facilitator"].map(inbox.count), [1, 1, 1, 1])

            let answered = try await player.post(
                "/play/\(code)/answer", pairs: [("puzzle", "phish"), ("flags", "0"), ("page", "sending1")])
            XCTAssertEqual(answered.status, .seeOther)
            XCTAssertEqual(["sending", "other", "no page", "facilitator"].map(inbox.count), [1, 2, 2, 2])
            // An answer sent without a page id (no script) is told to every page; an odd page id counts as none.
            _ = try await player.post(
                "/play/\(code)/answer", pairs: [("puzzle", "phish"), ("flags", "1"), ("page", "sending1<script>")])
            XCTAssertEqual(["sending", "other", "no page", "facilitator"].map(inbox.count), [2, 3, 3, 3])
            XCTAssertNil(PlayController.page(String(repeating: "a", count: 33)))
            XCTAssertNil(PlayController.page(""))
            XCTAssertEqual(PlayController.page("k3j9x0ab"), "k3j9x0ab")
        }
    }

    func testWrongCodesAndStrangersAreTurnedAway() async throws {
        try await withApp { app in
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            try await Fixture.partnership("beta", on: app.db, hasher: app.passwordHasher)
            let staff = Browser(app)
            try await staff.signIn("officer@alpha.test")
            let (path, code) = try await setUp(staff, scenario: "scam-week", title: "")
            let visitor = Browser(app)
            let wrong = try await visitor.get("/play?code=ZZZZZZ")
            XCTAssertEqual(wrong.status, .unprocessableEntity)
            XCTAssertTrue(wrong.body.contains("There is no game with that code"))
            let page14328 = try await visitor.get("/play/ZZZZZZ")
            XCTAssertEqual(page14328.status, .notFound)
            // A form without the game cookie's token is refused.
            let forged = try await visitor.post("/play/\(code)/join", ["team": "Owls"], csrf: "nonsense")
            XCTAssertEqual(forged.status, .forbidden)
            // Another partnership's officer cannot see or run this game.
            let other = Browser(app)
            try await other.signIn("officer@beta.test")
            let fetched6 = try await other.get(path.replacingOccurrences(of: "/alpha/", with: "/beta/"))
            XCTAssertEqual(fetched6.status, .notFound)
            let page14929 = try await other.get(path)
            XCTAssertEqual(page14929.status, .forbidden)
        }
    }

    /// The hand-written JSON of live messages reads back as the same values with a standard parser.
    func testLiveMessagesAreValidJSON() throws {
        let tricky = "Owls \"A\"\\ <b>\n\u{01}é🦉"
        let text = LiveJSON.object([
            ("name", .string(tricky)), ("n", .int(-3)), ("ok", .bool(true)),
            ("rows", .array([.object([("x", .int(1))])])),
        ]).text
        let parsed = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        XCTAssertEqual(parsed["name"] as? String, tricky)
        XCTAssertEqual(parsed["n"] as? Int, -3)
        XCTAssertEqual(parsed["ok"] as? Bool, true)
        XCTAssertFalse(text.contains("<b>"), "angle brackets are escaped")
    }
}
