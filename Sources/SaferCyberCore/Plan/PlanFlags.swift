import Foundation

/// Gaps (a priority with no action) and possible duplicates (different partners doing the same thing in the
/// same place at the same time) in the partnership's plan. Pure: the page and the tests give it plain facts.
public enum PlanFlags {
    /// What the checks need to know about an action.
    public struct Action: Sendable, Equatable {
        public var id: UUID
        public var number: Int
        public var title: String
        public var leadPartner: UUID
        public var themes: Set<UUID>
        public var audiences: Set<UUID>
        public var objective: UUID
        /// Empty: the whole partnership area.
        public var area: String
        /// No start: already running. No due date: open-ended.
        public var starts: CalendarDay?
        public var due: CalendarDay?
        public var status: PlanAction.Status
        public var rating: PlanAction.Rating

        public init(
            id: UUID = UUID(), number: Int = 0, title: String = "", leadPartner: UUID, themes: Set<UUID>,
            audiences: Set<UUID>,
            objective: UUID = UUID(), area: String = "", starts: CalendarDay? = nil, due: CalendarDay? = nil,
            status: PlanAction.Status = .planned, rating: PlanAction.Rating = .unrated
        ) {
            self.rating = rating
            self.id = id
            self.number = number
            self.title = title
            self.leadPartner = leadPartner
            self.themes = themes
            self.audiences = audiences
            self.objective = objective
            self.area = area
            self.starts = starts
            self.due = due
            self.status = status
        }
    }

    /// A theme and audience the crime picture ranks high ("where to focus"), with why.
    public struct Priority: Sendable, Equatable {
        public var theme: UUID
        public var audience: UUID
        public var why: String
        public init(theme: UUID, audience: UUID, why: String) {
            self.theme = theme
            self.audience = audience
            self.why = why
        }
    }

    /// Names to write the reasons with.
    public struct Names: Sendable {
        public var themes: [UUID: String]
        public var audiences: [UUID: String]
        public var partners: [UUID: String]
        public init(themes: [UUID: String], audiences: [UUID: String], partners: [UUID: String]) {
            self.themes = themes
            self.audiences = audiences
            self.partners = partners
        }
        func theme(_ id: UUID) -> String { themes[id] ?? "a removed theme" }
        func audience(_ id: UUID) -> String { audiences[id] ?? "a removed audience" }
        func partner(_ id: UUID) -> String { partners[id] ?? "a removed partner" }
    }

    public enum Kind: String, Sendable { case gap, duplicate }

    public struct Flag: Sendable, Equatable, Identifiable {
        public var kind: Kind
        /// Stable while the facts behind it stay the same, so a review note stays attached; a new action in a
        /// duplicate group makes a new key, because the group needs looking at again.
        public var key: String
        public var title: String
        public var reason: String
        public var actions: [UUID]
        public var id: String { key }
    }

    /// Open actions: not complete, not cancelled. Finished work does not cover a priority or duplicate anything.
    static func open(_ actions: [Action]) -> [Action] { actions.filter { !$0.status.isClosed } }

    /// Each priority no open action covers (same theme and same audience).
    public static func gaps(actions: [Action], priorities: [Priority], names: Names) -> [Flag] {
        let open = open(actions)
        var seen = Set<String>()
        return priorities.compactMap { priority in
            let key = "gap:\(priority.theme.uuidString):\(priority.audience.uuidString)"
            guard seen.insert(key).inserted else { return nil }
            guard
                !open.contains(where: { $0.themes.contains(priority.theme) && $0.audiences.contains(priority.audience) }
                )
            else { return nil }
            let finished = actions.filter {
                $0.status.isClosed && $0.themes.contains(priority.theme) && $0.audiences.contains(priority.audience)
            }
            let title = "\(names.theme(priority.theme)) for \(names.audience(priority.audience).lowercased())"
            var reason = "\(priority.why) No open action covers it."
            if !finished.isEmpty {
                reason +=
                    " Only finished or cancelled work did: "
                    + finished.map { "action \($0.number)" }.joined(separator: ", ") + "."
            }
            return Flag(kind: .gap, key: key, title: title, reason: reason, actions: finished.map(\.id))
        }
    }

