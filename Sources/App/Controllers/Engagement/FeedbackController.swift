import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

/// "Was it fun?" (issue 23): the public one-tap form after a session, anonymous and limited per address.
struct FeedbackController {
    /// A class on one school connection all answer: generous per address, per event, per day.
    static let answersPerAddress = 200

    private func context(_ req: Request) async throws -> (Partnership, Event) {
        guard let slug = req.parameters.get("slug"),
            let partnership = try await Partnerships.find(on: req.db, slug: slug),
            let id = req.parameters.get("id").flatMap(UUID.init(uuidString:))
        else { throw NotFound("event") }
        let event = try await SessionFeedbacks.openEvent(
            eventID: id, partnershipID: partnership.requireID(), on: req.db)
        return (partnership, event)
    }

    private func model(_ req: Request, _ partnership: Partnership, _ event: Event) throws -> FeedbackPage.Model {
        var model = FeedbackPage.Model(
            slug: partnership.slug, eventID: try event.requireID().uuidString, title: event.title,
            when: EventTimes.span(event.startsAt, event.endsAt),
            ratings: SessionFeedbacks.Rating.allCases.map { ($0.rawValue, $0.label) }, csrf: req.csrfToken)
        if !SessionFeedbacks.isOpen(event) {
            model.closed =
                event.startsAt > Date()
                ? "This form opens when the session starts." : "This session ended too long ago to take answers."
        }
        return model
    }

    func show(req: Request) async throws -> Response {
        let (partnership, event) = try await context(req)
        return FeedbackPage.render(try model(req, partnership, event)).htmlResponse()
    }

    func answer(req: Request) async throws -> Response {
        let (partnership, event) = try await context(req)
        let form = FormPairs(req)
        var page = try model(req, partnership, event)
        page.comment = form.first("comment") ?? ""
        let limit = PublicLimits.Rule(
            "feedback|\(try event.requireID())|\(req.limitAddress)", limit: Self.answersPerAddress, window: 24 * 3600)
        if let wait = try await PublicLimits.take([limit], on: req.db).retryAfter {
            page.errors = [FormError(field: "comment", message: "Too many answers have been sent from here today.")]
            return FeedbackPage.render(page).htmlResponse(.tooManyRequests).retryAfter(wait)
        }
        do {
            try await SessionFeedbacks.record(
                eventID: event.requireID(), partnershipID: partnership.requireID(), rating: form.first("rating") ?? "",
                comment: page.comment, on: req.db)
        } catch let errors as FieldErrors {
            page.errors = errors.formErrors
            return FeedbackPage.render(page).htmlResponse(.unprocessableEntity)
        }
        page.thanks = true
        return FeedbackPage.render(page).htmlResponse()
    }
}
