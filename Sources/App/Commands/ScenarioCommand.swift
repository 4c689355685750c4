import Foundation
import SaferCyberCore
import Vapor

/// `safercyber check-scenario FILE` reports every mistake in a game scenario file with its line,
/// and exits with 1 when there are any.
struct CheckScenarioCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "The scenario file to check") var file: String
    }

    var help: String { "Checks a game scenario file and reports every problem with its line." }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await ContentFileCheck.run(
            signature.file, context, read: ScenarioFile.read,
            summary: { scenario in
                "\(scenario.kind.label.lowercased()) “\(scenario.title)” (id \(scenario.id)), \(Self.size(of: scenario))."
            }, blocked: "facilitators cannot use it")
    }

    static func size(of scenario: GameScenario) -> String {
        switch scenario {
        case .escape(let s): "\(s.rooms.count) rooms, \(s.puzzles.count) puzzles, \(s.minutes) minutes"
        case .defence(let s): "\(s.defences.count) defences, \(s.chains.count) attack chains, \(s.rounds) rounds"
        }
    }
}

/// `safercyber scenarios` lists the scenarios facilitators can choose from: shipped, and SCENARIOS_DIR's.
struct ScenariosCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Lists the game scenarios available, and any files in SCENARIOS_DIR that cannot be used." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let library = ScenarioLibrary(
            extraFolder: context.application.config.scenariosDirectory.map { URL(fileURLWithPath: $0) })
        for scenario in library.scenarios {
            context.console.print("\(scenario.id)\t\(scenario.kind.label)\t\(scenario.minutes) min\t\(scenario.title)")
        }
        ContentFileCheck.printRejected(library.rejected, command: "check-scenario", context)
    }
}
