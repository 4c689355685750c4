import Fluent
import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

/// The plan as a whole: grouped views, overdue and due soon, status over time, the timeline and the CSV.
struct PlanController {
    static let statusColours: [PlanAction.Status: String] = [
        .planned: "#b1b4b6", .inProgress: "#1d70b8", .onHold: "#f47738", .complete: "#00703c", .cancelled: "#505a5f",
    ]

    func show(req: Request) async throws -> Response {
        let access = try await req.access(.viewAggregates)
        let context = try await PlanContext.load(req, access)
        let all = try await PlanActions.all(partnershipID: access.partnershipID, on: req.db)
        // "My organisation" is the default for a member who belongs to one (issue 23); partner= (empty) shows all.
        let partnerFilter =
            (try? req.query.get(String.self, at: "partner")).map { UUID(uuidString: $0) } ?? access.scope.partnerID
        let actions =
            partnerFilter.map { p in all.filter { $0.leadPartnerID == p || $0.supportingPartners.contains(p) } } ?? all
        let by = (try? req.query.get(String.self, at: "by")) ?? "objective"
        let groups: [PlanPage.Group]
        switch by {
        case "partner":
            groups = context.partners.map { p in
                .init(title: p.name, rows: actions.filter { $0.leadPartnerID == p.id }.map(context.row))
            }.filter { !$0.rows.isEmpty }
        case "theme":
            groups = context.themes.map { t in
                .init(title: t.name, rows: actions.filter { $0.themes.contains(t.id!) }.map(context.row))
            }
        default:
            groups = context.objectives.map { o in
                .init(title: o.name, rows: actions.filter { $0.objectiveID == o.id }.map(context.row))
            }
        }
        let facts = actions.map(\.facts)
        let byID = Dictionary(uniqueKeysWithValues: actions.map { ($0.id!, $0) })
        let months = PlanViews.monthEnds(count: 12, endingAt: context.today)
        let updates = try await PlanActions.updates(of: actions.compactMap(\.id), on: req.db)
        let histories = Dictionary(grouping: updates, by: { $0.$action.id }).values.map { list in
            list.compactMap { u in u.day.map { ($0, u.status) } }
        }
        let counts = PlanViews.statusOverTime(histories: histories, monthEnds: months)
        let series = PlanAction.Status.allCases.map { status in
            StackedChart.Series(
                label: status.label, colour: Self.statusColours[status]!, values: counts.map { $0[status] ?? 0 })
        }
        let model = PlanPage.Model(
            slug: access.slug, view: by, partner: partnerFilter?.uuidString ?? "", partners: context.partnerOptions,
            groups: groups,
            overdue: PlanViews.overdue(facts, today: context.today).compactMap { byID[$0.id].map(context.row) },
            dueSoon: PlanViews.dueSoon(facts, today: context.today).compactMap { byID[$0.id].map(context.row) },
            months: months.map { "\(CalendarDay.monthNames[$0.month - 1].prefix(3)) \($0.year % 100)" },
            statusSeries: series,
            total: actions.count, canManage: access.allows(.managePlan))
        return PlanPage.render(model, chrome: req.chrome(access, current: .plan)).htmlResponse()
    }

    func export(req: Request) async throws -> Response {
        let access = try await req.access(.viewAggregates)
        let context = try await PlanContext.load(req, access)
        let actions = try await PlanActions.all(partnershipID: access.partnershipID, on: req.db)
        let objectives = Dictionary(uniqueKeysWithValues: context.objectives.map { ($0.id!, $0.name) })
        var text = CSVText.line([
            "number", "title", "objective", "lead_partner", "lead_officer", "supporting_partners", "themes",
            "audiences", "area",
            "starts", "due", "status", "rag", "rag_reason", "funding", "funder", "amount_gbp", "milestones", "summary",
        ])
        for a in actions {
            let amount = a.amountPence.map { String(format: "%.2f", Double($0) / 100) } ?? ""
            text += CSVText.line([
                "\(a.number)", a.title, objectives[a.objectiveID] ?? "", context.names.partners[a.leadPartnerID] ?? "",
                a.leadOfficer,
                context.list(a.supportingPartners, context.names.partners),
                context.list(a.themes, context.names.themes),
                context.list(a.audiences, context.names.audiences), a.area, a.startsOn, a.dueOn, a.status.label,
                a.rating.label,
                a.ragReason, a.funding.label, a.funder, amount,
                a.milestones.map { "\($0.title) (\($0.due.isEmpty ? "no date" : $0.due)\($0.done ? ", done" : ""))" }
                    .joined(separator: "; "),
                a.summary,
            ])
        }
        return CSVText.response(text, fileName: "\(access.slug)-plan-\(context.today.iso).csv")
    }

    func timeline(req: Request) async throws -> Response {
        let access = try await req.access(.viewAggregates)
        let context = try await PlanContext.load(req, access)
        let actions = try await PlanActions.all(partnershipID: access.partnershipID, on: req.db).filter {
            !$0.status.isClosed
        }
        .sorted {
            ($0.starts ?? CalendarDay(dayNumber: 0), $0.number) < ($1.starts ?? CalendarDay(dayNumber: 0), $1.number)
        }
        // Six months back to twelve ahead: what the sub-group looks at.
        let windowStart = context.today.firstOfMonth(adding: -6)
        let monthStarts = (0..<18).map { windowStart.firstOfMonth(adding: $0) }
        let windowEnd = monthStarts.last!.lastOfMonth
        let span = Double(windowStart.days(until: windowEnd))
        func fraction(_ day: CalendarDay) -> Double { min(max(Double(windowStart.days(until: day)) / span, 0), 1) }
        let bars = actions.map { a in
            PlanTimelinePage.Bar(
                label: "\(a.number). \(a.title)", from: a.starts.map(fraction) ?? 0, to: a.due.map(fraction) ?? 1,
                openStart: a.starts == nil, openEnd: a.due == nil, rag: PlanContext.rag(a.rating))
        }
        let model = PlanTimelinePage.Model(
            slug: access.slug, window: "\(windowStart.label) to \(windowEnd.label)",
            months: monthStarts.map { "\(CalendarDay.monthNames[$0.month - 1].prefix(3))" },
            today: fraction(context.today), bars: bars, rows: actions.map(context.row))
        return PlanTimelinePage.render(model, chrome: req.chrome(access, current: .planTimeline)).htmlResponse()
    }
}
