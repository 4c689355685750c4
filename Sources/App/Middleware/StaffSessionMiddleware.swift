import Fluent
import SaferCyberCore
import SaferCyberViews
import Vapor

/// The signed-in person for this request, if any.
struct StaffContext: Sendable {
    let user: User
    let session: StaffSession
    let token: String

    func acting(_ request: Request) -> ActingUser {
        ActingUser(id: user.id, email: user.email, requestID: request.id)
    }
}

extension Request {
    private struct StaffKey: StorageKey { typealias Value = StaffContext }
    private struct AnonymousCSRFKey: StorageKey { typealias Value = String }

    var staff: StaffContext? {
        get { storage[StaffKey.self] }
        set { storage[StaffKey.self] = newValue }
    }

    /// The token forms must echo: the session's when signed in, otherwise a per-browser cookie.
    var csrfToken: String {
        if let staff { return staff.session.csrfToken }
        if let existing = storage[AnonymousCSRFKey.self] { return existing }
        let fromCookie = cookies[Cookies.csrfName(application.config)]?.string
        let token =
            fromCookie.flatMap { (value: String) -> String? in value.count == 43 ? value : nil } ?? Secrets.token()
        storage[AnonymousCSRFKey.self] = token
        return token
    }

    var anonymousCSRFIssued: String? { storage[AnonymousCSRFKey.self] }
}

/// Cookie names and attributes. Vapor's defaults are not enough: these are HttpOnly, SameSite,
/// Secure over HTTPS, and `__Host-` prefixed in production (bound to this exact host, path /).
enum Cookies {
    static func sessionName(_ config: AppConfig) -> String { config.secureCookies ? "__Host-safercyber" : "safercyber" }
    static func csrfName(_ config: AppConfig) -> String {
        config.secureCookies ? "__Host-safercyber-csrf" : "safercyber-csrf"
    }

    static func value(
        _ string: String, config: AppConfig, sameSite: HTTPCookies.SameSitePolicy = .lax, expires: Date? = nil
    ) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: string, expires: expires, maxAge: nil, domain: nil, path: "/",
            isSecure: config.secureCookies, isHTTPOnly: true, sameSite: sameSite)
    }

    static func expired(config: AppConfig) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, domain: nil, path: "/",
            isSecure: config.secureCookies, isHTTPOnly: true, sameSite: .lax)
    }
}

/// Looks up the session cookie on every staff request, and sets the anonymous form-token cookie when one was issued.
struct StaffSessionMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let config = request.application.config
        let isStaffArea = request.urlPath.hasPrefix("/app")
        if isStaffArea, let token = request.cookies[Cookies.sessionName(config)]?.string,
            let (session, user) = try await StaffSessions.resolve(on: request.db, token: token)
        {
            request.staff = StaffContext(user: user, session: session, token: token)
            // Administrators and safeguarding leads turn on two-step sign-in before anything else (issue 20).
            let open = [SiteURL.twoFactor.path, SiteURL.signOut.path, SiteURL.changePassword.path]
            if !open.contains(request.urlPath), try await TwoFactor.isRequired(for: user, on: request.db),
                try await !TwoFactor.isEnabled(userID: user.requireID(), on: request.db)
            {
                return request.redirect(to: SiteURL.twoFactor.path + "?required=1", redirectType: .normal)
            }
        }
        let response = try await next.respond(to: request)
        if let issued = request.anonymousCSRFIssued, request.cookies[Cookies.csrfName(config)]?.string != issued {
            response.cookies[Cookies.csrfName(config)] = Cookies.value(issued, config: config, sameSite: .strict)
        }
        return response
    }
}
