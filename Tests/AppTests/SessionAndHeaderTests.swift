import Fluent
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

final class SessionAndHeaderTests: XCTestCase {
    func testSessionCookieIsHttpOnlyLaxAndRotatedAtSignIn() async throws {
        try await withApp { app in
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let browser = Browser(app)
            browser.cookies["safercyber"] = "planted-by-an-attacker"

            let first = try await browser.signIn("officer@alpha.test")
            let cookie = try XCTUnwrap(first.headers["Set-Cookie"].first { $0.hasPrefix("safercyber=") })
            XCTAssertTrue(cookie.contains("HttpOnly"))
            XCTAssertTrue(cookie.contains("SameSite=Lax"))
            XCTAssertTrue(cookie.contains("Path=/"))
            let firstToken = try XCTUnwrap(browser.cookies["safercyber"])
            XCTAssertNotEqual(firstToken, "planted-by-an-attacker")

            // Signing in again from the same browser ends the old session and issues a new id.
            try await browser.get("/app/p/alpha")
            let again = try await browser.post(
                "/app/sign-in", ["email": "officer@alpha.test", "password": Fixture.password])
            XCTAssertEqual(again.status, .seeOther)
            let secondToken = try XCTUnwrap(browser.cookies["safercyber"])
            XCTAssertNotEqual(firstToken, secondToken)
            let old = try await StaffSessions.resolve(on: app.db, token: firstToken)
            XCTAssertNil(old)
            let sessions = try await StaffSession.query(on: app.db).count()
            XCTAssertEqual(sessions, 1)
        }
    }

    func testSecureHostPrefixedCookieBehindHTTPS() async throws {
        let app = try await Application.make(.testing)
        try await configure(
            app, config: AppConfig(database: .sqliteMemory, publicURL: "https://safer.example.gov.uk", bcryptCost: 4))
        try await app.prepareDatabase()
        do {
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let browser = Browser(app)
            try await browser.get("/app/sign-in")
            let page = try await browser.post(
                "/app/sign-in", ["email": "officer@alpha.test", "password": Fixture.password],
                origin: "https://safer.example.gov.uk")
            let cookie = try XCTUnwrap(page.headers["Set-Cookie"].first { $0.hasPrefix("__Host-safercyber=") })
            XCTAssertTrue(cookie.contains("Secure"))
            XCTAssertTrue(cookie.contains("HttpOnly"))
            XCTAssertFalse(cookie.contains("Domain="), "__Host- cookies must not name a domain")
            XCTAssertEqual(page.headers.first(name: "Strict-Transport-Security"), "max-age=31536000; includeSubDomains")
        } catch {
            try await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    func testSignOutEndsTheSessionOnTheServer() async throws {
        try await withApp { app in
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let browser = Browser(app)
            try await browser.signIn("analyst@alpha.test")
            let token = try XCTUnwrap(browser.cookies["safercyber"])
            try await browser.get("/app/p/alpha")

            let out = try await browser.post("/app/sign-out")

            XCTAssertEqual(out.status, .seeOther)
            let resolved = try await StaffSessions.resolve(on: app.db, token: token)
            XCTAssertNil(resolved)
            // Replaying the old cookie gets the sign-in page, not the partnership.
            browser.cookies["safercyber"] = token
            let replay = try await browser.get("/app/p/alpha")
            XCTAssertEqual(replay.status, .seeOther)
            XCTAssertEqual(replay.location, "/app/sign-in?next=/app/p/alpha")
        }
    }

    func testSecurityHeadersOnEveryResponseAndNoStoreWhenSignedIn() async throws {
        try await withApp { app in
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let browser = Browser(app)
            let missing = try await browser.get("/no/such/page")
            XCTAssertEqual(missing.status, .notFound)
            XCTAssertTrue(missing.body.contains("Page not found"))
            for page in [missing, try await browser.get("/p/alpha")] {
                let csp = try XCTUnwrap(page.headers.first(name: "Content-Security-Policy"))
                XCTAssertTrue(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"))
                XCTAssertFalse(csp.contains("unsafe-inline"))
                XCTAssertEqual(page.headers.first(name: "X-Content-Type-Options"), "nosniff")
                XCTAssertEqual(page.headers.first(name: "Referrer-Policy"), "same-origin")
            }
            try await browser.signIn("viewer@alpha.test")
            let home = try await browser.get("/app/p/alpha")
            XCTAssertEqual(home.status, .ok)
            XCTAssertEqual(home.headers.first(name: .cacheControl), "no-store")
        }
    }

    /// Issue 20, case 8: private-link pages (bookings, check results, certificates) can show a name or an email
    /// and their address is the secret: every one of them answers with no-store and noindex.
    func testEveryPrivateLinkPageIsNeverCached() async throws {
        try await withApp { app in
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let privateRoutes = app.routes.all.filter {
                $0.method == .GET && SecurityHeadersMiddleware.isPrivateLink($0)
            }
            XCTAssertGreaterThanOrEqual(privateRoutes.count, 4, "bookings, calendars, check results, certificates")
            for route in privateRoutes {
                let path =
                    "/"
                    + route.path.map { component -> String in
                        if case .parameter(let name) = component { return name == "slug" ? "alpha" : "AB12CD34EF" }
                        return component.description
                    }.joined(separator: "/")
                let page = try await Browser(app).get(path)
                XCTAssertEqual(page.headers.first(name: .cacheControl), "no-store", path)
                XCTAssertEqual(page.headers.first(name: "X-Robots-Tag"), "noindex", path)
                // Never sent to another site; not "no-referrer", which makes browsers send `Origin: null` on the
                // page's own forms (the smoke test caught it: cancelling from the email link was refused).
                XCTAssertEqual(page.headers.first(name: "Referrer-Policy"), "same-origin", path)
            }
        }
    }

    func testWrongPasswordIsExplainedAndLockoutAnswers429() async throws {
        try await withApp { app in
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let browser = Browser(app)
            let wrong = try await browser.signIn("officer@alpha.test", password: "not my password")
            XCTAssertEqual(wrong.status, .unauthorized)
            XCTAssertTrue(wrong.body.contains("The email address or password is not correct"))
            XCTAssertTrue(wrong.body.contains(#"value="officer@alpha.test""#), "the email is kept")
            for _ in 0..<4 { try await browser.signIn("officer@alpha.test", password: "still wrong") }
            let locked = try await browser.signIn("officer@alpha.test")
            XCTAssertEqual(locked.status, .tooManyRequests)
            XCTAssertTrue(locked.body.contains("Too many failed attempts"))
        }
    }

    func testOversizedRequestIsRefusedCleanly() async throws {
        try await withApp { app in
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let browser = Browser(app)
            try await browser.signIn("coordinator@alpha.test")
            try await browser.get("/app/p/alpha/settings")
            let huge = try await browser.post(
                "/app/p/alpha/settings/themes", ["name": String(repeating: "x", count: 3_000_000)])
            XCTAssertEqual(huge.status, .payloadTooLarge)
            let themes = try await Theme.query(on: app.db).count()
            XCTAssertEqual(themes, 6)
        }
    }
}
