import Fluent
import SaferCyberCore
import SaferCyberViews
import Vapor

/// Personal API tokens (web pages).
struct ApiTokenController {
    struct NewToken: Content {
        var name: String?
        var days: String?
    }

    func show(req: Request) async throws -> Response {
        try await render(req, try await req.access(.useApi))
    }

    func create(req: Request) async throws -> Response {
        let access = try await req.access(.useApi)
        let form = try FormPairs(req).decode(NewToken.self)
        do {
            let secret = try await ApiTokens.create(
                on: req.db, userID: access.staff.user.requireID(), partnershipID: access.partnershipID,
                name: form.name ?? "", days: form.days.map { Int($0) ?? 0 } ?? ApiTokens.defaultLifetime,
                by: access.staff.acting(req))
            return try await render(req, access, secret: secret)
        } catch let errors as FieldErrors {
            return try await render(
                req, access, errors: errors.formErrors, days: form.days ?? "", status: .unprocessableEntity)
        }
    }

    func revoke(req: Request) async throws -> Response {
        let access = try await req.access(.useApi)
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw NotFound("API token") }
        try await ApiTokens.revoke(
            on: req.db, tokenID: id, userID: access.staff.user.requireID(), partnershipID: access.partnershipID,
            by: access.staff.acting(req))
        return req.redirect(to: SiteURL.partnership(slug: access.slug, .apiTokens).path, redirectType: .normal)
    }

    func render(
        _ req: Request, _ access: PartnershipAccess, secret: String? = nil, errors: [FormError] = [],
        days: String = "\(ApiTokens.defaultLifetime)", status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let now = Date()
        let tokens = try await ApiTokens.list(
            on: req.db, userID: access.staff.user.requireID(), partnershipID: access.partnershipID)
        var model = ApiTokensPage.Model(
            slug: access.slug,
            tokens: tokens.map {
                .init(
                    id: $0.id!.uuidString, name: $0.name, created: UKTime.dateTime($0.createdAt),
                    lastUsed: UKTime.dateTime($0.lastUsedAt), isRevoked: $0.revokedAt != nil,
                    expires: $0.expiresAt.map { UKTime.dateTime($0) } ?? "", isExpired: ($0.expiresAt ?? now) <= now)
            },
            newSecret: secret, errors: errors)
        model.lifetimes = ApiTokens.lifetimes
        model.days = days
        return ApiTokensPage.render(model, chrome: req.chrome(access, current: .apiTokens)).htmlResponse(status)
    }
}
