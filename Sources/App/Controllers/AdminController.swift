import Fluent
import SaferCyberCore
import SaferCyberViews
import Vapor

/// Deployment administration: partnerships and accounts (admins only).
struct AdminController {
    struct NewPartnership: Content {
        var name: String?
        var slug: String?
    }

    func requireAdmin(_ req: Request) throws -> StaffContext {
        let staff = try req.requireStaff()
        guard PermissionTable.allows(staff.user.isAdmin ? .admin : .viewer, .manageDeployment) else {
            throw Abort(.forbidden, reason: "Only deployment administrators can manage partnerships and accounts.")
        }
        return staff
    }

    func show(req: Request) async throws -> Response {
        _ = try requireAdmin(req)
        return try await render(
            req, notice: req.query[String.self, at: "saved"].map { _ in "Your change has been saved." })
    }

    func createPartnership(req: Request) async throws -> Response {
        let staff = try requireAdmin(req)
        let form = try FormPairs(req).decode(NewPartnership.self)
        do {
            _ = try await Partnerships.create(
                on: req.db, slug: form.slug ?? "", name: form.name ?? "", by: staff.acting(req))
        } catch let errors as FieldErrors {
            return try await render(
                req, errors: errors.formErrors, slug: form.slug ?? "", name: form.name ?? "",
                status: .unprocessableEntity)
        }
        return req.redirect(to: SiteURL.admin.path + "?saved=1", redirectType: .normal)
    }

    func toggleDisabled(req: Request) async throws -> Response {
        let staff = try requireAdmin(req)
        guard let id = req.parameters.get("userID").flatMap(UUID.init(uuidString:)),
            let user = try await Accounts.account(id: id, on: req.db)
        else { throw NotFound("account") }
        if id == staff.user.id {
            return try await render(
                req, errors: [FormError(field: "name", message: "You cannot disable your own account")],
                status: .unprocessableEntity)
        }
        try await Accounts.setDisabled(on: req.db, userID: id, disabled: !user.isDisabled, by: staff.acting(req))
        await req.application.games.recheckStaff()
        return req.redirect(to: SiteURL.admin.path + "?saved=1", redirectType: .normal)
    }

    func render(
        _ req: Request, errors: [FormError] = [], slug: String = "", name: String = "", notice: String? = nil,
        status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let partnerships = try await Partnerships.all(on: req.db)
        let members = try await Members.counts(on: req.db)
        let rows = partnerships.map { ($0.name, $0.slug, $0.id.flatMap { members[$0] } ?? 0, $0.isDemo) }
        let accounts = try await Accounts.all(on: req.db).map {
            AdminPage.Account(
                id: $0.id!.uuidString, name: $0.displayName, email: $0.email, isAdmin: $0.isAdmin,
                isDisabled: $0.isDisabled)
        }
        let model = AdminPage.Model(
            partnerships: rows, accounts: accounts, errors: errors, newSlug: slug, newName: name, notice: notice)
        return AdminPage.render(model, chrome: req.chrome()).htmlResponse(status)
    }
}
