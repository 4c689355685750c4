import FluentKit
import Foundation

/// Games for the engagement figures: finished sessions, the teams that played, and the devices they
/// joined on (a team sharing one laptop counts once, so this understates people).
public struct GameReach: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public var label: String
        public var sessions: Int
        public var teams: Int
        public var players: Int
    }

    public var byQuarter: [Line]
    public var byScenario: [Line]
    public var total: Line
    /// Sessions played at an engagement event (their attendance is counted with the event).
    public var atEvents: Int

    public static func build(
        partnershipID: UUID, fromQuarter: Int, toQuarter: Int, library: ScenarioLibrary = .shipped,
        on db: any Database
    ) async throws -> GameReach {
        let quarter = Quarter.of(date:)
        let sessions = try await GameSession.query(on: db).filter(\.$partnership.$id == partnershipID)
            .filter(\.$status == GameState.Status.finished).all()
            .filter { session in
                (session.startedAt ?? session.createdAt).map { (fromQuarter...toQuarter).contains(quarter($0)) }
                    ?? false
            }
        func line(_ label: String, _ group: [GameSession]) -> Line {
            Line(
                label: label, sessions: group.count, teams: group.reduce(0) { $0 + $1.teams },
                players: group.reduce(0) { $0 + $1.players })
        }
        let perQuarter = Dictionary(grouping: sessions) { quarter(($0.startedAt ?? $0.createdAt)!) }
        let perScenario = Dictionary(grouping: sessions, by: \.scenarioID)
        return GameReach(
            byQuarter: Quarter.between(fromQuarter, toQuarter).map { line(Quarter.label($0), perQuarter[$0] ?? []) },
            byScenario: perScenario.map { line(library.scenario($0.key)?.title ?? $0.key, $0.value) }.sorted {
                $0.label < $1.label
            },
            total: line("All games", sessions), atEvents: sessions.filter { $0.eventID != nil }.count)
    }
}
