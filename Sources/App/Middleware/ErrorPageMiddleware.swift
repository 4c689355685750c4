import Fluent
import SaferCyberCore
import SaferCyberViews
import Vapor

/// Thrown when a staff page needs someone to sign in first.
struct SignInRequired: Error {}

/// Turns every error into a plain-English page (or JSON under /api), and never crashes or leaks internals.
struct ErrorPageMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch is SignInRequired {
            if request.url.path.hasPrefix("/api/") {
                return errorResponse(request, .unauthorized, "Send a valid API token.")
            }
            let next =
                request.method == .GET
                ? "?next=" + (request.url.path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? "") : ""
            return request.redirect(to: SiteURL.signIn.path + next, redirectType: .normal)
        } catch let error as NotFound {
            return errorResponse(
                request, .notFound, "We could not find that \(error.what). Check the address, or go back and try again."
            )
        } catch let error as PartnerScope.NotYours {
            return errorResponse(request, .forbidden, error.description)
        } catch let abort as any AbortError {
            // Vapor's own 404 (no route) says only "Not Found"; ours carry a sentence worth keeping.
            let message = abort.reason == abort.status.reasonPhrase ? defaultMessage(abort.status) : abort.reason
            let response = errorResponse(request, abort.status, message)
            // Headers the error carries (Retry-After on a limit, Allow on a wrong method) reach the client.
            for (name, value) in abort.headers
            where name.lowercased() != "content-type" && name.lowercased() != "content-length" {
                response.headers.replaceOrAdd(name: name, value: value)
            }
            return response
        } catch {
            request.logger.error("Unhandled error: \(String(reflecting: error))")
            return errorResponse(
                request, .internalServerError,
                "Sorry, something went wrong on our side. Nothing you sent has been half-saved. Please try again; if it keeps happening, quote reference \(request.id)."
            )
        }
    }

    func defaultMessage(_ status: HTTPResponseStatus) -> String {
        switch status {
        case .notFound: "Page not found. If you typed the address, check it is correct."
        case .payloadTooLarge: "That was more than SaferCyber accepts in one go. Send less and try again."
        case .unsupportedMediaType, .badRequest: "SaferCyber could not read what was sent. Go back and try again."
        default: "Sorry, that did not work. Go back and try again."
        }
    }

    func errorResponse(_ request: Request, _ status: HTTPResponseStatus, _ message: String) -> Response {
        if request.url.path.hasPrefix("/api/") || request.url.path == SiteURL.health.path {
            let body = (try? JSONEncoder().encode(["error": message])) ?? Data()
            return Response(status: status, headers: ["Content-Type": "application/json"], body: .init(data: body))
        }
        let title: String =
            switch status {
            case .notFound: "Page not found"
            case .forbidden: "You cannot do that"
            case .tooManyRequests: "Too many attempts"
            case .payloadTooLarge: "That was too large to send"
            case .internalServerError: "Sorry, there is a problem with the service"
            default: status.reasonPhrase
            }
        let html = ErrorPage.render(.init(title: title, message: message), chrome: request.chrome())
        return Response(
            status: status, headers: ["Content-Type": "text/html; charset=utf-8"], body: .init(string: html))
    }
}
