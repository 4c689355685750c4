import Foundation

/// A game a facilitator can run: an escape room or an organisation-defence game.
public enum GameScenario: Sendable, Equatable {
    case escape(EscapeScenario)
    case defence(DefenceScenario)

    public enum Kind: String, Codable, Sendable, CaseIterable {
        case escape, defence

        public var label: String { self == .escape ? "Escape room" : "Organisation defence" }
    }

    public var kind: Kind {
        switch self {
        case .escape: .escape
        case .defence: .defence
        }
    }

    public var id: String {
        switch self {
        case .escape(let s): s.id
        case .defence(let s): s.id
        }
    }

    public var title: String {
        switch self {
        case .escape(let s): s.title
        case .defence(let s): s.title
        }
    }

    public var summary: String {
        switch self {
        case .escape(let s): s.summary
        case .defence(let s): s.summary
        }
    }

    public var audience: String {
        switch self {
        case .escape(let s): s.audience
        case .defence(let s): s.audience
        }
    }

    public var minutes: Int {
        switch self {
        case .escape(let s): s.minutes
        case .defence(let s): s.minutes
        }
    }
}

/// One mistake in a scenario file, with where it is.
public struct ScenarioProblem: Sendable, Equatable, CustomStringConvertible {
    public var line: Int?
    public var path: String
    public var message: String

    public var description: String {
        let place = [line.map { "line \($0)" }, path.isEmpty ? nil : path].compactMap { $0 }.joined(separator: ", ")
        return place.isEmpty ? message : "\(place): \(message)"
    }
}

/// Reading and checking scenario files (docs/scenarios.md).
public enum ScenarioFile {
    public struct Invalid: Error, Sendable {
        public var problems: [ScenarioProblem]
    }

    /// The scenario in `data`, or every problem found in it.
    public static func read(_ data: Data) -> Result<GameScenario, Invalid> {
        let root: ScenarioJSON
        switch ContentFile.parse(data) {
        case .success(let parsed): root = parsed
        case .failure(let invalid): return .failure(invalid)
        }
        guard case .object(let members) = root.value else {
            return .failure(
                Invalid(problems: [
                    ScenarioProblem(line: root.line, path: "", message: "A scenario file holds one object in { }.")
                ]))
        }
        let format: String? = members.first { $0.key == "format" }.flatMap {
            if case .string(let s) = $0.node.value { s } else { nil }
        }
        switch format {
        case DefenceScenario.format:
            return ContentFile.read(data, shape: ScenarioSchema.defence, as: DefenceScenario.self) { s, checks in
                checks.check(s)
            }
            .map(GameScenario.defence)
        case EscapeScenario.format:
            return ContentFile.read(data, shape: ScenarioSchema.escape, as: EscapeScenario.self) { s, checks in
                checks.check(s)
            }
            .map(GameScenario.escape)
        default:
            return .failure(
                Invalid(problems: [
                    ScenarioProblem(
                        line: root.line, path: "format",
                        message: "should be “\(EscapeScenario.format)” or “\(DefenceScenario.format)”")
                ]))
        }
    }
}
