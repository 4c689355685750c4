import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

/// The register of organisations (issue 23): officers and coordinators keep it; everyone in the partnership sees
/// its figures, under the small-number rule for roles without exact counts.
struct OrganisationsController {
    private func choices(_ req: Request, _ access: PartnershipAccess, keeping area: String = "") async throws
        -> (areas: [String], choices: OrganisationPages.Choices)
    {
        var areas = try await Courses.areas(partnershipID: access.partnershipID, on: req.db)
        if !area.isEmpty && !areas.contains(area) { areas.append(area) }
        return (
            areas,
            OrganisationPages.Choices(
                kinds: Organisation.Kind.allCases.map { ($0.rawValue, $0.label) }, areas: areas.map { ($0, $0) },
                sizes: ResilienceCheck.Size.allCases.map { ($0.rawValue, $0.label) })
        )
    }

    private func id(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw NotFound("organisation") }
        return id
    }

    private func details(_ form: FormPairs) -> Organisations.Form {
        Organisations.Form(
            name: form.first("name") ?? "", kind: form.first("kind") ?? "", area: form.first("area") ?? "",
            size: form.first("size") ?? "")
    }

    // MARK: the register

    func list(req: Request) async throws -> Response {
        let access = try await req.access(.manageOrganisations)
        return try await renderList(
            req, access,
            notice: req.query[String.self, at: "removed"].map { _ in
                "The organisation is off the register."
            })
    }

    private func renderList(
        _ req: Request, _ access: PartnershipAccess, form: Organisations.Form = .init(), errors: [FormError] = [],
        notice: String? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        let lines = try await Organisations.register(partnershipID: access.partnershipID, on: req.db)
        var model = OrganisationPages.RegisterModel(
            slug: access.slug, table: Organisations.registerTable(lines),
            ids: lines.compactMap { $0.organisation.id?.uuidString },
            choices: try await choices(req, access).choices)
        model.form = .init(name: form.name, kind: form.kind, area: form.area, size: form.size)
        model.errors = errors
        model.notice = notice
        return OrganisationPages.register(model, chrome: req.chrome(access, current: .organisations))
            .htmlResponse(status)
    }

    func create(req: Request) async throws -> Response {
        let access = try await req.access(.manageOrganisations)
        let form = details(FormPairs(req))
        do {
            let made = try await Organisations.create(
                form, areas: try await choices(req, access).areas, partnershipID: access.partnershipID,
                by: access.staff.acting(req), on: req.db)
            return req.redirect(
                to: SiteURL.partnership(slug: access.slug, .organisation(id: try made.requireID().uuidString)).path
                    + "?added=1", redirectType: .normal)
        } catch let errors as FieldErrors {
            return try await renderList(
                req, access, form: form, errors: errors.formErrors, status: .unprocessableEntity)
        }
    }

    func export(req: Request) async throws -> Response {
        let access = try await req.access(.manageOrganisations)
        let lines = try await Organisations.register(partnershipID: access.partnershipID, on: req.db)
        return CSVText.response(
            Organisations.registerTable(lines).map(CSVText.line).joined(), fileName: "organisations-\(access.slug).csv")
    }

    // MARK: one organisation

    func show(req: Request) async throws -> Response {
        let access = try await req.access(.manageOrganisations)
        let notice =
            req.query[String.self, at: "added"] != nil
            ? "Added to the register." : req.query[String.self, at: "saved"] != nil ? "Saved." : nil
        return try await renderRecord(req, access, id: try id(req), notice: notice)
    }

    private func line(_ entry: Organisations.Entry, slug: String) -> OrganisationPages.Line {
        let link: SiteURL? =
            switch entry.kind {
            case .booking: entry.eventID.map { .partnership(slug: slug, .eventAttendees(id: $0.uuidString)) }
            case .game: .partnership(slug: slug, .game(id: entry.itemID.uuidString))
            case .resource: .partnership(slug: slug, .resource(id: entry.itemID.uuidString))
            case .check: nil
            }
        return OrganisationPages.Line(
            date: UKTime.longDate(entry.date), kind: entry.kind.rawValue, itemID: entry.itemID.uuidString,
            title: entry.title, detail: entry.detail, link: link)
    }

    private func renderRecord(
        _ req: Request, _ access: PartnershipAccess, id: UUID, form: Organisations.Form? = nil,
        errors: [FormError] = [], notice: String? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        let record = try await Organisations.record(id: id, partnershipID: access.partnershipID, on: req.db)
        let o = record.organisation
        let candidates = try await Organisations.candidates(for: o, on: req.db)
        let slug = access.slug
        var model = OrganisationPages.RecordModel(
            slug: slug, id: id.uuidString, name: o.name,
            facts: [
                ("Kind", try o.organisationKind().label), ("Area", OrganisationFigures.areaLabel(o.area)),
                ("Size", o.size?.label ?? "Not recorded"), ("On the register since", UKTime.longDate(o.createdAt)),
            ],
            change: Organisations.changeSentence(record.change, checks: record.checks.count),
            timeline: record.timeline.map { line($0, slug: slug) },
            form: .init(
                name: form?.name ?? o.name, kind: form?.kind ?? o.kind, area: form?.area ?? o.area,
                size: form?.size ?? (o.sizeBand ?? "")),
            choices: try await choices(req, access, keeping: o.area).choices)
        if let change = record.change {
            let titles = Dictionary(
                (req.application.checks.latest(change.checkID)?.areas ?? []).map { ($0.id, $0.title) },
                uniquingKeysWith: { a, _ in a })
            model.areaChanges = change.areas.map {
                [titles[$0.id] ?? $0.id, "\($0.first)", "\($0.latest)", Organisations.signed($0.latest - $0.first)]
            }
        }
        let option = { (entry: Organisations.Entry) in
            (entry.itemID.uuidString, "\(UKTime.longDate(entry.date)) \u{2014} \(entry.title) (\(entry.detail))")
        }
        model.suggested = candidates.suggested.map { line($0, slug: slug) }
        model.pickers = [
            .init(
                kind: "booking", label: "A group booking", options: candidates.bookings.map(option),
                button: "Link the booking"),
            .init(
                kind: "game", label: "A game session", options: candidates.games.map(option), button: "Link the game"),
            .init(
                kind: "check", label: "A resilience check given with consent", options: candidates.checks.map(option),
                button: "Link the check"),
            .init(
                kind: "resource", label: "A resource it made", options: candidates.resources.map(option),
                button: "Link the resource"),
        ]
        model.errors = errors
        model.notice = notice
        return OrganisationPages.record(model, chrome: req.chrome(access, current: .organisations))
            .htmlResponse(status)
    }

    func save(req: Request) async throws -> Response {
        let access = try await req.access(.manageOrganisations)
        let id = try id(req)
        let form = details(FormPairs(req))
        do {
            let existing = try await Organisations.find(id, partnershipID: access.partnershipID, on: req.db)
            try await Organisations.update(
                id: id, form, areas: try await choices(req, access, keeping: existing.area).areas,
                partnershipID: access.partnershipID, by: access.staff.acting(req), on: req.db)
        } catch let errors as FieldErrors {
            return try await renderRecord(
                req, access, id: id, form: form, errors: errors.formErrors, status: .unprocessableEntity)
        }
        return req.redirect(
            to: SiteURL.partnership(slug: access.slug, .organisation(id: id.uuidString)).path + "?saved=1",
            redirectType: .normal)
    }

    func links(req: Request) async throws -> Response {
        let access = try await req.access(.manageOrganisations)
        let id = try id(req)
        let form = FormPairs(req)
        guard let kind = form.first("kind").flatMap(Organisations.LinkKind.init(rawValue:)),
            let item = form.first("item").flatMap(UUID.init(uuidString:))
        else {
            return try await renderRecord(
                req, access, id: id, errors: [FormError(field: "item-booking", message: "Choose what to link")],
                status: .unprocessableEntity)
        }
        do {
            try await Organisations.link(
                kind, itemID: item, organisationID: id, linked: form.first("action") != "unlink",
                partnershipID: access.partnershipID,
                by: access.staff.acting(req), on: req.db)
        } catch let errors as FieldErrors {
            return try await renderRecord(
                req, access, id: id,
                errors: errors.formErrors(on: "item-\(kind.rawValue)"),
                status: .unprocessableEntity)
        }
        return req.redirect(
            to: SiteURL.partnership(slug: access.slug, .organisation(id: id.uuidString)).path + "?saved=1",
            redirectType: .normal)
    }

    func remove(req: Request) async throws -> Response {
        let access = try await req.access(.manageOrganisations)
        try await Organisations.remove(
            id: try id(req), partnershipID: access.partnershipID, by: access.staff.acting(req), on: req.db)
        return req.redirect(
            to: SiteURL.partnership(slug: access.slug, .organisations).path + "?removed=1", redirectType: .normal)
    }

    // MARK: figures

    struct Shown {
        var figures: OrganisationFigures
        var protected: ProtectedFigures
        var year: ReportingYear
        var quarter: Int
        var offered: [Int]
        var period: String
        var basis: String
    }

    /// Exact counts: the live figures of any of the last five reporting years. Under the small-number rule: only
    /// years that have ended, as first published then (review: live figures compared between two visits gave small
    /// counts back).
    private func shown(_ req: Request, _ access: PartnershipAccess) async throws -> Shown {
        let year = ReportingYear(access.partnership)
        let now = Date()
        let current = year.firstQuarter(ofYearHolding: Quarter.of(date: now))
        let policy = DisclosurePolicy.of(access.partnership, exactCounts: access.allows(.viewExactCounts))
        let offered = (policy.applies ? 1...5 : 0...4).map { Quarter.adding(-4 * $0, to: current) }
        let chosen = req.query[Int.self, at: "year"].flatMap { offered.contains($0) ? $0 : nil } ?? offered[0]
        let label = year.longYearLabel(ofYearHolding: chosen)
        let pid = access.partnershipID
        if policy.applies {
            guard
                let published = try await OrganisationFigures.published(
                    partnershipID: pid, year: year, quarter: chosen, now: now, on: req.db)
            else { throw NotFound("figures") }
            return Shown(
                figures: published.figures, protected: published.figures.protected(policy), year: year,
                quarter: chosen, offered: offered, period: label,
                basis:
                    "As published on \(UKTime.longDate(published.publishedAt)), after the year ended. A year\u{2019}s figures are published once it has ended and then stay as they were, whatever changes on the register later."
            )
        }
        let live = try await OrganisationFigures.load(partnershipID: pid, year: year, quarter: chosen, on: req.db)
        var basis = "Today\u{2019}s figures from the register."
        if OrganisationFigures.hasEnded(year: year, quarter: chosen),
            let published = try await OrganisationFigures.published(
                partnershipID: pid, year: year, quarter: chosen, on: req.db)
        {
            basis +=
                published.figures == live
                ? " Roles without exact counts see the same figures, published on \(UKTime.longDate(published.publishedAt))."
                : " The register has changed since these figures were published for roles without exact counts on \(UKTime.longDate(published.publishedAt)); they still see the figures as published then."
        } else {
            basis += " Roles without exact counts see a year\u{2019}s figures once it has ended."
        }
        return Shown(
            figures: live, protected: live.protected(policy), year: year, quarter: chosen, offered: offered,
            period: label + (live.yearInProgress ? ", so far (to \(UKTime.longDate(live.end)))" : ""), basis: basis)
    }

    private func tables(_ shown: Shown) -> [(caption: String, table: [[String]])] {
        let tables = shown.figures.reachedTables(shown.protected)
        if tables.count == 1 {
            return [("Organisations reached in \(shown.period), by kind (rows) and area (columns)", tables[0])]
        }
        return [
            ("Organisations reached in \(shown.period), by kind", tables[0]),
            ("Organisations reached in \(shown.period), by area", tables[1]),
        ]
    }

    func figures(req: Request) async throws -> Response {
        let access = try await req.access(.viewAggregates)
        let shown = try await shown(req, access)
        var model = OrganisationPages.FiguresModel(
            slug: access.slug, period: shown.period,
            years: shown.offered.map { ("\($0)", shown.year.longYearLabel(ofYearHolding: $0)) },
            selectedYear: "\(shown.quarter)", reached: tables(shown),
            reachedMeaning: OrganisationFigures.reachedMeaning + ".",
            change: shown.figures.changeTable(shown.protected),
            changeMeaning: OrganisationFigures.changeMeaning,
            disclosure: shown.protected.policy.applies ? shown.protected.policy.explanation : nil,
            canSeeRegister: access.allows(.manageOrganisations))
        model.basis = shown.basis
        return OrganisationPages.figures(model, chrome: req.chrome(access, current: .organisationFigures))
            .htmlResponse()
    }

    func figuresExport(req: Request) async throws -> Response {
        let access = try await req.access(.viewAggregates)
        let shown = try await shown(req, access)
        var lines: [[String]] = [
            ["Organisations reached, reporting year \(shown.period)"], [OrganisationFigures.reachedMeaning],
            [shown.basis],
        ]
        if shown.protected.policy.applies { lines.append([shown.protected.policy.explanation]) }
        for table in tables(shown) { lines += [[], [table.caption]] + table.table }
        lines += [[], [OrganisationFigures.changeMeaning]] + shown.figures.changeTable(shown.protected)
        return CSVText.response(
            lines.map(CSVText.line).joined(), fileName: "organisations-reached-\(shown.quarter / 10).csv")
    }
}
