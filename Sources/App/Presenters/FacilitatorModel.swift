import Foundation
import SaferCyberCore
import SaferCyberViews

/// Turns a game's state into the facilitator's (and projector's) page.
enum FacilitatorModel {
    static func build(
        session: GameSession, state: GameState, access: PartnershipAccess, site: String, notice: String?, error: String?
    ) -> FacilitatorPage.Model {
        let now = Date()
        let isEscape = state.escape != nil
        var controls: [FacilitatorPage.Control] = []
        switch state.status {
        case .lobby:
            controls.append(.init(action: "start", label: "Start the game", primary: true))
        case .running:
            if let defence = state.defence {
                if state.openRound > state.revealedRound {
                    controls.append(
                        .init(action: "reveal-round", label: "Reveal round \(state.openRound) results", primary: true))
                } else if state.revealedRound < defence.rounds {
                    controls.append(
                        .init(action: "open-round", label: "Open round \(state.revealedRound + 1)", primary: true))
                }
            }
            controls.append(.init(action: "pause", label: "Pause"))
            if isEscape { controls.append(.init(action: "extend", label: "Add 5 minutes")) }
        case .paused:
            controls.append(.init(action: "resume", label: "Carry on", primary: true))
            if isEscape { controls.append(.init(action: "extend", label: "Add 5 minutes")) }
        case .finished:
            break
        }
        if state.status != .finished {
            controls.append(
                state.teamsLocked
                    ? .init(action: "unlock-teams", label: "Let players join again")
                    : .init(action: "lock-teams", label: "Close the teams"))
            controls.append(.init(action: "finish", label: "End the game"))
        }

        let teamColumns: [FacilitatorPage.Column] =
            isEscape
            ? [
                .init("name", "Team"), .init("code", "Team code"), .init("players", "Devices", numeric: true),
                .init("solved", "Solved", numeric: true), .init("current", "On puzzle"),
                .init("hints", "Hints", numeric: true), .init("wrong", "Wrong answers", numeric: true),
                .init("last", "Last answer"),
            ]
            : [
                .init("name", "Team"), .init("code", "Team code"), .init("players", "Devices", numeric: true),
                .init("basket", "Choosing"),
                .init("agreed", "Agreed"),
                .init("confirmed", "Bought this round"), .init("money", "Money (£k)", numeric: true),
                .init("losses", "Losses so far (£k)", numeric: true),
            ]
        // Team codes only for those who run games (a viewer may watch, but not join a team as someone else).
        let shownTeamColumns = access.allows(.runGames) ? teamColumns : teamColumns.filter { $0.key != "code" }
        let boardColumns: [FacilitatorPage.Column] =
            isEscape
            ? [
                .init("place", "Place", numeric: true), .init("name", "Team"),
                .init("solved", "Puzzles solved", numeric: true), .init("time", "Time"),
            ]
            : [
                .init("place", "Place", numeric: true), .init("name", "Team"),
                .init("losses", "Losses (£k)", numeric: true),
            ]
        func strings(_ rows: [LiveGameJSON.Row]) -> [[String: String]] {
            rows.map { row in Dictionary(row.map { ($0.0, $0.1.display) }, uniquingKeysWith: { a, _ in a }) }
        }
        let roundText = state.defence.map { d in
            state.openRound == 0
                ? "\(d.rounds) rounds"
                : state.openRound > state.revealedRound
                    ? "Round \(state.openRound) of \(d.rounds): teams are choosing"
                    : "Round \(state.revealedRound) of \(d.rounds) revealed"
        }
        var model = FacilitatorPage.Model(
            slug: access.slug, id: session.id!.uuidString, title: session.title, scenarioTitle: state.scenario.title,
            isEscape: isEscape,
            code: session.code, joinAddress: site + SiteURL.play.path,
            status: GamesController.statusLabel(state.status) + (state.teamsLocked ? " (teams closed)" : ""),
            remaining: isEscape ? state.remainingSeconds(at: now) : nil, running: state.status == .running,
            sequence: state.sequence,
            roundText: roundText, controls: controls, teamColumns: shownTeamColumns,
            teamRows: strings(LiveGameJSON.teams(state, at: now)),
            boardColumns: boardColumns, boardRows: strings(LiveGameJSON.leaderboard(state, at: now)),
            teams: state.teams.map { (value: $0.id, label: $0.name) }, notice: notice, error: error,
            canRun: access.allows(.runGames))
        let link = site + SiteURL.playGame(code: session.code).path
        model.qr = .encoding(link, label: "QR code for \(link)")
        return model
    }
}
