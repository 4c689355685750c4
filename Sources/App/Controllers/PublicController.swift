import Fluent
import SaferCyberCore
import SaferCyberViews
import Vapor

/// Public pages (no account) and operational endpoints.
struct PublicController {
    func root(req: Request) async throws -> Response {
        req.redirect(to: SiteURL.dashboard.path)
    }

    func publicHome(req: Request) async throws -> Response {
        guard let slug = req.parameters.get("slug"), let partnership = try await Partnerships.find(on: req.db, slug: slug) else {
            throw NotFound("partnership")
        }
        return PublicHomePage.render(.init(partnershipName: partnership.name, slug: partnership.slug)).htmlResponse()
    }

    func stylesheet(req: Request) async throws -> Response {
        Response(status: .ok, headers: ["Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=3600"],
                 body: .init(string: Stylesheet.css))
    }

    func uploadScript(req: Request) async throws -> Response {
        Response(status: .ok, headers: ["Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "public, max-age=3600"],
                 body: .init(string: UploadScript.javascript))
    }

    func gameScript(req: Request) async throws -> Response {
        Response(status: .ok, headers: ["Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "public, max-age=3600"],
                 body: .init(string: GameScript.javascript))
    }

    /// 200 when the database answers, 503 otherwise. Used by load balancers and monitoring.
    func health(req: Request) async throws -> Response {
        do {
            _ = try await Partnership.query(on: req.db).count()
            return try await ["status": "ok", "database": "ok"].encodeResponse(for: req)
        } catch {
            req.logger.error("Health check failed: \(String(reflecting: error))")
            let response = try await ["status": "unavailable", "database": "not answering"].encodeResponse(for: req)
            response.status = .serviceUnavailable
            return response
        }
    }
}
