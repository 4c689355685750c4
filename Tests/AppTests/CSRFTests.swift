@testable import App
import Fluent
import SaferCyberCore
import TestSupport
import XCTVapor

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
            let wrongToken = try await browser.post("/app/p/alpha/settings/themes", ["name": "Romance fraud"], csrf: "forged-token")
            XCTAssertEqual(wrongToken.status, .forbidden)
            // right token, but sent from another website
            let crossSite = try await browser.post("/app/p/alpha/settings/themes", ["name": "Romance fraud"], origin: "https://evil.example")
            XCTAssertEqual(crossSite.status, .forbidden)
            // no Origin and no Referer at all
            let noOrigin = try await browser.post("/app/p/alpha/settings/themes", ["name": "Romance fraud"], origin: .some(nil))
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

    func testSignInFormNeedsItsTokenToo() async throws {
        try await withApp { app in
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let browser = Browser(app)
            try await browser.get("/app/sign-in")
            let forged = try await browser.post("/app/sign-in", ["email": "officer@alpha.test", "password": Fixture.password], csrf: "")
            XCTAssertEqual(forged.status, .forbidden)
            XCTAssertNil(browser.cookies["safercyber"], "no session was opened")
            let sessions = try await StaffSession.query(on: app.db).count()
            XCTAssertEqual(sessions, 0)
        }
    }
}
