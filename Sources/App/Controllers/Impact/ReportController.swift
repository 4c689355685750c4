import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

/// The quarterly board report page and its CSV pack.
struct ReportController {
    private func quarter(_ req: Request, _ access: PartnershipAccess) throws -> Int {
        guard let text = req.query[String.self, at: "quarter"], !text.isEmpty else { return Quarter.lastComplete() }
        guard let quarter = ReportingYear(access.partnership).parse(text) else {
            throw Abort(.badRequest, reason: "Choose a quarter from the list.")
        }
        return quarter
    }

    func show(req: Request) async throws -> Response {
        let access = try await req.access(.viewAggregates)
        let report = try await BoardReport.build(
            partnershipID: access.partnershipID, quarter: try quarter(req, access), on: req.db)
        let model = BoardReportModel(report: report).page(slug: access.slug, isStaffPage: true)
        return BoardReportPage.render(model, chrome: req.chrome(access, current: .report)).htmlResponse()
    }

    func export(req: Request) async throws -> Response {
        let access = try await req.access(.viewAggregates)
        let report = try await BoardReport.build(
            partnershipID: access.partnershipID, quarter: try quarter(req, access), on: req.db)
        return CSVText.response(
            BoardReportModel(report: report).csv(),
            fileName: "board-report-\(report.quarter / 10)-q\(report.quarter % 10).csv")
    }
}
