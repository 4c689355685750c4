import Fluent
import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

/// Staff pages for events: the list, create and edit.
struct EventsController {
    struct EventForm: Content {
        var title: String?, summary: String?, kind: String?, partner: String?, venue: String?, area: String?,
            online: String?
        var repeats: String?
        var startsAt: String?, endsAt: String?, capacity: String?, `public`: String?, friends: String?,
            ledBy: String?,
            accessibility: String?, status: String?
        var objective: [String]?, theme: [String]?, audience: [String]?
        var question0: String?, questionKind0: String?, questionOptions0: String?, questionRequired0: String?
        var question1: String?, questionKind1: String?, questionOptions1: String?, questionRequired1: String?
        var question2: String?, questionKind2: String?, questionOptions2: String?, questionRequired2: String?
    }

    func list(req: Request) async throws -> Response {
        let access = try await req.access(.viewAggregates)
        let events = try await Events.all(partnershipID: access.partnershipID, on: req.db)
        let partners = try await PartnershipSettings.items(
            PartnerOrganisation.self, partnershipID: access.partnershipID, on: req.db)
        let names = Dictionary(partners.compactMap { p in p.id.map { ($0, p.name) } }, uniquingKeysWith: { a, _ in a })
        // "My organisation" is the default view for a member who belongs to one (issue 23); "" shows every one.
        let chosen =
            req.query[String.self, at: "organisation"].map { UUID(uuidString: $0) } ?? access.scope.partnerID
        // One event's places are finer than the engagement page's tables, which protect them, and change from day to
        // day: a role without exact counts sees the events without them (review, issue 19).
        let exact = !access.disclosure.applies
        var model = EventsPage.Model(
            slug: access.slug,
            rows: events.filter { chosen == nil || $0.partnerID == chosen }.map { e in
                var row = EventsPage.Row(
                    id: e.id!.uuidString, when: EventTimes.span(e.startsAt, e.endsAt), title: e.title,
                    kind: e.kind.label,
                    status: e.status.label, booked: exact ? "\(e.confirmedPlaces) of \(e.capacity)" : "–",
                    waiting: exact ? "\(e.waitingPlaces)" : "–")
                row.organisation = e.partnerID.flatMap { names[$0] } ?? ""
                row.canEdit = access.scope.mayEdit(owners: [e.partnerID])
                return row
            },
            canManage: access.allows(.manageEvents),
            notice: req.query[String.self, at: "saved"].map { _ in "Event saved." })
        model.organisations = partners.compactMap { p in p.id.map { ($0.uuidString, p.name) } }
        model.organisation = chosen?.uuidString ?? ""
        return EventsPage.render(model, chrome: req.chrome(access, current: .events)).htmlResponse()
    }

    func new(req: Request) async throws -> Response {
        let access = try await req.access(.manageEvents)
        return try await form(
            req, access, eventID: nil, values: ["public": "yes", "status": "draft"], checked: [:], errors: [],
            status: .ok)
    }

    func edit(req: Request) async throws -> Response {
        let access = try await req.access(.manageEvents)
        let event = try await findOwn(req, access)
        var values: [String: String] = [
            "title": event.title, "summary": event.summary, "kind": event.kind.rawValue,
            "partner": event.partnerID?.uuidString ?? "",
            "venue": event.venue, "area": event.area, "online": event.isOnline ? "yes" : "",
            "capacity": "\(event.capacity)",
            "startsAt": EventTimes.field(event.startsAt), "endsAt": EventTimes.field(event.endsAt),
            "public": event.isPublic ? "yes" : "",
            "friends": event.countsAsFriends ? "yes" : "", "accessibility": event.accessibility,
            "status": event.status.rawValue,
            "ledBy": event.ledBy ?? "",
        ]
        for (index, q) in event.questions.prefix(3).enumerated() {
            values["question\(index)"] = q.label
            values["questionKind\(index)"] = q.kind.rawValue
            values["questionOptions\(index)"] = q.options.joined(separator: ", ")
            values["questionRequired\(index)"] = q.required ? "yes" : ""
        }
        let checked = [
            "objective": Set(event.objectives.map(\.uuidString)), "theme": Set(event.themes.map(\.uuidString)),
            "audience": Set(event.audiences.map(\.uuidString)),
        ]
        return try await form(req, access, eventID: event.id, values: values, checked: checked, errors: [], status: .ok)
    }

    func create(req: Request) async throws -> Response { try await save(req, eventID: nil) }

    func update(req: Request) async throws -> Response {
        let access = try await req.access(.manageEvents)
        let event = try await findOwn(req, access)
        return try await save(req, eventID: event.id, existingPartner: event.partnerID)
    }

