import Fluent
import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

/// `safercyber report --quarter 2026Q3 --out report.html [--partnership SLUG] [--csv figures.csv] [--pdf] [--live]`
/// writes the quarterly board report as one self-contained HTML file (stylesheet inside), or with `--pdf` as an A4
/// PDF printed by headless Chromium; the issued (frozen) report when the quarter has been issued.
struct ReportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(
            name: "quarter",
            help:
                "The quarter: 2026Q3 is July–September 2026; 2026-27Q3 is the third quarter of the reporting year that starts in 2026 (default: the last complete quarter)"
        ) var quarter: String?
        @Option(name: "out", help: "Where to write the HTML report") var out: String?
        @Option(name: "partnership", help: "Partnership short name (needed when there is more than one)")
        var partnership: String?
        @Option(name: "csv", help: "Also write the figures as CSV to this file") var csv: String?
        @Flag(name: "pdf", help: "Write a PDF (A4, page numbers) instead of HTML; needs Chromium (CHROMIUM_PATH)")
        var pdf: Bool
        @Flag(name: "live", help: "Today's figures even when the quarter's report has been issued (frozen)")
        var live: Bool
    }

    var help: String { "Writes the quarterly board report as an HTML file (and optionally its figures as CSV)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await StartupError.exitOnFailure {
            guard let out = signature.out, !out.isEmpty else {
                throw StartupError("Give the file to write with --out, like --out report.html.")
            }
            try await app.prepareDatabase()
            let partnership = try await Self.partnership(signature.partnership, on: app.db)
            var quarter = Quarter.lastComplete()
            if let text = signature.quarter {
                guard let parsed = ReportingYear(partnership).parse(text) else {
                    throw StartupError(
                        "Give the quarter as a calendar quarter, like --quarter 2026Q3 (July to September 2026), or a quarter of the reporting year, like --quarter 2026-27Q3."
                    )
                }
                quarter = parsed
            }
            let report = try await BoardReport.build(
                partnershipID: partnership.requireID(), quarter: quarter, courses: app.courses,
                scenarios: app.games.library, on: app.db)
            let model = BoardReportModel(report: report)
            // The issued (frozen) report when there is one, unless --live.
            let issued =
                signature.live
                ? nil
                : try await IssuedReports.find(partnershipID: partnership.requireID(), quarter: quarter, on: app.db)
            var page = model.page(slug: partnership.slug, isStaffPage: false)
            let comments = try await IssuedReports.comments(
                partnershipID: partnership.requireID(), quarter: quarter, on: app.db)
            page.comments = Dictionary(uniqueKeysWithValues: comments.map { ($0.key.rawValue, $0.value) })
            let title = "Board report, \(report.year.label(quarter)) – \(partnership.name)"
            let html = ReportPDF.document(title: title, body: issued?.html ?? BoardReportPage.bodyHTML(page))
            let rows = issued.map(IssuedReports.figures(of:)) ?? model.rows()
            do {
                if signature.pdf {
                    let data: Data
                    do {
                        data = try await ReportPDF.make(html: html, chromium: app.config.chromiumPath)
                    } catch let error as ReportPDF.Unavailable {
                        throw StartupError(
                            "\(error.description) Install Chromium (Debian: apt-get install chromium) or set CHROMIUM_PATH."
                        )
                    }
                    try data.write(to: URL(fileURLWithPath: out))
                } else {
                    try html.write(toFile: out, atomically: true, encoding: .utf8)
                }
                if let csv = signature.csv {
                    try ("\u{FEFF}" + BoardReportModel.csv(rows: rows)).write(
                        toFile: csv, atomically: true, encoding: .utf8)
                }
            } catch let error as StartupError {
                throw error
            } catch {
                throw StartupError("Could not write the report: \(error.localizedDescription)")
            }
            context.console.print(
                "Wrote the \(report.year.label(quarter)) board report for \(partnership.name) to \(out).")
        }
    }

    static func partnership(_ slug: String?, on db: any Database) async throws -> Partnership {
        if let slug {
            guard let found = try await Partnerships.find(on: db, slug: slug) else {
                throw StartupError("There is no partnership called ‘\(slug)’.")
            }
            return found
        }
        let all = try await Partnership.query(on: db).sort(\.$slug).all()
        guard all.count == 1 else {
            throw StartupError(
                all.isEmpty
                    ? "There are no partnerships yet."
                    : "Choose the partnership with --partnership, one of: \(all.map(\.slug).joined(separator: ", ")).")
        }
        return all[0]
    }

    /// Puts the stylesheet inside the page, so the file looks the same opened from disk or emailed.
    static func selfContained(_ html: String) -> String {
        guard let link = html.range(of: "<link[^>]*site\\.css[^>]*>", options: .regularExpression) else { return html }
        return html.replacingCharacters(in: link, with: "<style>\(Stylesheet.css)</style>")
    }
}
