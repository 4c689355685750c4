import Fluent
import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

/// The register on the day: search, check in, walk-ins, totals per audience.
struct RegisterController {
    private let events = EventsController()

    func show(req: Request) async throws -> Response {
        let access = try await req.access(.manageEvents)
        let notice = req.query[String.self, at: "done"].map { $0 == "walk-in" ? "Walk-in added." : "Saved." }
        return try await page(
            req, access, search: req.query[String.self, at: "search"] ?? "", notice: notice, errors: [], status: .ok)
    }

    private func page(
        _ req: Request, _ access: PartnershipAccess, search: String, notice: String?, errors: [FormError],
        status: HTTPResponseStatus
    ) async throws -> Response {
        let event = try await events.findOwn(req, access)
        let eventID = try event.requireID()
        let all = try await Attendance.register(
            eventID: eventID, partnershipID: access.partnershipID, viewedBy: access.staff.acting(req), on: req.db)
        let shown =
            search.isEmpty
            ? all
            : try await Attendance.register(
                eventID: eventID, partnershipID: access.partnershipID, search: search, on: req.db)
        let totals = Attendance.totals(all)
        let audiences = try await PartnershipSettings.items(
            Audience.self, partnershipID: access.partnershipID, on: req.db)
        var model = RegisterPage.Model(
            slug: access.slug, eventID: eventID.uuidString, title: event.title,
            when: EventTimes.span(event.startsAt, event.endsAt),
            search: search,
            lines: shown.map { line in
                .init(
                    bookingID: line.bookingID.uuidString, name: line.name,
                    detail: [
                        line.organisation, line.isWalkIn ? "Walk-in" : "",
                        line.audience == "Not given" ? "" : line.audience,
                        line.accessNeeds.isEmpty ? "" : "Access needs: \(line.accessNeeds)",
                    ]
                    .filter { !$0.isEmpty }.joined(separator: " · "),
                    places: line.places, attended: line.attended, shortCode: line.shortCode)
            },
            totals: [
                ("Booked", "\(totals.booked)"), ("Here", "\(totals.attended)"), ("Walk-ins", "\(totals.walkIns)"),
                (
                    "Attendance",
                    totals.booked == 0
                        ? "–"
                        : "\(Int((Double(totals.attended - totals.walkIns) * 100 / Double(totals.booked)).rounded()))% of bookings"
                ),
            ],
            byAudience: totals.byAudience.map { ($0.audience, "\($0.attended)") },
            audiences: audiences.compactMap { a in a.id.map { ($0.uuidString, a.name) } }, notice: notice,
            followOnLink: req.siteAddress + SiteURL.publicEvents(slug: access.slug).path
                + "?from=\(eventID.uuidString)",
            errors: errors)
        model.followOnQR = Self.qr(model.followOnLink, label: "QR code for the link to book later sessions")
        model.surveyLinks = try await surveyLinks(req, access, event).map {
            ($0.title, $0.link, Self.qr($0.link, label: "QR code for \($0.title)"))
        }
        return RegisterPage.render(model, chrome: req.chrome(access, current: .events)).htmlResponse(status)
    }

    static func qr(_ link: String, label: String) -> QRCodeView.Model? { .encoding(link, label: label) }

    /// The before and after links of the open before-and-after surveys that list the event.
    private func surveyLinks(_ req: Request, _ access: PartnershipAccess, _ event: Event) async throws -> [(
        title: String, purpose: String, link: String
    )] {
        try await MailSchedule.afterSurveys(event: event, on: req.db).flatMap { survey in
            let id = try survey.requireID().uuidString
            return [
                (
                    "\(survey.title): before the session", "Answer a few questions before we start.",
                    req.siteAddress + SiteURL.publicSurvey(slug: access.slug, id: id, stage: "before").path
                ),
                (
                    "\(survey.title): after the session", "Tell us what you will do differently now.",
                    req.siteAddress + SiteURL.publicSurvey(slug: access.slug, id: id, stage: "after").path
                ),
            ]
        }
    }

    /// Printable QR cards: the link to book later sessions and each survey's before and after links (issue 23).
    func cards(req: Request) async throws -> Response {
        let access = try await req.access(.manageEvents)
        let event = try await events.findOwn(req, access)
        let eventID = try event.requireID()
        let followOn =
            req.siteAddress + SiteURL.publicEvents(slug: access.slug).path + "?from=\(eventID.uuidString)"
        var cards = [
            QRCardsPage.Card(
                title: "Book another session", purpose: "See what is coming up and book a place.", link: followOn,
                qr: Self.qr(followOn, label: "QR code for the link to book later sessions"))
        ]
        if event.isPublic {
            let fun =
                req.siteAddress
                + SiteURL.publicEventFeedback(slug: access.slug, id: eventID.uuidString).path
            cards.append(
                .init(
                    title: "Was it fun?", purpose: "One tap to tell us, at the end of the session. Anonymous.",
                    link: fun, qr: Self.qr(fun, label: "QR code for the was-it-fun form")))
        }
        for survey in try await surveyLinks(req, access, event) {
            cards.append(
                .init(
                    title: survey.title, purpose: survey.purpose, link: survey.link,
                    qr: Self.qr(survey.link, label: "QR code for \(survey.title)")))
        }
        let model = QRCardsPage.Model(
            slug: access.slug, eventID: eventID.uuidString, title: event.title,
            when: EventTimes.span(event.startsAt, event.endsAt), cards: cards)
        return QRCardsPage.render(model, chrome: req.chrome(access, current: .events)).htmlResponse()
    }

    private struct CheckInForm: Content {
        var booking: String?
        var places: String?
    }
    private struct WalkInForm: Content {
        var name: String?
        var audience: String?
        var places: String?
    }

    func checkIn(req: Request) async throws -> Response {
        let access = try await req.access(.manageEvents)
        let event = try await events.findOwn(req, access)
        let form = try FormPairs(req).decode(CheckInForm.self)
        guard let bookingID = form.booking.flatMap(UUID.init(uuidString:)) else { throw NotFound("booking") }
        try await Attendance.checkIn(
            eventID: event.requireID(), partnershipID: access.partnershipID, bookingID: bookingID,
            places: form.places.flatMap { Int($0) }, by: access.staff.acting(req), on: req.db)
        return req.redirect(
            to: SiteURL.partnership(slug: access.slug, .eventRegister(id: try event.requireID().uuidString)).path
                + "?done=check-in",
            redirectType: .normal)
    }

    func walkIn(req: Request) async throws -> Response {
        let access = try await req.access(.manageEvents)
        let event = try await events.findOwn(req, access)
        let form = try FormPairs(req).decode(WalkInForm.self)
        do {
            try await Attendance.walkIn(
                eventID: event.requireID(), partnershipID: access.partnershipID, name: form.name ?? "",
                audienceID: form.audience.flatMap(UUID.init(uuidString:)), places: form.places.flatMap { Int($0) } ?? 0,
                by: access.staff.acting(req), on: req.db)
        } catch let errors as FieldErrors {
            return try await page(
                req, access, search: "", notice: nil, errors: errors.formErrors, status: .unprocessableEntity)
        }
        return req.redirect(
            to: SiteURL.partnership(slug: access.slug, .eventRegister(id: try event.requireID().uuidString)).path
                + "?done=walk-in",
            redirectType: .normal)
    }
}
