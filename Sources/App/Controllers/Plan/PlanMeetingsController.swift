import Fluent
import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

/// The sub-group's meetings, and the agenda generated from the plan.
struct PlanMeetingsController {
    func list(req: Request) async throws -> Response {
        let access = try await req.access(.viewAggregates)
        return try await listPage(req, access, values: [:], attendees: [], errors: [], status: .ok)
    }

    func create(req: Request) async throws -> Response {
        let access = try await req.access(.managePlan)
        let (values, attendees) = Self.fields(FormPairs(req))
        do {
            let meeting = try await PlanMeetings.save(
                nil, partnershipID: access.partnershipID, day: values["day"]!, title: values["title"]!,
                attendees: attendees, notes: values["notes"]!, decisions: values["decisions"]!,
                by: access.staff.acting(req), on: req.db)
            return req.redirect(
                to: SiteURL.partnership(slug: access.slug, .planMeeting(id: meeting.id!.uuidString)).path,
                redirectType: .normal)
        } catch let errors as FieldErrors {
            return try await listPage(
                req, access, values: values, attendees: Set(attendees), errors: errors.formErrors,
                status: .unprocessableEntity)
        }
    }

    func show(req: Request) async throws -> Response {
        let access = try await req.access(.viewAggregates)
        let meeting = try await meeting(req, access)
        let values = [
            "title": meeting.title, "day": meeting.day?.typed ?? "", "notes": meeting.notes,
            "decisions": meeting.decisions,
        ]
        return try await meetingPage(
            req, access, meeting, values: values, attendees: Set(meeting.attendees.map(\.uuidString)), errors: [],
            status: .ok)
    }

    func save(req: Request) async throws -> Response {
        let access = try await req.access(.managePlan)
        let meeting = try await meeting(req, access)
        let (values, attendees) = Self.fields(FormPairs(req))
        do {
            try await PlanMeetings.save(
                meeting, partnershipID: access.partnershipID, day: values["day"]!, title: values["title"]!,
                attendees: attendees,
                notes: values["notes"]!, decisions: values["decisions"]!, by: access.staff.acting(req), on: req.db)
        } catch let errors as FieldErrors {
            let stored = try await self.meeting(req, access)
            return try await meetingPage(
                req, access, stored, values: values, attendees: Set(attendees), errors: errors.formErrors,
                status: .unprocessableEntity)
        }
        return req.redirect(
            to: SiteURL.partnership(slug: access.slug, .planMeeting(id: meeting.id!.uuidString)).path,
            redirectType: .normal)
    }

    static func fields(_ form: FormPairs) -> ([String: String], [String]) {
        (
            Dictionary(
                uniqueKeysWithValues: ["title", "day", "notes", "decisions"].map { ($0, form.first($0) ?? "") }),
            form.all("attendees")
        )
    }

    private func meeting(_ req: Request, _ access: PartnershipAccess) async throws -> PlanMeeting {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
            let meeting = try await PlanMeeting.find(id, partnershipID: access.partnershipID, on: req.db)
        else { throw NotFound("meeting") }
        return meeting
    }

    private func listModel(
        _ req: Request, _ access: PartnershipAccess, values: [String: String], attendees: Set<String>,
        errors: [FormError]
    ) async throws -> PlanMeetingsPage.Model {
        let context = try await PlanContext.load(req, access)
        let meetings = try await PlanMeetings.all(partnershipID: access.partnershipID, on: req.db)
        let actions = try await PlanActions.all(partnershipID: access.partnershipID, on: req.db)
        let checks = try await PlanChecks.run(
            partnershipID: access.partnershipID, policy: access.disclosure, on: req.db)
        let agenda = PlanViews.agenda(
            actions: actions.map(\.facts), unresolvedFlags: checks.unresolved, today: context.today
        ) {
            context.names.partners[$0] ?? "–"
        }
        return PlanMeetingsPage.Model(
            slug: access.slug,
            meetings: meetings.map { m in
                .init(
                    id: m.id!.uuidString, day: m.day?.label ?? m.heldOn, title: m.title,
                    attendees: m.attendees.compactMap { context.names.partners[$0] },
                    actionsArising: actions.filter { $0.meetingID == m.id }.count)
            },
            agenda: agenda.map { ($0.title, $0.items.map { ($0.heading, $0.detail) }) },
            partners: context.partnerOptions,
            canManage: access.allows(.managePlan), values: values, attendees: attendees, errors: errors)
    }

    private func listPage(
        _ req: Request, _ access: PartnershipAccess, values: [String: String], attendees: Set<String>,
        errors: [FormError],
        status: HTTPResponseStatus
    ) async throws -> Response {
        let model = try await listModel(req, access, values: values, attendees: attendees, errors: errors)
        return PlanMeetingsPage.render(model, chrome: req.chrome(access, current: .planMeetings)).htmlResponse(status)
    }

    private func meetingPage(
        _ req: Request, _ access: PartnershipAccess, _ meeting: PlanMeeting, values: [String: String],
        attendees: Set<String>,
        errors: [FormError], status: HTTPResponseStatus
    ) async throws -> Response {
        let context = try await PlanContext.load(req, access)
        let form = try await listModel(req, access, values: values, attendees: attendees, errors: errors)
        let arising = try await PlanActions.all(partnershipID: access.partnershipID, on: req.db).filter {
            $0.meetingID == meeting.id
        }
        let model = PlanMeetingPage.Model(
            slug: access.slug, id: meeting.id!.uuidString, title: meeting.title,
            day: meeting.day?.longLabel ?? meeting.heldOn,
            attendees: meeting.attendees.compactMap { context.names.partners[$0] }, notes: meeting.notes,
            decisions: meeting.decisionLines,
            actionsArising: arising.map(context.row), form: form)
        return PlanMeetingPage.render(
            model, chrome: req.chrome(access, current: .planMeeting(id: meeting.id!.uuidString))
        ).htmlResponse(status)
    }
}
