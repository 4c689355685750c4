import Fluent
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

/// Walks every route × every role × own/other partnership and checks the status.
/// The expectations are written out here by hand, independently of `PermissionTable`, so a change to the
/// table that opens a route to the wrong role fails this test.
final class RoutePermissionMatrixTests: XCTestCase {
    enum Who: String, CaseIterable { case anonymous, admin, coordinator, officer, analyst, safeguarding, viewer }

    struct Target: Sendable {
        var slug: String
        var theme: String
    }

    struct Route: Sendable {
        var name: String
        var method: HTTPMethod
        /// Builds the path for a partnership slug and that partnership's first theme id.
        var path: @Sendable (Target) -> String
        var form: [String: String] = [:]
        /// Who may use it in their own partnership (admins: every partnership).
        var allowed: Set<Who>
        /// The status when allowed (the inputs are chosen to be harmless: invalid forms or unknown ids).
        var allowedStatus: HTTPStatus
        var isPartnershipRoute = true
        /// For routes whose answer does not follow "allowed, else forbidden" (redirects for everyone, routes that need a
        /// game cookie): the status for each role and whether the partnership is the person's own.
        var expect: (@Sendable (Who, _ own: Bool) -> HTTPStatus)? = nil
        /// A form that differs per role (sign-in: each role tries its own unknown email, so that the per-email limit
        /// of one role's tries does not decide another's answer).
        var formFor: (@Sendable (Who) -> [String: String])? = nil
    }

    static let staff: Set<Who> = [.admin, .coordinator, .officer, .analyst, .safeguarding, .viewer]
    static let everyone = Set(Who.allCases)
    static let unknown = UUID().uuidString
    /// Sign-out last: it ends the browser's session for the rows after it.
    static let routes = platformRoutes + moduleRoutes + publicAndAccountRoutes

    func testEveryRouteForEveryRoleInOwnAndOtherPartnership() async throws {
        try await withApp { app in
            // setup: two partnerships with one account per role each, and a deployment admin
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            try await Fixture.partnership("beta", on: app.db, hasher: app.passwordHasher)
            try await Fixture.admin(on: app.db, hasher: app.passwordHasher)
            app.safeguardingCipher = try FieldCipher(keys: FieldCipher.newKey(id: "matrix"))
            let themeIDs = try await firstThemes(app)
            var failures: [String] = []
            var checked = 0

            for who in Who.allCases {
                let browser = Browser(app)
                if who != .anonymous {
                    let email = who == .admin ? "admin@deployment.test" : "\(who.rawValue)@alpha.test"
                    let signedIn = try await browser.signIn(email)
                    XCTAssertEqual(signedIn.status, .seeOther, "\(who) could not sign in")
                }
                for route in Self.routes {
                    for slug in route.isPartnershipRoute ? ["alpha", "beta"] : ["alpha"] {
                        // act
                        let path = route.path(Target(slug: slug, theme: themeIDs[slug]!))
                        if route.method == .GET { try await browser.get("/app/sign-in") }  // refresh the form token
                        // Public pages (outside /app) carry the browser's anonymous form token, as a real page would.
                        let token = path.hasPrefix("/app") ? nil : browser.cookies["safercyber-csrf"]
                        let staffToken = browser.csrf
                        let page =
                            route.method == .GET
                            ? try await browser.get(path)
                            : try await browser.post(path, route.formFor?(who) ?? route.form, csrf: token)
                        // A public page's form carries the anonymous token; the next staff form needs the staff one.
                        if !path.hasPrefix("/app") { browser.csrf = staffToken }
                        checked += 1
                        // check
                        let expected = expectedStatus(route, who: who, slug: slug)
                        if page.status != expected {
                            failures.append(
                                "\(route.method) \(path) as \(who): expected \(expected.code), got \(page.status.code)")
                        }
                    }
                }
            }
            XCTAssertEqual(failures, [], "\(failures.count) of \(checked) checks failed")
            XCTAssertGreaterThan(checked, 250)
        }
    }

    func expectedStatus(_ route: Route, who: Who, slug: String) -> HTTPStatus {
        let ownPartnership = slug == "alpha" || who == .admin
        if let expect = route.expect { return expect(who, ownPartnership) }
        if route.allowed.contains(who), !route.isPartnershipRoute || ownPartnership || route.allowed == Self.everyone {
            return route.allowedStatus
        }
        if route.path(Target(slug: "x", theme: "y")).hasPrefix("/api/") { return .unauthorized }
        if who == .anonymous { return .seeOther }  // sent to sign in
        if route.name == "sign-in page" { return .seeOther }  // signed-in people go to their partnerships
        return .forbidden
    }

    func firstThemes(_ app: Application) async throws -> [String: String] {
        var ids: [String: String] = [:]
        for slug in ["alpha", "beta"] {
            let partnership = try await Partnerships.find(on: app.db, slug: slug)!
            let theme = try await Theme.query(on: app.db).filter(\.$partnership.$id == partnership.requireID()).first()!
            ids[slug] = try theme.requireID().uuidString
        }
        return ids
    }
}
