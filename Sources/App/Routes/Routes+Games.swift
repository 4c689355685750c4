import SaferCyberCore
import SaferCyberViews
import Vapor

/// Awareness games: staff sessions and players' pages.
extension Routes {
    /// Game sessions run by staff, with the facilitator's live feed.
    func staffGames() {
        let games = GamesController()
        app.get(page(.games), use: games.list)
        app.post(page(.games), use: games.create)
        app.get(page(.game(id: id)), use: games.show)
        app.post(page(.gameControl(id: id)), use: games.control)
        app.get(page(.gameProjector(id: id)), use: games.projector)
        app.get(page(.gameState(id: id)), use: games.state)
        app.get(page(.gameDebrief(id: id)), use: games.debrief)
        app.webSocket(
            page(.gameLive(id: id)),
            shouldUpgrade: { req in
                // Only staff of this partnership may watch, and only from this site's own pages; checked before upgrading.
                guard CSRFMiddleware().originMatches(req) else {
                    throw Abort(.forbidden, reason: "Live updates are only for this site's own pages.")
                }
                // …and only a game of this partnership: another partnership's game id is refused before upgrading.
                // Roles with exact counts only: the feed names and counts the teams (issue 19).
                _ = try await GamesController.record(req, try await req.access(.viewExactCounts))
                return [:]
            }, onUpgrade: games.live)

    }

    /// Players joining and playing with a code.
    func players() {
        let play = PlayController()
        let code = SiteURL.param("code")
        app.get(path(.play), use: play.enterCode)
        app.get(path(.playGame(code: code)), use: play.show)
        app.post(path(.playJoin(code: code)), use: play.join)
        app.post(path(.playAnswer(code: code)), use: play.answer)
        app.post(path(.playHint(code: code)), use: play.hint)
        app.post(path(.playBasket(code: code)), use: play.basket)
        app.post(path(.playAgree(code: code)), use: play.agree)
        app.get(path(.playState(code: code)), use: play.state)
        app.get(path(.playCertificate(code: code)), use: play.certificate)
        app.webSocket(
            path(.playLive(code: code)),
            shouldUpgrade: { req in
                guard CSRFMiddleware().originMatches(req) else {
                    throw Abort(.forbidden, reason: "Live updates are only for this site's own pages.")
                }
                return [:]
            }, onUpgrade: play.live)
        app.get(path(.gameScript), use: PublicController().gameScript)
    }
}
