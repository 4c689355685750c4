import Fluent
import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

/// The engagement dashboard and its CSV downloads.
struct EngagementController {
    /// The period the reader's role is shown (`DisclosurePolicy.period`) and its figures as that role sees them.
    private func view(_ req: Request, _ access: PartnershipAccess) async throws -> EngagementView {
        let period = access.disclosure.period(from: req.query[Int.self, at: "from"], to: req.query[Int.self, at: "to"])
        return try await EngagementView.build(
            partnershipID: access.partnershipID, fromQuarter: period.from, toQuarter: period.to,
            policy: access.disclosure, courses: req.application.courses, scenarios: req.application.games.library,
            on: req.db)
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
        let view = try await view(req, access)
        return (EngagementTables(view), try await resourceTable(req, access), view.fromQuarter, view.toQuarter)
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
            model.quarterOptions = access.disclosure.quarterChoices().map { ("\($0)", Quarter.label($0)) }
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
