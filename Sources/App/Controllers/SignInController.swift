import Fluent
import SaferCyberCore
import SaferCyberViews
import Vapor

/// Signing in and out.
struct SignInController {
    struct Credentials: Content {
        var email: String?
        var password: String?
        var next: String?
    }

    func show(req: Request) async throws -> Response {
        if req.staff != nil { return req.redirect(to: SiteURL.dashboard.path) }
        let notice =
            req.query[String.self, at: "reset"] == "1"
            ? "Your password has been changed, and you have been signed out everywhere. Sign in with the new password."
            : req.query[String.self, at: "next"] != nil
                ? "Sign in to continue. For your security, you are signed out after 30 minutes without activity." : nil
        let next = req.query[String.self, at: "next"].map(safeNext)
        return SignInPage.render(.init(notice: notice, next: next), chrome: req.chrome()).htmlResponse()
    }

    func signIn(req: Request) async throws -> Response {
        let form = try FormPairs(req).decode(Credentials.self)
        let email = form.email ?? ""
        let password = form.password ?? ""
        var errors = FieldErrors()
        if email.trimmingCharacters(in: .whitespaces).isEmpty { errors.add("email", "Enter your email address") }
        if email.utf8.count > 254 { errors.add("email", "Enter an email address of 254 characters or fewer") }
        if password.isEmpty { errors.add("password", "Enter your password") }
        if !errors.isEmpty { return page(req, email: email, errors: errors.formErrors, status: .unprocessableEntity) }

        let outcome = try await SignIn.attempt(
            on: req.db, email: email, password: password, address: req.clientAddress, hasher: req.passwordHasher,
            equaliser: req.application.signInEqualiser,
            device: req.cookies[KnownBrowser.cookieName(req.application.config)]?.string)
        switch outcome {
        case .refused:
            return page(
                req, email: email,
                errors: [FormError(field: "email", message: "The email address or password is not correct")],
                status: .unauthorized)
        case .tooManyAttempts(let minutes):
            return page(
                req, email: email,
                errors: [
                    FormError(
                        field: "email",
                        message:
                            "Too many failed attempts. For your security, wait \(minutes) minute\(minutes == 1 ? "" : "s") and try again."
                    )
                ],
                status: .tooManyRequests
            ).retryAfter(TimeInterval(minutes * 60))
        case .codeNeeded(let challenge):
            // The password was right; the session opens only after the code (TwoFactorController).
            let target = safeNext(form.next ?? req.query[String.self, at: "next"])
            var components = URLComponents()
            components.queryItems = [URLQueryItem(name: "next", value: target)]
            let response = req.redirect(
                to: SiteURL.signInCode.path + "?" + (components.percentEncodedQuery ?? ""), redirectType: .normal)
            response.cookies[TwoFactorController.challengeCookie(req.application.config)] = Cookies.value(
                challenge, config: req.application.config, sameSite: .strict)
            return response
        case .signedIn(let user, let token, _):
            // Rotate: whatever session the browser held before is ended, and a new id is issued.
            if let old = req.staff?.token ?? req.cookies[Cookies.sessionName(req.application.config)]?.string {
                try await StaffSessions.close(on: req.db, token: old)
            }
            let target = safeNext(form.next ?? req.query[String.self, at: "next"])
            let response = req.redirect(to: target, redirectType: .normal)
            response.cookies[Cookies.sessionName(req.application.config)] = Cookies.value(
                token, config: req.application.config)
            try await KnownBrowser.afterSignIn(req, user: user, response: response)
            return response
        }
    }

    func signOut(req: Request) async throws -> Response {
        if let staff = req.staff {
            try await StaffSessions.close(on: req.db, token: staff.token)
            try await req.db.write { db in
                try await Audit.record(
                    on: db, partnershipID: nil, by: staff.acting(req), action: .signOut, entity: "user",
                    entityID: staff.user.id?.uuidString, summary: "Signed out")
            }
            // Live game screens opened with this session close now (issue 20, case 7).
            await req.application.games.recheckStaff()
        }
        let response = req.redirect(to: SiteURL.signIn.path, redirectType: .normal)
        response.cookies[Cookies.sessionName(req.application.config)] = Cookies.expired(config: req.application.config)
        return response
    }

    func page(_ req: Request, email: String, errors: [FormError], status: HTTPResponseStatus) -> Response {
        // The destination is carried through a failed attempt, so signing in from an invitation returns to it.
        let next = FormPairs(req).first("next").map(safeNext)
        return SignInPage.render(.init(email: email, errors: errors, next: next), chrome: req.chrome()).htmlResponse(
            status)
    }

}

/// Only local staff paths are followed after sign-in, so the link cannot send people to another site.
func safeNext(_ next: String?) -> String {
    guard let next, next.hasPrefix("/app"), !next.hasPrefix("//"), !next.contains("\\") else {
        return SiteURL.dashboard.path
    }
    return next
}
