import Vapor

/// Logs each request like Vapor's RouteLoggingMiddleware, but with private-link secrets (booking, certificate and
/// invitation tokens) replaced, so that log files never hold a key to someone's booking.
struct RequestLogMiddleware: AsyncMiddleware {
    static let secretAfter: Set<Substring> = [
        "bookings", "invitations", "password-reset", "complete", "certificate", "results", "submit",
    ]

    static func redacted(_ path: String) -> String {
        var parts = path.split(separator: "/", omittingEmptySubsequences: false)
        for index in parts.indices.dropLast() where secretAfter.contains(parts[index]) && !parts[index + 1].isEmpty {
            parts[index + 1] = "[redacted]"
        }
        return parts.joined(separator: "/")
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        request.logger.info("\(request.method) \(Self.redacted(request.urlPath))")
        return try await next.respond(to: request)
    }
}
