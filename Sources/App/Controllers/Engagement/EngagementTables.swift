import Foundation
import SaferCyberCore
import SaferCyberViews

/// The engagement dashboard's figures as a role sees them (issue 19): every count of people goes through one
/// `ProtectedFigures`, which knows how the tables add up — quarters, objectives, themes, audiences, partners and
/// areas to the total; Friends at sessions and online to each quarter's Friends; courses and games by quarter and
/// by course or scenario to their totals; "where do I report" journeys by quarter and by place to theirs — so a
/// "<5" cannot be worked out by subtraction. Sessions and games played are events, not people: shown as they are.
struct EngagementTables {
    /// "Where do I report this?" journeys completed, by quarter and by the place shown first.
    struct Journeys {
        var byQuarter: [(quarter: Int, count: Int)]
        var byPlace: [(label: String, count: Int)]
        var total: Int { byQuarter.reduce(0) { $0 + $1.count } }
    }

    let figures: EngagementFigures
    let journeys: Journeys
    let protected: ProtectedFigures
    let plain = CountFormat(suppress: false)

    init(figures: EngagementFigures, journeys: Journeys, policy: DisclosurePolicy, secondary: Bool = true) {
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
            Self.register(figures, journeys, in: &cells)
        }
    }

    static let breakdowns:
        [(key: String, title: String, lines: WritableKeyPath<EngagementFigures, [EngagementFigures.Line]>)] =
            [
                ("objectives", "By objective", \.byObjective), ("themes", "By theme", \.byTheme),
                ("audiences", "By audience (as people described themselves)", \.byAudience),
                ("partners", "By partner running the session", \.byPartner), ("areas", "By area", \.byArea),
            ]

    static func courseLines(_ c: CourseReach) -> [(key: String, lines: [CourseReach.Line])] {
        [("q", c.byQuarter.map(\.line)), ("course", c.byCourse), ("audience", c.byAudience), ("area", c.byArea)]
    }

    static func gameLines(_ g: GameReach) -> [(key: String, lines: [GameReach.Line])] {
        [("q", g.byQuarter), ("scenario", g.byScenario)]
    }

    private static func register(_ f: EngagementFigures, _ journeys: Journeys, in cells: inout PublishedFigures) {
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
        for (index, entry) in f.friendsByAudience.enumerated() {
            cells.cell("friends:audience:\(index)", entry.friends)
        }
        cells.sum("friends:sessions", of: f.friendsByAudience.indices.map { "friends:audience:\($0)" })

        if let c = f.courses {
            cells.cell("courses:total:completions", c.total.completions)
            cells.cell("courses:total:friends", c.total.friends)
            cells.sum("friends:all", of: ["friends:sessions", "courses:total:friends"])
            for group in courseLines(c) {
                for (index, entry) in group.lines.enumerated() {
                    cells.cell("courses:\(group.key):\(index):completions", entry.completions)
                    cells.cell("courses:\(group.key):\(index):friends", entry.friends)
                }
                for column in ["completions", "friends"] {
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

    func text(_ id: String) -> String { protected.text(id) }

    /// The share of booked places used, unless it would give back a hidden count of people.
    func attendance(_ id: String, _ line: EngagementFigures.Line) -> String {
        guard let rate = line.attendanceRate else { return "–" }
        let attended = Int((rate * Double(line.booked)).rounded())
        guard !protected.isHidden("\(id):booked"), protected.policy.allowsFigure(from: attended, line.booked - attended)
        else { return "–" }
        return String(format: "%.0f%%", rate * 100)
    }

    func lineRow(_ id: String, _ line: EngagementFigures.Line) -> [String] {
        [line.label, plain.count(line.sessions), text("\(id):engaged"), text("\(id):booked"), attendance(id, line)]
    }

    var tables: [CrimePicturePage.Table] {
        let f = figures
        let columns = ["", "Sessions", "Attendances", "Places booked", "Attendance of booked places"]
        var tables: [CrimePicturePage.Table] = [
            .init(
                key: "quarters", title: "By quarter", columns: columns,
                rows: f.quarters.enumerated().map { lineRow("quarters:\($0)", $1.line) } + [lineRow("total", f.total)])
        ]
        for breakdown in Self.breakdowns {
            tables.append(
                .init(
                    key: breakdown.key, title: breakdown.title, columns: columns,
                    rows: f[keyPath: breakdown.lines].enumerated().map { lineRow("\(breakdown.key):\($0)", $1) }))
        }
        tables.append(
            .init(
                key: "friends", title: "Friends (people who completed an awareness session, in person or online)",
                columns: ["", "At sessions", "Online courses", "Friends"],
                rows: f.friendsByQuarter.enumerated().map { index, entry in
                    [
                        Quarter.label(entry.quarter), text("friends:\(index):sessions"),
                        text("friends:\(index):online"),
                        text("friends:\(index):all"),
                    ]
                }
                    + f.friendsByAudience.enumerated().map { index, entry in
                        let cell = text("friends:audience:\(index)")
                        return ["Audience (sessions): \(entry.audience)", cell, "", cell]
                    } + [["All", "", "", text("friends:all")]]))
        let courseRows: [[String]] =
            f.courses.map { c in
                let labels = ["q": "", "course": "Course: ", "audience": "Audience: ", "area": "Area: "]
                return Self.courseLines(c).flatMap { group in
                    group.lines.enumerated().map { index, entry in
                        [
                            labels[group.key]! + entry.label, text("courses:\(group.key):\(index):completions"),
                            text("courses:\(group.key):\(index):friends"),
                        ]
                    }
                } + [[c.total.label, text("courses:total:completions"), text("courses:total:friends")]]
            } ?? []
        tables.append(
            .init(
                key: "courses", title: "Short courses completed online (quiz passed)",
                columns: ["", "Completions", "Counted as Friends"], rows: courseRows))
        let gameRows: [[String]] =
            f.games.map { g in
                Self.gameLines(g).flatMap { group in
                    group.lines.enumerated().map { index, entry in
                        [
                            entry.label, plain.count(entry.sessions), text("games:\(group.key):\(index):teams"),
                            text("games:\(group.key):\(index):players"),
                        ]
                    }
                }
                    + [
                        [
                            g.total.label, plain.count(g.total.sessions), text("games:total:teams"),
                            text("games:total:players"),
                        ]
                    ]
            } ?? []
        tables.append(
            .init(
                key: "games",
                title: "Games played (finished sessions; devices understate players when teams share one)",
                columns: ["", "Games", "Teams", "Devices"], rows: gameRows))
        if let fb = f.feedback {
            func row(_ label: String, _ id: String) -> [String] {
                [label, text("\(id):all"), text("\(id):fun"), text("\(id):ok"), text("\(id):not-fun")]
            }
            tables.append(
                .init(
                    key: "fun",
                    title: "Was it fun? One-tap answers after sessions, by type of session and by who led it",
                    columns: ["", "Answers", "Fun", "OK", "Not fun"],
                    rows: fb.byKind.enumerated().map { row($1.label, "fb:kind:\($0)") }
                        + fb.byLeader.enumerated().map { row("Led by: \($1.label)", "fb:led:\($0)") }
                        + [row(fb.total.label, "fb:total")],
                    note:
                        "Anonymous answers from the form linked from each session's QR cards; one device may answer more than once, so these are answers, not people."
                ))
        }
        tables.append(
            .init(
                key: "reporting", title: "“Where do I report this?” journeys completed (reporting intent)",
                columns: ["", "Journeys"],
                rows: journeys.byQuarter.enumerated().map { [Quarter.label($1.quarter), text("journeys:q:\($0)")] }
                    + journeys.byPlace.enumerated().map { ["Shown first: " + $1.label, text("journeys:place:\($0)")] }
                    + [["Total", text("journeys:total")]]))
        return tables
    }

    /// The headline figures above the tables.
    var headline: [(String, String)] {
        let f = figures
        let a = f.ambassadors
        let responded =
            protected.isHidden("ambassadors") || protected.isHidden("ambassadors:reporting")
            ? "" : " (" + (a.responseRate.map { String(format: "%.0f%%", $0 * 100) } ?? "–") + " responded)"
        return [
            ("Sessions delivered", plain.count(f.total.sessions)),
            ("Attendances (a person at three sessions counts three times)", text("total:engaged")),
            (
                "Different people who came (one per email address given at booking; each other place counts as one)",
                // Attendances less people is the number of repeat visits: a small one would tell a viewer that a
                // named few came back, so people is withheld then.
                protected.policy.allowsFigure(from: f.total.engaged - f.total.people)
                    ? text("total:people") : DisclosurePolicy.withheldText
            ),
            ("Attendance of booked places", attendance("total", f.total)),
            ("Places confirmed at later sessions through follow-on links", text("follow-on")),
            ("Friends (sessions and online)", text("friends:all")),
            ("Short courses completed online", f.courses == nil ? "0" : text("courses:total:completions")),
            ("Ambassadors", text("ambassadors")),
            ("Games played", plain.count(f.games?.total.sessions ?? 0)),
            ("Teams in games", f.games == nil ? "0" : text("games:total:teams")),
            ("Found where to report (“Where do I report this?”)", text("journeys:total")),
            (
                "Onward reach reported by ambassadors (not added to attendances)",
                "\(text("told")) people, from \(text("ambassadors:reporting")) of \(text("ambassadors")) ambassadors"
                    + responded
            ),
        ]
    }

    var bars: [BarChart.Bar] {
        figures.quarters.enumerated().map { index, entry in
            let id = "quarters:\(index):engaged"
            return BarChart.Bar(
                label: Quarter.label(entry.quarter), value: protected.isHidden(id) ? 0 : entry.line.engaged,
                display: text(id))
        }
    }
}
