import Fluent
import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

/// Staff pages for games: the list, setting one up, the facilitator's controls, the projector, the debrief.
struct GamesController {
    func list(req: Request) async throws -> Response {
        let access = try await req.access(.viewAggregates)
        return try await listPage(req, access, values: [:], errors: [], status: .ok)
    }

    private func listPage(
        _ req: Request, _ access: PartnershipAccess, values: [String: String], errors: [FormError],
        status: HTTPResponseStatus
    ) async throws -> Response {
        let library = req.application.games.library
        let sessions = try await GameSessions.list(partnershipID: access.partnershipID, on: req.db)
        // One session's teams and devices are finer than the engagement page's games table, which protects them: a
        // role without exact counts sees the sessions without them, and not the sessions' own pages (review, issue 19).
        let exact = !access.disclosure.applies
        let rows = sessions.map { s in
            GamesPage.Row(
                id: s.id!.uuidString, title: s.title, game: library.scenario(s.scenarioID)?.title ?? s.scenarioID,
                code: s.code,
                status: Self.statusLabel(s.status), teams: exact ? "\(s.teams)" : "–",
                players: exact ? "\(s.players)" : "–",
                date: s.createdAt.map { EventTimes.day.string(from: $0) } ?? "")
        }
        let scenarios = library.scenarios.map {
            GamesPage.Scenario(
                id: $0.id, title: $0.title, kind: $0.kind.label, minutes: $0.minutes, audience: $0.audience,
                summary: $0.summary)
        }
        let events = try await Events.all(partnershipID: access.partnershipID, on: req.db).suffix(40).reversed().map {
            (value: $0.id!.uuidString, label: "\($0.title), \(EventTimes.day.string(from: $0.startsAt))")
        }
        let surveys = try await Surveys.all(partnershipID: access.partnershipID, on: req.db).filter {
            $0.status != .closed
        }.map {
            (value: $0.id!.uuidString, label: $0.title)
        }
        let model = GamesPage.Model(
            slug: access.slug, rows: rows, scenarios: scenarios, events: Array(events), surveys: surveys,
            canRun: access.allows(.runGames), values: values, errors: errors)
        return GamesPage.render(model, chrome: req.chrome(access, current: .games)).htmlResponse(status)
    }

    static func statusLabel(_ status: GameState.Status) -> String {
        switch status {
        case .lobby: "Waiting to start"
        case .running: "Running"
        case .paused: "Paused"
        case .finished: "Finished"
        }
    }

    struct CreateForm: Content { var scenario: String?, title: String?, event: String?, survey: String? }

    func create(req: Request) async throws -> Response {
        let access = try await req.access(.runGames)
        let form = try FormPairs(req).decode(CreateForm.self)
        let values = [
            "scenario": form.scenario ?? "", "title": form.title ?? "", "event": form.event ?? "",
            "survey": form.survey ?? "",
        ]
        guard let scenario = req.application.games.library.scenario(form.scenario ?? "") else {
            return try await listPage(
                req, access, values: values, errors: [FormError(field: "scenario", message: "Choose a scenario")],
                status: .unprocessableEntity)
        }
        do {
            try await access.scope.requireLinkable(
                eventIDs: Set(form.event.flatMap(UUID.init(uuidString:)).map { [$0] } ?? []),
                partnershipID: access.partnershipID, field: "event", on: req.db)
            let session = try await GameSessions.create(
                partnershipID: access.partnershipID, scenario: scenario, title: form.title ?? "",
                eventID: form.event.flatMap(UUID.init(uuidString:)),
                surveyID: form.survey.flatMap(UUID.init(uuidString:)),
                by: access.staff.acting(req), on: req.db)
            return req.redirect(
                to: SiteURL.partnership(slug: access.slug, .game(id: session.id!.uuidString)).path,
                redirectType: .normal)
        } catch let errors as FieldErrors {
            return try await listPage(
                req, access, values: values, errors: errors.formErrors, status: .unprocessableEntity)
        }
    }

    private func session(_ req: Request, _ access: PartnershipAccess) async throws -> (GameSession, LiveGame) {
        let session = try await Self.record(req, access)
        return (session, try await req.application.games.game(session))
    }

    /// The game session named in the path, if it belongs to this partnership (also checked before a socket upgrades).
    static func record(_ req: Request, _ access: PartnershipAccess) async throws -> GameSession {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
            let session = try await GameSession.find(id, partnershipID: access.partnershipID, on: req.db)
        else { throw NotFound("game") }
        return session
    }

    func show(req: Request) async throws -> Response {
        let access = try await req.access(.viewExactCounts)
        let (session, live) = try await session(req, access)
        let notice = req.query[String.self, at: "done"].flatMap { Self.notices[$0] }
        return facilitatorPage(req, access, session, await live.state, notice: notice, error: nil, status: .ok)
    }

