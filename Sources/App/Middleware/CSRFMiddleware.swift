import Fluent
import SaferCyberCore
import Vapor

/// Refuses any state-changing request that lacks this browser's form token or comes from another site.
/// Vapor has no CSRF protection of its own. The JSON API is exempt: it takes bearer tokens, never cookies.
struct CSRFMiddleware: AsyncMiddleware {
    private struct Token: Content { var csrf: String? }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard ![.GET, .HEAD, .OPTIONS].contains(request.method), !request.url.path.hasPrefix("/api/") else {
            return try await next.respond(to: request)
        }
        guard originMatches(request) else {
            request.logger.warning("Refused a form from another origin", metadata: ["origin": "\(request.headers.first(name: .origin) ?? "none")"])
            throw Abort(.forbidden, reason: "This form was sent from another website, so it was refused.")
        }
        // Streamed uploads check the token themselves once the multipart body has been read to disk.
        if Self.checksOwnToken(request) { return try await next.respond(to: request) }
        let limit = request.application.routes.defaultMaxBodySize.value
        let body = try await request.body.collect(max: limit).get()
        // A body that arrived already collected skipped the streaming limit; enforce it here too.
        if (body?.readableBytes ?? 0) > limit {
            throw Abort(.payloadTooLarge, reason: "That was more than SaferCyber accepts in one go. Send less and try again.")
        }
        let sent = Self.sentToken(request)
        // Player pages carry no staff or form cookie: their token is derived from the game cookie.
        if request.url.path.hasPrefix("/play/") {
            let player = request.cookies[PlayController.cookieName(request.application.config)]?.string ?? ""
            guard !player.isEmpty else {
                throw Abort(.forbidden, reason: "This game needs its one small cookie to keep you in your team. Allow cookies for this site, then open the game code again.")
            }
            guard !sent.isEmpty, Secrets.constantTimeEquals(sent, PlayController.formToken(player)) else {
                throw Abort(.forbidden, reason: "This page has expired. Go back, refresh the page and try again.")
            }
            return try await next.respond(to: request)
        }
        guard !sent.isEmpty, Secrets.constantTimeEquals(sent, request.csrfToken) else {
            throw Abort(.forbidden, reason: "This form has expired or was not sent from SaferCyber. Go back, refresh the page and try again.")
        }
        return try await next.respond(to: request)
    }

    /// The form's `csrf` field. URL-encoded forms (nearly all) are scanned directly: the general decoder
    /// was a noticeable share of each game answer's time. Other bodies go through Vapor's decoder.
    static func sentToken(_ request: Request) -> String {
        if request.headers.contentType == .urlEncodedForm, let body = request.body.string {
            for field in body.split(separator: "&") where field.hasPrefix("csrf=") {
                return FormPairs.decode(field.dropFirst(5)) ?? ""
            }
            return ""
        }
        return (try? request.content.decode(Token.self))?.csrf ?? ""
    }

    /// POST /app/p/{slug}/crime/imports (CrimeImportController.upload) or /app/p/{slug}/resources/new
    /// (LibraryController.add) with a multipart body.
    static func checksOwnToken(_ request: Request) -> Bool {
        let parts = request.url.path.split(separator: "/")
        return request.method == .POST && parts.count == 5 && parts[0] == "app" && parts[1] == "p"
            && ((parts[3] == "crime" && parts[4] == "imports") || (parts[3] == "resources" && parts[4] == "new"))
            && request.headers.contentType?.type == "multipart"
    }

    /// The Origin header (or, failing that, the Referer) must name this server.
    func originMatches(_ request: Request) -> Bool {
        let config = request.application.config
        let sentOrigin = request.headers.first(name: .origin)
            ?? request.headers.first(name: .referer).flatMap { URL(string: $0) }.map { url in
                "\(url.scheme ?? "")://\(url.host ?? "")" + (url.port.map { ":\($0)" } ?? "")
            }
        guard let sentOrigin, sentOrigin != "null" else { return false }
        if let publicURL = config.publicURL, let url = URL(string: publicURL) {
            let expected = "\(url.scheme ?? "")://\(url.host ?? "")" + (url.port.map { ":\($0)" } ?? "")
            return sentOrigin.lowercased() == expected.lowercased()
        }
        guard let host = request.headers.first(name: .host), let sent = URL(string: sentOrigin) else { return false }
        let sentHost = (sent.host ?? "") + (sent.port.map { ":\($0)" } ?? "")
        return sentHost.lowercased() == host.lowercased()
    }
}
