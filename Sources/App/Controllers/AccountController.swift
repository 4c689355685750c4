import Fluent
import SaferCyberCore
import SaferCyberViews
import Vapor

/// Accepting invitations and changing one's own password.
struct AccountController {
    struct Acceptance: Content {
        var displayName: String?
        var password: String?
    }

    struct PasswordChange: Content {
        var currentPassword: String?
        var newPassword: String?
    }

    func showInvitation(req: Request) async throws -> Response {
        try await limit(req, answering: false)
        let (token, found) = try await invitation(req)
        return InvitationPage.render(model(req, token, found), chrome: req.chrome()).htmlResponse()
    }

    func accept(req: Request) async throws -> Response {
        try await limit(req, answering: true)
        let (token, found) = try await invitation(req)
        let form = try FormPairs(req).decode(Acceptance.self)
        do {
            _ = try await Members.accept(
                on: req.db, token: token, displayName: form.displayName ?? "", password: form.password ?? "",
                hasher: req.passwordHasher, signedInUserID: req.staff?.user.id)
        } catch let errors as FieldErrors {
            var model = model(req, token, found)
            model.displayName = form.displayName ?? ""
            model.errors = errors.formErrors
            return InvitationPage.render(model, chrome: req.chrome()).htmlResponse(.unprocessableEntity)
        }
        if found.existingAccount, req.staff != nil {
            return req.redirect(to: SiteURL.dashboard.path, redirectType: .normal)
        }
        let page = SignInPage.render(
            .init(
                email: found.0.email,
                notice: "You have joined \(found.1.name). Sign in to continue."
                    + (RoleGrants.needsApproval(found.0.role)
                        ? " Your \(found.0.role.label.lowercased()) role takes effect when another "
                            + "holder of it approves it; until then you see the partnership as a viewer." : "")),
            chrome: req.chrome())
        return page.htmlResponse()
    }

    /// Counts one use of an invitation link (and, for an answer, of this link) before anything is looked up.
    func limit(_ req: Request, answering: Bool) async throws {
        let rules = Members.acceptanceLimits(
            address: req.limitAddress, token: answering ? (req.parameters.get("token") ?? "") : nil)
        if case .limited(let seconds) = try await PublicLimits.take(rules, on: req.db) {
            throw Abort(
                .tooManyRequests, headers: ["Retry-After": String(Int(seconds.rounded(.up)))],
                reason: "This invitation link has been tried too many times. Please wait an hour and try again.")
        }
    }

    func invitation(_ req: Request) async throws -> (String, (Invitation, Partnership, existingAccount: Bool)) {
        let token = req.parameters.get("token") ?? ""
        guard let found = try await Members.invitation(on: req.db, token: token) else {
            throw Abort(
                .notFound,
                reason: "This invitation link has expired or has already been used. Ask your coordinator for a new one."
            )
        }
        return (token, found)
    }

    func model(_ req: Request, _ token: String, _ found: (Invitation, Partnership, existingAccount: Bool))
        -> InvitationPage.Model
    {
        InvitationPage.Model(
            token: token, partnershipName: found.1.name, email: found.0.email,
            role: found.0.role.label, existingAccount: found.existingAccount,
            signedInAsInvitee: req.staff?.user.email == found.0.email)
    }

    func showPassword(req: Request) async throws -> Response {
        _ = try req.requireStaff()
        return ChangePasswordPage.render(.init(), chrome: req.chrome()).htmlResponse()
    }

    func changePassword(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let form = try FormPairs(req).decode(PasswordChange.self)
        do {
            try await Accounts.changePassword(
                on: req.db, user: staff.user, current: form.currentPassword ?? "", new: form.newPassword ?? "",
                keepSessionID: staff.session.id, hasher: req.passwordHasher, address: req.clientAddress,
                equaliser: req.application.signInEqualiser)
        } catch let errors as FieldErrors {
            return ChangePasswordPage.render(.init(errors: errors.formErrors), chrome: req.chrome()).htmlResponse(
                .unprocessableEntity)
        }
        return ChangePasswordPage.render(.init(changed: true), chrome: req.chrome()).htmlResponse()
    }
}
