import Fluent
import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

/// The partnership's resilience-check figures (everyone in the partnership; groups under the partnership's threshold
/// suppressed, with those that would give them away) and the
/// follow-up list with contact details (officers and coordinators; every visit audited).
struct CheckFiguresController {
    /// The quarter whose checks a role without exact counts sees (the one asked for, among the complete ones); nil:
    /// every check so far.
    private func quarter(_ req: Request, _ access: PartnershipAccess) -> Int? {
        guard access.disclosure.applies else { return nil }
        return access.disclosure.period(from: nil, to: req.query[Int.self, at: "to"], length: 1).to
    }

    private func figures(_ req: Request, _ access: PartnershipAccess) async throws -> (
        CheckSet, CheckAggregates, [CrimePicturePage.Table]
    ) {
        let library = req.application.checks
        let chosen = req.query[String.self, at: "check"].flatMap(library.latest) ?? library.current.first
        guard let set = chosen else { throw NotFound("check") }
        // A role without exact counts: the checks completed in one complete quarter (issue 19).
        let figures = try await ResilienceChecks.aggregates(
            partnershipID: access.partnershipID, set: set, threshold: access.disclosure.threshold,
            quarter: quarter(req, access), on: req.db)
        let format = CountFormat(policy: access.disclosure)
        let areaTitles = set.areas.map(\.title)
        func rows(_ groups: [CheckAggregates.Group]) -> [[String]] {
            groups.map { g in
                // A withheld group's count is withheld too for roles without exact counts: one "<5" beside the
                // other groups' exact counts and the total would come back by subtraction.
                [
                    g.label, g.overall == nil && access.disclosure.applies ? "[c]" : format.count(g.count),
                    g.overall.map(String.init) ?? "–",
                ]
                    + set.areas.map { area in g.byArea?[area.id].map(String.init) ?? "–" }
            }
        }
        let columns = ["", "Organisations", "Overall"] + areaTitles
        let tables: [CrimePicturePage.Table] = [
            .init(
                key: "sectors", title: "By sector (mean score out of 100)", columns: columns,
                rows: rows(figures.bySector)),
            .init(key: "sizes", title: "By size (mean score out of 100)", columns: columns, rows: rows(figures.bySize)),
            .init(key: "areas", title: "By area (mean score out of 100)", columns: columns, rows: rows(figures.byArea)),
            .init(
                key: "progress",
                title: "Organisations that re-took the check: before and after (mean score out of 100)",
                columns: ["Area", "Organisations", "Before", "After"],
                rows: zip(set.areas, figures.progress).map { area, p in
                    [
                        area.title, format.count(p.count), p.before.map(String.init) ?? "–",
                        p.after.map(String.init) ?? "–",
                    ]
                }),
        ]
        return (set, figures, tables)
    }

    func show(req: Request) async throws -> Response {
        let access = try await req.access(.viewAggregates)
        let (set, figures, tables) = try await figures(req, access)
        let quarter = quarter(req, access)
        let format = CountFormat(policy: access.disclosure)
        let titles = Dictionary(uniqueKeysWithValues: set.areas.map { ($0.id, $0.title) })
        let canSee = access.allows(.contactOrganisations)
        let waiting =
            canSee
            ? try await ResilienceChecks.followUpsWaiting(partnershipID: access.partnershipID, on: req.db) : 0
        var model = ChecksPage.Model(
            slug: access.slug, checks: req.application.checks.current.map { ($0.id, $0.title) }, current: set.id,
            headline: [
                (
                    quarter == nil
                        ? "Organisations (latest check each)" : "Organisations that completed a check in the quarter",
                    format.count(figures.total)
                ),
                ("Mean overall score", figures.overall.map(String.init) ?? "–"),
                ("Re-took the check", format.count(figures.retaken)),
            ],
            weakest: figures.weakest.map { w in
                (w.sector, format.count(w.count), w.areas.map { "\(titles[$0.id] ?? $0.id) (\($0.score))" })
            },
            tables: tables, canSeeContacts: canSee, followUps: waiting)
        model.threshold = access.disclosure.threshold
        if let quarter {
            model.counted =
                "Those completed in \(Quarter.label(quarter)) are counted, each organisation's latest that quarter."
            model.quarterOptions = access.disclosure.quarterChoices().map { ("\($0)", Quarter.label($0)) }
            model.quarter = "\(quarter)"
        }
        return ChecksPage.render(model, chrome: req.chrome(access, current: .checks)).htmlResponse()
    }

    func export(req: Request) async throws -> Response {
        let access = try await req.access(.viewAggregates)
        let (set, _, tables) = try await figures(req, access)
        let key = req.query[String.self, at: "table"] ?? "sectors"
        guard let table = tables.first(where: { $0.key == key }) else { throw NotFound("table") }
        let quarter = quarter(req, access)
        var csv = CSVText.line(
            [
                "Table: \(table.title)", "Check: \(set.title) (version \(set.version))",
                "Organisations: "
                    + (quarter.map {
                        "those that completed a check in \(Quarter.label($0)), each one's latest that quarter"
                    }
                        ?? "each organisation's latest check so far"),
                "Groups of fewer than \(access.disclosure.threshold) organisations are not shown (their scores \u{201C}–\u{201D}), nor further groups that would give them away"
                    + (access.disclosure.applies ? " (their counts \u{201C}[c]\u{201D})." : "."),
            ])
        csv += CSVText.line(
            [table.columns.first.flatMap { $0.isEmpty ? nil : $0 } ?? "Group"] + table.columns.dropFirst())
        for row in table.rows { csv += CSVText.line(row) }
        return CSVText.response(
            csv, fileName: "resilience-\(set.id)-\(key)" + (quarter.map { "-\($0)" } ?? "") + ".csv")
    }

    func followUps(req: Request) async throws -> Response {
        let access = try await req.access(.contactOrganisations)
        let list = try await ResilienceChecks.followUps(
            partnershipID: access.partnershipID, by: access.staff.acting(req), on: req.db)
        let library = req.application.checks
        let rows = list.map { c in
            CheckFollowUpsPage.Row(
                id: c.id!.uuidString, organisation: c.organisationName ?? "Not given", contact: c.contactName ?? "",
                email: c.contactEmail ?? "",
                phone: c.contactPhone ?? "",
                sector: c.sector.flatMap(ResilienceCheck.Sector.init(rawValue:))?.label ?? "",
                size: c.sizeBand.flatMap(ResilienceCheck.Size.init(rawValue:))?.label ?? "", area: c.area ?? "",
                check: library.set(c.checkID, version: c.version)?.title ?? c.checkID, score: "\(c.overall)",
                completed: UKTime.longDate(c.completedAt),
                contacted: c.contactedAt.map(UKTime.longDate))
        }
        return CheckFollowUpsPage.render(slug: access.slug, rows: rows, chrome: req.chrome(access, current: .checks))
            .htmlResponse()
    }

    func contacted(req: Request) async throws -> Response {
        let access = try await req.access(.contactOrganisations)
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw NotFound("follow-up") }
        try await ResilienceChecks.markContacted(
            id, partnershipID: access.partnershipID, by: access.staff.acting(req), on: req.db)
        return req.redirect(to: SiteURL.partnership(slug: access.slug, .checkFollowUps).path, redirectType: .normal)
    }
}
