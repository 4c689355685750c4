import Fluent
import SaferCyberCore
import Vapor

/// Refuses any state-changing request that lacks this browser's form token or comes from another site.
/// Vapor has no CSRF protection of its own. The JSON API is exempt: it takes bearer tokens, never cookies.
struct CSRFMiddleware: AsyncMiddleware {
    private struct Token: Content { var csrf: String? }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard ![.GET, .HEAD, .OPTIONS].contains(request.method), !request.urlPath.hasPrefix("/api/") else {
            return try await next.respond(to: request)
        }
        guard originMatches(request) else {
            request.logger.warning(
                "Refused a form from another origin",
                metadata: ["origin": "\(request.headers.first(name: .origin) ?? "none")"])
            throw Abort(.forbidden, reason: "This form was sent from another website, so it was refused.")
        }
        // Streamed uploads check the token themselves once the multipart body has been read to disk.
        if Self.checksOwnToken(request) { return try await next.respond(to: request) }
        let limit = request.application.routes.defaultMaxBodySize.value
        let body = try await request.body.collect(max: limit).get()
        // A body that arrived already collected skipped the streaming limit; enforce it here too.
        if (body?.readableBytes ?? 0) > limit {
            throw Abort(
                .payloadTooLarge, reason: "That was more than SaferCyber accepts in one go. Send less and try again.")
        }
        let sent = Self.sentToken(request)
        // Player pages carry no staff or form cookie: their token is derived from the game cookie.
        if request.urlPath.hasPrefix("/play/") {
            let player = PlayController.player(request)
            guard !player.isNew else {
                throw Abort(
                    .forbidden,
                    reason:
                        "This game needs its one small cookie to keep you in your team. Allow cookies for this site, then open the game code again."
                )
            }
            guard !sent.isEmpty, Secrets.constantTimeEquals(sent, PlayController.formToken(player.id)) else {
                throw Abort(.forbidden, reason: "This page has expired. Go back, refresh the page and try again.")
            }
            return try await next.respond(to: request)
        }
        guard !sent.isEmpty, Secrets.constantTimeEquals(sent, request.csrfToken) else {
            throw Abort(
                .forbidden,
                reason:
                    "This form has expired or was not sent from SaferCyber. Go back, refresh the page and try again.")
        }
        return try await next.respond(to: request)
    }

    /// The form's `csrf` field. URL-encoded forms (nearly all) are scanned directly: the general decoder
    /// was a noticeable share of each game answer's time. Other bodies go through Vapor's decoder.
    static func sentToken(_ request: Request) -> String {
        // The header is compared as text: parsing it into a media type was a noticeable share of a game answer.
        let type = request.headers.first(name: .contentType) ?? ""
        if type.lowercased().hasPrefix("application/x-www-form-urlencoded"), let body = request.body.string {
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
        let parts = request.urlPath.split(separator: "/")
        guard request.method == .POST, request.headers.contentType?.type == "multipart" else { return false }
        // A student's upload through a submission link (issue 23): /p/{slug}/submit/{token}.
        if parts.count == 4 && parts[0] == "p" && parts[2] == "submit" { return true }
        return parts.count == 5 && parts[0] == "app" && parts[1] == "p"
            && ((parts[3] == "crime" && parts[4] == "imports") || (parts[3] == "resources" && parts[4] == "new"))
    }

    /// The Origin header (or, failing that, the Referer) must name this server.
    func originMatches(_ request: Request) -> Bool {
        let config = request.application.config
        // An Origin header decides alone (even "null", which is refused); only without one does the Referer count.
        let named = request.headers.first(name: .origin) ?? request.headers.first(name: .referer)
        guard let sent = named.flatMap(Request.origin(of:)) else { return false }
        if let publicURL = config.publicURL, let expected = Request.origin(of: publicURL) {
            return sent == expected
        }
        guard let host = request.headers.first(name: .host)?.lowercased() else { return false }
        return sent == "http://" + host || sent == "https://" + host
    }
}
