import Fluent
import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

/// One action: adding, showing, changing, and posting progress updates.
struct PlanActionsController {
    func newForm(req: Request) async throws -> Response {
        let access = try await req.access(.managePlan)
        var values: [String: String] = ["status": PlanAction.Status.planned.rawValue, "funding": "none"]
        if let meeting = try? req.query.get(String.self, at: "meeting") { values["meeting"] = meeting }
        return try await form(
            req, access, action: nil, values: values, selected: [:], milestones: [], errors: [], status: .ok)
    }

    /// The organisations that lead or support an action: an officer of one of them may change it (issue 23).
    static func owners(_ action: PlanAction) -> [UUID?] {
        ([action.leadPartnerID] + action.supportingPartners).map { Optional($0) }
    }

    /// An officer's action must be led or supported by their own organisation, or they could not change it after.
    /// A new action is led by the officer's organisation; a saved one keeps an organisation the officer's works with,
    /// and only the lead organisation's officers (or a coordinator) change which organisation leads it (review: a
    /// supporting organisation could take the action from its lead).
    static func checkOwnOrganisation(
        _ draft: PlanActions.Draft, _ access: PartnershipAccess, existing: PlanAction? = nil
    ) throws {
        let lead = UUID(uuidString: draft.leadPartner)
        guard let existing else {
            guard access.scope.mayEdit(owners: [lead]) else {
                throw FieldErrors("leadPartner", "Choose your own organisation to lead the action")
            }
            return
        }
        if lead != existing.leadPartnerID, !access.scope.mayChangeLead(from: existing.leadPartnerID) {
            throw FieldErrors("leadPartner", "Only the lead organisation or a coordinator can change who leads it")
        }
        let named = ([draft.leadPartner] + draft.supportingPartners).map { UUID(uuidString: $0) as UUID? }
        guard access.scope.mayEdit(owners: named) else {
            throw FieldErrors("leadPartner", "Choose your own organisation to lead the action or support it")
        }
    }

    func create(req: Request) async throws -> Response {
        let access = try await req.access(.managePlan)
        let (draft, values, selected) = Self.draft(FormPairs(req))
        do {
            try Self.checkOwnOrganisation(draft, access)
            let action = try await PlanActions.create(
                partnershipID: access.partnershipID, draft: draft, by: access.staff.acting(req), on: req.db)
            return req.redirect(
                to: SiteURL.partnership(slug: access.slug, .planAction(id: action.id!.uuidString)).path,
                redirectType: .normal)
        } catch let errors as FieldErrors {
            return try await form(
                req, access, action: nil, values: values, selected: selected, milestones: draft.milestones,
                errors: errors.formErrors, status: .unprocessableEntity)
        }
    }

    func editForm(req: Request) async throws -> Response {
        let access = try await req.access(.managePlan)
        let action = try await req.planAction(access)
        try access.scope.requireEdit(owners: Self.owners(action), what: "action")
        let values = [
            "title": action.title, "summary": action.summary, "objective": action.objectiveID.uuidString,
            "leadPartner": action.leadPartnerID.uuidString, "leadOfficer": action.leadOfficer, "area": action.area,
            "starts": action.starts?.typed ?? "", "due": action.due?.typed ?? "",
            "funding": action.funding.rawValue, "funder": action.funder,
            "amount": action.amountPence.map {
                $0 % 100 == 0 ? "\($0 / 100)" : String(format: "%.2f", Double($0) / 100)
            } ?? "",
            "status": action.status.rawValue, "rag": action.rating.rawValue, "ragReason": action.ragReason,
            "meeting": action.meetingID?.uuidString ?? "",
        ]
        func set(_ ids: [UUID]) -> Set<String> { Set(ids.map(\.uuidString)) }
        let selected = [
            "themes": set(action.themes), "audiences": set(action.audiences),
            "supportingPartners": set(action.supportingPartners),
            "events": set(action.events), "games": set(action.games), "surveys": set(action.surveys),
            "outcomes": set(action.outcomes),
        ]
        let milestones = action.milestones.map { m in
            (title: m.title, due: CalendarDay(m.due)?.typed ?? "", done: m.done)
        }
        return try await form(
            req, access, action: action, values: values, selected: selected, milestones: milestones, errors: [],
            status: .ok)
    }

