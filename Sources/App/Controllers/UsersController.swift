import Fluent
import SaferCyberCore
import SaferCyberViews
import Vapor

/// People in a partnership: invite, change role, remove.
struct UsersController {
    struct InviteForm: Content {
        var email: String?
        var role: String?
    }

    func show(req: Request) async throws -> Response {
        let access = try await req.access(.manageUsers)
        return try await render(
            req, access,
            notice: req.query[String.self, at: "saved"].flatMap {
                $0 == "approval" ? nil : "Your change has been saved."
            })
    }

    func invite(req: Request) async throws -> Response {
        let access = try await req.access(.manageUsers)
        let form = try FormPairs(req).decode(InviteForm.self)
        do {
            let token = try await Members.invite(
                on: req.db, partnershipID: access.partnershipID, email: form.email ?? "",
                role: form.role.flatMap(Role.init(rawValue:)), by: access.staff.acting(req), links: req.mailLinks)
            // With email set up the link goes only to the person's mailbox (issue 20, case 5): whoever invites
            // never holds it, so cannot accept it in someone else's name.
            guard !req.application.config.mail.sends else {
                return try await render(
                    req, access,
                    notice:
                        "Invitation emailed to \(User.normalise(email: form.email ?? "")). The link in it works once, for 7 days."
                )
            }
            let link = req.siteAddress + SiteURL.invitation(token: token).path
            return try await render(req, access, link: link)
        } catch let errors as FieldErrors {
            return try await render(
                req, access, errors: errors.formErrors, email: form.email ?? "", role: form.role,
                status: .unprocessableEntity)
        }
    }

    func changeRole(req: Request) async throws -> Response {
        let access = try await req.access(.manageUsers)
        let userID = try memberID(req)
        let fields = FormPairs(req).fields
        guard let role = fields["role-\(userID.uuidString)"].flatMap(Role.init(rawValue:)) else {
            return try await render(
                req, access, errors: [FormError(field: "role-\(userID.uuidString)", message: "Choose a role")],
                status: .unprocessableEntity)
        }
        do {
            let change = try await Members.changeRole(
                on: req.db, partnershipID: access.partnershipID, userID: userID, to: role, by: access.staff.acting(req))
            await req.application.games.recheckStaff()
            if change == .awaitingApproval {
                return req.redirect(
                    to: SiteURL.partnership(slug: access.slug, .users).path + "?saved=approval", redirectType: .normal)
            }
        } catch let errors as FieldErrors {
            return try await render(
                req, access,
                errors: errors.formErrors(on: "role-\(userID.uuidString)"),
                status: .unprocessableEntity)
        }
        return req.redirect(to: SiteURL.partnership(slug: access.slug, .users).path + "?saved=1", redirectType: .normal)
    }

    func setOrganisation(req: Request) async throws -> Response {
        let access = try await req.access(.manageUsers)
        let userID = try memberID(req)
        let chosen = FormPairs(req).first("partner") ?? ""
        do {
            try await Members.setOrganisation(
                on: req.db, partnershipID: access.partnershipID, userID: userID,
                partnerID: chosen.isEmpty ? nil : (UUID(uuidString: chosen) ?? UUID()),
                by: access.staff.acting(req))
        } catch let errors as FieldErrors {
            return try await render(
                req, access,
                errors: errors.formErrors(on: "partner-\(userID.uuidString)"),
                status: .unprocessableEntity)
        }
        return req.redirect(to: SiteURL.partnership(slug: access.slug, .users).path + "?saved=1", redirectType: .normal)
    }

    func remove(req: Request) async throws -> Response {
        let access = try await req.access(.manageUsers)
        let userID = try memberID(req)
        do {
            try await Members.remove(
                on: req.db, partnershipID: access.partnershipID, userID: userID, by: access.staff.acting(req))
            await req.application.games.recheckStaff()
        } catch let errors as FieldErrors {
            return try await render(
                req, access,
                errors: errors.formErrors(on: "role-\(userID.uuidString)"),
                status: .unprocessableEntity)
        }
        return req.redirect(to: SiteURL.partnership(slug: access.slug, .users).path + "?saved=1", redirectType: .normal)
    }

    func memberID(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get("userID").flatMap(UUID.init(uuidString:)) else { throw NotFound("person") }
        return id
    }

    func render(
        _ req: Request, _ access: PartnershipAccess, errors: [FormError] = [], email: String = "", role: String? = nil,
        link: String? = nil, notice: String? = nil, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let (members, invitations) = try await Members.list(on: req.db, partnershipID: access.partnershipID)
        let requests = try await RoleGrants.pending(on: req.db, partnershipID: access.partnershipID)
        let snapshot = try await PartnershipSettings.snapshot(on: req.db, partnershipID: access.partnershipID)
        let partnerNames = snapshot.partnerNames
        var model = UsersPage.Model(
            slug: access.slug,
            members: members.map {
                var member = UsersPage.Member(
                    userID: $0.userID.uuidString, name: $0.name, email: $0.email, role: $0.role.rawValue,
                    roleLabel: $0.role.label, isDisabled: $0.isDisabled)
                member.partnerID = $0.partnerID?.uuidString ?? ""
                member.partnerName = $0.partnerID.flatMap { partnerNames[$0] } ?? ""
                return member
            },
            invitations: invitations.map { ($0.email, $0.role.label, UKTime.dateTime($0.expiresAt)) },
            roles: Role.partnershipRoles.map { ($0.rawValue, $0.label) }, errors: errors, inviteEmail: email,
            inviteRole: role,
            newInvitationLink: link,
            notice: notice
                ?? (req.query[String.self, at: "saved"] == "approval"
                    ? "Asked for the safeguarding role: it takes effect when another safeguarding lead approves it."
                    : nil))
        model.requests = requests.map { RoleRequestsController.item($0, viewer: nil) }
        model.emailSends = req.application.config.mail.sends
        model.partners = snapshot.partners.map { ($0.id.uuidString, $0.name) }
        return UsersPage.render(model, chrome: req.chrome(access, current: .users)).htmlResponse(status)
    }
}
