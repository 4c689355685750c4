import Fluent
import SaferCyberCore
import SaferCyberViews
import Vapor

/// Two-step sign-in (issue 20, case 5): the code page after a correct password, and turning it on or off.
struct TwoFactorController {
    static func challengeCookie(_ config: AppConfig) -> String {
        config.secureCookies ? "__Host-safercyber-challenge" : "safercyber-challenge"
    }

    func showCode(req: Request) async throws -> Response {
        guard let cookie = req.cookies[Self.challengeCookie(req.application.config)]?.string, !cookie.isEmpty else {
            return req.redirect(to: SiteURL.signIn.path)
        }
        let next = req.query[String.self, at: "next"].map(safeNext)
        return TwoFactorPages.code(.init(next: next), chrome: req.chrome()).htmlResponse()
    }

    func answerCode(req: Request) async throws -> Response {
        let config = req.application.config
        let form = FormPairs(req)
        let next = safeNext(form.first("next"))
        let token = req.cookies[Self.challengeCookie(config)]?.string ?? ""
        switch try await TwoFactor.answer(
            challenge: token, code: String((form.first("code") ?? "").prefix(40)),
            keys: try req.application.requireAccountKeys(),
            on: req.db)
        {
        case .passed(let user):
            guard
                case .signedIn(_, let sessionToken, _) = try await SignIn.open(
                    user, address: req.clientAddress, secondFactor: true, on: req.db)
            else { throw Abort(.internalServerError) }
            let response = req.redirect(to: next, redirectType: .normal)
            response.cookies[Cookies.sessionName(config)] = Cookies.value(sessionToken, config: config)
            response.cookies[Self.challengeCookie(config)] = Cookies.expired(config: config)
            try await KnownBrowser.afterSignIn(req, user: user, response: response)
            return response
        case .wrong(let left):
            return codePage(
                req, next: next, status: .unauthorized,
                error:
                    "The code is not correct. You can try \(left) more time\(left == 1 ? "" : "s") before you need your password again."
            )
        case .throttled(let minutes):
            return codePage(
                req, next: next, status: .tooManyRequests,
                error:
                    "Too many wrong codes. For your security, wait \(minutes) minute\(minutes == 1 ? "" : "s") and try again."
            ).retryAfter(TimeInterval(minutes * 60))
        case .expired:
            let response = SignInPage.render(
                .init(
                    notice: "Sign in again: the code page was open too long or had too many wrong codes.", next: next),
                chrome: req.chrome()
            ).htmlResponse(.unauthorized)
            response.cookies[Self.challengeCookie(config)] = Cookies.expired(config: config)
            return response
        }
    }

    /// The code page again, with one error on the code field.
    private func codePage(_ req: Request, next: String, status: HTTPResponseStatus, error: String) -> Response {
        TwoFactorPages.code(.init(errors: [FormError(field: "code", message: error)], next: next), chrome: req.chrome())
            .htmlResponse(status)
    }

    func showAccount(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        return try await account(req, staff, state: nil)
    }

    private func account(
        _ req: Request, _ staff: StaffContext, state: TwoFactorPages.AccountModel.State?, errors: [FormError] = [],
        status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let userID = try staff.user.requireID()
        var shown = state
        if shown == nil {
            if let row = try await TwoFactor.secret(userID: userID, on: req.db) {
                shown =
                    row.enabledAt != nil
                    ? .on(recoveryCodesLeft: try await TwoFactor.recoveryCodesLeft(userID: userID, on: req.db))
                    : scanning(
                        req, staff,
                        secret: TwoFactor.secretBytes(row, keys: try req.application.requireAccountKeys()) ?? [])
            } else {
                shown = .off
            }
        }
        let required = try await TwoFactor.isRequired(for: staff.user, on: req.db)
        let enabled = try await TwoFactor.isEnabled(userID: userID, on: req.db)
        let notice: String? =
            required && !enabled
            ? "Your role (administrator or safeguarding lead), or your partnership, requires two-step sign-in. Turn it on to continue."
            : nil
        return TwoFactorPages.account(.init(state: shown!, errors: errors, notice: notice), chrome: req.chrome())
            .htmlResponse(status)
    }

    private func scanning(_ req: Request, _ staff: StaffContext, secret: [UInt8]) -> TwoFactorPages.AccountModel.State {
        let issuer = "SaferCyber " + (req.application.config.publicURL.flatMap { URL(string: $0)?.host } ?? "")
        let uri = TOTP.provisioningURI(
            secret: secret, account: staff.user.email, issuer: issuer.trimmingCharacters(in: .whitespaces))
        let qr = QRCodeView.Model.encoding(uri, label: "QR code to add SaferCyber to an authenticator app")
        let key = Base32.encode(secret)
        let grouped = stride(from: 0, to: key.count, by: 4).map {
            let start = key.index(key.startIndex, offsetBy: $0)
            return String(key[start..<(key.index(start, offsetBy: 4, limitedBy: key.endIndex) ?? key.endIndex)])
        }.joined(separator: " ")
        return .scanning(secret: grouped, qr: qr)
    }

    func changeAccount(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let userID = try staff.user.requireID()
        let form = FormPairs(req)
        let code = String((form.first("code") ?? "").prefix(40))
        do {
            switch form.first("action") {
            case "begin":
                let secret = try await TwoFactor.begin(
                    userID: userID, keys: try req.application.requireAccountKeys(), on: req.db)
                return try await account(req, staff, state: scanning(req, staff, secret: secret))
            case "confirm":
                let codes = try await TwoFactor.confirm(
                    userID: userID, code: code, keepSessionID: staff.session.id,
                    keys: try req.application.requireAccountKeys(),
                    by: staff.acting(req), on: req.db)
                return try await account(req, staff, state: .recoveryCodes(codes))
            case "disable":
                try await TwoFactor.disable(
                    userID: userID, code: code, keys: try req.application.requireAccountKeys(), by: staff.acting(req),
                    on: req.db)
                return try await account(req, staff, state: .off)
            default:
                throw Abort(.badRequest)
            }
        } catch let errors as FieldErrors {
            return try await account(req, staff, state: nil, errors: errors.formErrors, status: .unprocessableEntity)
        }
    }
}
