/// The roles a person can hold. `admin` is deployment-wide; the others are held per partnership.
public enum Role: String, CaseIterable, Sendable, Codable, Comparable {
    case admin, coordinator, officer, analyst, safeguarding, viewer

    /// Roles a coordinator can give within a partnership (admin is granted only by another admin).
    public static let partnershipRoles: [Role] = [.coordinator, .officer, .analyst, .safeguarding, .viewer]

    public var label: String {
        switch self {
        case .admin: "Deployment administrator"
        case .coordinator: "Coordinator"
        case .officer: "Officer"
        case .analyst: "Analyst"
        case .safeguarding: "Safeguarding lead"
        case .viewer: "Viewer (board member or councillor)"
        }
    }

    public var summary: String {
        switch self {
        case .admin: "Manages partnerships and accounts for the whole deployment."
        case .coordinator: "Runs the partnership: settings, people, the audit log and every module."
        case .officer: "Delivers the programme: events, games, checks and actions."
        case .analyst: "Works with the crime picture, surveys and reports."
        case .safeguarding: "Sees restricted records about young people, and nothing is hidden from the audit log."
        case .viewer: "Sees aggregate figures and reports only."
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
