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
        let attention = try await HomeDesk.attention(
            partnershipID: access.partnershipID, allows: { access.allows($0) }, on: req.db)
        // The board report applies the small-number rule whoever reads it: safe for every role.
        let quarter = Quarter.lastComplete()
        let report = BoardReportModel(
            report: try await BoardReport.build(
                partnershipID: access.partnershipID, quarter: quarter, courses: req.application.courses,
                scenarios: req.application.games.library, on: req.db)
        ).page(slug: access.slug, isStaffPage: true)
        let model = PartnershipHomePage.Model(
            partnershipName: access.partnership.name, slug: access.slug, role: access.role.label,
            roleSummary: access.role.summary,
            figures: [
                ("Partner organisations", "\(settings.partners.count)"), ("Themes", "\(settings.themes.count)"),
                ("Objectives", "\(settings.objectives.count)"), ("People with access", "\(members)"),
            ],
            modules: Self.modules.filter { access.allows($0.permission) }.map {
                .init(title: $0.title, summary: $0.summary, url: .partnership(slug: access.slug, $0.page))
            },
            attention: attention.map { item in
                (item.kind.sentence(item.count), SiteURL.partnership(slug: access.slug, Self.page(for: item.kind)))
            },
            glance: (
                report.quarterLabel, report.atAGlance,
                SiteURL.partnership(slug: access.slug, .report)
            ))
        return PartnershipHomePage.render(model, chrome: req.chrome(access, current: .home)).htmlResponse()
    }

    /// Where each kind of attention item is dealt with.
    static func page(for kind: HomeDesk.Kind) -> PartnershipPage {
        switch kind {
        case .overdueActions, .redActions: .plan
        case .unreviewedFlags: .planCrossover
        case .eventsWithPlacesLeft, .eventsWithWaitingLists, .pastEventsStillPublished: .events
        case .followUpsNotContacted: .checkFollowUps
        case .importsWithRejectedRows: .crimeImports
        case .failedEmails: .outbox
        case .reportsNotIssued: .report
        }
    }

    /// The programme's modules, each linked, for the roles that can open it.
    static let modules: [(title: String, summary: String, page: PartnershipPage, permission: Permission)] = [
        (
            "Crime picture", "Cyber-enabled crime by theme, place and group, and where to focus.", .crimePicture,
            .viewAggregates
        ),
        ("Action plan", "Objectives, actions, crossovers between themes, and meetings.", .plan, .viewAggregates),
        ("Scrutiny", "The scrutiny review's recommendations and their progress.", .scrutiny, .viewAggregates),
        ("Events", "Workshops, talks and sessions, sign-ups, registers and reach.", .events, .viewAggregates),
        ("Games", "Run the cyber escape room and the organisation-defence game.", .games, .viewAggregates),
        ("Resilience checks", "How local businesses, charities and schools are doing.", .checks, .viewAggregates),
        (
            "Organisations", "Schools, businesses and groups reached, followed over time, and how many improved.",
            .organisationFigures, .viewAggregates
        ),
        ("Surveys", "Before-and-after surveys that show whether behaviour changed.", .surveys, .viewAggregates),
        ("Outcomes", "Outcomes and indicators, judged quarter by quarter.", .outcomes, .viewAggregates),
        (
            "Board report", "The quarterly report for the partnership board, with its CSV pack.", .report,
            .viewAggregates
        ),
        (
            "Public hub and resources", "Courses, where to report, and the resource library.", .resources,
            .viewAggregates
        ),
        (
            "Young people at risk", "Referrals, interventions and positive pathways (restricted).", .referrals,
            .viewRestricted
        ),
        ("Young people at risk: figures", "Anonymous referral figures.", .referralFigures, .viewAggregates),
    ]
}
