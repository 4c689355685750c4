import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

/// Everyone booked on an event, with their answers and access needs, and the same as CSV (issue 23).
struct AttendeesController {
    private let events = EventsController()

    func show(req: Request) async throws -> Response {
        let access = try await req.access(.manageEvents)
        let event = try await events.find(req, access)
        let list = try await Attendees.list(
            eventID: event.requireID(), partnershipID: access.partnershipID, viewedBy: access.staff.acting(req),
            on: req.db)
        let model = AttendeesPage.Model(
            slug: access.slug, eventID: try event.requireID().uuidString, title: event.title,
            when: EventTimes.span(event.startsAt, event.endsAt), table: Attendees.table(list),
            withAccessNeeds: list.withAccessNeeds)
        return AttendeesPage.render(model, chrome: req.chrome(access, current: .events)).htmlResponse()
    }

    func export(req: Request) async throws -> Response {
        let access = try await req.access(.manageEvents)
        let event = try await events.find(req, access)
        let list = try await Attendees.list(
            eventID: event.requireID(), partnershipID: access.partnershipID, viewedBy: access.staff.acting(req),
            download: true, on: req.db)
        return CSVText.response(
            Attendees.table(list).map(CSVText.line).joined(), fileName: "people-booked-\(try event.requireID()).csv")
    }
}