    private func save(_ req: Request, eventID: UUID?, existingPartner: UUID? = nil) async throws -> Response {
        let access = try await req.access(.manageEvents)
        let f = try FormPairs(req).decode(EventForm.self)
        var parsed = FieldErrors()
        let questions: [SignUpQuestion] = [
            (f.question0, f.questionKind0, f.questionOptions0, f.questionRequired0),
            (f.question1, f.questionKind1, f.questionOptions1, f.questionRequired1),
            (f.question2, f.questionKind2, f.questionOptions2, f.questionRequired2),
        ]
        .enumerated().compactMap { index, q in
            guard let label = q.0?.trimmingCharacters(in: .whitespaces), !label.isEmpty else { return nil }
            let options = (q.2 ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
            return SignUpQuestion(
                id: "q\(index + 1)", label: String(label.prefix(200)),
                kind: parsed.choice(
                    q.1 ?? "", "questionKind\(index)", empty: SignUpQuestion.Kind.text,
                    message: "Choose the kind of answer for question \(index + 1)"),
                options: options, required: q.3 == "yes")
        }
        var draft = Events.Draft(
            title: f.title ?? "", summary: f.summary ?? "", kind: f.kind.flatMap(Event.Kind.init(rawValue:)),
            // An officer's events are their own organisation's (they could not edit them otherwise).
            partnerID: eventID == nil
                ? access.scope.owner(forNew: f.partner.flatMap(UUID.init(uuidString:)))
                : access.scope.owner(
                    forExisting: existingPartner, requested: f.partner.flatMap(UUID.init(uuidString:))),
            objectiveIDs: (f.objective ?? []).compactMap(UUID.init(uuidString:)),
            themeIDs: (f.theme ?? []).compactMap(UUID.init(uuidString:)),
            audienceIDs: (f.audience ?? []).compactMap(UUID.init(uuidString:)),
            venue: f.venue ?? "", area: f.area ?? "", isOnline: f.online == "yes",
            startsAt: f.startsAt.flatMap(EventTimes.parse),
            endsAt: f.endsAt.flatMap(EventTimes.parse),
            capacity: f.capacity.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) },
            isPublic: f.public == "yes", accessibility: f.accessibility ?? "", questions: questions,
            status: parsed.choice(f.status ?? "", "status", empty: .draft, message: "Choose the event's status"),
            countsAsFriends: f.friends == "yes")
        let ledBy = (f.ledBy ?? "").trimmingCharacters(in: .whitespaces)
        draft.ledBy = Event.Leader(rawValue: ledBy)
        if !ledBy.isEmpty && draft.ledBy == nil { parsed.add("ledBy", "Choose who led the session") }
        do {
            // A value outside a list's choices (a tampered or stale form) is refused, not taken as the default.
            try parsed.throwIfAny()
            if let eventID {
                try await Events.update(
                    eventID, draft, partnershipID: access.partnershipID, by: access.staff.acting(req),
                    links: req.mailLinks, on: req.db)
            } else if let repeats = f.repeats?.trimmingCharacters(in: .whitespaces), !repeats.isEmpty {
                try await Events.createWeekly(
                    draft, repeats: Int(repeats) ?? 0, partnershipID: access.partnershipID,
                    by: access.staff.acting(req), on: req.db)
            } else {
                try await Events.create(
                    draft, partnershipID: access.partnershipID, by: access.staff.acting(req), on: req.db)
            }
        } catch let errors as FieldErrors {
            var values = FormPairs(req).fields
            values["public"] = f.public ?? ""
            let checked = [
                "objective": Set(f.objective ?? []), "theme": Set(f.theme ?? []), "audience": Set(f.audience ?? []),
            ]
            return try await form(
                req, access, eventID: eventID, values: values, checked: checked, errors: errors.formErrors,
                status: .unprocessableEntity)
        }
        req.application.publicPageCache.clear()
        return req.redirect(
            to: SiteURL.partnership(slug: access.slug, .events).path + "?saved=1", redirectType: .normal)
    }

    private func form(
        _ req: Request, _ access: PartnershipAccess, eventID: UUID?, values: [String: String],
        checked: [String: Set<String>],
        errors: [FormError], status: HTTPResponseStatus
    ) async throws -> Response {
        let id = access.partnershipID
        func choices(_ items: [(UUID?, String)], _ key: String) -> [EventFormPage.Choice] {
            items.compactMap { id, name in
                id.map {
                    EventFormPage.Choice(
                        value: $0.uuidString, label: name, checked: checked[key]?.contains($0.uuidString) ?? false)
                }
            }
        }
        let objectives = try await PartnershipSettings.items(Objective.self, partnershipID: id, on: req.db)
            .map { ($0.id, $0.name) }
        let themes = try await PartnershipSettings.items(Theme.self, partnershipID: id, on: req.db).map {
            ($0.id, $0.name)
        }
        let audiences = try await PartnershipSettings.items(Audience.self, partnershipID: id, on: req.db)
            .map { ($0.id, $0.name) }
        let partners = try await PartnershipSettings.items(PartnerOrganisation.self, partnershipID: id, on: req.db)
        let model = EventFormPage.Model(
            slug: access.slug, eventID: eventID?.uuidString, values: values,
            kinds: Event.Kind.allCases.map { ($0.rawValue, $0.label) },
            statuses: Event.Status.allCases.map { ($0.rawValue, $0.label) },
            partners: partners.compactMap { p in p.id.map { ($0.uuidString, p.name) } },
            objectives: choices(objectives, "objective"), themes: choices(themes, "theme"),
            audiences: choices(audiences, "audience"), errors: errors)
        return EventFormPage.render(model, chrome: req.chrome(access, current: .events)).htmlResponse(status)
    }

    /// An event this person may run: the register, check-in, walk-ins, the people booked, messages, cards. An officer
    /// of another organisation is refused (issue 23 review: check-ins on another organisation's event were open).
    func findOwn(_ req: Request, _ access: PartnershipAccess) async throws -> Event {
        let event = try await find(req, access)
        try access.scope.requireEdit(owners: [event.partnerID], what: "event")
        return event
    }

    func find(_ req: Request, _ access: PartnershipAccess) async throws -> Event {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
            let event = try await Event.find(id, partnershipID: access.partnershipID, on: req.db)
        else { throw NotFound("event") }
        return event
    }
}
