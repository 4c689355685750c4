import Fluent
import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

extension PlanActionsController {
    func show(req: Request) async throws -> Response {
        let access = try await req.access(.viewAggregates)
        let action = try await req.planAction(access)
        return try await page(
            req, access, action,
            values: ["status": action.status.rawValue, "rag": action.rating.rawValue, "ragReason": action.ragReason],
            errors: [], status: .ok)
    }

    func addUpdate(req: Request) async throws -> Response {
        let access = try await req.access(.managePlan)
        let action = try await req.planAction(access)
        try access.scope.requireEdit(owners: Self.owners(action), what: "action")
        let form = FormPairs(req)
        let values = Dictionary(
            uniqueKeysWithValues: ["note", "evidence", "day", "status", "rag", "ragReason"].map {
                ($0, form.first($0) ?? "")
            })
        do {
            try await PlanActions.addUpdate(
                action, day: values["day"]!, note: values["note"]!, evidence: values["evidence"]!,
                status: values["status"]!,
                rag: values["rag"]!, ragReason: values["ragReason"]!, by: access.staff.acting(req), on: req.db)
        } catch let errors as FieldErrors {
            // The failed update changed nothing stored; show the stored action with what was typed.
            let fresh = try await req.planAction(access)
            return try await page(
                req, access, fresh, values: values, errors: errors.formErrors, status: .unprocessableEntity)
        }
        return req.redirect(
            to: SiteURL.partnership(slug: access.slug, .planAction(id: action.id!.uuidString)).path,
            redirectType: .normal)
    }

    private func page(
        _ req: Request, _ access: PartnershipAccess, _ action: PlanAction, values: [String: String],
        errors: [FormError],
        status: HTTPResponseStatus
    ) async throws -> Response {
        let context = try await PlanContext.load(req, access)
        let objective = context.objectives.first { $0.id == action.objectiveID }?.name ?? "–"
        var facts: [(label: String, value: String)] = [
            ("Objective", objective),
            (
                "Lead",
                [context.names.partners[action.leadPartnerID] ?? "–", action.leadOfficer].filter { !$0.isEmpty }.joined(
                    separator: ", ")
            ),
            (
                "Supporting partners",
                action.supportingPartners.isEmpty
                    ? "None" : context.list(action.supportingPartners, context.names.partners)
            ),
            ("Themes", context.list(action.themes, context.names.themes)),
            ("Audiences", context.list(action.audiences, context.names.audiences)),
            ("Area", action.area.isEmpty ? "The whole partnership area" : action.area),
            ("Dates", "\(action.starts?.longLabel ?? "Already running") to \(action.due?.longLabel ?? "open-ended")"),
        ]
        let amount = action.amountPence.map { "£" + String(format: $0 % 100 == 0 ? "%.0f" : "%.2f", Double($0) / 100) }
        facts.append(
            (
                "Funding",
                [action.funding.label, action.funder, amount ?? ""].filter { !$0.isEmpty }.joined(separator: ", ")
            ))
        if let meetingID = action.meetingID,
            let meeting = try await PlanMeeting.find(meetingID, partnershipID: access.partnershipID, on: req.db)
        {
            facts.append(("Arising from", "\(meeting.title) (\(meeting.day?.label ?? meeting.heldOn))"))
        }
        let updates = try await PlanActions.updates(of: [action.id!], on: req.db)
        let model = PlanActionPage.Model(
            slug: access.slug, row: context.row(action), facts: facts, summary: action.summary,
            milestones: action.milestones.map { ($0.title, CalendarDay($0.due)?.label ?? "", $0.done) },
            measured: try await measured(req, access, action),
            updates: updates.map { u in
                .init(
                    day: u.day?.label ?? u.onDay, note: u.note, evidence: u.evidenceLinks, status: u.status.label,
                    rag: PlanContext.rag(u.rating), ragLabel: u.rating.label, author: u.author)
            },
            canManage: access.allows(.managePlan), statuses: PlanAction.Status.options,
            ratings: PlanAction.Rating.options, values: values, errors: errors)
        return PlanActionPage.render(model, chrome: req.chrome(access, current: .planAction(id: action.id!.uuidString)))
            .htmlResponse(status)
    }

    /// The linked work with a figure from its own module (`PlanMeasured`), as the reader's role may see it.
    private func measured(_ req: Request, _ access: PartnershipAccess, _ action: PlanAction) async throws -> [(
        kind: String, title: String, figure: String, url: SiteURL?
    )] {
        try await PlanMeasured.items(
            of: action, partnershipID: access.partnershipID, policy: access.disclosure, on: req.db
        ).map { item in
            let page: PartnershipPage =
                switch item.link {
                case .event(let id): .event(id: id.uuidString)
                case .game(let id): .game(id: id.uuidString)
                case .surveyResults(let id): .surveyResults(id: id.uuidString)
                case .outcomes: .outcomes
                }
            return (item.kind, item.title, item.figure, .partnership(slug: access.slug, page))
        }
    }
}
