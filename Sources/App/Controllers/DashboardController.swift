import Fluent
import SaferCyberCore
import SaferCyberViews
import Vapor

/// The signed-in landing page and each partnership's home.
struct DashboardController {
    func dashboard(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let memberships = try await Accounts.memberships(on: req.db, user: staff.user)
        // Someone in exactly one partnership goes straight to it.
        if memberships.count == 1, !staff.user.isAdmin {
            return req.redirect(to: SiteURL.partnership(slug: memberships[0].0.slug, .home).path)
        }
        let entries = memberships.map { DashboardPage.Entry(name: $0.0.name, slug: $0.0.slug, role: $0.1.label) }
        return DashboardPage.render(.init(entries: entries, isAdmin: staff.user.isAdmin), chrome: req.chrome())
            .htmlResponse()
    }

    func home(req: Request) async throws -> Response {
        let access = try await req.access(.viewAggregates)
        let settings = try await PartnershipSettings.snapshot(on: req.db, partnershipID: access.partnershipID)
        let members = try await Members.count(partnershipID: access.partnershipID, on: req.db)
        let model = PartnershipHomePage.Model(
            partnershipName: access.partnership.name, slug: access.slug, role: access.role.label,
            roleSummary: access.role.summary,
            figures: [
                ("Partner organisations", "\(settings.partners.count)"), ("Themes", "\(settings.themes.count)"),
                ("Objectives", "\(settings.objectives.count)"), ("People with access", "\(members)"),
            ],
            modules: Self.modules)
        return PartnershipHomePage.render(model, chrome: req.chrome(access, current: .home)).htmlResponse()
    }

    /// The programme's modules; each later issue replaces a placeholder with its pages.
    static let modules: [PartnershipHomePage.Module] = [
        .init(title: "Crime picture", summary: "Cyber-enabled crime by theme, place and group, and where to focus."),
        .init(
            title: "Action plan",
            summary: "Objectives, actions, crossovers between themes, and scrutiny recommendations."),
        .init(title: "Events", summary: "Workshops, talks and sessions, sign-ups, registers and reach."),
        .init(title: "Games", summary: "Run the cyber escape room and the organisation-defence game."),
        .init(title: "Resilience checks", summary: "How local businesses, charities and schools are doing."),
        .init(title: "Impact", summary: "Before-and-after surveys and the quarterly board report."),
        .init(title: "Public hub", summary: "Courses, where to report, and the resource library."),
        .init(title: "Young people at risk", summary: "Restricted: referrals, diversion and positive pathways."),
    ]
}
