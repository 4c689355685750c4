import Fluent
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOWebSocket
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

/// Issue 20, case 7: teams joined only with their code, guessing limited, the facilitator can close the teams,
/// sockets capped, pinged and closed when a game is long over or a staff session ends.
extension GameRouteTests {
    /// Partnership alpha, an officer who has set up an escape room ("Club"), and a phone that joined it as Owls.
    func clubWithOwls(_ app: Application) async throws -> (staff: Browser, path: String, code: String, owls: Browser) {
        try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
        let staff = Browser(app)
        try await staff.signIn("officer@alpha.test")
        let (path, code) = try await setUp(staff, scenario: "scam-week", title: "Club")
        return (staff, path, code, try await join(app, code: code, team: "Owls"))
    }

    func testATeamIsJoinedWithTheCodeOnlyItsOwnScreensShow() async throws {
        try await withApp { app in
            let (staff, path, code, owls) = try await clubWithOwls(app)
            let badgers = try await join(app, code: code, team: "Badgers")
            let owlsPage = try await owls.get("/play/\(code)")
            let badgersPage = try await badgers.get("/play/\(code)")
            let owlsCode = try XCTUnwrap(Self.teamCode(owlsPage.body))
            let badgersCode = try XCTUnwrap(Self.teamCode(badgersPage.body))
            XCTAssertNotEqual(owlsCode, badgersCode)

            // A stranger sees neither code nor the teams' names, and cannot join a team by typing its name.
            let stranger = Browser(app)
            let joinPage = try await stranger.get("/play/\(code)")
            XCTAssertFalse(joinPage.body.contains(owlsCode) || joinPage.body.contains(badgersCode))
            XCTAssertFalse(joinPage.body.contains("Owls"), "the join page no longer lists the teams")
            let byName = try await stranger.post("/play/\(code)/join", ["team": "owls"])
            XCTAssertEqual(byName.status, .unprocessableEntity)
            XCTAssertTrue(byName.body.contains("enter its team code"))
            let wrong = try await stranger.post("/play/\(code)/join", ["teamCode": "ZZZZ"])
            XCTAssertEqual(wrong.status, .unprocessableEntity)
            XCTAssertTrue(wrong.body.contains("No team in this game has that code"))
            XCTAssertTrue(wrong.body.contains(#"value="ZZZZ""#), "the code typed is shown again")
            let state = try await stranger.get("/play/\(code)/state")
            XCTAssertFalse(state.body.contains(owlsCode))

            // Nor does the projector, its feed, or the badgers; the facilitator does (to help a lost phone).
            let projector = try await staff.get(path + "/projector")
            let feed = try await staff.get(path + "/state.json?view=projector")
            XCTAssertFalse(projector.body.contains(owlsCode) || feed.body.contains(owlsCode))
            let badgersAgain = try await badgers.get("/play/\(code)")
            let facilitator = try await staff.get(path)
            let facilitatorFeed = try await staff.get(path + "/state.json")
            XCTAssertFalse(badgersAgain.body.contains(owlsCode))
            XCTAssertTrue(facilitator.body.contains(owlsCode))
            XCTAssertTrue(facilitatorFeed.body.contains(owlsCode))
            // An analyst (exact counts, does not run games) may watch the game, but gets the projector's feed: no codes
            // to join a team with. A viewer does not open a session's page at all: it names and counts the teams, finer
            // than the engagement page's protected games table (issue 19).
            let analyst = Browser(app)
            try await analyst.signIn("analyst@alpha.test")
            let analystPage = try await analyst.get(path)
            let analystFeed = try await analyst.get(path + "/state.json")
            XCTAssertEqual(analystPage.status, .ok)
            XCTAssertFalse(analystPage.body.contains(owlsCode) || analystFeed.body.contains(owlsCode))
            let viewer = Browser(app)
            try await viewer.signIn("viewer@alpha.test")
            let viewerPage = try await viewer.get(path)
            XCTAssertEqual(viewerPage.status, .forbidden)

            // With the code, a second phone is in the owls' team and can answer for it.
            let joined = try await stranger.post("/play/\(code)/join", ["teamCode": " \(owlsCode.lowercased()) "])
            XCTAssertEqual(joined.status, .seeOther)
            let inTeam = try await stranger.get("/play/\(code)")
            XCTAssertTrue(inTeam.body.contains("You are in: Owls"))
            let session = try await GameSession.query(on: app.db).first()!
            let teams = await (try await app.games.game(session)).state.teams
            XCTAssertEqual(teams.first { $0.name == "Owls" }?.players.count, 2)

            // The facilitator closes the teams: no new team, no one joins one; open again, and they can.
            try await control(staff, path, "lock-teams")
            let late = Browser(app)
            let closedPage = try await late.get("/play/\(code)")
            // The locked page has no form; a script would still post one, with the token the cookie implies.
            late.csrf = PlayController.formToken(try XCTUnwrap(late.cookies["safercyber-play"]))
            XCTAssertTrue(closedPage.body.contains("The facilitator has closed the teams"))
            XCTAssertFalse(closedPage.body.contains(#"name="teamCode""#))
            let refusedNew = try await late.post("/play/\(code)/join", ["team": "Hawks"])
            XCTAssertEqual(refusedNew.status, .unprocessableEntity)
            let refusedCode = try await late.post("/play/\(code)/join", ["teamCode": owlsCode])
            XCTAssertEqual(refusedCode.status, .unprocessableEntity)
            let lockedFacilitator = try await staff.get(path)
            XCTAssertTrue(lockedFacilitator.body.contains("teams closed"))
            try await control(staff, path, "unlock-teams")
            let hawks = try await late.post("/play/\(code)/join", ["team": "Hawks"])
            XCTAssertEqual(hawks.status, .seeOther)
        }
    }

    /// Wrong game codes and team codes count against the address; past the limit it is refused any game it has not
    /// joined, so a right guess cannot be confirmed either. Players already in a team carry on.
    func testGuessingCodesIsLimitedPerAddress() async throws {
        try await withApp { app in
            app.config.trustProxy = true
            let (_, _, code, owls) = try await clubWithOwls(app)
            owls.extraHeaders.add(name: "X-Forwarded-For", value: "198.51.100.9")
            let owlsPage = try await owls.get("/play/\(code)")
            let owlsCode = try XCTUnwrap(Self.teamCode(owlsPage.body))

            let guesser = Browser(app)
            guesser.extraHeaders.add(name: "X-Forwarded-For", value: "198.51.100.9")
            try await guesser.get("/play/\(code)")
            let half = PlayController.wrongGuessesPerAddress / 2
            for n in 0..<half {
                let page = try await guesser.post("/play/\(code)/join", ["teamCode": "Q\(n)Q"])
                XCTAssertEqual(page.status, .unprocessableEntity)
            }
            for n in half..<PlayController.wrongGuessesPerAddress {
                let page = try await guesser.get("/play?code=QQQQ\(n)")
                XCTAssertEqual(page.status, .unprocessableEntity)
            }
            // Now even the right codes are refused to this address, on every door a stranger has.
            let rightTeam = try await guesser.post("/play/\(code)/join", ["teamCode": owlsCode])
            XCTAssertEqual(rightTeam.status, .tooManyRequests)
            for door in ["/play?code=\(code)", "/play/\(code)", "/play/\(code)/state", "/play/ABCDEF"] {
                let refused = try await guesser.get(door)
                XCTAssertEqual(refused.status, .tooManyRequests, door)
            }
            // The owls, behind the same address, are in their team and play on.
            let owlsAgain = try await owls.get("/play/\(code)")
            XCTAssertEqual(owlsAgain.status, .ok)
            // Another address is not affected.
            let neighbour = Browser(app)
            neighbour.extraHeaders.add(name: "X-Forwarded-For", value: "203.0.113.40")
            let neighbourPage = try await neighbour.get("/play/\(code)")
            XCTAssertEqual(neighbourPage.status, .ok)
        }
    }

    /// A burst of parallel wrong team codes from one address gets the limit, not more (checked and counted in one
    /// locked step); a device that starts a new team leaves its old one.
    func testParallelGuessesGetTheLimitAndNoMore() async throws {
        try await withApp { app in
            app.config.trustProxy = true
            let (_, _, code, owls) = try await clubWithOwls(app)
            let both = try await withThrowingTaskGroup(of: (HTTPStatus, HTTPStatus).self) { group in
                for n in 0..<(PlayController.wrongGuessesPerAddress * 2) {
                    group.addTask {
                        let guesser = Browser(app)
                        guesser.extraHeaders.add(name: "X-Forwarded-For", value: "198.51.100.77")
                        let page = try await guesser.get("/play/\(code)")
                        return (
                            page.status, try await guesser.post("/play/\(code)/join", ["teamCode": "QQ\(n)Q"]).status
                        )
                    }
                }
                return try await group.reduce(into: [(HTTPStatus, HTTPStatus)]()) { $0.append($1) }
            }
            let statuses = both.map(\.1)
            let pages = Dictionary(grouping: both.map(\.0.code), by: { $0 }).mapValues(\.count)
            // At most the limit were judged (a wrong code shown again); every other one was refused.
            let judged = statuses.filter { $0 == .unprocessableEntity }.count
            XCTAssertLessThanOrEqual(judged, PlayController.wrongGuessesPerAddress)
            // A wrong code from another address is judged, not refused: the limit is per address. (Once in a full
            // PostgreSQL run every one of the 60 parallel guesses was refused — none judged — which this test could
            // not explain; the counts above are what must hold, and the page statuses are printed if it recurs.)
            let other = Browser(app)
            other.extraHeaders.add(name: "X-Forwarded-For", value: "198.51.100.78")
            try await other.get("/play/\(code)")
            let judgedElsewhere = try await other.post("/play/\(code)/join", ["teamCode": "QQZQ"])
            XCTAssertEqual(judgedElsewhere.status, .unprocessableEntity, "game pages answered \(pages)")
            if judged == 0 {
                print("testParallelGuessesGetTheLimitAndNoMore: none judged; game pages answered \(pages)")
            }
            XCTAssertEqual(statuses.filter { $0 == .tooManyRequests }.count, statuses.count - judged)

            // The owls' phone starts another team: it is now in that one only.
            let moved = try await owls.post("/play/\(code)/join", ["team": "Hawks"])
            XCTAssertEqual(moved.status, .seeOther)
            let session = try await GameSession.query(on: app.db).first()!
            let live = try await app.games.game(session)
            let player = try XCTUnwrap(owls.cookies["safercyber-play"])
            let teams = await live.state.teams
            XCTAssertEqual(teams.filter { $0.players.contains(player) }.map(\.name), ["Hawks"])
        }
    }

    // MARK: Sockets against a running server

    final class SocketProbe: @unchecked Sendable {
        private let lock = NIOLock()
        private var _messages: [String] = []
        /// The close code (0 when the socket closed without one), or nil while open.
        private var _closed: Int?
        private var _socket: WebSocket?
        func received(_ text: String) { lock.withLock { _messages.append(text) } }
        func opened(_ socket: WebSocket) { lock.withLock { _socket = socket } }
        /// Whether the server upgraded the connection at all (a refusal in `shouldUpgrade` never does).
        var upgraded: Bool { lock.withLock { _socket != nil } }
        /// Closes the socket from this side, if one was opened.
        func close() async { try? await lock.withLock { _socket }?.close() }
        func closedWith(_ code: WebSocketErrorCode?) {
            let number: Int
            switch code {
            case .none: number = 0
            case .some(.unknown(let n)): number = Int(n)
            case .some(let other): number = Self.number(other)
            }
            lock.withLock { _closed = number }
        }
        private static func number(_ code: WebSocketErrorCode) -> Int {
            switch code {
            case .normalClosure: 1000
            case .goingAway: 1001
            case .protocolError: 1002
            case .unacceptableData: 1003
            case .dataInconsistentWithMessage: 1007
            case .policyViolation: 1008
            case .messageTooLarge: 1009
            case .missingExtension: 1010
            case .unexpectedServerError: 1011
            case .unknown(let n): Int(n)
            }
        }
        /// The upgrade was refused: no socket was opened.
        func refused() { lock.withLock { _closed = -1 } }
        var messages: [String] { lock.withLock { _messages } }
        var closeCode: Int? { lock.withLock { _closed } }

        /// Waits up to `seconds` for the socket to close; the close code, or nil if it stayed open.
        func waitForClose(seconds: Double = 5) async throws -> Int? {
            for _ in 0..<Int(seconds * 50) {
                if let closed = closeCode { return closed }
                try await Task.sleep(for: .milliseconds(20))
            }
            return nil
        }
    }

    func withServer(_ app: Application, _ body: (Int) async throws -> Void) async throws {
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        let port = try XCTUnwrap(app.http.server.shared.localAddress?.port)
        do {
            try await body(port)
        } catch {
            await app.server.shutdown()
            throw error
        }
        await app.server.shutdown()
    }

    func openSocket(
        _ app: Application, port: Int, path: String, cookies: [String: String], origin: String = "http://127.0.0.1",
        refusedAfter: TimeAmount = .seconds(3)
    ) async throws -> SocketProbe {
        let probe = SocketProbe()
        let cookie = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        // WebSocketKit's client sends the host without the port, and the server compares Origin with Host.
        let connecting: EventLoopFuture<Void> = WebSocket.connect(
            to: "ws://127.0.0.1:\(port)\(path)", headers: ["Cookie": cookie, "Origin": origin],
            on: app.eventLoopGroup
        ) { ws in
            probe.opened(ws)
            ws.onText { _, text in probe.received(text) }
            ws.onClose.whenComplete { _ in probe.closedWith(ws.closeCode) }
        }
        // A refused upgrade can leave the client's future waiting: count it as refused after `refusedAfter` (three
        // seconds unless asked; a real upgrade takes milliseconds).
        let outcome = app.eventLoopGroup.any().makePromise(of: Bool.self)
        let settled = NIOLockedValueBox(false)
        @Sendable func settle(_ opened: Bool) {
            if settled.withLockedValue({ done in
                defer { done = true }
                return !done
            }) {
                outcome.succeed(opened)
            }
        }
        connecting.whenComplete { settle((try? $0.get()) != nil) }
        app.eventLoopGroup.any().scheduleTask(in: refusedAfter) { settle(false) }
        if try await !outcome.futureResult.get() {
            probe.refused()
            return probe
        }
        // The server sends the current state first: wait for it, so the socket is known to be attached.
        for _ in 0..<250 where probe.messages.isEmpty && probe.closeCode == nil {
            try await Task.sleep(for: .milliseconds(20))
        }
        return probe
    }

    /// A facilitator's screen stops following the game when its session ends or its account is disabled.
    func testStaffScreensCloseWhenTheSessionEndsOrTheAccountIsDisabled() async throws {
        try await withApp { app in
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let officer = Browser(app)
            try await officer.signIn("officer@alpha.test")
            let (path, _) = try await setUp(officer, scenario: "scam-week", title: "Club")
            let analyst = Browser(app)
            try await analyst.signIn("analyst@alpha.test")
            try await withServer(app) { port in
                let facilitator = try await openSocket(app, port: port, path: path + "/live", cookies: officer.cookies)
                let projector = try await openSocket(
                    app, port: port, path: path + "/live?view=projector", cookies: analyst.cookies)
                XCTAssertFalse(facilitator.messages.isEmpty)
                XCTAssertFalse(projector.messages.isEmpty)
                let closed1 = try await projector.waitForClose(seconds: 0.3)
                XCTAssertEqual(closed1, nil, "open while the session lasts")

                try await officer.post("/app/sign-out", [:])
                let closed2 = try await facilitator.waitForClose()
                XCTAssertEqual(closed2, 1008)
                XCTAssertEqual(projector.closeCode, nil, "another person's screen stays open")

                try await Fixture.admin(on: app.db, hasher: app.passwordHasher)
                let admin = Browser(app)
                try await admin.signIn("admin@deployment.test")
                let analystID = try await User.query(on: app.db).filter(\.$email == "analyst@alpha.test").first()!.id!
                try await admin.get("/app/admin")
                let disabled = try await admin.post("/app/admin/users/\(analystID.uuidString)/disabled", [:])
                XCTAssertEqual(disabled.status, .seeOther, String(disabled.body.prefix(300)))
                let closed3 = try await projector.waitForClose()
                XCTAssertEqual(closed3, 1008)
                // A signed-out browser cannot open a new one.
                let again = try await openSocket(app, port: port, path: path + "/live", cookies: officer.cookies)
                XCTAssertEqual(again.closeCode, -1, "the upgrade is refused")
                XCTAssertTrue(again.messages.isEmpty)
            }
        }
    }

    /// Sockets per address are capped (over the cap: 1013, try again later); a finished game is unloaded after its
    /// grace, closing its sockets with 4000 (game.js does not come back), and loads again from the log when asked.
    func testSocketsAreCappedAndFinishedGamesUnloaded() async throws {
        try await withApp { app in
            let (staff, path, code, owls) = try await clubWithOwls(app)
            await app.games.setSocketLimits(perAddress: 2, perGame: 400)
            try await withServer(app) { port in
                let first = try await openSocket(app, port: port, path: "/play/\(code)/live", cookies: owls.cookies)
                let second = try await openSocket(app, port: port, path: "/play/\(code)/live", cookies: owls.cookies)
                let third = try await openSocket(app, port: port, path: "/play/\(code)/live", cookies: owls.cookies)
                let closed4 = try await third.waitForClose()
                XCTAssertEqual(closed4, 1013)
                XCTAssertEqual(first.closeCode, nil)
                let open = await app.games.openSockets(address: "127.0.0.1")
                XCTAssertEqual(open, 2)

                try await control(staff, path, "finish")
                let justFinished = await app.games.unloadIdle()
                XCTAssertEqual(justFinished, 0, "a game just finished stays loaded")
                let later = await app.games.unloadIdle(now: Date().addingTimeInterval(GameHub.finishedGrace + 5))
                XCTAssertEqual(later, 1)
                let closed5 = try await first.waitForClose()
                XCTAssertEqual(closed5, 4000)
                let closed6 = try await second.waitForClose()
                XCTAssertEqual(closed6, 4000)
                for _ in 0..<100 where await app.games.openSockets(address: "127.0.0.1") > 0 {
                    try await Task.sleep(for: .milliseconds(20))
                }
                let left = await app.games.openSockets(address: "127.0.0.1")
                let loaded = await app.games.loadedGames
                XCTAssertEqual(left, 0, "closed sockets are uncounted")
                XCTAssertEqual(loaded, 0)
                // Results are still there: the game loads again from its log.
                let results = try await owls.get("/play/\(code)")
                XCTAssertTrue(results.body.contains("Game over"))
                let reloaded = await app.games.loadedGames
                XCTAssertEqual(reloaded, 1)
            }
        }
    }
}
