import Fluent
import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

/// The engagement dashboard and its CSV downloads.
struct EngagementController {
    private func figures(_ req: Request, _ access: PartnershipAccess) async throws -> (
        EngagementFigures, Int, Int, CountFormat
    ) {
        let to = req.query[Int.self, at: "to"].flatMap { Quarter.isValid($0) ? $0 : nil } ?? Quarter.lastComplete()
        let from =
            req.query[Int.self, at: "from"].flatMap { Quarter.isValid($0) && $0 <= to ? $0 : nil }
            ?? Quarter.adding(-3, to: to)
        var figures = try await EngagementFigures.build(
            partnershipID: access.partnershipID, fromQuarter: from, toQuarter: to, on: req.db)
        figures.games = try await GameReach.build(
            partnershipID: access.partnershipID, fromQuarter: from, toQuarter: to,
            library: req.application.games.library, on: req.db)
        figures.courses = try await CourseReach.build(
            partnershipID: access.partnershipID, fromQuarter: from, toQuarter: to,
            library: req.application.courses, on: req.db)
        return (figures, from, to, CountFormat(suppress: !access.allows(.viewExactCounts)))
    }

    private func tables(_ figures: EngagementFigures, _ format: CountFormat) -> [CrimePicturePage.Table] {
        func rows(_ lines: [EngagementFigures.Line]) -> [[String]] {
            lines.map {
                [
                    $0.label, format.count($0.sessions), format.count($0.engaged), format.count($0.booked),
                    $0.attendanceRate.map { String(format: "%.0f%%", $0 * 100) } ?? "–",
                ]
            }
        }
        let columns = ["", "Sessions", "People engaged", "Places booked", "Attendance"]
        return [
            .init(
                key: "quarters", title: "By quarter", columns: columns,
                rows: rows(figures.quarters.map(\.line) + [figures.total])),
            .init(key: "objectives", title: "By objective", columns: columns, rows: rows(figures.byObjective)),
            .init(key: "themes", title: "By theme", columns: columns, rows: rows(figures.byTheme)),
            .init(
                key: "audiences", title: "By audience (as people described themselves)", columns: columns,
                rows: rows(figures.byAudience)),
            .init(
                key: "partners", title: "By partner running the session", columns: columns,
                rows: rows(figures.byPartner)),
            .init(key: "areas", title: "By area", columns: columns, rows: rows(figures.byArea)),
            .init(
                key: "friends", title: "Friends (people who completed an awareness session, in person or online)",
                columns: ["", "At sessions", "Online courses", "Friends"],
                rows: figures.friendsByQuarter.map { entry in
                    let online = figures.courses?.byQuarter.first { $0.quarter == entry.quarter }?.line.friends ?? 0
                    return [
                        Quarter.label(entry.quarter), format.count(entry.friends), format.count(online),
                        format.count(entry.friends + online),
                    ]
                }
                    + figures.friendsByAudience.map {
                        ["Audience (sessions): \($0.audience)", format.count($0.friends), "", format.count($0.friends)]
                    }),
            .init(
                key: "courses", title: "Short courses completed online (quiz passed)",
                columns: ["", "Completions", "Counted as Friends"],
                rows: (figures.courses.map { c in
                    c.byQuarter.map(\.line) + c.byCourse.map { prefixed("Course", $0) }
                        + c.byAudience.map { prefixed("Audience", $0) }
                        + c.byArea.map { prefixed("Area", $0) } + [c.total]
                } ?? []).map { [$0.label, format.count($0.completions), format.count($0.friends)] }),
            .init(
                key: "games",
                title: "Games played (finished sessions; devices understate players when teams share one)",
                columns: ["", "Games", "Teams", "Devices"],
                rows: ((figures.games?.byQuarter ?? []) + (figures.games?.byScenario ?? [])
                    + (figures.games.map { [$0.total] } ?? [])).map {
                        [$0.label, format.count($0.sessions), format.count($0.teams), format.count($0.players)]
                    }),
        ]
    }

    /// Completed "where do I report this?" journeys: the reporting-intent figures, by quarter and by the place shown first.
    func reportTable(_ req: Request, _ access: PartnershipAccess, from: Int, to: Int, _ format: CountFormat)
        async throws -> CrimePicturePage.Table
    {
        let counts = try await ReportJourneys.counts(
            partnershipID: access.partnershipID, fromQuarter: from, toQuarter: to, on: req.db)
        var byOutcome: [String: Int] = [:]
        for quarter in counts.values { for (outcome, n) in quarter { byOutcome[outcome, default: 0] += n } }
        let quarters = Quarter.between(from, to).map {
            [Quarter.label($0), format.count(counts[$0]?.values.reduce(0, +) ?? 0)]
        }
        let outcomes = ReportRouter.Route.allCases.compactMap { route in
            byOutcome[route.rawValue].map { ["Shown first: " + ReportRouteInfo.of(route).title, format.count($0)] }
        }
        return .init(
            key: "reporting", title: "“Where do I report this?” journeys completed (reporting intent)",
            columns: ["", "Journeys"],
            rows: quarters + outcomes + [["Total", format.count(byOutcome.values.reduce(0, +))]])
    }

