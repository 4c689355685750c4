import Fluent
import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

/// Theme × audience and theme × objective grids, gaps and possible duplicates, and coordinators' review notes.
struct PlanCrossoverController {
    func show(req: Request) async throws -> Response {
        let access = try await req.access(.viewAggregates)
        return try await page(req, access, values: [:], errors: [], status: .ok)
    }

    func review(req: Request) async throws -> Response {
        let access = try await req.access(.coordinatePlan)
        let form = FormPairs(req)
        let key = form.first("flag") ?? ""
        let note = form.first("note") ?? ""
        let field = PlanCrossoverPage.fieldID(key)
        do {
            try await PlanChecks.review(
                partnershipID: access.partnershipID, key: key, note: note, by: access.staff.acting(req), on: req.db)
        } catch let errors as FieldErrors {
            return try await page(
                req, access, values: [field: note],
                errors: errors.problems.map { FormError(field: field, message: $0.message) },
                status: .unprocessableEntity)
        }
        return req.redirect(to: SiteURL.partnership(slug: access.slug, .planCrossover).path, redirectType: .normal)
    }

    private func page(
        _ req: Request, _ access: PartnershipAccess, values: [String: String], errors: [FormError],
        status: HTTPResponseStatus
    ) async throws -> Response {
        let context = try await PlanContext.load(req, access)
        let actions = try await PlanActions.all(partnershipID: access.partnershipID, on: req.db)
        let open = actions.filter { !$0.status.isClosed }
        let facts = open.map(\.facts)
        let checks = try await PlanChecks.run(
            partnershipID: access.partnershipID, policy: access.disclosure, on: req.db)
        let numbers = Dictionary(uniqueKeysWithValues: actions.map { ($0.id!, $0.number) })
        func grid(
            _ caption: String, _ heading: String, columns: [(UUID, String)], columnsOf: (PlanFlags.Action) -> Set<UUID>
        ) -> PlanCrossoverPage.Grid {
            let g = PlanViews.grid(
                facts, rows: context.themes.map { $0.id! }, columns: columns.map(\.0), rowsOf: \.themes,
                columnsOf: columnsOf)
            return .init(
                caption: caption, columnHeading: heading, columns: columns.map(\.1),
                rows: zip(context.themes, g.cells).map { theme, cells in
                    (
                        theme.name,
                        cells.map { cell in cell.map { (open[$0].number, open[$0].title, open[$0].id!.uuidString) } }
                    )
                })
        }
        func flag(_ f: PlanFlags.Flag) -> PlanCrossoverPage.Flag {
            let review = checks.reviews[f.key].map {
                ($0.note, $0.reviewedBy, $0.reviewedAt.map { EventTimes.day.string(from: $0) } ?? "")
            }
            return .init(
                key: f.key, kind: f.kind.rawValue, title: f.title, reason: f.reason,
                actions: f.actions.compactMap { id in numbers[id].map { ($0, id.uuidString) } }, review: review)
        }
        let model = PlanCrossoverPage.Model(
            slug: access.slug,
            grids: [
                grid(
                    "Themes and audiences", "Audience", columns: context.audiences.map { ($0.id!, $0.name) },
                    columnsOf: \.audiences),
                grid(
                    "Themes and objectives", "Objective", columns: context.objectives.map { ($0.id!, $0.name) },
                    columnsOf: { [$0.objective] }),
            ],
            gaps: checks.gaps.map(flag), duplicates: checks.duplicates.map(flag),
            gapsFromCrimePicture: checks.fromCrimePicture,
            canReview: access.allows(.coordinatePlan), values: values, errors: errors)
        return PlanCrossoverPage.render(model, chrome: req.chrome(access, current: .planCrossover)).htmlResponse(status)
    }
}
