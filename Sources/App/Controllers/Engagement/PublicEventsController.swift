import Fluent
import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

/// The public events pages: listing, an event with its sign-up form, and a booking's private page.
struct PublicEventsController {
    static func retentionText(months: Int) -> String {
        "Why we ask: to hold your place and tell you if the event changes. We keep your name and email until \(months) months after the event and then delete them, keeping only the number of people who came. If you tell us about access needs, only the people running the event see them, and they are deleted with your other details. You can see, cancel or delete your booking at any time through the link we give you."
    }

    func partnership(_ req: Request) async throws -> Partnership {
        guard let slug = req.parameters.get("slug"),
            let partnership = try await Partnerships.find(on: req.db, slug: slug)
        else {
            throw NotFound("partnership")
        }
        return partnership
    }

    func list(req: Request) async throws -> Response {
        let key = "list|" + req.url.string
        if let html = req.application.publicPageCache.get(key) { return html.htmlResponse() }
        let response = try await renderList(req)
        if response.status == .ok, let body = response.body.string { req.application.publicPageCache.put(key, body) }
        return response
    }

    func renderList(_ req: Request) async throws -> Response {
        let partnership = try await partnership(req)
        let id = try partnership.requireID()
        let audienceID = req.query[String.self, at: "audience"].flatMap(UUID.init(uuidString:))
        let area = req.query[String.self, at: "area"].map { String($0.prefix(80)) }
        let kind = req.query[String.self, at: "type"].flatMap(Event.Kind.init(rawValue:))
        // A follow-on link handed out at an event (`?from=`) travels to each event page and into the booking.
        let from =
            req.query[String.self, at: "from"].flatMap(UUID.init(uuidString:)).map { "?from=\($0.uuidString)" } ?? ""
        let all = try await Events.upcoming(partnershipID: id, on: req.db)
        let shown = try await Events.upcoming(
            partnershipID: id, audienceID: audienceID, area: area, kind: kind, on: req.db)
        let audiences = try await PartnershipSettings.items(Audience.self, partnershipID: id, on: req.db)
        let model = PublicEventsPage.Model(
            partnershipName: partnership.name, slug: partnership.slug,
            items: shown.map { event in
                .init(
                    url: SiteURL.publicEvent(slug: partnership.slug, id: event.id!.uuidString).path + from,
                    title: event.title,
                    when: EventTimes.span(event.startsAt, event.endsAt), place: place(event),
                    kind: event.kind.label,
                    availability: availability(event, partnership))
            },
            audiences: audiences.compactMap { a in a.id.map { ($0.uuidString, a.name) } },
            areas: Array(Set(all.map(\.area).filter { !$0.isEmpty })).sorted().map { ($0, $0) },
            kinds: Event.Kind.allCases.map { ($0.rawValue, $0.label) },
            selected: ["audience": audienceID?.uuidString ?? "", "area": area ?? "", "type": kind?.rawValue ?? ""])
        return PublicEventsPage.render(model).htmlResponse()
    }

    func place(_ event: Event) -> String { event.place }

    func availability(_ event: Event, _ partnership: Partnership) -> String {
        event.publicAvailability(threshold: DisclosurePolicy.of(partnership, exactCounts: false).threshold)
    }

    func publicEvent(_ req: Request, _ partnership: Partnership) async throws -> Event {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
            let event = try await Event.find(id, partnershipID: partnership.requireID(), on: req.db),
            event.status != .draft
        else { throw NotFound("event") }
        // Invitation-only events are never listed; their address (an unguessable id) is the invitation.
        return event
    }

    static let csrfSlot = "__CSRF_TOKEN_SLOT__", formTokenSlot = "__FORM_TOKEN_SLOT__"

    /// The page is cached with placeholders for the two per-visitor values, which are filled in per request.
    func show(req: Request) async throws -> Response {
        let key = "event|" + req.url.string
        let cache = req.application.publicPageCache
        let template: String
        if let cached = cache.get(key) {
            template = cached
        } else {
            let partnership = try await partnership(req)
            let event = try await publicEvent(req, partnership)
            var values: [String: String] = [:]
            if let from = req.query[String.self, at: "from"], UUID(uuidString: from) != nil { values["from"] = from }
            template = try await html(
                req, partnership, event, values: values, errors: [], csrf: Self.csrfSlot, formToken: Self.formTokenSlot)
            cache.put(key, template)
        }
        let eventID = req.parameters.get("id") ?? ""
        return Self.fill(template, csrf: req.csrfToken, formToken: FormTiming.issue(for: eventID.uppercased()))
            .htmlResponse()
    }

    /// Puts the visitor's tokens into the cached page in one pass (Foundation's replacingOccurrences twice over a
    /// 10 KB page cost more than everything else on a cached request).
    static func fill(_ template: String, csrf: String, formToken: String) -> String {
        var result = ""
        result.reserveCapacity(template.utf8.count + 64)
        var rest = Substring(template)
        while let slot = rest.firstRange(of: "__") {
            result += rest[..<slot.lowerBound]
            let after = rest[slot.lowerBound...]
            if after.hasPrefix(csrfSlot) {
                result += csrf
                rest = after.dropFirst(csrfSlot.count)
            } else if after.hasPrefix(formTokenSlot) {
                result += formToken
                rest = after.dropFirst(formTokenSlot.count)
            } else {
                result += "__"
                rest = after.dropFirst(2)
            }
        }
        result += rest
        return result
    }

