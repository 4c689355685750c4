import SaferCyberCore
import SaferCyberViews
import Vapor

/// "Forgotten your password?" (issue 22). The answer is the same whether or not the address has an account, and
/// requests are limited per address and per email (shared by every instance through the database).
struct PasswordResetController {
    func show(req: Request) async throws -> Response {
        PasswordResetPages.request(
            email: "", errors: [], sent: false, emailWorks: req.application.config.mail.sends, chrome: req.chrome()
        ).htmlResponse()
    }

    func request(req: Request) async throws -> Response {
        let email = User.normalise(email: FormPairs(req).first("email") ?? "")
        guard Accounts.isPlausibleEmail(email) else {
            return PasswordResetPages.request(
                email: email,
                errors: [
                    FormError(
                        field: "email", message: "Enter an email address in the correct format, like name@example.org")
                ], sent: false, emailWorks: req.application.config.mail.sends, chrome: req.chrome()
            ).htmlResponse(.unprocessableEntity)
        }
        let limits = try await PublicLimits.take(
            PasswordResets.limits(address: req.limitAddress, email: email), on: req.db)
        if limits == .allowed {
            // After the answer: finding the account and writing the link would take longer for a real account.
            let (links, db) = (req.mailLinks, req.application.db)
            req.application.afterResponse.run(
                req.logger, "A password reset request", delay: req.application.config.deferredWorkDelay
            ) {
                try await PasswordResets.request(email: email, links: links, on: db)
            }
        }
        // Past the limit the page says the same: a refusal would tell a stranger the address was tried before.
        return PasswordResetPages.request(
            email: email, errors: [], sent: true, emailWorks: req.application.config.mail.sends, chrome: req.chrome()
        ).htmlResponse()
    }

    private func noStore(_ response: Response) -> Response {
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    func choose(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        guard let user = try await PasswordResets.account(token: token, on: req.db) else {
            return noStore(PasswordResetPages.expired(chrome: req.chrome()).htmlResponse(.notFound))
        }
        return noStore(
            PasswordResetPages.choose(token: token, email: user.email, errors: [], chrome: req.chrome()).htmlResponse())
    }

    func save(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        let form = FormPairs(req)
        do {
            try await PasswordResets.complete(
                token: token, password: form.first("password") ?? "", confirmation: form.first("confirmation") ?? "",
                hasher: req.application.passwordHasher, on: req.db)
        } catch let errors as FieldErrors {
            guard let user = try await PasswordResets.account(token: token, on: req.db) else {
                return noStore(PasswordResetPages.expired(chrome: req.chrome()).htmlResponse(.notFound))
            }
            return noStore(
                PasswordResetPages.choose(
                    token: token, email: user.email, errors: errors.formErrors, chrome: req.chrome()
                )
                .htmlResponse(.unprocessableEntity))
        } catch is NotFound {
            return noStore(PasswordResetPages.expired(chrome: req.chrome()).htmlResponse(.notFound))
        }
        await req.application.games.recheckStaff()
        return req.redirect(to: SiteURL.signIn.path + "?reset=1", redirectType: .normal)
    }
}
