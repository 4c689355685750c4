import Fluent
import SaferCyberCore
import SaferCyberViews
import Vapor

/// What a request may do in one partnership: checked on every partnership route.
struct PartnershipAccess: Sendable {
    let partnership: Partnership
    let role: Role
    let staff: StaffContext
    /// The member's partner organisation, and what that lets them change (issue 23).
    var scope: PartnerScope = PartnerScope(role: .viewer, partnerID: nil)

    var partnershipID: UUID { partnership.id! }
    var slug: String { partnership.slug }
    func allows(_ permission: Permission) -> Bool { PermissionTable.allows(role, permission) }
    /// The small-number rule for this role in this partnership (its own threshold).
    var disclosure: DisclosurePolicy { .of(partnership, exactCounts: allows(.viewExactCounts)) }
    /// The rule for what leaves the building (the board report, children's figures), whoever is looking.
    var publishedDisclosure: DisclosurePolicy { .of(partnership, exactCounts: false) }
}

extension Request {
    func requireStaff() throws -> StaffContext {
        guard let staff else { throw SignInRequired() }
        return staff
    }

    /// The signed-in person's access to the partnership named in the address, if their role grants `permission`.
    func access(_ permission: Permission) async throws -> PartnershipAccess {
        let staff = try requireStaff()
        guard let slug = parameters.get("slug"), let partnership = try await Partnerships.find(on: db, slug: slug)
        else {
            throw NotFound("partnership")
        }
        guard
            let scope = try await PartnerScope.of(
                userID: staff.user.requireID(), isAdmin: staff.user.isAdmin, partnershipID: partnership.requireID(),
                on: db)
        else {
            throw Abort(.forbidden, reason: "You are not a member of this partnership, so you cannot see its pages.")
        }
        let role = scope.role
        guard PermissionTable.allows(role, permission) else {
            throw Abort(
                .forbidden,
                reason:
                    "Your role (\(role.label)) does not allow this. Ask your partnership's coordinator if you need it.")
        }
        return PartnershipAccess(partnership: partnership, role: role, staff: staff, scope: scope)
    }

    /// The page frame for pages outside a partnership.
    func chrome() -> Chrome {
        Chrome(userName: staff?.user.displayName, csrfToken: csrfToken)
    }

    /// The page frame inside a partnership, with only the links this role can use.
    func chrome(_ access: PartnershipAccess, current: PartnershipPage) -> Chrome {
        let slug = access.slug
        let links: [(String, PartnershipPage, Permission)] = [
            ("Home", .home, .viewAggregates), ("Events", .events, .viewAggregates),
            ("Crime picture", .crimePicture, .viewAggregates),
            ("Surveys", .surveys, .viewAggregates), ("Outcomes", .outcomes, .viewAggregates),
            ("Games", .games, .viewAggregates),
            ("Plan", .plan, .viewAggregates), ("Scrutiny", .scrutiny, .viewAggregates),
            ("Resources", .resources, .viewAggregates), ("Checks", .checks, .viewAggregates),
            access.allows(.manageOrganisations)
                ? ("Organisations", .organisations, .manageOrganisations)
                : ("Organisations", .organisationFigures, .viewAggregates),
            ("Referrals", .referrals, .viewRestricted),
            ("Board report", .report, .viewAggregates),
            ("Settings", .settings, .viewSettings), ("People", .users, .manageUsers),
            ("Outbox", .outbox, .editSettings), ("Data requests", .dataRequests, .handleDataRequests),
            ("Audit log", .audit, .viewAudit), ("API tokens", .apiTokens, .useApi),
        ]
        let nav = links.filter { access.allows($0.2) }.map {
            Chrome.NavItem(label: $0.0, url: .partnership(slug: slug, $0.1))
        }
        return Chrome(
            userName: access.staff.user.displayName, csrfToken: csrfToken, partnershipName: access.partnership.name,
            nav: [Chrome.NavItem(label: "All partnerships", url: .dashboard)] + nav,
            current: .partnership(
                slug: slug,
                current.isCrimePicture
                    ? .crimePicture
                    : current.isEvents
                        ? .events
                        : current.isSurveys
                            ? .surveys
                            : current.isOutcomes
                                ? .outcomes
                                : current.isGames
                                    ? .games
                                    : current.isPlan
                                        ? .plan
                                        : current.isScrutiny
                                            ? .scrutiny
                                            : current.isResources
                                                ? .resources
                                                : current.isChecks
                                                    ? .checks
                                                    : current.isReferrals
                                                        ? .referrals
                                                        : current.isOrganisations
                                                            ? (access.allows(.manageOrganisations)
                                                                ? .organisations : .organisationFigures) : current))
    }

    /// The address people use to reach this server (PUBLIC_URL when set, otherwise the one the browser used),
    /// for links shown on screen and printed.
    var siteAddress: String {
        if let url = application.config.publicURL { return url.hasSuffix("/") ? String(url.dropLast()) : url }
        return "http://" + (headers.first(name: .host) ?? "127.0.0.1:8080")
    }

    /// The address the request came from, for rate limits and the audit log.
    /// The client's address: the rightmost X-Forwarded-For hop not written by a trusted proxy (ClientAddress).
    /// The address public-form limits count by: IPv6 grouped by /64, as one home or phone holds a whole /64.
    var limitAddress: String { ClientAddress.throttleKey(clientAddress) }

    var clientAddress: String {
        ClientAddress.resolve(
            forwardedFor: headers[.xForwardedFor], peer: remoteAddress?.ipAddress,
            trustProxy: application.config.trustProxy, trustedProxies: application.config.trustedProxies)
    }
}

extension String {
    /// An HTML page response.
    func htmlResponse(_ status: HTTPResponseStatus = .ok) -> Response {
        Response(status: status, headers: ["Content-Type": "text/html; charset=utf-8"], body: .init(string: self))
    }
}

extension Response {
    /// A refusal for too many requests says when to try again (`Retry-After`, whole seconds, at least 1).
    @discardableResult
    func retryAfter(_ seconds: TimeInterval) -> Response {
        headers.replaceOrAdd(name: .retryAfter, value: String(max(1, Int(seconds.rounded(.up)))))
        return self
    }
}

extension PublicLimits.Outcome {
    /// Seconds until a limited form may be sent again (nil when allowed).
    var retryAfter: TimeInterval? {
        if case .limited(let seconds) = self { return seconds }
        return nil
    }
}

extension FieldErrors {
    var formErrors: [FormError] { problems.map { FormError(field: $0.field, message: $0.message) } }

    /// Every message against one field: a form with one control per row (a member's role, a member's partner)
    /// shows Core's errors beside that row's control.
    func formErrors(on field: String) -> [FormError] { problems.map { FormError(field: field, message: $0.message) } }
}
