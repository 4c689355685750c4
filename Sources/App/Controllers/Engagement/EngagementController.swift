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
        var to = req.query[Int.self, at: "to"].flatMap { Quarter.isValid($0) ? $0 : nil } ?? Quarter.lastComplete()
        var from =
            req.query[Int.self, at: "from"].flatMap { Quarter.isValid($0) && $0 <= to ? $0 : nil }
            ?? Quarter.adding(-3, to: to)
        // A role without exact counts sees one quarter at a time (issue 19): two periods that overlap ("Jan–Dec"
        // and "Jan–Sep") differ by a quarter's count that neither shows. Not a quarter still to come.
        if access.disclosure.applies {
            to = min(to, Quarter.adding(1, to: Quarter.lastComplete()))
            from = to
        }
        var figures = try await EngagementFigures.build(
            partnershipID: access.partnershipID, fromQuarter: from, toQuarter: to, on: req.db)
        figures.games = try await GameReach.build(
            partnershipID: access.partnershipID, fromQuarter: from, toQuarter: to,
            library: req.application.games.library, on: req.db)
        figures.courses = try await CourseReach.build(
            partnershipID: access.partnershipID, fromQuarter: from, toQuarter: to,
            library: req.application.courses, on: req.db)
        figures.feedback = try await SessionFeedbacks.figures(
            partnershipID: access.partnershipID, fromQuarter: from, toQuarter: to, on: req.db)
        return (figures, from, to, CountFormat(policy: access.disclosure))
    }

    /// Completed "where do I report this?" journeys: the reporting-intent figures, by quarter and by the place shown first.
    func journeys(_ req: Request, _ access: PartnershipAccess, from: Int, to: Int) async throws
        -> EngagementTables.Journeys
    {
        let counts = try await ReportJourneys.counts(
            partnershipID: access.partnershipID, fromQuarter: from, toQuarter: to, on: req.db)
        var byOutcome: [String: Int] = [:]
        for quarter in counts.values { for (outcome, n) in quarter { byOutcome[outcome, default: 0] += n } }
        return EngagementTables.Journeys(
            byQuarter: Quarter.between(from, to).map { ($0, counts[$0]?.values.reduce(0, +) ?? 0) },
            byPlace: ReportRouter.Route.allCases.compactMap { route in
                byOutcome[route.rawValue].map { (ReportRouteInfo.of(route).title, $0) }
            })
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

    private func tables(_ req: Request) async throws -> (EngagementTables, resources: CrimePicturePage.Table, Int, Int)
    {
        let access = try await req.access(.viewAggregates)
        let (figures, from, to, format) = try await figures(req, access)
        let tables = EngagementTables(
            figures: figures, journeys: try await journeys(req, access, from: from, to: to), policy: format.policy)
        return (tables, try await resourceTable(req, access), from, to)
    }

    func show(req: Request) async throws -> Response {
        let access = try await req.access(.viewAggregates)
        let (tables, resources, from, to) = try await tables(req)
        var model = EngagementPage.Model(
            slug: access.slug, period: "\(Quarter.label(from)) to \(Quarter.label(to))", headline: tables.headline,
            bars: tables.bars, tables: tables.tables + [resources], suppressed: tables.protected.policy.applies,
            query: "from=\(from)&to=\(to)")
        model.threshold = tables.protected.policy.threshold
        if access.disclosure.applies {
            let latest = Quarter.adding(1, to: Quarter.lastComplete())
            model.quarterOptions = (0..<9).map { Quarter.adding(-$0, to: latest) }.map {
                ("\($0)", Quarter.label($0) + ($0 == latest ? " (so far)" : ""))
            }
            model.quarter = "\(to)"
        }
        return EngagementPage.render(model, chrome: req.chrome(access, current: .engagement)).htmlResponse()
    }

    func export(req: Request) async throws -> Response {
        let (tables, resources, from, to) = try await tables(req)
        let key = req.query[String.self, at: "table"] ?? "quarters"
        guard let table = (tables.tables + [resources]).first(where: { $0.key == key }) else { throw NotFound("table") }
        var csv = CSVText.line(["Table: \(table.title)", "Period: \(Quarter.label(from)) to \(Quarter.label(to))"])
        csv += CSVText.line(["Group"] + table.columns.dropFirst())
        for row in table.rows { csv += CSVText.line(row) }
        return CSVText.response(csv, fileName: "engagement-\(key)-\(from)-\(to).csv")
    }
}
