import Fluent
import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

/// The crime picture page and its CSV downloads.
struct CrimePictureController {
    func show(req: Request) async throws -> Response {
        let access = try await req.access(.viewAggregates)
        let (filter, errors, options) = try await readFilter(req, access)
        let report = try await CrimePictureReport.build(
            partnershipID: access.partnershipID, filter: filter, edition: access.disclosure.crimeEdition, on: req.db)
        let tables = CrimePictureTables(report: report, policy: access.disclosure)
        // The standard view compares with quarters that are other standard views: read them as those pages do.
        func standardTables(_ quarter: Int) async throws -> CrimePictureTables? {
            guard access.disclosure.applies else { return nil }
            var other = filter
            (other.fromQuarter, other.toQuarter) = (quarter, quarter)
            return CrimePictureTables(
                report: try await CrimePictureReport.build(
                    partnershipID: access.partnershipID, filter: other, edition: .published, on: req.db),
                policy: access.disclosure)
        }
        let before = try await standardTables(Quarter.adding(-1, to: filter.toQuarter))
        let yearBefore = try await standardTables(Quarter.adding(-4, to: filter.toQuarter))
        let period =
            filter.fromQuarter == filter.toQuarter
            ? Quarter.label(filter.toQuarter)
            : "\(Quarter.label(filter.fromQuarter)) to \(Quarter.label(filter.toQuarter))"
        var model = CrimePicturePage.Model(
            slug: access.slug, hasData: report.hasData, suppressed: tables.suppress,
            canManage: access.allows(.manageCrimeData),
            periodLabel: period, total: tables.cell("total"),
            quarterOnQuarter: describe(
                report.quarterOnQuarter, note: report.quarterOnQuarterNote,
                earlierQuarter: Quarter.adding(-1, to: filter.toQuarter), tables, other: before),
            yearOnYear: describe(
                report.yearOnYear, note: report.yearOnYearNote,
                earlierQuarter: Quarter.adding(-4, to: filter.toQuarter), tables, other: yearBefore),
            bars: tables.bars, tables: report.hasData ? tables.all : [],
            filter: [
                "from": "\(filter.fromQuarter)", "to": "\(filter.toQuarter)", "scope": filter.scope.rawValue,
                "theme": filter.themeID?.uuidString ?? "", "area": filter.areaCode ?? "",
            ],
            quarterOptions: options.map { ("\($0)", Quarter.label($0)) },
            scopeOptions: CrimeFilter.Scope.allCases.map { ($0.rawValue, $0.label) },
            themeOptions: report.themes.map { ($0.id.uuidString, $0.name) },
            areaOptions: report.areas.map { ($0.code, $0.name) }, errors: errors,
            emptyNotice: report.recordsOutsideScope > 0
                ? "\(tables.count(report.recordsOutsideScope)) records were imported for this period, but none is classed as cyber-enabled or cyber-dependent. data.police.uk files carry no online flag, so their records are classed only by the partnership's classification rules: add rules for the offences and descriptions that mark cyber crime, or choose \u{201C}All records\u{201D} to see them."
                : nil,
            coverageNotes: report.incompleteQuarters,
            methodNote: (report.quarterOnQuarter ?? report.yearOnYear)?.methodText(
                showingDispersion: !access.disclosure.applies) ?? "")
        model.threshold = tables.policy.threshold
        model.standardView = access.disclosure.applies
        if !access.disclosure.applies {
            model.revisions = try await CrimeEditions.revised(partnershipID: access.partnershipID, on: req.db).map {
                "\(Quarter.label($0.quarter)), published \(UKTime.longDate($0.publishedAt))"
            }
            model.canPublishRevisions = access.allows(.issueReports)
        }
        return CrimePicturePage.render(model, chrome: req.chrome(access, current: .crimePicture)).htmlResponse(
            errors.isEmpty ? .ok : .unprocessableEntity)
    }

    /// Publishes every revised quarter (roles without exact counts and the board report then show today's figures).
    func publishRevisions(req: Request) async throws -> Response {
        let access = try await req.access(.issueReports)
        try await CrimeEditions.republish(partnershipID: access.partnershipID, by: access.staff.acting(req), on: req.db)
        return req.redirect(to: SiteURL.partnership(slug: access.slug, .crimePicture).path, redirectType: .normal)
    }

