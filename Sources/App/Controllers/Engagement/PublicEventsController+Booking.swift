import Fluent
import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

/// A booking's private page: the place, cancelling, confirming a place offered from the waiting list, and the
/// pledge and "people I told" forms.
extension PublicEventsController {
    func booking(_ req: Request, _ partnership: Partnership) async throws -> (Booking, String) {
        guard let token = req.parameters.get("token"), let booking = try await Bookings.find(token: token, on: req.db),
            booking.partnershipID == partnership.id
        else { throw NotFound("booking") }
        return (booking, token)
    }

    func showBooking(req: Request) async throws -> Response {
        try await bookingPage(req, errors: [], status: .ok)
    }

    func bookingPage(_ req: Request, errors: [FormError], status: HTTPResponseStatus) async throws -> Response {
        let partnership = try await partnership(req)
        let (booking, token) = try await booking(req, partnership)
        let event = booking.event
        let statusText: String
        switch booking.status {
        case .confirmed:
            statusText =
                booking.promotedAt == nil
                ? "Your place is booked. Show the code \(booking.shortCode) at the door, or just give your name."
                : "Good news: a place became free and it is yours. Show the code \(booking.shortCode) at the door."
        case .waiting:
            statusText =
                "The event is full, so you are on the waiting list. If a place becomes free it is given to you automatically; check this page."
        case .cancelled: statusText = "This booking has been cancelled."
        }
        var facts: [(String, String)] = [
            ("Event", event.title), ("When", EventTimes.span(event.startsAt, event.endsAt)), ("Where", place(event)),
        ]
        if booking.status != .cancelled && booking.anonymisedAt == nil {
            facts += [
                ("Name", booking.name),
                ("Places", "\(booking.places)\(booking.isGroup ? " (group: \(booking.organisation))" : "")"),
                ("Check-in code", booking.shortCode),
            ]
        }
        var model = BookingPage.Model(
            slug: partnership.slug, token: token, isNew: req.query[String.self, at: "new"] == "1",
            status: booking.status.rawValue, statusText: statusText,
            eventTitle: event.title, facts: facts,
            canCancel: booking.status != .cancelled && event.endsAt > Date(),
            privateLink: req.siteAddress + SiteURL.publicBooking(slug: partnership.slug, token: token).path,
            pledge: booking.status == .confirmed ? booking.ambassadorPledge ?? 0 : nil,
            told: try await toldText(booking, req), errors: errors)
        if booking.awaitsConfirmation, let by = booking.confirmBy {
            model.confirmBy = EventTimes.day.string(from: by) + ", " + EventTimes.clock(by)
        }
        if booking.status == .confirmed {
            model.surveys = try await surveyLinks(partnership: partnership, event: event, token: token, on: req.db)
            model.surveyCode =
                model.surveys.isEmpty ? nil : ParticipantCode.display(ParticipantCode.forBooking(token: token))
        }
        var headers = HTTPHeaders()
        headers.add(name: .contentType, value: "text/html; charset=utf-8")
        // The address is the secret: keep it out of shared caches and search engines.
        headers.add(name: .cacheControl, value: "no-store")
        headers.add(name: "X-Robots-Tag", value: "noindex")
        return Response(
            status: status, headers: headers, body: .init(string: BookingPage.render(model, csrf: req.csrfToken)))
    }

    func toldText(_ booking: Booking, _ req: Request) async throws -> String? {
        guard booking.ambassadorPledge != nil else { return nil }
        let told = try await Ambassadors.reported(bookingID: booking.requireID(), on: req.db)
        return told.total == 0 ? nil : "So far you have told \(told.total) \(told.total == 1 ? "person" : "people")."
    }

    struct PledgeForm: Content { var pledge: String? }
    struct ToldForm: Content { var family: String?, friends: String?, colleagues: String?, neighbours: String? }

