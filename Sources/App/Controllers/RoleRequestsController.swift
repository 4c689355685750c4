import Fluent
import SaferCyberCore
import SaferCyberViews
import Vapor

/// Requests for the safeguarding role, decided by another safeguarding lead (issue 20, case 5). Core
/// (`RoleGrants.decide`) checks who may decide; this page only offers the buttons to those who may.
struct RoleRequestsController {
    static func item(_ pending: RoleGrants.Pending, viewer: ActingUser?) -> RoleRequestsPage.Item {
        let cannot = viewer.flatMap {
            RoleGrants.refusal(approverID: $0.id, granteeID: pending.userID, requesterID: pending.requestedByID)
        }
        return RoleRequestsPage.Item(
            id: pending.id.uuidString, name: pending.name, email: pending.email, role: pending.role.label,
            requestedBy: pending.requestedBy, requestedAt: UKTime.dateTime(pending.requestedAt), cannotDecide: cannot)
    }

    func list(req: Request) async throws -> Response {
        let access = try await req.access(.viewRestricted)
        return try await page(req, access, notice: Self.notices[req.query[String.self, at: "done"] ?? ""], errors: [])
    }

    static let notices = [
        "approve": "Approved: the role has taken effect.", "refuse": "Refused: the person keeps their current role.",
    ]

    private func page(
        _ req: Request, _ access: PartnershipAccess, notice: String?, errors: [FormError],
        status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let viewer = access.staff.acting(req)
        let items = try await RoleGrants.pending(on: req.db, partnershipID: access.partnershipID).map {
            Self.item($0, viewer: viewer)
        }
        let model = RoleRequestsPage.Model(slug: access.slug, items: items, notice: notice, errors: errors)
        return RoleRequestsPage.render(model, chrome: req.chrome(access, current: .referrals)).htmlResponse(status)
    }

    func decide(req: Request) async throws -> Response {
        let access = try await req.access(.viewRestricted)
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw NotFound("request") }
        let action = FormPairs(req).first("action") ?? ""
        guard let decision = ["approve": RoleGrants.Decision.approved, "refuse": .refused][action] else {
            throw Abort(.badRequest, reason: "Choose approve or refuse.")
        }
        do {
            try await RoleGrants.decide(
                on: req.db, partnershipID: access.partnershipID, grantID: id, decision: decision,
                approver: access.staff.acting(req))
        } catch let errors as FieldErrors {
            return try await page(req, access, notice: nil, errors: errors.formErrors, status: .unprocessableEntity)
        }
        await req.application.games.recheckStaff()
        return req.redirect(
            to: SiteURL.partnership(slug: access.slug, .roleRequests).path + "?done=\(action)", redirectType: .normal)
    }
}