    func export(req: Request) async throws -> Response {
        let access = try await req.access(.viewAggregates)
        let (filter, _, _) = try await readFilter(req, access)
        let report = try await CrimePictureReport.build(
            partnershipID: access.partnershipID, filter: filter, edition: access.disclosure.crimeEdition, on: req.db)
        let tables = CrimePictureTables(report: report, policy: access.disclosure)
        let key = req.query[String.self, at: "table"] ?? "quarters"
        guard let table = tables.all.first(where: { $0.key == key }) else { throw NotFound("table") }
        var csv = CSVText.line([
            "Table: \(table.title)",
            "Period: \(Quarter.label(filter.fromQuarter)) to \(Quarter.label(filter.toQuarter))", filter.scope.label,
        ])
        csv += CSVText.line(
            table.columns.enumerated().map { $0.offset == 0 && $0.element.isEmpty ? "Group" : $0.element })
        for row in table.rows { csv += CSVText.line(row) }
        return CSVText.response(csv, fileName: "crime-\(key)-\(filter.fromQuarter)-\(filter.toQuarter).csv")
    }

    private func describe(
        _ comparison: CountComparison?, note: String?, earlierQuarter: Int, _ tables: CrimePictureTables,
        other: CrimePictureTables? = nil
    ) -> String {
        guard let comparison else { return note ?? "Not enough data." }
        // Both quarters go through the tables' cells when the period shows them, so a withheld quarter stays
        // withheld here (issue 19); in the standard view the other quarter is read from its own standard view (so it
        // is shown exactly as that page shows it); otherwise a quarter outside the period is formatted by the policy.
        func shown(_ quarter: Int, _ value: Int) -> (text: String, hidden: Bool) {
            let id = "q:\(quarter)"
            if tables.figures.values[id] != nil { return (tables.cell(id), tables.isHidden(id)) }
            if let other, other.figures.values[id] != nil { return (other.cell(id), other.isHidden(id)) }
            return (tables.count(value), tables.policy.hides(value))
        }
        let later = shown(tables.report.filter.toQuarter, comparison.later)
        let earlier = shown(earlierQuarter, comparison.earlier)
        if later.hidden || earlier.hidden { return "\(later.text) against \(earlier.text): too few to compare." }
        return "\(later.text) against \(earlier.text). \(comparison.sentence)"
    }

    /// Reads the filter from the query string; by default the last eight quarters that have data. A role without
    /// exact counts gets Core's standard view (one complete quarter, nothing filtered) whatever it asks for.
    private func readFilter(_ req: Request, _ access: PartnershipAccess) async throws -> (
        CrimeFilter, [FormError], [Int]
    ) {
        let reader = try await CrimeCountReader(
            partnershipID: access.partnershipID, edition: access.disclosure.crimeEdition, on: req.db)
        let range = try await reader?.monthRange()
        if access.disclosure.applies {
            let coverage = try await CrimeCoverage.load(partnershipID: access.partnershipID, on: req.db)
            let options = CrimeFilter.standardQuarters(
                coverage: coverage, latest: range.map { Quarter.of(month: $0.last) })
            let fallback = options.first ?? Quarter.lastComplete()
            var errors: [FormError] = []
            var quarter = fallback
            if let text = req.query[String.self, at: "to"], !text.isEmpty {
                if let value = Int(text), options.contains(value) {
                    quarter = value
                } else {
                    errors.append(FormError(field: "to", message: "Choose a quarter from the list"))
                }
            }
            let hasCyber = try await reader?.hasCyberRecords() ?? true
            return (CrimeFilter.standard(quarter: quarter, hasCyberRecords: hasCyber), errors, options)
        }
        let latest = range.map { Quarter.of(month: $0.last) } ?? Quarter.lastComplete()
        let earliest = range.map { Quarter.of(month: $0.first) } ?? Quarter.adding(-7, to: latest)
        let options = Array(Quarter.between(min(earliest, Quarter.adding(-7, to: latest)), latest).reversed())
        var errors: [FormError] = []
        func quarter(_ key: String, _ fallback: Int) -> Int {
            guard let text = req.query[String.self, at: key], !text.isEmpty else { return fallback }
            guard let value = Int(text), options.contains(value) else {
                errors.append(FormError(field: key, message: "Choose a quarter from the list"))
                return fallback
            }
            return value
        }
        var to = quarter("to", latest)
        var from = quarter("from", Quarter.adding(-7, to: to))
        if from > to {
            errors.append(FormError(field: "from", message: "The first quarter must not be after the last quarter"))
            (from, to) = (Quarter.adding(-7, to: latest), latest)
        }
        let scope = CrimeFilter.Scope(rawValue: req.query[String.self, at: "scope"] ?? "") ?? .cyber
        let theme = (req.query[String.self, at: "theme"]).flatMap(UUID.init(uuidString:))
        let area = req.query[String.self, at: "area"].flatMap { $0.isEmpty ? nil : String($0.prefix(12)) }
        return (
            CrimeFilter(fromQuarter: from, toQuarter: to, scope: scope, themeID: theme, areaCode: area), errors, options
        )
    }
}
