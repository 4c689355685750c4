/// The fixed vocabularies of a crime record, stored as small integers.

public enum AgeBand: Int, CaseIterable, Sendable {
    case unknown = 0
    case under16, from16to24, from25to34, from35to44, from45to54, from55to64, from65to74, over75

    public var label: String {
        switch self {
        case .unknown: "Not recorded"
        case .under16: "Under 16"
        case .from16to24: "16 to 24"
        case .from25to34: "25 to 34"
        case .from35to44: "35 to 44"
        case .from45to54: "45 to 54"
        case .from55to64: "55 to 64"
        case .from65to74: "65 to 74"
        case .over75: "75 and over"
        }
    }

    /// The two groups the partnership names in its priorities.
    public var isYoungPerson: Bool { self == .under16 || self == .from16to24 }
    public var isOlderPerson: Bool { self == .from65to74 || self == .over75 }

    /// Accepts "16-24", "16 to 24", "under 16", "0-15", "75+", "75 and over", "unknown", blank.
    public static func parse(_ raw: String) -> AgeBand? {
        let text = raw.lowercased().filter { !$0.isWhitespace }
        if text.isEmpty || ["unknown", "notrecorded", "n/a", "na", "notknown"].contains(text) { return .unknown }
        let spellings: [String: AgeBand] = [
            "under16": .under16, "0-15": .under16, "0to15": .under16, "<16": .under16, "child": .under16,
            "16-24": .from16to24, "16to24": .from16to24, "25-34": .from25to34, "25to34": .from25to34,
            "35-44": .from35to44, "35to44": .from35to44, "45-54": .from45to54, "45to54": .from45to54,
            "55-64": .from55to64, "55to64": .from55to64, "65-74": .from65to74, "65to74": .from65to74,
            "75+": .over75, "75andover": .over75, "over75": .over75, "75plus": .over75,
        ]
        return spellings[text]
    }
}

public enum VictimType: Int, CaseIterable, Sendable {
    case unknown = 0
    case person, business, school, charity

    public var label: String {
        switch self {
        case .unknown: "Not recorded"
        case .person: "Person"
        case .business: "Business"
        case .school: "School"
        case .charity: "Charity"
        }
    }

    public static func parse(_ raw: String) -> VictimType? {
        let text = raw.lowercased().trimmingSpaces()
        switch text {
        case "", "unknown", "not recorded", "n/a": return .unknown
        case "person", "individual", "adult", "child", "resident": return .person
        case "business", "company", "organisation", "organization", "sole trader": return .business
        case "school", "college", "academy", "education": return .school
        case "charity", "voluntary", "voluntary group", "community group": return .charity
        default: return nil
        }
    }
}

/// Cyber-dependent crimes need a computer to exist at all; cyber-enabled ones are old crimes made
/// bigger online (domain guide §2).
public enum CyberClass: Int, CaseIterable, Sendable {
    case notCyber = 0
    case cyberEnabled, cyberDependent

    public var label: String {
        switch self {
        case .notCyber: "Not cyber"
        case .cyberEnabled: "Cyber-enabled"
        case .cyberDependent: "Cyber-dependent"
        }
    }
}

/// Why a record counts as cyber: the police's online flag, or our rules inferring it.
public enum ClassificationBasis: Int, CaseIterable, Sendable {
    case none = 0
    case policeFlag, inferred

    public var label: String {
        switch self {
        case .none: "Not cyber"
        case .policeFlag: "Flagged online by police"
        case .inferred: "Inferred by a rule"
        }
    }
}

/// The Home Office online flag as the extract gave it.
public enum OnlineFlag: Int, Sendable {
    case no = 0
    case yes = 1
    case unknown = 2

    public static func parse(_ raw: String) -> OnlineFlag? {
        switch raw.lowercased().trimmingSpaces() {
        case "y", "yes", "true", "1", "online", "flagged": .yes
        case "n", "no", "false", "0": .no
        case "", "unknown", "n/a": .unknown
        default: nil
        }
    }
}

/// Yes/no markers such as "repeat victim": blank means no.
public enum YesNo {
    public static func parse(_ raw: String) -> Bool? {
        switch raw.lowercased().trimmingSpaces() {
        case "y", "yes", "true", "1", "repeat": true
        case "n", "no", "false", "0", "", "unknown": false
        default: nil
        }
    }
}