    func update(req: Request) async throws -> Response {
        let access = try await req.access(.managePlan)
        let action = try await req.planAction(access)
        try access.scope.requireEdit(owners: Self.owners(action), what: "action")
        let (draft, values, selected) = Self.draft(FormPairs(req))
        do {
            try Self.checkOwnOrganisation(draft, access, existing: action)
            try await PlanActions.update(action, draft: draft, by: access.staff.acting(req), on: req.db)
        } catch let errors as FieldErrors {
            return try await form(
                req, access, action: action, values: values, selected: selected, milestones: draft.milestones,
                errors: errors.formErrors, status: .unprocessableEntity)
        }
        return req.redirect(
            to: SiteURL.partnership(slug: access.slug, .planAction(id: action.id!.uuidString)).path,
            redirectType: .normal)
    }

    static func draft(_ form: FormPairs) -> (PlanActions.Draft, [String: String], [String: Set<String>]) {
        var d = PlanActions.Draft()
        let singles = [
            "title", "summary", "objective", "leadPartner", "leadOfficer", "area", "starts", "due", "funding", "funder",
            "amount",
            "status", "rag", "ragReason", "meeting",
        ]
        let values = Dictionary(uniqueKeysWithValues: singles.map { ($0, form.first($0) ?? "") })
        d.title = values["title"]!
        d.summary = values["summary"]!
        d.objective = values["objective"]!
        d.leadPartner = values["leadPartner"]!
        d.leadOfficer = values["leadOfficer"]!
        d.area = values["area"]!
        d.starts = values["starts"]!
        d.due = values["due"]!
        d.funding = values["funding"]!
        d.funder = values["funder"]!
        d.amount = values["amount"]!
        d.status = values["status"]!
        d.rag = values["rag"]!
        d.ragReason = values["ragReason"]!
        d.meeting = values["meeting"]!
        d.themes = form.all("themes")
        d.audiences = form.all("audiences")
        d.supportingPartners = form.all("supportingPartners")
        d.events = form.all("events")
        d.games = form.all("games")
        d.surveys = form.all("surveys")
        d.outcomes = form.all("outcomes")
        // Milestone rows are numbered; the form always offers two blank ones, so stop at the first index with no fields at all.
        var index = 0
        while index < 50, form.first("milestone-\(index)-title") != nil || form.first("milestone-\(index)-due") != nil {
            d.milestones.append(
                (
                    form.first("milestone-\(index)-title") ?? "", form.first("milestone-\(index)-due") ?? "",
                    form.first("milestone-\(index)-done") == "yes"
                ))
            index += 1
        }
        let selected = [
            "themes": Set(d.themes), "audiences": Set(d.audiences), "supportingPartners": Set(d.supportingPartners),
            "events": Set(d.events), "games": Set(d.games), "surveys": Set(d.surveys), "outcomes": Set(d.outcomes),
        ]
        return (d, values, selected)
    }

    private func form(
        _ req: Request, _ access: PartnershipAccess, action: PlanAction?, values: [String: String],
        selected: [String: Set<String>],
        milestones: [(title: String, due: String, done: Bool)], errors: [FormError], status: HTTPResponseStatus
    ) async throws -> Response {
        let context = try await PlanContext.load(req, access)
        let id = access.partnershipID
        let chosen = selected.values.reduce(Set<String>()) { $0.union($1) }
        // The most recent events, plus any already linked, so the list stays short enough to scan.
        let linkable = try await PlanActions.linkable(partnershipID: id, on: req.db)
        let events = linkable.events.enumerated().filter {
            $0.offset < 40 || chosen.contains($0.element.id!.uuidString)
        }
        .map(\.element)
        let (games, surveys, outcomes) = (linkable.games, linkable.surveys, linkable.outcomes)
        let meetings = try await PlanMeetings.all(partnershipID: id, on: req.db)
        let model = PlanActionFormPage.Model(
            slug: access.slug, actionID: action?.id?.uuidString, number: action?.number, values: values,
            selected: selected, milestones: milestones,
            objectives: context.objectiveOptions, partners: context.partnerOptions, themes: context.themeOptions,
            audiences: context.audienceOptions,
            statuses: PlanAction.Status.options, ratings: PlanAction.Rating.options,
            fundings: PlanAction.Funding.allCases.map { ($0.rawValue, $0.label) },
            events: events.map { ($0.id!.uuidString, "\($0.title) (\(EventTimes.day.string(from: $0.startsAt)))") },
            games: games.map { ($0.id!.uuidString, $0.title) }, surveys: surveys.map { ($0.id!.uuidString, $0.title) },
            outcomes: outcomes.map { ($0.id!.uuidString, $0.title) },
            meetings: meetings.map { ($0.id!.uuidString, "\($0.day?.label ?? $0.heldOn): \($0.title)") }, errors: errors
        )
        return PlanActionFormPage.render(
            model,
            chrome: req.chrome(
                access, current: action == nil ? .planActionNew : .planActionEdit(id: action!.id!.uuidString))
        )
        .htmlResponse(status)
    }
}
