import Fluent
import Foundation
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

/// The two WebSocket routes in the route × role × partnership matrix (issue 20, case 8), against a real server: the
/// in-memory tester answers an upgrade without running `shouldUpgrade`, so only real sockets show who gets one.
extension GameRouteTests {
    typealias Who = RoutePermissionMatrixTests.Who

    /// A game of `slug`'s partnership, made by its officer: its staff page path and its join code.
    func game(of slug: String, _ app: Application) async throws -> (id: String, code: String) {
        let officer = Browser(app)
        try await officer.signIn("officer@\(slug).test")
        try await officer.get("/app/p/\(slug)/games")
        let created = try await officer.post(
            "/app/p/\(slug)/games", ["scenario": "scam-week", "title": "Club", "event": "", "survey": ""])
        let path = try XCTUnwrap(created.location)
        let page = try await officer.get(path)
        let code = try XCTUnwrap(
            page.body.range(of: #"<p class="code">([A-Z0-9]{6})</p>"#, options: .regularExpression).map {
                String(page.body[$0].dropFirst(16).prefix(6))
            })
        return (String(path.split(separator: "/").last ?? ""), code)
    }

    func testEverySocketRouteForEveryRoleInOwnAndOtherPartnership() async throws {
        try await withApp { app in
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            try await Fixture.partnership("beta", on: app.db, hasher: app.passwordHasher)
            try await Fixture.admin(on: app.db, hasher: app.passwordHasher)
            let alpha = try await game(of: "alpha", app)
            let beta = try await game(of: "beta", app)
            var browsers: [Who: Browser] = [:]
            for who in Who.allCases {
                let browser = Browser(app)
                if who != .anonymous {
                    let signedIn = try await browser.signIn(
                        who == .admin ? "admin@deployment.test" : "\(who.rawValue)@alpha.test")
                    XCTAssertEqual(signedIn.status, .seeOther, "\(who) could not sign in")
                }
                browsers[who] = browser
            }
            // Staff screens: (slug in the path, the game's own partnership), for alpha's people.
            let staffTargets: [(slug: String, game: String, own: Bool, what: String)] = [
                ("alpha", alpha.id, true, "alpha's game"),
                ("beta", beta.id, false, "beta's game under beta"),
                ("alpha", beta.id, false, "beta's game under alpha's slug"),
                ("beta", alpha.id, false, "alpha's game under beta's slug"),
            ]
            var failures: [String] = []
            var checked = 0
            try await withServer(app) { port in
                for who in Who.allCases {
                    let cookies = browsers[who]!.cookies
                    for target in staffTargets {
                        for view in ["", "?view=projector"] {
                            let path = "/app/p/\(target.slug)/games/\(target.game)/live\(view)"
                            // Staff of the game's partnership watch it; a deployment admin watches any game, but only
                            // under its own partnership's slug (another slug does not hold it).
                            let slugHoldsGame =
                                target.slug == "alpha" ? target.game == alpha.id : target.game == beta.id
                            // Roles without exact counts (safeguarding, viewer) do not watch: the feed names and
                            // counts the teams (issue 19).
                            let expected =
                                [.anonymous, .safeguarding, .viewer].contains(who)
                                ? false : who == .admin ? slugHoldsGame : target.own
                            // A socket that should open gets 3 s (a slow machine); one that should not, 600 ms.
                            let probe = try await openSocket(
                                app, port: port, path: path, cookies: cookies,
                                refusedAfter: expected ? .seconds(3) : .milliseconds(600))
                            checked += 1
                            let opened = probe.closeCode == nil && !probe.messages.isEmpty
                            // Refused before upgrading (in `shouldUpgrade`), not upgraded and then closed.
                            if !expected && probe.upgraded {
                                failures.append("\(path) (\(target.what)) as \(who): upgraded before being refused")
                            }
                            await probe.close()
                            if opened != expected {
                                failures.append(
                                    "\(path) (\(target.what)) as \(who): expected \(expected ? "open" : "refused"), "
                                        + "got \(opened ? "open" : "close \(probe.closeCode.map(String.init) ?? "-")")")
                            }
                        }
                    }
                    // The players' socket: open to anyone with the game's code, whoever they are; a wrong code opens
                    // nothing; a right code from another site's page is refused.
                    for (code, expected) in [(alpha.code, true), (beta.code, true), ("ZZZZZZ", false)] {
                        let probe = try await openSocket(
                            app, port: port, path: "/play/\(code)/live", cookies: cookies,
                            refusedAfter: expected ? .seconds(3) : .milliseconds(600))
                        checked += 1
                        let opened = probe.closeCode == nil && !probe.messages.isEmpty
                        await probe.close()
                        if opened != expected {
                            failures.append("/play/\(code)/live as \(who): expected \(expected ? "open" : "refused")")
                        }
                    }
                }
                let foreign = try await openSocket(
                    app, port: port, path: "/app/p/alpha/games/\(alpha.id)/live", cookies: browsers[.officer]!.cookies,
                    origin: "http://evil.example")
                XCTAssertNotEqual(foreign.closeCode, nil, "another site's page cannot open a staff socket")
                let foreignPlay = try await openSocket(
                    app, port: port, path: "/play/\(alpha.code)/live", cookies: [:], origin: "http://evil.example")
                XCTAssertNotEqual(foreignPlay.closeCode, nil, "another site's page cannot open a player's socket")
            }
            XCTAssertEqual(failures, [], "\(failures.count) of \(checked) socket checks failed")
            XCTAssertEqual(checked, Who.allCases.count * (staffTargets.count * 2 + 3))
        }
    }

    /// Once a game is under way, one address starts at most `GamePlay.lateTeamsPerAddress` new teams (each late team
    /// has one quick guess per puzzle); teams started in the lobby do not count, and joining a team by its code still
    /// works past the limit.
    func testOneAddressStartsFewTeamsOnceTheGameIsUnderWay() async throws {
        try await withApp { app in
            let (staff, path, code, owls) = try await clubWithOwls(app)
            _ = try await join(app, code: code, team: "Badgers")
            try await control(staff, path, "start")
            var statuses: [UInt] = []
            for number in 0...GamePlay.lateTeamsPerAddress {
                let device = Browser(app)
                try await device.get("/play/\(code)")
                let joined = try await device.post("/play/\(code)/join", ["team": "Late \(number + 1)"])
                statuses.append(joined.status.code)
                if joined.status == .tooManyRequests {
                    XCTAssertNotNil(joined.headers.first(name: .retryAfter), "the refusal says when to try again")
                }
            }
            XCTAssertEqual(statuses, Array(repeating: 303, count: GamePlay.lateTeamsPerAddress) + [429])
            let owlsPage = try await owls.get("/play/\(code)")
            let owlsCode = try XCTUnwrap(Self.teamCode(owlsPage.body))
            let mate = Browser(app)
            try await mate.get("/play/\(code)")
            let joined = try await mate.post("/play/\(code)/join", ["teamCode": owlsCode])
            XCTAssertEqual(joined.status, .seeOther, "joining by code is not a new team")
        }
    }
}
