import Foundation

/// The scenarios a facilitator can choose from: the ones shipped with SaferCyber, plus any in
/// the deployment's own folder (SCENARIOS_DIR), so officers can add games without a new release.
public struct ScenarioLibrary: Sendable {
    public private(set) var scenarios: [GameScenario]
    /// Files in the deployment's folder that could not be used, with every problem found.
    public private(set) var rejected: [(file: String, problems: [ScenarioProblem])]

    public init(extraFolder: URL? = nil) {
        var scenarios: [GameScenario] = []
        var rejected: [(file: String, problems: [ScenarioProblem])] = []
        for (name, data) in ContentFile.files(shipped: "Scenarios", extra: extraFolder) {
            switch ScenarioFile.read(data) {
            case .success(let scenario):
                if scenarios.contains(where: { $0.id == scenario.id }) {
                    rejected.append(
                        (
                            name,
                            [
                                ScenarioProblem(
                                    line: nil, path: "id",
                                    message: "another scenario already uses the id “\(scenario.id)”")
                            ]
                        ))
                } else {
                    scenarios.append(scenario)
                }
            case .failure(let invalid):
                rejected.append((name, invalid.problems))
            }
        }
        self.scenarios = scenarios
        self.rejected = rejected
    }

    public func scenario(_ id: String) -> GameScenario? { scenarios.first { $0.id == id } }

    /// The scenarios shipped with SaferCyber, read once.
    public static let shipped = ScenarioLibrary()
}
