import Fluent
import Vapor

/// Security headers on every response. The CSP allows no inline script and nothing from other sites.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    let secure: Bool

    static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
        "connect-src 'self'", "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'", "object-src 'none'",
    ].joined(separator: "; ")

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        let headers = [
            ("Content-Security-Policy", Self.contentSecurityPolicy),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "same-origin"),
            ("X-Frame-Options", "DENY"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
            ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"),
            ("X-Request-Id", request.id),
        ]
        for (name, value) in headers { response.headers.replaceOrAdd(name: name, value: value) }
        // Every refusal for too many requests says when to try again: pages that know the wait set it; any other
        // says a minute (RFC 9110 10.2.3).
        if response.status == .tooManyRequests, response.headers.first(name: .retryAfter) == nil {
            response.headers.replaceOrAdd(name: .retryAfter, value: "60")
        }
        // Uploaded files carry a stricter policy of their own (nothing runs, nothing loads): keep it.
        if let strict = response.headers.first(name: "X-SaferCyber-File-Policy") {
            response.headers.remove(name: "X-SaferCyber-File-Policy")
            response.headers.replaceOrAdd(name: "Content-Security-Policy", value: strict)
        }
        if secure {
            response.headers.replaceOrAdd(
                name: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains")
        }
        // Staff pages hold personal and sensitive data: never keep them in a shared or back-button cache.
        if request.staff != nil || request.urlPath.hasPrefix("/app") || request.urlPath.hasPrefix("/api") {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        // Private-link pages (a booking, a check result, a certificate): the address is the secret and the page
        // can show a name or an email, so no cache keeps it and no search engine lists it.
        // …and pages whose address carries a participant code (the survey link from the after-event email).
        if Self.isPrivateLink(request.route) || request.url.query?.contains("code=") == true {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
            response.headers.replaceOrAdd(name: "X-Robots-Tag", value: "noindex")
            // Referrer-Policy stays "same-origin" (set above): the address never goes to another site. Not
            // "no-referrer": with it, browsers send `Origin: null` on the page's own forms, which CSRF refuses.
        }
        return response
    }

    /// Routes whose address carries a secret: a `token` or `code` parameter.
    static func isPrivateLink(_ route: Route?) -> Bool {
        route?.path.contains { component in
            if case .parameter(let name) = component { return name == "token" || name == "code" }
            return false
        } ?? false
    }
}
