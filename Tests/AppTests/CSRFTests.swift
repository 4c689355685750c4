import Fluent
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

/// A state-changing form without this browser's token, or from another site, is refused and changes nothing.
final class CSRFTests: XCTestCase {
    func testPostWithoutTokenOrFromAnotherOriginIsRefused() async throws {
        try await withApp { app in
            // setup
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let browser = Browser(app)
            try await browser.signIn("coordinator@alpha.test")
            try await browser.get("/app/p/alpha/settings")
            let before = try await Theme.query(on: app.db).count()

            // act + check: no token
            let noToken = try await browser.post("/app/p/alpha/settings/themes", ["name": "Romance fraud"], csrf: "")
            XCTAssertEqual(noToken.status, .forbidden)
            XCTAssertTrue(noToken.body.contains("This form has expired"))
            // wrong token
            let wrongToken = try await browser.post(
                "/app/p/alpha/settings/themes", ["name": "Romance fraud"], csrf: "forged-token")
            XCTAssertEqual(wrongToken.status, .forbidden)
            // right token, but sent from another website
            let crossSite = try await browser.post(
                "/app/p/alpha/settings/themes", ["name": "Romance fraud"], origin: "https://evil.example")
            XCTAssertEqual(crossSite.status, .forbidden)
            // no Origin and no Referer at all
            let noOrigin = try await browser.post(
                "/app/p/alpha/settings/themes", ["name": "Romance fraud"], origin: .some(nil))
            XCTAssertEqual(noOrigin.status, .forbidden)
            let unchanged = try await Theme.query(on: app.db).count()
            XCTAssertEqual(unchanged, before)

            // the genuine form works
            let genuine = try await browser.post("/app/p/alpha/settings/themes", ["name": "Romance fraud"])
            XCTAssertEqual(genuine.status, .seeOther)
            let after = try await Theme.query(on: app.db).count()
            XCTAssertEqual(after, before + 1)
        }
    }

    func testTheSendingSiteIsReadFromOriginOrRefererWithoutBeingFooled() async throws {
        XCTAssertEqual(Request.origin(of: "HTTP://127.0.0.1:8080/app/p/alpha?x=1"), "http://127.0.0.1:8080")
        XCTAssertEqual(Request.origin(of: "https://Safer.Example.org"), "https://safer.example.org")
        XCTAssertNil(Request.origin(of: "null"))
        XCTAssertNil(Request.origin(of: "https:///app"))
        XCTAssertNil(Request.origin(of: "://127.0.0.1:8080"))
        try await withApp { app in
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let browser = Browser(app)
            try await browser.signIn("coordinator@alpha.test")
            try await browser.get("/app/p/alpha/settings")
            let before = try await Theme.query(on: app.db).count()
            // Look-alikes of this server (127.0.0.1:8080) are other sites.
            for other in [
                "http://127.0.0.1:8080.evil.example", "http://127.0.0.1:80801", "http://evil.example/127.0.0.1:8080",
                "null",
            ] {
                let refused = try await browser.post(
                    "/app/p/alpha/settings/themes", ["name": "Romance fraud"], origin: .some(other))
                XCTAssertEqual(refused.status, .forbidden, other)
            }
            // Without an Origin header the Referer decides: another site's is refused, this site's page is accepted.
            let otherReferer = try await browser.post(
                "/app/p/alpha/settings/themes", ["name": "Romance fraud"], origin: .some(nil),
                referer: "https://evil.example/app/p/alpha/settings")
            XCTAssertEqual(otherReferer.status, .forbidden)
            // An Origin header decides alone: "null" (a sandboxed page) is refused even beside this site's Referer.
            let nullOrigin = try await browser.post(
                "/app/p/alpha/settings/themes", ["name": "Romance fraud"], origin: .some("null"),
                referer: "http://127.0.0.1:8080/app/p/alpha/settings")
            XCTAssertEqual(nullOrigin.status, .forbidden)
            let unchanged = try await Theme.query(on: app.db).count()
            XCTAssertEqual(unchanged, before)
            let ownReferer = try await browser.post(
                "/app/p/alpha/settings/themes", ["name": "Romance fraud"], origin: .some(nil),
                referer: "http://127.0.0.1:8080/app/p/alpha/settings")
            XCTAssertEqual(ownReferer.status, .seeOther)
            let after = try await Theme.query(on: app.db).count()
            XCTAssertEqual(after, before + 1)
        }
    }

    func testCookiesAreReadByTheirWholeName() async throws {
        try await withApp { app in
            let headers: HTTPHeaders = [
                "Cookie": "safercyber-play2=wrong; safercyber-play=right-one;other=x", "Host": "127.0.0.1",
            ]
            let request = Request(
                application: app, method: .GET, url: URI(string: "/play/ABC123?x=1"), headers: headers,
                on: app.eventLoopGroup.next())
            XCTAssertEqual(request.cookieValue("safercyber-play"), "right-one")
            XCTAssertEqual(request.cookieValue("other"), "x")
            XCTAssertNil(request.cookieValue("safercyber"))
            XCTAssertEqual(request.urlPath, "/play/ABC123")
        }
    }

    func testSignInFormNeedsItsTokenToo() async throws {
        try await withApp { app in
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let browser = Browser(app)
            try await browser.get("/app/sign-in")
            let forged = try await browser.post(
                "/app/sign-in", ["email": "officer@alpha.test", "password": Fixture.password], csrf: "")
            XCTAssertEqual(forged.status, .forbidden)
            XCTAssertNil(browser.cookies["safercyber"], "no session was opened")
            let sessions = try await StaffSession.query(on: app.db).count()
            XCTAssertEqual(sessions, 0)
        }
    }
}
