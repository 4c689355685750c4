import Foundation
import SaferCyberCore
import SaferCyberViews

/// The engagement dashboard's tables, headline and chart from an `EngagementView` (the figures as the reader's
/// role sees them, protected in Core).
struct EngagementTables {
    typealias Journeys = EngagementView.Journeys
    let view: EngagementView
    var figures: EngagementFigures { view.figures }
    var journeys: Journeys { view.journeys }
    var protected: ProtectedFigures { view.protected }
    let plain = CountFormat(suppress: false)

    init(_ view: EngagementView) { self.view = view }

    init(figures: EngagementFigures, journeys: Journeys, policy: DisclosurePolicy, secondary: Bool = true) {
        self.init(EngagementView(figures: figures, journeys: journeys, policy: policy, secondary: secondary))
    }

    func text(_ id: String) -> String { protected.text(id) }

    /// The share of booked places used, as the role may see it (`EngagementView.attendanceRate`).
    func attendance(_ id: String, _ line: EngagementFigures.Line) -> String {
        view.attendanceRate(line, total: id == "total").map { String(format: "%.0f%%", $0 * 100) } ?? "–"
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
        for breakdown in EngagementView.breakdowns {
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
                    + (view.showsFriendsByRow ? f.friendsByAudience : []).enumerated().map { index, entry in
                        let cell = text("friends:audience:\(index)")
                        return ["Audience (sessions): \(entry.audience)", cell, "", cell]
                    } + [["All", "", "", text("friends:all")]]))
        let courseRows: [[String]] =
            f.courses.map { c in
                let labels = ["q": "", "course": "Course: ", "audience": "Audience: ", "area": "Area: "]
                return EngagementView.courseLines(c).flatMap { group in
                    group.lines.enumerated().map { index, entry in
                        [
                            labels[group.key]! + entry.label, text("courses:\(group.key):\(index):completions"),
                            view.showsFriendsByRow || group.key == "q"
                                ? text("courses:\(group.key):\(index):friends") : "–",
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
                EngagementView.gameLines(g).flatMap { group in
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
        // Readers without exact counts see what came after the sessions as it stood at the period's end (Core).
        let asAtEnd = protected.policy.applies ? " by the end of the period" : ""
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
            ("Places confirmed at later sessions through follow-on links\(asAtEnd)", text("follow-on")),
            ("Friends (sessions and online)", text("friends:all")),
            ("Short courses completed online", f.courses == nil ? "0" : text("courses:total:completions")),
            ("Ambassadors", text("ambassadors")),
            ("Games played", plain.count(f.games?.total.sessions ?? 0)),
            ("Teams in games", f.games == nil ? "0" : text("games:total:teams")),
            ("Found where to report (“Where do I report this?”)", text("journeys:total")),
            (
                "Onward reach reported by ambassadors\(asAtEnd) (not added to attendances)",
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
