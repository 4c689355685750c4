import FluentKit
import Foundation

/// The action plan as it stood on a day, per objective, for the board report: replayed from each action's dated
/// history, so a past quarter's report does not change when actions move on.
public enum PlanProgress {
    public struct Line: Sendable, Equatable {
        public var objective: String
        public var actions: Int
        public var byStatus: [PlanAction.Status: Int]
        public var red: Int
        public var overdue: Int
    }

    public static func asOf(_ day: CalendarDay, partnershipID: UUID, on db: any Database) async throws -> [Line] {
        let actions = try await PlanActions.all(partnershipID: partnershipID, on: db)
        guard !actions.isEmpty else { return [] }
        let history = Dictionary(
            grouping: try await PlanActions.updates(of: actions.compactMap(\.id), on: db), by: { $0.$action.id })
        let objectives = try await Objective.query(on: db).filter(\.$partnership.$id == partnershipID).sort(\.$position)
            .all()
        var lines = objectives.map { Line(objective: $0.name, actions: 0, byStatus: [:], red: 0, overdue: 0) }
        for action in actions {
            // Updates come in date order, then the order written; the last one on or before the day is the action's state.
            guard let latest = (history[action.id!] ?? []).last(where: { ($0.day ?? day) <= day }),
                let index = objectives.firstIndex(where: { $0.id == action.objectiveID })
            else { continue }
            let status = latest.status
            lines[index].actions += 1
            lines[index].byStatus[status, default: 0] += 1
            if !status.isClosed && latest.rating == .red { lines[index].red += 1 }
            if !status.isClosed, let due = action.due, due < day { lines[index].overdue += 1 }
        }
        return lines.filter { $0.actions > 0 }
    }
}
