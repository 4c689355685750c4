import Fluent
import SaferCyberCore
import SaferCyberViews
import Vapor

/// Browsing the audit log (coordinators).
struct AuditController {
    static let perPage = 50

    func show(req: Request) async throws -> Response {
        let access = try await req.access(.viewAudit)
        let text = { (key: String) in (req.query[String.self, at: key] ?? "").trimmingCharacters(in: .whitespaces) }
        let (actor, action, entity, from, to) = (
            text("actor"), text("action"), text("entity"), text("from"), text("to")
        )
        var errors: [FormError] = []
        let fromDay = CalendarDay(from)
        let toDay = CalendarDay(to)
        if !from.isEmpty, fromDay == nil {
            errors.append(FormError(field: "from", message: "Enter the from date as year-month-day, like 2026-11-01"))
        }
        if !to.isEmpty, toDay == nil {
            errors.append(FormError(field: "to", message: "Enter the to date as year-month-day, like 2026-11-30"))
        }
        let page = max(1, req.query[Int.self, at: "page"] ?? 1)
        let filter = Audit.Filter(
            actorEmail: actor, action: AuditAction(rawValue: action), entity: entity,
            from: fromDay.map(UKTime.start(of:)),
            to: toDay.map { UKTime.start(of: $0.adding(days: 1)) })
        let (entries, total) = try await Audit.entries(
            on: req.db, partnershipID: access.partnershipID, filter: filter, page: page, perPage: Self.perPage)
        let model = AuditPage.Model(
            slug: access.slug,
            entries: entries.map {
                .init(
                    at: UKTime.dateTime($0.at), actor: $0.actorEmail, action: $0.action, entity: $0.entity,
                    summary: $0.summary, before: $0.beforeJSON, after: $0.afterJSON)
            },
            total: total, page: page, pageCount: (total + Self.perPage - 1) / Self.perPage,
            actions: AuditAction.allCases.map(\.rawValue), filter: (actor, action, entity, from, to), errors: errors)
        return AuditPage.render(model, chrome: req.chrome(access, current: .audit)).htmlResponse(
            errors.isEmpty ? .ok : .unprocessableEntity)
    }

}
