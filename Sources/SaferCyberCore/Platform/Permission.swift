/// Everything a route can require. The table below is the single place that says who may do what;
/// `docs/permissions.md` mirrors it and the route × role test checks it from the outside.
public enum Permission: String, CaseIterable, Sendable {
    /// The partnership's home page and aggregate (suppressed) figures.
    case viewAggregates
    /// Read the partnership's settings: partners, themes, objectives, audiences.
    case viewSettings
    /// Change the partnership's settings.
    case editSettings
    /// Invite people, change their roles, remove them from the partnership.
    case manageUsers
    /// Find, export and erase what the partnership holds about one person (subject access and erasure requests).
    case handleDataRequests
    /// Browse the audit log.
    case viewAudit
    /// Create personal API tokens and read the JSON API.
    case useApi
    /// See crime-picture counts exactly; without it, counts under 5 show as "<5".
    case viewExactCounts
    /// Import crime records and geography, save column mappings, edit classification rules and the
    /// reporting-gap and where-to-focus settings, download rejected rows.
    case manageCrimeData
    /// Create and edit events, keep the register on the day (names of attendees).
    case manageEvents
    /// Build surveys, print participant-code cards, define outcomes and indicators.
    case manageSurveys
    /// Create game sessions and run them as facilitator (players need no account).
    case runGames
    /// Add and change plan actions, post progress updates, record sub-group meetings.
    case managePlan
    /// Mark the plan's gap and duplicate flags as reviewed; record scrutiny reviews, responses and progress.
    case coordinatePlan
    /// Write the board report's commentary and issue it (which freezes its figures and text).
    case issueReports
    /// Add items to the resource library (they wait for approval) and open files not yet approved.
    case addResources
    /// Approve, turn down and withdraw resource-library items.
    case moderateResources
    /// See and act on organisations' requests for follow-up after a resilience check (their contact details).
    case contactOrganisations
    /// Keep the register of organisations (schools, businesses, charities, groups) and link their group bookings,
    /// games, resilience checks and resources to their records.
    case manageOrganisations
    /// See individual restricted records (young people's referrals).
    case viewRestricted
    /// Create and manage partnerships and accounts across the deployment.
    case manageDeployment
}

public enum PermissionTable {
    /// Which permissions each role holds within a partnership it belongs to.
    /// A deployment admin holds `manageDeployment` and a coordinator's permissions in every partnership,
    /// but not `viewRestricted`: safeguarding records are need-to-know.
    public static let grants: [Role: Set<Permission>] = [
        .admin: [
            .viewAggregates, .viewSettings, .editSettings, .manageUsers, .viewAudit, .useApi, .viewExactCounts,
            .manageCrimeData, .manageEvents, .manageSurveys, .runGames, .managePlan, .coordinatePlan, .addResources,
            .moderateResources, .issueReports,
            .contactOrganisations, .manageOrganisations, .handleDataRequests, .manageDeployment,
        ],
        .coordinator: [
            .viewAggregates, .viewSettings, .editSettings, .manageUsers, .viewAudit, .useApi, .viewExactCounts,
            .manageCrimeData, .manageEvents, .manageSurveys, .runGames, .managePlan, .coordinatePlan, .addResources,
            .moderateResources, .contactOrganisations, .manageOrganisations, .handleDataRequests, .issueReports,
        ],
        .officer: [
            .viewAggregates, .viewSettings, .useApi, .viewExactCounts, .manageEvents, .manageSurveys, .runGames,
            .managePlan,
            .addResources, .contactOrganisations, .manageOrganisations,
        ],
        .analyst: [.viewAggregates, .viewSettings, .useApi, .viewExactCounts, .manageCrimeData, .manageSurveys],
        .safeguarding: [.viewAggregates, .viewSettings, .viewRestricted],
        .viewer: [.viewAggregates],
    ]

    public static func allows(_ role: Role, _ permission: Permission) -> Bool {
        grants[role]?.contains(permission) ?? false
    }
}
