import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

/// The quarterly board report page, its CSV pack and PDF, its commentary and issuing (issue 23).
struct ReportController {
    private func quarter(_ req: Request, _ access: PartnershipAccess, from text: String? = nil) throws -> Int {
        guard let text = text ?? req.query[String.self, at: "quarter"], !text.isEmpty else {
            return Quarter.lastComplete()
        }
        guard let quarter = ReportingYear(access.partnership).parse(text) else {
            throw Abort(.badRequest, reason: "Choose a quarter from the list.")
        }
        // A quarter under way changes from day to day: a role without exact counts sees complete quarters only.
        guard quarter <= access.disclosure.latestQuarter() else {
            throw Abort(.badRequest, reason: "Your role sees complete quarters only. Choose a quarter from the list.")
        }
        return quarter
    }

    /// The report as it stands today, with the quarter's commentary.
    private func live(_ req: Request, _ access: PartnershipAccess, quarter: Int) async throws -> (
        BoardReportModel, BoardReportPage.Model
    ) {
        let report = try await BoardReport.build(
            partnershipID: access.partnershipID, quarter: quarter, courses: req.application.courses,
            scenarios: req.application.games.library, on: req.db)
        let model = BoardReportModel(report: report)
        var page = model.page(slug: access.slug, isStaffPage: true, latest: access.disclosure.latestQuarter())
        let comments = try await IssuedReports.comments(
            partnershipID: access.partnershipID, quarter: quarter, on: req.db)
        page.comments = Dictionary(uniqueKeysWithValues: comments.map { ($0.key.rawValue, $0.value) })
        return (model, page)
    }

    private func wantsLive(_ req: Request) -> Bool { req.query[String.self, at: "live"] == "1" }

    func show(req: Request) async throws -> Response {
        let access = try await req.access(.viewAggregates)
        return try await render(req, access, quarter: try quarter(req, access))
    }

    private func render(
        _ req: Request, _ access: PartnershipAccess, quarter: Int, errors: [FormError] = [],
        typed: (section: String, text: String)? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        let (model, live) = try await live(req, access, quarter: quarter)
        var page = live
        if let typed { page.comments[typed.section] = typed.text }
        page.canIssue = access.allows(.issueReports)
        if access.allows(.viewExactCounts) {
            page.revisions = try await CrimeEditions.revised(partnershipID: access.partnershipID, on: req.db).map {
                "\(Quarter.label($0.quarter)) (published \(UKTime.longDate($0.publishedAt)))"
            }
        }
        page.pdfAvailable = req.application.config.chromiumPath != nil
        page.errors = errors
        page.notice = req.query[String.self, at: "done"].flatMap {
            ["commentary": "Commentary saved.", "issued": "The report is issued: its figures and text are frozen."][$0]
        }
        if let issued = try await IssuedReports.find(partnershipID: access.partnershipID, quarter: quarter, on: req.db)
        {
            page.issuedNote =
                "Issued on \(UKTime.longDate(issued.issuedAt)) by \(issued.issuedBy). Its figures and text are frozen."
            page.issuedHTML = issued.html
            page.showingLive = wantsLive(req)
            page.changesSinceIssue = IssuedReports.changes(
                issued: IssuedReports.figures(of: issued), live: model.rows())
        }
        return BoardReportPage.render(page, chrome: req.chrome(access, current: .report)).htmlResponse(status)
    }

    func export(req: Request) async throws -> Response {
        let access = try await req.access(.viewAggregates)
        let quarter = try quarter(req, access)
        let fileName = "board-report-\(quarter / 10)-q\(quarter % 10).csv"
        if !wantsLive(req),
            let issued = try await IssuedReports.find(partnershipID: access.partnershipID, quarter: quarter, on: req.db)
        {
            return CSVText.response(BoardReportModel.csv(rows: IssuedReports.figures(of: issued)), fileName: fileName)
        }
        let (model, _) = try await live(req, access, quarter: quarter)
        return CSVText.response(model.csv(), fileName: fileName)
    }

    /// The report printed to A4 by headless Chromium: the issued copy when there is one.
    func pdf(req: Request) async throws -> Response {
        let access = try await req.access(.viewAggregates)
        let quarter = try quarter(req, access)
        guard let chromium = req.application.config.chromiumPath else {
            throw Abort(
                .serviceUnavailable,
                reason:
                    "A PDF cannot be made on this server (it needs Chromium). Use your browser's Print command and choose Save as PDF."
            )
        }
        let body: String
        let label = ReportingYear(access.partnership).label(quarter)
        if !wantsLive(req),
            let issued = try await IssuedReports.find(partnershipID: access.partnershipID, quarter: quarter, on: req.db)
        {
            body = issued.html
        } else {
            body = BoardReportPage.bodyHTML(try await live(req, access, quarter: quarter).1)
        }
        let data: Data
        do {
            data = try await ReportPDF.make(
                html: ReportPDF.document(title: "Board report, \(label) – \(access.partnership.name)", body: body),
                chromium: chromium)
        } catch {
            req.logger.error("board report PDF failed: \(String(describing: error))")
            throw Abort(.serviceUnavailable, reason: "The PDF could not be made just now. Please try again.")
        }
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "application", subType: "pdf")
        headers.replaceOrAdd(
            name: .contentDisposition,
            value: "attachment; filename=\"board-report-\(quarter / 10)-q\(quarter % 10).pdf\"")
        headers.cacheControl = .init(noStore: true)
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    func comment(req: Request) async throws -> Response {
        let access = try await req.access(.issueReports)
        let form = FormPairs(req)
        let quarter = try quarter(req, access, from: form.first("quarter") ?? "")
        guard let section = IssuedReports.Section(rawValue: form.first("section") ?? "") else {
            throw Abort(.badRequest, reason: "Choose a section of the report.")
        }
        do {
            try await IssuedReports.setComment(
                form.first("comment") ?? "", section: section, partnershipID: access.partnershipID, quarter: quarter,
                by: access.staff.acting(req), on: req.db)
        } catch let errors as FieldErrors {
            return try await render(
                req, access, quarter: quarter, errors: errors.formErrors,
                typed: (section.rawValue, form.first("comment") ?? ""), status: .unprocessableEntity)
        }
        return req.redirect(
            to: SiteURL.partnership(slug: access.slug, .report).path + "?quarter=\(quarter)&done=commentary",
            redirectType: .normal)
    }

    func issue(req: Request) async throws -> Response {
        let access = try await req.access(.issueReports)
        let quarter = try quarter(req, access, from: FormPairs(req).first("quarter") ?? "")
        let (model, page) = try await live(req, access, quarter: quarter)
        do {
            try await IssuedReports.issue(
                partnershipID: access.partnershipID, quarter: quarter, html: BoardReportPage.bodyHTML(page),
                figures: model.rows(), issuedBy: access.staff.user.displayName, by: access.staff.acting(req),
                on: req.db)
        } catch let errors as FieldErrors {
            return try await render(
                req, access, quarter: quarter, errors: errors.formErrors, status: .unprocessableEntity)
        }
        return req.redirect(
            to: SiteURL.partnership(slug: access.slug, .report).path + "?quarter=\(quarter)&done=issued",
            redirectType: .normal)
    }
}
