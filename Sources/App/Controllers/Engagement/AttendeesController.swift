import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

/// Everyone booked on an event, with their answers and access needs, and the same as CSV (issue 23).
struct AttendeesController {
    private let events = EventsController()

    func show(req: Request) async throws -> Response {
        let access = try await req.access(.manageEvents)
        var notice: String?
        if let sent = req.query[Int.self, at: "sent"] {
            notice = "Your message is on its way to \(sent) \(sent == 1 ? "person" : "people")."
        }
        return try await render(req, access, notice: notice)
    }

    private func render(
        _ req: Request, _ access: PartnershipAccess, notice: String? = nil, errors: [FormError] = [],
        typed: (subject: String, message: String, waiting: Bool)? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        let event = try await events.findOwn(req, access)
        let list = try await Attendees.list(
            eventID: event.requireID(), partnershipID: access.partnershipID, viewedBy: access.staff.acting(req),
            on: req.db)
        var model = AttendeesPage.Model(
            slug: access.slug, eventID: try event.requireID().uuidString, title: event.title,
            when: EventTimes.span(event.startsAt, event.endsAt), table: Attendees.table(list),
            withAccessNeeds: list.withAccessNeeds)
        model.reachable = list.reachable
        model.notice = notice
        model.errors = errors
        if let typed { (model.subject, model.message, model.includeWaiting) = typed }
        return AttendeesPage.render(model, chrome: req.chrome(access, current: .events)).htmlResponse(status)
    }

    func message(req: Request) async throws -> Response {
        let access = try await req.access(.manageEvents)
        let event = try await events.findOwn(req, access)
        let form = FormPairs(req)
        let typed = (form.first("subject") ?? "", form.first("message") ?? "", form.first("waiting") == "yes")
        let sent: Int
        do {
            sent = try await Attendees.message(
                eventID: event.requireID(), partnershipID: access.partnershipID, subject: typed.0, text: typed.1,
                includeWaiting: typed.2, by: access.staff.acting(req), on: req.db)
        } catch let errors as FieldErrors {
            return try await render(
                req, access, errors: errors.formErrors, typed: typed, status: .unprocessableEntity)
        }
        return req.redirect(
            to: SiteURL.partnership(slug: access.slug, .eventAttendees(id: try event.requireID().uuidString)).path
                + "?sent=\(sent)", redirectType: .normal)
    }

    func export(req: Request) async throws -> Response {
        let access = try await req.access(.manageEvents)
        let event = try await events.findOwn(req, access)
        let list = try await Attendees.list(
            eventID: event.requireID(), partnershipID: access.partnershipID, viewedBy: access.staff.acting(req),
            download: true, on: req.db)
        return CSVText.response(
            Attendees.table(list).map(CSVText.line).joined(), fileName: "people-booked-\(try event.requireID()).csv")
    }
}
