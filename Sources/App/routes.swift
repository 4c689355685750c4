import SaferCyberCore
import SaferCyberViews
import Vapor

/// Every route, registered from `SiteURL` so links and routes cannot drift apart: one registration function per
/// module (`Routes/`). Each partnership route's permission is checked inside its handler via `req.access(_:)`;
/// `docs/permissions.md` lists them and `RoutePermissionMatrixTests` checks every route × role.
func routes(_ app: Application) throws {
    let routes = Routes(app: app)
    routes.publicSite()
    routes.publicHub()
    routes.publicEvents()
    routes.publicSurveys()
    routes.accounts()
    routes.administration()
    routes.partnershipAdministration()
    routes.engagement()
    routes.impact()
    routes.crimePicture()
    routes.staffGames()
    routes.plan()
    routes.library()
    routes.safeguarding()
    routes.assessments()
    routes.players()
    routes.api()
}

/// What every module's registration uses: the app, the path parameters, and paths from `SiteURL`.
struct Routes {
    let app: Application
    let slug = SiteURL.param("slug")
    let id = SiteURL.param("id")

    func path(_ url: SiteURL) -> [PathComponent] { url.path.pathComponents }
    func page(_ page: PartnershipPage) -> [PathComponent] { path(.partnership(slug: slug, page)) }
}
