import Fluent
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

/// Every route the application registers has a row in the route × role × partnership matrix, or is on the list
/// below of routes covered elsewhere for now (issue 18 step 5; issue 20 asks for them to join the matrix). A new
/// route with neither fails here.
final class RouteCoverageTests: XCTestCase {
    /// Routes not yet in the matrix (issue 20 lists them), by method and pattern. Today they are tested by
    /// SessionAndHeaderTests and SignInAbuseRouteTests (sign-in, invitations), PublicEventRouteTests (bookings),
    /// SurveyResponseTests, GameRouteTests (play and both WebSockets) and OperationsTests (home pages).
    static let notYetInMatrix: Set<String> = [
        "GET /",
        "GET /app",
        "GET /app/invitations/:token",
        "GET /app/p/:slug/games/:id/live",
        "GET /p/:slug/bookings/:token/calendar.ics",
        "GET /play/:code/certificate",
        "GET /play/:code/live",
        "POST /app/invitations/:token",
        "POST /app/sign-in",
        "POST /app/sign-out",
        "POST /p/:slug/bookings/:token/ambassador",
        "POST /p/:slug/bookings/:token/cancel",
        "POST /p/:slug/bookings/:token/erase",
        "POST /p/:slug/bookings/:token/told",
        "POST /p/:slug/events/:id",
        "POST /p/:slug/surveys/:id/:stage",
        "POST /play/:code/agree",
        "POST /play/:code/answer",
        "POST /play/:code/basket",
        "POST /play/:code/hint",
        "POST /play/:code/join",
    ]

    func testEveryRegisteredRouteHasAMatrixRow() async throws {
        try await withApp { app in
            let target = RoutePermissionMatrixTests.Target(slug: "alpha", theme: UUID().uuidString)
            let concrete = RoutePermissionMatrixTests.routes.map { route in
                (route.method, route.path(target).split(separator: "?").first.map(String.init) ?? "")
            }
            var missing: [String] = []
            for route in app.routes.all {
                let key = "\(route.method.rawValue) /" + route.path.map(\.description).joined(separator: "/")
                let covered = concrete.contains { method, path in
                    method == route.method && Self.matches(route.path, path)
                }
                if !covered && !Self.notYetInMatrix.contains(key) { missing.append(key) }
            }
            XCTAssertEqual(missing.sorted(), [], "routes with no row in RoutePermissionMatrixTests")
        }
    }

    /// Whether a concrete path fits a route's pattern.
    static func matches(_ pattern: [PathComponent], _ path: String) -> Bool {
        let parts = path.split(separator: "/").map(String.init)
        for (index, component) in pattern.enumerated() {
            switch component {
            case .catchall: return parts.count >= index
            case .anything, .parameter: if index >= parts.count { return false }
            case .constant(let value): if index >= parts.count || parts[index] != value { return false }
            }
        }
        return parts.count == pattern.count
    }
}