    /// The resource library's reach: views and downloads (or opens) of each published item since it was added.
    /// Not by quarter: the counts are running totals. Views and downloads are not people, so never suppressed.
    func resourceTable(_ req: Request, _ access: PartnershipAccess) async throws -> CrimePicturePage.Table {
        let items = try await Resources.published(partnershipID: access.partnershipID, on: req.db)
        let plain = CountFormat(suppress: false)
        return .init(
            key: "resources", title: "Resource library: views and downloads since each item was published",
            columns: ["", "Views", "Downloads or opens"],
            rows: items.map { [$0.title, plain.count($0.views), plain.count($0.downloads)] }
                + [
                    [
                        "All published items", plain.count(items.reduce(0) { $0 + $1.views }),
                        plain.count(items.reduce(0) { $0 + $1.downloads }),
                    ]
                ])
    }

    func show(req: Request) async throws -> Response {
        let access = try await req.access(.viewAggregates)
        let (figures, from, to, format) = try await figures(req, access)
        let reporting = try await reportTable(req, access, from: from, to: to, format)
        let resources = try await resourceTable(req, access)
        let model = EngagementPage.Model(
            slug: access.slug, period: "\(Quarter.label(from)) to \(Quarter.label(to))",
            headline: [
                ("Sessions delivered", format.count(figures.total.sessions)),
                ("People engaged", format.count(figures.total.engaged)),
                (
                    "Attendance of booked places",
                    figures.total.attendanceRate.map { String(format: "%.0f%%", $0 * 100) } ?? "–"
                ),
                ("Signed up to later sessions as a result", format.count(figures.followOnSignUps)),
                ("Friends (sessions and online)", format.count(figures.allFriends)),
                ("Short courses completed online", format.count(figures.courses?.total.completions ?? 0)),
                ("Ambassadors", format.count(figures.ambassadors.ambassadors)),
                ("Games played", format.count(figures.games?.total.sessions ?? 0)),
                ("Teams in games", format.count(figures.games?.total.teams ?? 0)),
                ("Found where to report (“Where do I report this?”)", reporting.rows.last?.last ?? "0"),
                (
                    "Onward reach reported by ambassadors (not added to people engaged)",
                    "\(format.count(figures.ambassadors.told.total)) people, from \(figures.ambassadors.reporting) of \(figures.ambassadors.ambassadors) ambassadors ("
                        + (figures.ambassadors.responseRate.map { String(format: "%.0f%%", $0 * 100) } ?? "–")
                        + " responded)"
                ),
            ],
            bars: figures.quarters.map {
                BarChart.Bar(
                    label: Quarter.label($0.quarter),
                    value: format.hides($0.line.engaged) ? 0 : $0.line.engaged,
                    display: format.count($0.line.engaged))
            },
            tables: tables(figures, format) + [reporting, resources], suppressed: format.suppress,
            query: "from=\(from)&to=\(to)")
        return EngagementPage.render(model, chrome: req.chrome(access, current: .engagement)).htmlResponse()
    }

    func export(req: Request) async throws -> Response {
        let access = try await req.access(.viewAggregates)
        let (figures, from, to, format) = try await figures(req, access)
        let key = req.query[String.self, at: "table"] ?? "quarters"
        let all =
            tables(figures, format) + [
                try await reportTable(req, access, from: from, to: to, format), try await resourceTable(req, access),
            ]
        guard let table = all.first(where: { $0.key == key }) else { throw NotFound("table") }
        var csv = CSVText.line(["Table: \(table.title)", "Period: \(Quarter.label(from)) to \(Quarter.label(to))"])
        csv += CSVText.line(["Group"] + table.columns.dropFirst())
        for row in table.rows { csv += CSVText.line(row) }
        return CSVText.response(csv, fileName: "engagement-\(key)-\(from)-\(to).csv")
    }
}

private func prefixed(_ prefix: String, _ line: CourseReach.Line) -> CourseReach.Line {
    var line = line
    line.label = "\(prefix): \(line.label)"
    return line
}
