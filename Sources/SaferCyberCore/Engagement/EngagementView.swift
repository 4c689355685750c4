import FluentKit
import Foundation

/// The engagement figures of one period as a role sees them (issue 19): every count of people goes through one
/// `ProtectedFigures`, which knows how the tables add up — quarters, objectives, themes, audiences, partners and
/// areas to the total; Friends at sessions and online to each quarter's Friends; courses and games by quarter and
/// by course or scenario to their totals; "where do I report" journeys by quarter and by place to theirs — so a
/// "<5" cannot be worked out by subtraction. Sessions and games played are events, not people: shown as they are.
///
/// The engagement page, its CSVs, the indicators built on engagement and the board report's delivery section all
/// read a quarter's counts through this view, so a count one of them withholds is withheld by all of them.
public struct EngagementView: Sendable {
    /// "Where do I report this?" journeys completed, by quarter and by the place shown first.
    public struct Journeys: Sendable {
        public var byQuarter: [(quarter: Int, count: Int)]
        public var byPlace: [(label: String, count: Int)]
        public var total: Int { byQuarter.reduce(0) { $0 + $1.count } }
        public init(byQuarter: [(quarter: Int, count: Int)], byPlace: [(label: String, count: Int)]) {
            self.byQuarter = byQuarter
            self.byPlace = byPlace
        }
    }

    public let figures: EngagementFigures
    public let journeys: Journeys
    /// The first and last quarter of the period (yyyyq).
    public var fromQuarter: Int { journeys.byQuarter.first?.quarter ?? figures.quarters.first?.quarter ?? 0 }
    public var toQuarter: Int { journeys.byQuarter.last?.quarter ?? figures.quarters.last?.quarter ?? 0 }
    public let protected: ProtectedFigures
    public var policy: DisclosurePolicy { protected.policy }

    public init(figures: EngagementFigures, journeys: Journeys, policy: DisclosurePolicy, secondary: Bool = true) {
        // Ordered by count, a withheld row would sit between two known ones: for roles without exact counts the
        // breakdowns are listed by name (as on the crime picture).
        var figures = figures
        if policy.applies {
            for breakdown in Self.breakdowns {
                figures[keyPath: breakdown.lines].sort { $0.label < $1.label }
            }
        }
        self.figures = figures
        self.journeys = journeys
        protected = ProtectedFigures(policy: policy, secondary: secondary) { cells in
            Self.register(figures, journeys, friendsByRow: !policy.applies, in: &cells)
        }
    }

    /// The engagement figures of `fromQuarter`–`toQuarter` under `policy`: sessions, attendances and Friends, online
    /// courses, games, session feedback and "where do I report" journeys.
    public static func build(
        partnershipID: UUID, fromQuarter from: Int, toQuarter to: Int, policy: DisclosurePolicy,
        courses: CourseLibrary = .shipped, scenarios: ScenarioLibrary = .shipped, on db: any Database
    ) async throws -> EngagementView {
        var figures = try await EngagementFigures.build(
            partnershipID: partnershipID, fromQuarter: from, toQuarter: to, asAtEnd: policy.applies, on: db)
        figures.games = try await GameReach.build(
            partnershipID: partnershipID, fromQuarter: from, toQuarter: to, library: scenarios, on: db)
        figures.courses = try await CourseReach.build(
            partnershipID: partnershipID, fromQuarter: from, toQuarter: to, library: courses, on: db)
        figures.feedback = try await SessionFeedbacks.figures(
            partnershipID: partnershipID, fromQuarter: from, toQuarter: to, on: db)
        let counts = try await ReportJourneys.counts(
            partnershipID: partnershipID, fromQuarter: from, toQuarter: to, on: db)
        var byOutcome: [String: Int] = [:]
        for quarter in counts.values { for (outcome, n) in quarter { byOutcome[outcome, default: 0] += n } }
        let journeys = Journeys(
            byQuarter: Quarter.between(from, to).map { ($0, counts[$0]?.values.reduce(0, +) ?? 0) },
            byPlace: ReportRouter.Route.allCases.compactMap { route in
                byOutcome[route.rawValue].map { (ReportRouteInfo.of(route).title, $0) }
            })
        return EngagementView(figures: figures, journeys: journeys, policy: policy)
    }

