import Fluent
import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

/// `safercyber report --quarter 2026Q3 --out report.html [--partnership SLUG] [--csv figures.csv]` writes the
/// quarterly board report as one self-contained HTML file (stylesheet inside), ready to print or attach.
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
                partnershipID: partnership.requireID(), quarter: quarter, on: app.db)
            let model = BoardReportModel(report: report)
            let html = Self.selfContained(
                BoardReportPage.render(model.page(slug: partnership.slug, isStaffPage: false), chrome: Chrome()))
            do {
                try html.write(toFile: out, atomically: true, encoding: .utf8)
                if let csv = signature.csv {
                    try ("\u{FEFF}" + model.csv()).write(toFile: csv, atomically: true, encoding: .utf8)
                }
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