    func pledge(req: Request) async throws -> Response {
        let partnership = try await partnership(req)
        let (_, token) = try await booking(req, partnership)
        let form = try FormPairs(req).decode(PledgeForm.self)
        do {
            try await Ambassadors.pledge(
                token: token, people: form.pledge.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) },
                links: req.mailLinks, on: req.db)
        } catch let errors as FieldErrors {
            return try await bookingPage(req, errors: errors.formErrors, status: .unprocessableEntity)
        }
        return req.redirect(to: SiteURL.publicBooking(slug: partnership.slug, token: token).path, redirectType: .normal)
    }

    func told(req: Request) async throws -> Response {
        let partnership = try await partnership(req)
        let (_, token) = try await booking(req, partnership)
        let form = try FormPairs(req).decode(ToldForm.self)
        func n(_ text: String?) -> Int { Int((text ?? "0").trimmingCharacters(in: .whitespaces)) ?? -1 }
        do {
            try await Ambassadors.report(
                token: token,
                told: .init(
                    family: n(form.family), friends: n(form.friends), colleagues: n(form.colleagues),
                    neighbours: n(form.neighbours)), on: req.db)
        } catch let errors as FieldErrors {
            return try await bookingPage(req, errors: errors.formErrors, status: .unprocessableEntity)
        }
        return req.redirect(to: SiteURL.publicBooking(slug: partnership.slug, token: token).path, redirectType: .normal)
    }

    /// Open surveys about this event: the "before" one until it starts, then the "after" one, each with the
    /// booking's participant code filled in.
    func surveyLinks(partnership: Partnership, event: Event, token: String, on db: any Database) async throws -> [(
        label: String, url: String
    )] {
        let eventID = try event.requireID()
        let code = ParticipantCode.display(ParticipantCode.forBooking(token: token))
        return try await Surveys.all(partnershipID: partnership.requireID(), on: db)
            .filter { $0.events.contains(eventID) && $0.closedReason() == nil }
            .map { survey in
                let started = event.startsAt <= Date()
                let stage: SurveyResponse.Stage = survey.design == .once ? .once : started ? .after : .before
                let label =
                    stage == .once ? survey.title : "\(survey.title): \(started ? "after" : "before") the session"
                return (
                    label,
                    SiteURL.publicSurvey(slug: partnership.slug, id: survey.id!.uuidString, stage: stage.rawValue).path
                        + (stage == .once ? "" : "?code=\(code)")
                )
            }
    }

    func calendar(req: Request) async throws -> Response {
        let partnership = try await partnership(req)
        let (booking, _) = try await booking(req, partnership)
        let body = EventCalendar.ics(event: booking.event, booking: booking, partnershipName: partnership.name)
        return Response(
            status: .ok,
            headers: [
                "Content-Type": "text/calendar; charset=utf-8",
                "Content-Disposition": "attachment; filename=\"event.ics\"", "Cache-Control": "no-store",
            ],
            body: .init(string: body))
    }

    func erase(req: Request) async throws -> Response {
        let partnership = try await partnership(req)
        let (_, token) = try await booking(req, partnership)
        try await Retention.erase(token: token, on: req.db)
        req.application.publicPageCache.clear()
        return req.redirect(to: SiteURL.publicBooking(slug: partnership.slug, token: token).path, redirectType: .normal)
    }

    func confirm(req: Request) async throws -> Response {
        let partnership = try await partnership(req)
        let (_, token) = try await booking(req, partnership)
        try await Bookings.confirmPromotion(token: token, on: req.db)
        return req.redirect(to: SiteURL.publicBooking(slug: partnership.slug, token: token).path, redirectType: .normal)
    }

    func cancel(req: Request) async throws -> Response {
        let partnership = try await partnership(req)
        let (_, token) = try await booking(req, partnership)
        try await Bookings.cancel(token: token, on: req.db)
        req.application.publicPageCache.clear()
        return req.redirect(to: SiteURL.publicBooking(slug: partnership.slug, token: token).path, redirectType: .normal)
    }
}