    public static let breakdowns:
        [(key: String, title: String, lines: WritableKeyPath<EngagementFigures, [EngagementFigures.Line]>)] =
            [
                ("objectives", "By objective", \.byObjective), ("themes", "By theme", \.byTheme),
                ("audiences", "By audience (as people described themselves)", \.byAudience),
                ("partners", "By partner running the session", \.byPartner), ("areas", "By area", \.byArea),
            ]

    public static func courseLines(_ c: CourseReach) -> [(key: String, lines: [CourseReach.Line])] {
        [("q", c.byQuarter.map(\.line)), ("course", c.byCourse), ("audience", c.byAudience), ("area", c.byArea)]
    }

    public static func gameLines(_ g: GameReach) -> [(key: String, lines: [GameReach.Line])] {
        [("q", g.byQuarter), ("scenario", g.byScenario)]
    }

    /// Whether Friends are shown for each audience, course and area. A row's Friends are at most its attendances or
    /// completions, a bound the sums do not carry: beside a withheld row it narrowed "<5" Friends to one value
    /// (review, issue 19). Roles without exact counts get Friends by quarter and in all.
    public var showsFriendsByRow: Bool { !policy.applies }

    private static func register(
        _ f: EngagementFigures, _ journeys: Journeys, friendsByRow: Bool, in cells: inout PublishedFigures
    ) {
        func line(_ id: String, _ line: EngagementFigures.Line) {
            cells.cell("\(id):engaged", line.engaged)
            cells.cell("\(id):booked", line.booked)
        }
        line("total", f.total)
        // Different people: not a sum of the breakdowns (one person can be in several), so published on its own.
        cells.cell("total:people", f.total.people)
        for (index, entry) in f.quarters.enumerated() { line("quarters:\(index)", entry.line) }
        for column in ["engaged", "booked"] {
            cells.sum("total:\(column)", of: f.quarters.indices.map { "quarters:\($0):\(column)" })
        }
        for breakdown in breakdowns {
            let lines = f[keyPath: breakdown.lines]
            for (index, entry) in lines.enumerated() { line("\(breakdown.key):\(index)", entry) }
            for column in ["engaged", "booked"] {
                cells.sum("total:\(column)", of: lines.indices.map { "\(breakdown.key):\($0):\(column)" })
            }
        }
        cells.cell("follow-on", f.followOnSignUps)
        cells.cell("ambassadors", f.ambassadors.ambassadors)
        cells.cell("ambassadors:reporting", f.ambassadors.reporting)
        cells.cell("told", f.ambassadors.told.total)

        // Friends: at sessions and online, each quarter and in all.
        let online = f.friendsByQuarter.map { entry in
            f.courses?.byQuarter.first { $0.quarter == entry.quarter }?.line.friends ?? 0
        }
        for (index, entry) in f.friendsByQuarter.enumerated() {
            cells.cell("friends:\(index):sessions", entry.friends)
            cells.cell("friends:\(index):online", online[index])
            cells.cell("friends:\(index):all", entry.friends + online[index])
            cells.sum("friends:\(index):all", of: ["friends:\(index):sessions", "friends:\(index):online"])
        }
        cells.cell("friends:all", f.allFriends)
        cells.sum("friends:all", of: f.friendsByQuarter.indices.map { "friends:\($0):all" })
        cells.unpublishedCell("friends:sessions", f.friends)
        cells.sum("friends:sessions", of: f.friendsByQuarter.indices.map { "friends:\($0):sessions" })
        if friendsByRow {
            for (index, entry) in f.friendsByAudience.enumerated() {
                cells.cell("friends:audience:\(index)", entry.friends)
            }
            cells.sum("friends:sessions", of: f.friendsByAudience.indices.map { "friends:audience:\($0)" })
        }

        if let c = f.courses {
            cells.cell("courses:total:completions", c.total.completions)
            cells.cell("courses:total:friends", c.total.friends)
            cells.sum("friends:all", of: ["friends:sessions", "courses:total:friends"])
            for group in courseLines(c) {
                let friends = friendsByRow || group.key == "q"
                for (index, entry) in group.lines.enumerated() {
                    cells.cell("courses:\(group.key):\(index):completions", entry.completions)
                    if friends { cells.cell("courses:\(group.key):\(index):friends", entry.friends) }
                }
                for column in friends ? ["completions", "friends"] : ["completions"] {
                    cells.sum(
                        "courses:total:\(column)",
                        of: group.lines.indices.map { "courses:\(group.key):\($0):\(column)" })
                }
            }
            // Online Friends in the Friends table are the courses' Friends of the same quarter.
            for (index, entry) in f.friendsByQuarter.enumerated() {
                if let q = c.byQuarter.firstIndex(where: { $0.quarter == entry.quarter }) {
                    cells.sum("friends:\(index):online", of: ["courses:q:\(q):friends"])
                }
            }
        }
        if let g = f.games {
            for column in ["teams", "players"] {
                cells.cell("games:total:\(column)", column == "teams" ? g.total.teams : g.total.players)
                for group in gameLines(g) {
                    for (index, entry) in group.lines.enumerated() {
                        cells.cell(
                            "games:\(group.key):\(index):\(column)", column == "teams" ? entry.teams : entry.players)
                    }
                    cells.sum(
                        "games:total:\(column)", of: group.lines.indices.map { "games:\(group.key):\($0):\(column)" })
                }
            }
        }
        if let fb = f.feedback {
            // Each row's answers are its three counts; types and leaders each add up to the total.
            func line(_ id: String, _ line: SessionFeedbacks.Line) {
                cells.cell("\(id):fun", line.fun)
                cells.cell("\(id):ok", line.ok)
                cells.cell("\(id):not-fun", line.notFun)
                cells.cell("\(id):all", line.responses)
                cells.sum("\(id):all", of: ["\(id):fun", "\(id):ok", "\(id):not-fun"])
            }
            line("fb:total", fb.total)
            for (key, lines) in [("kind", fb.byKind), ("led", fb.byLeader)] {
                for (index, entry) in lines.enumerated() { line("fb:\(key):\(index)", entry) }
                for column in ["fun", "ok", "not-fun", "all"] {
                    cells.sum("fb:total:\(column)", of: lines.indices.map { "fb:\(key):\($0):\(column)" })
                }
            }
        }
        cells.cell("journeys:total", journeys.total)
        for (index, entry) in journeys.byQuarter.enumerated() { cells.cell("journeys:q:\(index)", entry.count) }
        for (index, entry) in journeys.byPlace.enumerated() { cells.cell("journeys:place:\(index)", entry.count) }
        cells.sum("journeys:total", of: journeys.byQuarter.indices.map { "journeys:q:\($0)" })
        cells.sum("journeys:total", of: journeys.byPlace.indices.map { "journeys:place:\($0)" })
    }

    /// The share of booked places used, as this role may see it. The share, with the places booked, gives the places
    /// used, hence the places not used and the walk-ins (attendances beyond places used): under the rule it is shown
    /// only for the period's total (`total`), and only when attendances and places are published and neither
    /// those not used nor the walk-ins are a small count. A row's share beside the total's would give a withheld
    /// row's walk-ins back by subtraction (review, issue 19).
    public func attendanceRate(_ line: EngagementFigures.Line, total: Bool) -> Double? {
        guard let rate = line.attendanceRate else { return nil }
        guard policy.applies else { return rate }
        let used = line.placesUsed
        guard total, !protected.isHidden("total:booked"), !protected.isHidden("total:engaged"),
            policy.allowsFigure(from: used, line.booked - used, line.engaged - used)
        else { return nil }
        return rate
    }

    /// A figure of the view as a number, or nil when the view withholds it ("<5" or "[c]").
    public func value(_ id: String) -> Int? {
        protected.isHidden(id) ? nil : protected.figures.values[id]
    }
}