    /// Without a crime picture there is no ranking, so the gaps are the themes and audiences with no open action at all.
    public static func coverageGaps(actions: [Action], themes: [UUID], audiences: [UUID], names: Names) -> [Flag] {
        let open = open(actions)
        let forThemes = themes.filter { t in !open.contains { $0.themes.contains(t) } }.map { t in
            Flag(
                kind: .gap, key: "gap:\(t.uuidString):*", title: names.theme(t),
                reason:
                    "No open action works on this theme. (Import the crime picture to see which themes and groups matter most.)",
                actions: [])
        }
        let forAudiences = audiences.filter { a in !open.contains { $0.audiences.contains(a) } }.map { a in
            Flag(
                kind: .gap, key: "gap:*:\(a.uuidString)", title: names.audience(a),
                reason: "No open action is for this audience.", actions: [])
        }
        return forThemes + forAudiences
    }

    /// Whether two actions' dates overlap. A missing start means "already running", a missing due date "open-ended",
    /// so an action with neither overlaps everything.
    public static func datesOverlap(_ a: Action, _ b: Action) -> Bool {
        let aStart = a.starts?.dayNumber ?? Int.min
        let aEnd = a.due?.dayNumber ?? Int.max
        let bStart = b.starts?.dayNumber ?? Int.min
        let bEnd = b.due?.dayNumber ?? Int.max
        return aStart <= bEnd && bStart <= aEnd
    }

    /// The same place: the same named area, ignoring case and spaces. An action for the whole partnership area
    /// (no area named) is its own place: county-wide work and a town's own work are planned to complement each other.
    public static func sameArea(_ a: Action, _ b: Action) -> Bool {
        a.area.trimmingCharacters(in: .whitespaces).lowercased()
            == b.area.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// Pairs of open actions led by different partners sharing a theme and an audience, in the same area, with
    /// overlapping dates; pairs that share an action are reported together as one group.
    public static func duplicates(actions: [Action], names: Names) -> [Flag] {
        let open = open(actions).sorted { $0.number < $1.number }
        var pairs: [(Int, Int, [UUID], [UUID])] = []
        for i in open.indices {
            for j in open.indices where j > i {
                let a = open[i]
                let b = open[j]
                guard a.leadPartner != b.leadPartner, sameArea(a, b), datesOverlap(a, b) else { continue }
                let themes = a.themes.intersection(b.themes)
                let audiences = a.audiences.intersection(b.audiences)
                guard !themes.isEmpty, !audiences.isEmpty else { continue }
                pairs.append(
                    (
                        i, j, themes.sorted { names.theme($0) < names.theme($1) },
                        audiences.sorted { names.audience($0) < names.audience($1) }
                    ))
            }
        }
        // Group pairs that share an action (union–find over the open actions).
        var parent = Array(open.indices)
        func root(_ x: Int) -> Int { parent[x] == x ? x : root(parent[x]) }
        for (i, j, _, _) in pairs { parent[root(j)] = root(i) }
        let groups = Dictionary(grouping: pairs) { root($0.0) }
        return groups.keys.sorted().map { groupRoot in
            let groupPairs = groups[groupRoot]!
            let members = Set(groupPairs.flatMap { [$0.0, $0.1] }).sorted()
            let ids = members.map { open[$0].id }
            let sentences = groupPairs.map { (i, j, themes, audiences) in
                let a = open[i]
                let b = open[j]
                let place = a.area.isEmpty ? "across the whole area" : "in \(a.area)"
                return
                    "Action \(a.number) (\(names.partner(a.leadPartner))) and action \(b.number) (\(names.partner(b.leadPartner))) both work on "
                    + themes.map(names.theme).joined(separator: " and ").lowercased() + " for "
                    + audiences.map(names.audience).joined(separator: " and ").lowercased()
                    + " \(place), at overlapping times."
            }
            return Flag(
                kind: .duplicate, key: "duplicate:" + ids.map(\.uuidString).sorted().joined(separator: ","),
                title: "Actions " + members.map { "\(open[$0].number)" }.joined(separator: ", "),
                reason: sentences.joined(separator: " ") + " Could they be joined up?", actions: ids)
        }
    }
}
