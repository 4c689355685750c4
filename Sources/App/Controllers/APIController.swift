import Fluent
import SaferCyberCore
import SaferCyberViews
import Vapor

/// The JSON API for councils' own reporting tools. Bearer tokens only; no cookies.
struct APIController {
    struct PartnershipSummary: Content {
        struct Partner: Content {
            var id: UUID
            var name: String
            var kind: String
        }
        struct Term: Content {
            var id: UUID
            var name: String
        }
        var slug: String
        var name: String
        var partners: [Partner]
        var themes: [Term]
        var objectives: [Term]
        var audiences: [Term]
    }

    /// The token's partnership, if the token is live and is for the partnership in the address.
    func authorise(_ req: Request) async throws -> (ApiToken, Role) {
        guard let bearer = req.headers.bearerAuthorization?.token,
            let (token, _, role) = try await ApiTokens.resolve(on: req.db, secret: bearer)
        else {
            throw SignInRequired()
        }
        guard req.parameters.get("slug") == token.partnership.slug else {
            throw Abort(.forbidden, reason: "This token is for a different partnership.")
        }
        return (token, role)
    }

    func partnership(req: Request) async throws -> PartnershipSummary {
        let (token, _) = try await authorise(req)
        let snapshot = try await PartnershipSettings.snapshot(on: req.db, partnershipID: token.$partnership.id)
        return PartnershipSummary(
            slug: token.partnership.slug, name: token.partnership.name,
            partners: snapshot.partners.map { .init(id: $0.id, name: $0.name, kind: $0.kind.rawValue) },
            themes: snapshot.themes.map { .init(id: $0.id, name: $0.name) },
            objectives: snapshot.objectives.map { .init(id: $0.id, name: $0.name) },
            audiences: snapshot.audiences.map { .init(id: $0.id, name: $0.name) })
    }

    func openAPI(req: Request) async throws -> Response {
        Response(status: .ok, headers: ["Content-Type": "application/json"], body: .init(string: OpenAPIDocument.json))
    }
}
