import Foundation

/// The plan seen from different sides: as a grid of themes against audiences or objectives, as the sub-group's
/// agenda, and as its status over time. Pure functions over plain facts.
public enum PlanViews {
    /// One row × column grid; each cell holds the actions (by index into the given list) that name both.
    public struct Grid: Sendable, Equatable {
        public var rows: [UUID]
        public var columns: [UUID]
        public var cells: [[[Int]]]
    }

    public static func grid(
        _ actions: [PlanFlags.Action], rows: [UUID], columns: [UUID], rowsOf: (PlanFlags.Action) -> Set<UUID>,
        columnsOf: (PlanFlags.Action) -> Set<UUID>
    ) -> Grid {
        let cells = rows.map { row in
            columns.map { column in
                actions.indices.filter { rowsOf(actions[$0]).contains(row) && columnsOf(actions[$0]).contains(column) }
            }
        }
        return Grid(rows: rows, columns: columns, cells: cells)
    }

    /// Open actions whose due date has passed.
    public static func overdue(_ actions: [PlanFlags.Action], today: CalendarDay) -> [PlanFlags.Action] {
        actions.filter { !$0.status.isClosed && ($0.due.map { $0 < today } ?? false) }.sorted {
            ($0.due!, $0.number) < ($1.due!, $1.number)
        }
    }

    /// Open actions due from today to `days` days ahead.
    public static func dueSoon(_ actions: [PlanFlags.Action], today: CalendarDay, days: Int = 30) -> [PlanFlags.Action]
    {
        let end = today.adding(days: days)
        return actions.filter { a in !a.status.isClosed && (a.due.map { $0 >= today && $0 <= end } ?? false) }
            .sorted { ($0.due!, $0.number) < ($1.due!, $1.number) }
    }

    public struct AgendaItem: Sendable, Equatable {
        public var heading: String
        public var detail: String
    }

    /// The sub-group's agenda: overdue actions, red actions, then flags nobody has reviewed yet.
    public static func agenda(
        actions: [PlanFlags.Action], unresolvedFlags: [PlanFlags.Flag], today: CalendarDay,
        partnerName: (UUID) -> String
    ) -> [(title: String, items: [AgendaItem])] {
        let late = overdue(actions, today: today).map { a in
            AgendaItem(
                heading: "Action \(a.number): \(a.title)",
                detail: "\(partnerName(a.leadPartner)); due \(a.due!.label), \(a.due!.days(until: today)) days ago.")
        }
        let red = actions.filter { !$0.status.isClosed && $0.rating == .red }.sorted { $0.number < $1.number }.map {
            a in
            AgendaItem(heading: "Action \(a.number): \(a.title)", detail: "\(partnerName(a.leadPartner)); rated red.")
        }
        let flags = unresolvedFlags.map {
            AgendaItem(heading: ($0.kind == .gap ? "Gap: " : "Possible duplicate: ") + $0.title, detail: $0.reason)
        }
        return [("Overdue actions", late), ("Actions rated red", red), ("Gaps and duplicates not yet reviewed", flags)]
            .filter { !$0.1.isEmpty }
    }

    /// How many actions stood at each status at the end of each month, from each action's dated history
    /// (its first update is the day it was added). Months are given by their last day.
    public static func statusOverTime(
        histories: [[(day: CalendarDay, status: PlanAction.Status)]],
        monthEnds: [CalendarDay]
    ) -> [[PlanAction.Status: Int]] {
        monthEnds.map { end in
            var counts: [PlanAction.Status: Int] = [:]
            for history in histories {
                guard let latest = history.filter({ $0.day <= end }).max(by: { $0.day < $1.day }) else { continue }
                // Several updates on one day: the last one given wins, as the history is in the order it was written.
                let sameDay = history.filter { $0.day == latest.day }
                counts[sameDay.last!.status, default: 0] += 1
            }
            return counts
        }
    }

    /// The last day of each of the `count` months ending with `today`'s month.
    public static func monthEnds(count: Int, endingAt today: CalendarDay) -> [CalendarDay] {
        (0..<count).reversed().map { today.firstOfMonth(adding: -$0).lastOfMonth }
    }
}
