import Fluent
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

/// Every route the application registers has a row in the route × role × partnership matrix: the in-memory one
/// (RoutePermissionMatrixTests) or, for WebSockets, the real-server one. A new route with neither fails here.
final class RouteCoverageTests: XCTestCase {
    /// The two WebSockets: the in-memory tester answers 101 without running `shouldUpgrade`, so their matrix opens
    /// real sockets against a real server (GameRouteTests+SocketMatrix: every role, own and other partnership, every
    /// mix of slug and game id, and another site's page).
    static let inSocketMatrix: Set<String> = [
        "GET /app/p/:slug/games/:id/live",
        "GET /play/:code/live",
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
                if !covered && !Self.inSocketMatrix.contains(key) { missing.append(key) }
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
