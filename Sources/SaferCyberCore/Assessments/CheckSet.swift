import Foundation

/// A resilience check's questions: areas (the Cyber Essentials controls and the rest), each with questions in plain
/// English, guidance on what each means, and the action to take when the answer is not "yes". Content files
/// (docs/resilience-checks.md), versioned, so a result is always read against the questions it answered.
public struct CheckSet: Codable, Sendable, Equatable {
    public static let format = "safercyber-check-1"

    public enum Effort: String, Codable, Sendable, CaseIterable, Comparable {
        case quick, some, project
        public var label: String {
            switch self {
            case .quick: "Quick: under an hour"
            case .some: "Some work: a day or two"
            case .project: "A project: weeks, may need help"
            }
        }
        var rank: Int { Self.allCases.firstIndex(of: self)! }
        public static func < (a: Effort, b: Effort) -> Bool { a.rank < b.rank }
    }

    public enum Cost: String, Codable, Sendable, CaseIterable, Comparable {
        case free, low, medium, high
        public var label: String {
            switch self {
            case .free: "Free"
            case .low: "Low cost (under £100)"
            case .medium: "Medium cost (£100 to £1,000)"
            case .high: "Higher cost (over £1,000)"
            }
        }
        var rank: Int { Self.allCases.firstIndex(of: self)! }
        public static func < (a: Cost, b: Cost) -> Bool { a.rank < b.rank }
    }

    public struct Action: Codable, Sendable, Equatable {
        public var text: String
        public var effort: Effort
        public var cost: Cost
    }

    public struct Question: Codable, Sendable, Equatable {
        public var id: String
        public var text: String
        public var guidance: String
        /// How much a gap here matters (1 to 3).
        public var weight: Int
        public var action: Action
    }

    public struct Area: Codable, Sendable, Equatable {
        public var id: String
        public var title: String
        /// Why the area matters, shown with its score.
        public var why: String
        public var questions: [Question]
    }

    public var format: String
    public var id: String
    public var version: Int
    public var title: String
    public var audience: String
    public var minutes: Int
    public var intro: String
    public var areas: [Area]

    public var questions: [Question] { areas.flatMap(\.questions) }
}

/// Reading and checking check files, with the scenarios' reader and shape checker (every problem, with its line).
public enum CheckFile {
    static let shape: ScenarioSchema.Shape = {
        typealias S = ScenarioSchema
        return .object([
            S.field("format", .oneOf([CheckSet.format])), S.field("id", S.text), S.field("version", .integer(1...1000)),
            S.field("title", S.text), S.field("audience", S.text), S.field("minutes", .integer(2...60)),
            S.field("intro", S.text),
            S.field(
                "areas",
                .list(
                    .object([
                        S.field("id", S.text), S.field("title", S.text), S.field("why", S.text),
                        S.field(
                            "questions",
                            .list(
                                .object([
                                    S.field("id", S.text), S.field("text", S.text), S.field("guidance", S.text),
                                    S.field("weight", .integer(1...3)),
                                    S.field(
                                        "action",
                                        .object([
                                            S.field("text", S.text),
                                            S.field("effort", .oneOf(CheckSet.Effort.allCases.map(\.rawValue))),
                                            S.field("cost", .oneOf(CheckSet.Cost.allCases.map(\.rawValue))),
                                        ])),
                                ]), minimum: 1)),
                    ]), minimum: 1)),
        ])
    }()

    public static func read(_ data: Data) -> Result<CheckSet, CourseFile.Invalid> {
        ContentFile.read(data, shape: shape, as: CheckSet.self, checks: check)
    }

    static func check(_ set: CheckSet, _ checks: inout ScenarioChecks) {
        if !ContentFile.isAddressable(set.id) {
            checks.add("id", "use only small letters, digits and hyphens (it becomes part of the page address)")
        }
        checks.unique(set.areas.map(\.id), "areas")
        // Question ids name answers in stored results, so they must be unique across the whole check.
        var seen: Set<String> = []
        for (a, area) in set.areas.enumerated() {
            for (q, question) in area.questions.enumerated() {
                if !ContentFile.isAddressable(question.id) {
                    checks.add("areas[\(a)].questions[\(q)].id", "use only small letters, digits and hyphens")
                }
                if !seen.insert(question.id).inserted {
                    checks.add(
                        "areas[\(a)].questions[\(q)].id",
                        "“\(question.id)” is used twice; question ids must be different")
                }
            }
        }
    }
}

/// The checks a partnership offers: shipped ones plus CHECKS_DIR's. A newer version of a check replaces an older
/// one for new checks; old results keep the version they answered.
public struct CheckLibrary: Sendable {
    public private(set) var all: [CheckSet]
    public private(set) var rejected: [(file: String, problems: [ScenarioProblem])]

    public init(extraFolder: URL? = nil) {
        var sets: [CheckSet] = []
        var rejected: [(file: String, problems: [ScenarioProblem])] = []
        for (name, data) in ContentFile.files(shipped: "Checks", extra: extraFolder) {
            switch CheckFile.read(data) {
            case .success(let set):
                if sets.contains(where: { $0.id == set.id && $0.version == set.version }) {
                    rejected.append(
                        (
                            name,
                            [
                                ScenarioProblem(
                                    line: nil, path: "version",
                                    message: "version \(set.version) of “\(set.id)” is already installed")
                            ]
                        ))
                } else {
                    sets.append(set)
                }
            case .failure(let invalid):
                rejected.append((name, invalid.problems))
            }
        }
        self.all = sets
        self.rejected = rejected
    }

    /// The newest version of each check, in file order.
    public var current: [CheckSet] {
        var seen: [String] = []
        for set in all where !seen.contains(set.id) { seen.append(set.id) }
        return seen.compactMap { latest($0) }
    }

    public func latest(_ id: String) -> CheckSet? { all.filter { $0.id == id }.max { $0.version < $1.version } }

    public func set(_ id: String, version: Int) -> CheckSet? { all.first { $0.id == id && $0.version == version } }

    public static let shipped = CheckLibrary()
}