    func page(
        _ req: Request, _ partnership: Partnership, _ event: Event, values: [String: String], errors: [FormError],
        status: HTTPResponseStatus
    ) async throws -> Response {
        try await html(
            req, partnership, event, values: values, errors: errors, csrf: req.csrfToken,
            formToken: FormTiming.issue(for: try event.requireID().uuidString)
        ).htmlResponse(status)
    }

    func html(
        _ req: Request, _ partnership: Partnership, _ event: Event, values: [String: String], errors: [FormError],
        csrf: String, formToken: String
    ) async throws -> String {
        let audiences = try await PartnershipSettings.items(
            Audience.self, partnershipID: partnership.requireID(), on: req.db)
        let open = event.status == .published && event.endsAt > Date()
        var facts: [(String, String)] = [
            ("When", EventTimes.span(event.startsAt, event.endsAt)), ("Where", place(event)),
            ("Type", event.kind.label), ("Places", availability(event, partnership)),
        ]
        if !event.accessibility.isEmpty { facts.append(("Access", event.accessibility)) }
        if event.status == .cancelled { facts.insert(("Status", "This event has been cancelled"), at: 0) }
        let model = PublicEventPage.Model(
            partnershipName: partnership.name, slug: partnership.slug, eventID: try event.requireID().uuidString,
            title: event.title,
            summary: event.summary, facts: facts, isFull: event.placesLeft == 0, canBook: open,
            questions: event.formQuestions.map { q in
                .init(
                    field: "q-\(q.id)", label: q.label, kind: q.kind.rawValue, options: q.options, required: q.required,
                    value: values["q-\(q.id)"] ?? "")
            },
            audiences: audiences.compactMap { a in a.id.map { ($0.uuidString, a.name) } }, values: values,
            retentionText: Self.retentionText(months: partnership.bookingRetentionMonths ?? Bookings.retentionMonths),
            formToken: formToken, errors: errors)
        return PublicEventPage.render(model, csrf: csrf)
    }

    /// Bookings one address may make in an hour, and bookings one event may take in an hour from everyone.
    static let bookingsPerAddress = 10
    static let bookingsPerEvent = 200

    static func addressLimit(_ address: String) -> PublicLimits.Rule {
        .init("booking|address|\(address)", limit: bookingsPerAddress, window: 60 * 60)
    }

    /// Counts only bookings made, so refused forms cannot close an event to everyone else.
    static func eventLimit(_ event: UUID) -> PublicLimits.Rule {
        .init("booking|event|\(event)", limit: bookingsPerEvent, window: 60 * 60)
    }

    func signUp(req: Request) async throws -> Response {
        let partnership = try await partnership(req)
        let event = try await publicEvent(req, partnership)
        let fields = FormPairs(req).fields
        let eventID = try event.requireID()
        guard (fields["website"] ?? "").isEmpty, FormTiming.isHuman(fields["formToken"] ?? "", for: eventID.uuidString)
        else {
            return try await page(
                req, partnership, event, values: fields,
                errors: [
                    FormError(
                        field: "name",
                        message: "We could not take this booking. Check your details and press the button again.")
                ],
                status: .unprocessableEntity)
        }
        // Anyone can repeat this form: a token works once, and one address (or everyone, for one event) can only
        // send so many in an hour, counted in the database so every instance shares the limit (issue 20, case 6).
        let eventLimit = Self.eventLimit(eventID)
        var limits = try await PublicLimits.take([Self.addressLimit(req.limitAddress)], on: req.db)
        if limits == .allowed { limits = try await PublicLimits.peek(eventLimit, on: req.db) }
        guard limits == .allowed else {
            let response = try await page(
                req, partnership, event, values: fields,
                errors: [
                    FormError(
                        field: "name",
                        message:
                            "Too many bookings have been made in the last hour, from here or for this event. Please try again later, or contact the organiser."
                    )
                ],
                status: .tooManyRequests)
            if case .limited(let seconds) = limits {
                response.headers.replaceOrAdd(name: .retryAfter, value: String(Int(seconds.rounded(.up))))
            }
            return response
        }
        guard try await PublicLimits.useOnce(token: fields["formToken"] ?? "", on: req.db) else {
            return try await page(
                req, partnership, event, values: fields,
                errors: [
                    FormError(
                        field: "name",
                        message:
                            "This form has already been sent. If you meant to book again, check your details and press the button once more."
                    )
                ],
                status: .conflict)
        }
        let isGroup = fields["group"] == "yes"
        let form = Bookings.SignUp(
            name: fields["name"] ?? "", email: fields["email"] ?? "",
            places: isGroup ? Int(fields["places"] ?? "") ?? 0 : 1,
            isGroup: isGroup, organisation: fields["organisation"] ?? "",
            audienceID: fields["audience"].flatMap(UUID.init(uuidString:)),
            answers: Dictionary(
                uniqueKeysWithValues: event.formQuestions.map { ($0.id, fields["q-\($0.id)"] ?? "") }),
            sourceEventID: fields["from"].flatMap(UUID.init(uuidString:)), consent: fields["consent"] == "yes")
        do {
            let made = try await Bookings.signUp(
                eventID: eventID, partnershipID: partnership.requireID(), form: form, links: req.mailLinks,
                partnership: partnership, on: req.db)
            try await PublicLimits.record(eventLimit, on: req.db)
            req.application.publicPageCache.clear()
            return req.redirect(
                to: SiteURL.publicBooking(slug: partnership.slug, token: made.token).path + "?new=1",
                redirectType: .normal)
        } catch let errors as FieldErrors {
            return try await page(
                req, partnership, event, values: fields, errors: errors.formErrors, status: .unprocessableEntity)
        }
    }

}
