import Fluent
import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

/// Players' pages at /play. No account and nothing personal: a team name, and one strictly necessary
/// cookie holding a random player id (so a reload or a lost connection rejoins the same team).
/// These pages never read or set the staff cookies.
struct PlayController {
    static func cookieName(_ config: AppConfig) -> String {
        config.secureCookies ? "__Secure-safercyber-play" : "safercyber-play"
    }

    struct Player {
        let id: String
        let isNew: Bool
    }

    private struct PlayerKey: StorageKey { typealias Value = Player }

    /// The device's player id from the game cookie, or a new one; the same all through one request.
    static func player(_ req: Request) -> Player {
        if let known = req.storage[PlayerKey.self] { return known }
        let player: Player
        if let id = req.cookieValue(cookieName(req.application.config)), id.utf8.count == 32,
            id.utf8.allSatisfy(Self.isTokenByte)
        {
            player = Player(id: id, isNew: false)
        } else {
            player = Player(id: Secrets.token(bytes: 24), isNew: true)
        }
        req.storage[PlayerKey.self] = player
        return player
    }

    /// URL-safe base64: what `Secrets.token` writes.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: "_")
    }

    /// The token forms on player pages carry: derived from the game cookie, so no second cookie is needed.
    static func formToken(_ playerID: String) -> String { Secrets.hash("play-form:" + playerID) }

    static func withCookie(_ response: Response, _ player: Player, _ req: Request) -> Response {
        if player.isNew {
            let config = req.application.config
            response.cookies[cookieName(config)] = HTTPCookies.Value(
                string: player.id, expires: nil, maxAge: nil, domain: nil, path: "/play",
                isSecure: config.secureCookies, isHTTPOnly: true, sameSite: .strict)
        }
        return response
    }

    /// The game named in the path. A device in none of its teams (a stranger) is refused once its address has
    /// used up its wrong guesses, on every route, so that a right code cannot be confirmed by any of them.
    private func game(_ req: Request) async throws -> LiveGame {
        guard let code = req.parameters.get("code") else { throw NotFound("game") }
        guard let game = try await req.application.games.game(code: code) else {
            try await Self.countWrongGuess(req)
            throw NotFound("game")
        }
        if await game.state.team(ofPlayer: Self.player(req).id) == nil { try await Self.refuseIfGuessing(req) }
        return game
    }

    // MARK: Guessing codes (issue 20, case 7)

    /// Wrong game codes and team codes one address may try in an hour; past it, the address is refused any game it
    /// has not joined, right code or wrong, so it cannot confirm a guess either. (No limit per game: one would let
    /// anyone who can see the game code stop every team-mate joining. Team codes have five characters instead.)
    static let wrongGuessesPerAddress = 30

    static func guessLimit(_ address: String) -> PublicLimits.Rule {
        .init("game|guess|\(address)", limit: wrongGuessesPerAddress, window: 60 * 60)
    }

    static func tooMany(_ seconds: TimeInterval) -> Abort {
        let minutes = max(1, Int((seconds / 60).rounded(.up)))
        return Abort(
            .tooManyRequests, headers: ["Retry-After": "\(Int(seconds.rounded(.up)))"],
            reason:
                "Too many wrong codes have been tried. Try again in \(minutes) minute\(minutes == 1 ? "" : "s"), "
                + "or ask your facilitator.")
    }

    /// Refuses a stranger whose address has used up its wrong guesses.
    static func refuseIfGuessing(_ req: Request) async throws {
        if case .limited(let seconds) = try await PublicLimits.peek(guessLimit(req.limitAddress), on: req.db) {
            throw tooMany(seconds)
        }
    }

    /// Counts a wrong guess, checked and counted in one locked step (`PublicLimits.take`), so a burst of parallel
    /// guesses gets at most the limit; past it, refuses.
    static func countWrongGuess(_ req: Request) async throws {
        if case .limited(let seconds) = try await PublicLimits.take([guessLimit(req.limitAddress)], on: req.db) {
            throw tooMany(seconds)
        }
    }

    // MARK: Pages

    func enterCode(req: Request) async throws -> Response {
        let player = Self.player(req)
        if let typed = req.query[String.self, at: "code"] {
            let code = GameSessions.normalisedCode(typed)
            try await Self.refuseIfGuessing(req)
            if try await req.application.games.game(code: code) != nil {
                return req.redirect(to: SiteURL.playGame(code: code).path, redirectType: .normal)
            }
            if !code.isEmpty { try await Self.countWrongGuess(req) }
            let message =
                typed.trimmingCharacters(in: .whitespaces).isEmpty
                ? "Enter the game code"
                : "There is no game with that code. Check it with your facilitator: it has six letters and numbers."
            let model = PlayPage.Model(code: "", title: "Join a game", screen: .enterCode(value: typed, error: message))
            return PlayPage.render(model, csrf: "").htmlResponse(.unprocessableEntity)
        }
        let model = PlayPage.Model(code: "", title: "Join a game", screen: .enterCode(value: "", error: nil))
        return Self.withCookie(PlayPage.render(model, csrf: "").htmlResponse(), player, req)
    }

    func show(req: Request) async throws -> Response {
        let player = Self.player(req)
        let live = try await game(req)
        let state = await live.state
        let answered = req.query[Int.self, at: "answered"]
        let model = try await Self.footed(
            live, req,
            PlayModel.build(
                game: live, state: state, player: player.id, answered: answered, error: nil,
                surveyAddress: state.status == .finished ? try await surveyAddress(live, req) : nil))
        return Self.withCookie(PlayPage.render(model, csrf: Self.formToken(player.id)).htmlResponse(), player, req)
    }

    /// The optional post-game survey, when it is open: its last stage ("after", or "once").
    private func surveyAddress(_ game: LiveGame, _ req: Request) async throws -> String? {
        guard let id = game.surveyID,
            let survey = try await Survey.find(id, partnershipID: game.partnershipID, on: req.db),
            survey.status == .open, let stage = Surveys.stages(survey).last,
            let slug = try await Partnerships.slug(of: game.partnershipID, on: req.db)
        else { return nil }
        return SiteURL.publicSurvey(slug: slug, id: id.uuidString, stage: stage.rawValue).path
    }

    /// Re-shows the page with a refusal's reason, or follows the redirect of a done request.
    private func perform(
        _ req: Request, _ request: GamePlay.Request, typed: String = "", typedCode: String? = nil,
        then: (GameState) -> String
    )
        async throws -> Response
    {
        let player = Self.player(req)
        let live = try await game(req)
        do {
            try await live.perform(request, from: Self.page(req.form.first("page")))
            return req.redirect(to: then(await live.state), redirectType: .normal)
        } catch let refusal as GamePlay.Refusal {
            let model = try await Self.footed(
                live, req,
                PlayModel.build(
                    game: live, state: await live.state, player: player.id, answered: nil, error: refusal.message,
                    surveyAddress: nil, typed: typed, typedCode: typedCode))
            return PlayPage.render(model, csrf: Self.formToken(player.id)).htmlResponse(.unprocessableEntity)
        }
    }

    /// Adds the game's partnership, so the page's footer links to its privacy notice and accessibility statement.
    static func footed(_ live: LiveGame, _ req: Request, _ model: PlayPage.Model) async throws -> PlayPage.Model {
        var model = model
        model.slug = try await Partnerships.slug(of: live.partnershipID, on: req.db)
        return model
    }

    private func team(_ req: Request, _ state: GameState) throws -> GameState.Team {
        guard let team = state.team(ofPlayer: Self.player(req).id) else {
            throw Abort(.conflict, reason: "Join a team first: go back to the game page and enter a team name.")
        }
        return team
    }

    // MARK: Actions

    /// Either a new team's name (`team`) or an existing team's code (`teamCode`).
    struct JoinForm: Content {
        var team: String?
        var teamCode: String?
    }

    func join(req: Request) async throws -> Response {
        let form = try FormPairs(req).decode(JoinForm.self)
        let code = req.parameters.get("code") ?? ""
        let live = try await game(req)
        let player = Self.player(req).id
        if let typedCode = form.teamCode {
            // A wrong code counts against the address (in one locked step) before the refusal is shown.
            if await live.state.team(code: typedCode) == nil, !GamePlay.normalisedTeamCode(typedCode).isEmpty {
                try await Self.countWrongGuess(req)
            }
            let request = GamePlay.Request.joinTeam(code: typedCode, player: player)
            return try await perform(req, request, typedCode: typedCode) { _ in
                SiteURL.playGame(code: code).path
            }
        }
        // Once the game is under way, one address starts only a few new teams (each has a quick guess per puzzle):
        // each try to start one is counted in one locked step, so parallel requests get no more than the limit.
        let late = await live.state.status != .lobby
        let lateTeams = PublicLimits.Rule(
            "game|late-team|\(live.id)|\(req.limitAddress)", limit: GamePlay.lateTeamsPerAddress, window: 6 * 60 * 60)
        if late, case .limited(let seconds) = try await PublicLimits.take([lateTeams], on: req.db) {
            throw Abort(
                .tooManyRequests, headers: ["Retry-After": "\(Int(seconds.rounded(.up)))"],
                reason: "Enough new teams have started here since the game began. Join a team with its team code, "
                    + "or ask your facilitator.")
        }
        return try await perform(req, .join(teamName: form.team ?? "", player: player), typed: form.team ?? "") { _ in
            SiteURL.playGame(code: code).path
        }
    }

    func answer(req: Request) async throws -> Response {
        let live = try await game(req)
        let state = await live.state
        let team = try team(req, state)
        let form = req.form
        let puzzleID = form.first("puzzle") ?? ""
        guard let puzzle = state.escape?.puzzle(puzzleID) else {
            throw Abort(.badRequest, reason: "That puzzle is not part of this game.")
        }
        let code = req.parameters.get("code") ?? ""
        guard let answer = PlayModel.answer(to: puzzle, from: form) else {
            let model = try await Self.footed(
                live, req,
                PlayModel.build(
                    game: live, state: state, player: Self.player(req).id, answered: nil,
                    error: PlayModel.missingAnswerMessage(puzzle), surveyAddress: nil))
            return PlayPage.render(model, csrf: Self.formToken(Self.player(req).id)).htmlResponse(.unprocessableEntity)
        }
        return try await perform(req, .answer(team: team.id, puzzle: puzzleID, answer: answer)) { after in
            let index = (after.team(team.id)?.answers.count ?? 1) - 1
            return SiteURL.playGame(code: code).path + "?answered=\(index)"
        }
    }

    func hint(req: Request) async throws -> Response {
        let live = try await game(req)
        let team = try team(req, await live.state)
        let code = req.parameters.get("code") ?? ""
        return try await perform(req, .takeHint(team: team.id, puzzle: req.form.first("puzzle") ?? "")) { _ in
            SiteURL.playGame(code: code).path
        }
    }

    func basket(req: Request) async throws -> Response {
        let live = try await game(req)
        let team = try team(req, await live.state)
        let form = req.form
        let player = Self.player(req).id
        let code = req.parameters.get("code") ?? ""
        let defences = form.all("defences")
        let current = await live.state.team(team.id)
        // Only a real change of choice resets the team's agreement.
        if current?.basket != defences || form.first("agree") != "yes" {
            let response = try await perform(req, .setBasket(team: team.id, player: player, defences: defences)) { _ in
                SiteURL.playGame(code: code).path
            }
            guard form.first("agree") == "yes", response.status == .seeOther || response.status == .found else {
                return response
            }
        }
        return try await perform(req, .agree(team: team.id, player: player)) { _ in SiteURL.playGame(code: code).path }
    }

    func agree(req: Request) async throws -> Response {
        let live = try await game(req)
        let team = try team(req, await live.state)
        let code = req.parameters.get("code") ?? ""
        return try await perform(req, .agree(team: team.id, player: Self.player(req).id)) { _ in
            SiteURL.playGame(code: code).path
        }
    }

    func certificate(req: Request) async throws -> Response {
        let live = try await game(req)
        let state = await live.state
        let team = try team(req, state)
        let partnership = try await Partnerships.find(id: live.partnershipID, on: req.db)
        let date = (state.finishedAt ?? state.startedAt ?? Date()).formatted(
            .dateTime.day().month(.wide).year().locale(Locale(identifier: "en_GB")))
        let achievement = PlayModel.achievement(team, in: state)
        return GameCertificatePage.render(
            team: team.name, game: state.scenario.title, partnership: partnership?.name ?? "", date: date,
            achievement: achievement
        ).htmlResponse()
    }

    // MARK: Live

    func state(req: Request) async throws -> Response {
        let live = try await game(req)
        let player = Self.player(req).id
        let state = await live.state
        let audience: LiveGame.Watcher.Audience = state.team(ofPlayer: player).map { .team($0.id) } ?? .player(player)
        let body = await live.message(for: audience, event: nil)
        return Response(
            status: .ok, headers: ["Content-Type": "application/json", "Cache-Control": "no-store"],
            body: .init(string: body))
    }

    func live(req: Request, ws: WebSocket) async {
        guard let live = try? await game(req) else {
            try? await ws.close(code: .policyViolation)
            return
        }
        let player = Self.player(req).id
        let state = await live.state
        let audience: LiveGame.Watcher.Audience = state.team(ofPlayer: player).map { .team($0.id) } ?? .player(player)
        await req.application.games.attach(
            ws, to: live, audience: audience, page: Self.page(req.query[String.self, at: "page"]),
            address: req.limitAddress)
    }

    /// The page id game.js sends (a few letters and digits), or nil for anything else.
    static func page(_ sent: String?) -> String? {
        guard let sent, (1...32).contains(sent.utf8.count), sent.utf8.allSatisfy(isTokenByte) else { return nil }
        return sent
    }
}