    func projector(req: Request) async throws -> Response {
        let access = try await req.access(.viewExactCounts)
        let (session, live) = try await session(req, access)
        let model = FacilitatorModel.build(
            session: session, state: await live.state, access: access, site: req.siteAddress, notice: nil, error: nil)
        return ProjectorPage.render(model, chrome: req.chrome(access, current: .games)).htmlResponse()
    }

    private func facilitatorPage(
        _ req: Request, _ access: PartnershipAccess, _ session: GameSession, _ state: GameState,
        notice: String?, error: String?, status: HTTPResponseStatus
    ) -> Response {
        let model = FacilitatorModel.build(
            session: session, state: state, access: access, site: req.siteAddress, notice: notice, error: error)
        return FacilitatorPage.render(model, chrome: req.chrome(access, current: .games)).htmlResponse(status)
    }

    static let notices = [
        "start": "The game has started.", "pause": "The game is paused: players' clocks have stopped.",
        "resume": "The game carries on.",
        "extend": "Five minutes added to the clock.",
        "finish": "The game has finished. Players now see their results and the key messages.",
        "message": "Message sent.", "push-hint": "Hint sent.",
        "open-round": "The next round is open: teams can choose their defences.",
        "reveal-round": "Round results revealed to the teams.", "confirm": "The team's choice is confirmed.",
        "lock-teams": "The teams are closed: no new teams, and no one can join a team.",
        "unlock-teams": "Players can join again.",
    ]

    func control(req: Request) async throws -> Response {
        let access = try await req.access(.runGames)
        let (session, live) = try await session(req, access)
        let form = FormPairs(req)
        let action = form.first("action") ?? ""
        let team = form.first("team").flatMap { $0.isEmpty ? nil : $0 }
        let request: GamePlay.Request
        switch action {
        case "start": request = .start
        case "pause": request = .pause
        case "resume": request = .resume
        case "finish": request = .finish
        case "extend": request = .extend(minutes: 5)
        case "message": request = .message(team: team, text: form.first("text") ?? "")
        case "push-hint": request = .pushHint(team: team ?? "")
        case "open-round": request = .openRound
        case "reveal-round": request = .revealRound
        case "confirm": request = .confirmForTeam(team: team ?? "")
        case "lock-teams": request = .lockTeams
        case "unlock-teams": request = .unlockTeams
        default: throw Abort(.badRequest, reason: "Unknown game control.")
        }
        do {
            try await live.perform(request)
            if action == "start" || action == "finish" {
                let actor = access.staff.acting(req)
                let partnershipID = access.partnershipID
                let id = session.id?.uuidString
                let summary = action == "start" ? "Started game “\(session.title)”" : "Finished game “\(session.title)”"
                try await req.db.write { tx in
                    try await Audit.record(
                        on: tx, partnershipID: partnershipID, by: actor, action: .update, entity: "game session",
                        entityID: id, summary: summary)
                }
            }
            return req.redirect(
                to: SiteURL.partnership(slug: access.slug, .game(id: session.id!.uuidString)).path + "?done=\(action)",
                redirectType: .normal)
        } catch let refusal as GamePlay.Refusal {
            return facilitatorPage(
                req, access, session, await live.state, notice: nil, error: refusal.message,
                status: .unprocessableEntity)
        }
    }

    func debrief(req: Request) async throws -> Response {
        let access = try await req.access(.viewExactCounts)
        let (session, live) = try await session(req, access)
        let model = GameDebriefModel.build(session: session, state: await live.state, slug: access.slug)
        return GameDebriefPage.render(model, chrome: req.chrome(access, current: .games)).htmlResponse()
    }

    func state(req: Request) async throws -> Response {
        let access = try await req.access(.viewExactCounts)
        let (_, live) = try await session(req, access)
        // Team codes and each team's answers are for those who run games; everyone else follows the projector's feed.
        let audience: LiveGame.Watcher.Audience =
            req.query[String.self, at: "view"] == "projector" || !access.allows(.runGames) ? .projector : .facilitator
        let body = await live.message(for: audience, event: nil)
        return Response(
            status: .ok, headers: ["Content-Type": "application/json", "Cache-Control": "no-store"],
            body: .init(string: body))
    }

    /// The facilitator's or projector's live feed; closed when the session ends or the role no longer allows it.
    func live(req: Request, ws: WebSocket) async {
        guard let access = try? await req.access(.viewExactCounts), let (_, live) = try? await session(req, access),
            let staff = req.staff
        else {
            try? await ws.close(code: .policyViolation)
            return
        }
        // Team codes and each team's answers are for those who run games; everyone else follows the projector's feed.
        let audience: LiveGame.Watcher.Audience =
            req.query[String.self, at: "view"] == "projector" || !access.allows(.runGames) ? .projector : .facilitator
        await req.application.games.attach(
            ws, to: live, audience: audience,
            staff: LiveGame.StaffWatch(token: staff.token, partnershipID: access.partnershipID),
            address: req.limitAddress)
    }
}
