import App
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import SaferCyberCore
import Vapor

/// `safercyber-dev loadtest-games --url http://127.0.0.1:8080` drives a running server from this second process:
/// it sets up game sessions as a facilitator, joins players who each hold a WebSocket open, then
///  1. sends answers at a steady rate and times each one until it reaches the facilitator's and the
///     projector's WebSockets (p50/p99);
///  2. sends answers as fast as the server takes them over HTTP (answers per second).
/// Use a throwaway demo server: it creates sessions in the demo partnership.
struct LoadTestGamesCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "url", help: "The server (default http://127.0.0.1:8080)") var url: String?
        @Option(name: "sessions", help: "Game sessions (default 100)") var sessions: Int?
        @Option(name: "players", help: "Players in all, each on a WebSocket (default 2000)") var players: Int?
        @Option(name: "rate", help: "Answers per second while timing delivery (default 500)") var rate: Int?
        @Option(name: "seconds", help: "Seconds for each phase (default 15)") var seconds: Int?
        @Option(name: "connections", help: "Concurrent requests in the throughput phase (default 128)") var connections:
            Int?
        @Option(name: "email", help: "A facilitator's account (default officer@demo.test)") var email: String?
        @Option(
            name: "wrk",
            help:
                "Instead of the built-in throughput phase, write a wrk Lua script of every player's answer to this file, print READY and hold the sockets open"
        ) var wrk: String?
        @Option(name: "hold", help: "Seconds to hold the sockets open for wrk (default 30)") var hold: Int?
        @Flag(
            name: "close-player-sockets",
            help:
                "With --wrk: close the players' sockets before wrk starts (facilitator and projector sockets stay open)"
        ) var closePlayerSockets: Bool
    }

    var help: String { "Load-tests live games on a running server (see scripts/bench-games)." }

    /// Arrival times of answer events on the facilitator and projector sockets, matched to when they were sent.
    final class Clock: Sendable {
        private struct Times {
            var sent: [String: [UInt64]] = [:]  // "session/team" → send times, oldest first (facilitator)
            var sentProjector: [String: [UInt64]] = [:]
            var facilitator: [Double] = []
            var projector: [Double] = []
            var recording = false
        }
        private let times = NIOLockedValueBox(Times())

        var recording: Bool {
            get { times.withLockedValue { $0.recording } }
            set { times.withLockedValue { $0.recording = newValue } }
        }

        func sending(_ key: String) {
            let now = DispatchTime.now().uptimeNanoseconds
            times.withLockedValue { t in
                guard t.recording else { return }
                t.sent[key, default: []].append(now)
                t.sentProjector[key, default: []].append(now)
            }
        }

        func arrived(_ key: String, projector isProjector: Bool) {
            let now = DispatchTime.now().uptimeNanoseconds
            times.withLockedValue { t in
                if isProjector {
                    guard var sent = t.sentProjector[key], !sent.isEmpty else { return }
                    t.projector.append(Double(now - sent.removeFirst()) / 1e6)
                    t.sentProjector[key] = sent
                } else {
                    guard var sent = t.sent[key], !sent.isEmpty else { return }
                    t.facilitator.append(Double(now - sent.removeFirst()) / 1e6)
                    t.sent[key] = sent
                }
            }
        }

        func stop() -> (facilitator: [Double], projector: [Double], unmatched: Int) {
            times.withLockedValue { t in
                t.recording = false
                return (t.facilitator, t.projector, t.sent.values.reduce(0) { $0 + $1.count })
            }
        }
    }

    struct Player: Sendable {
        var session: Int
        var code: String
        var team: String
        var cookie: String
        var token: String
        /// The page id its socket and its answers carry, as game.js sends them.
        var page: String
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let base = signature.url ?? "http://127.0.0.1:8080"
        let sessionCount = signature.sessions ?? 100
        let playerCount = signature.players ?? 2000
        let seconds = signature.seconds ?? 15
        let rate = signature.rate ?? 500
        app.http.client.configuration.redirectConfiguration = .disallow
        app.http.client.configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 512
        let client = app.client
        let origin: HTTPHeaders = ["Origin": base, "Content-Type": "application/x-www-form-urlencoded"]
        func token(_ body: String) -> String {
            body.range(of: #"name="csrf" value="([^"]+)""#, options: .regularExpression).map {
                String(body[$0].dropFirst(#"name="csrf" value=""#.count).dropLast())
            } ?? ""
        }
        func cookies(_ response: ClientResponse) -> [String] {
            response.headers[.setCookie].map { String($0.split(separator: ";")[0]) }
        }
        func form(_ pairs: [(String, String)]) -> String {
            pairs.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(
                separator: "&")
        }

        // Facilitator: sign in, set up and start the sessions.
        let signInPage = try await client.get(URI(string: base + "/app/sign-in"))
        var staffCookies = cookies(signInPage)
        let password = ProcessInfo.processInfo.environment["SAFERCYBER_PASSWORD"] ?? "demo-password-2026"
        let signedIn = try await client.post(
            URI(string: base + "/app/sign-in"), headers: origin.adding("Cookie", staffCookies.joined(separator: "; "))
        ) {
            $0.body = ByteBuffer(
                string: form([
                    ("csrf", token(signInPage.body.map { String(buffer: $0) } ?? "")),
                    ("email", signature.email ?? "officer@demo.test"), ("password", password),
                ]))
        }
        staffCookies += cookies(signedIn)
        let staffCookie = staffCookies.joined(separator: "; ")
        guard signedIn.status == .seeOther else {
            throw StartupError("Could not sign in as the facilitator (status \(signedIn.status.code)).")
        }
        let gamesPage = try await client.get(URI(string: base + "/app/p/demo/games"), headers: ["Cookie": staffCookie])
        let staffToken = token(gamesPage.body.map { String(buffer: $0) } ?? "")
        var sessions: [(path: String, code: String)] = []
        for i in 0..<sessionCount {
            let created = try await client.post(
                URI(string: base + "/app/p/demo/games"), headers: origin.adding("Cookie", staffCookie)
            ) {
                $0.body = ByteBuffer(
                    string: form([("csrf", staffToken), ("scenario", "scam-week"), ("title", "Load test \(i + 1)")]))
            }
            guard let path = created.headers.first(name: .location) else {
                throw StartupError("Could not create a game (status \(created.status.code)).")
            }
            let page = try await client.get(URI(string: base + path), headers: ["Cookie": staffCookie])
            let body = page.body.map { String(buffer: $0) } ?? ""
            guard let range = body.range(of: #"<p class="code">[A-Z0-9]{6}</p>"#, options: .regularExpression) else {
                throw StartupError("No game code on \(path).")
            }
            sessions.append((path, String(body[range].dropFirst(16).prefix(6))))
        }

        // Players: each joins as its own team and keeps a WebSocket open.
        var players: [Player] = []
        for p in 0..<playerCount {
            let s = p % sessionCount
            let code = sessions[s].code
            let page = try await client.get(URI(string: base + "/play/\(code)"))
            let cookie = cookies(page).joined(separator: "; ")
            let formToken = token(page.body.map { String(buffer: $0) } ?? "")
            let team = "Team \(p / sessionCount + 1)"
            let joined = try await client.post(
                URI(string: base + "/play/\(code)/join"), headers: origin.adding("Cookie", cookie)
            ) {
                $0.body = ByteBuffer(string: form([("csrf", formToken), ("team", team)]))
            }
            guard joined.status == .seeOther else {
                throw StartupError("A player could not join (status \(joined.status.code)).")
            }
            players.append(
                Player(session: s, code: code, team: team, cookie: cookie, token: formToken, page: "load\(p)"))
        }
        for (path, _) in sessions {
            _ = try await client.post(
                URI(string: base + path + "/control"), headers: origin.adding("Cookie", staffCookie)
            ) {
                $0.body = ByteBuffer(string: form([("csrf", staffToken), ("action", "start")]))
            }
        }

        let clock = Clock()
        let wsBase = base.replacingOccurrences(of: "http://", with: "ws://").replacingOccurrences(
            of: "https://", with: "wss://")
        // WebSocketKit sends a Host header without the port; the server checks Origin against Host.
        let wsOrigin = URL(string: base).map { "\($0.scheme ?? "http")://\($0.host ?? "127.0.0.1")" } ?? base
        let group = app.eventLoopGroup
        struct Sockets {
            var all: [WebSocket] = [], players: [WebSocket] = []
        }
        let sockets = NIOLockedValueBox(Sockets())
        let keep: @Sendable (WebSocket) -> Void = { ws in sockets.withLockedValue { $0.all.append(ws) } }
        let keepPlayer: @Sendable (WebSocket) -> Void = { ws in sockets.withLockedValue { $0.players.append(ws) } }
        for (index, session) in sessions.enumerated() {
            for projector in [false, true] {
                let url = wsBase + session.path + "/live" + (projector ? "?view=projector" : "")
                try await WebSocket.connect(to: url, headers: ["Cookie": staffCookie, "Origin": wsOrigin], on: group) {
                    ws in
                    keep(ws)
                    ws.onText { _, text in
                        // Only answers are timed; the team's name is in the message's standing. Read it from the
                        // text rather than parsing every message, so the generator stays light.
                        guard clock.recording, text.contains("\"event\":\"answered\""),
                            let standing = text.range(of: "\"standing\":{")?.upperBound,
                            let nameStart = text[standing...].range(of: "\"name\":\"")?.upperBound,
                            let nameEnd = text[nameStart...].firstIndex(of: "\"")
                        else { return }
                        clock.arrived("\(index)/\(text[nameStart..<nameEnd])", projector: projector)
                    }
                }.get()
            }
        }
        var playerSockets = 0
        for player in players {
            // Each player's socket is its page's, as game.js opens it: the page names itself, and answers sent from it say so.
            try await WebSocket.connect(
                to: wsBase + "/play/\(player.code)/live?page=\(player.page)",
                headers: ["Cookie": player.cookie, "Origin": wsOrigin], on: group
            ) { ws in
                keepPlayer(ws)
                ws.onText { _, _ in }
            }.get()
            playerSockets += 1
        }
        context.console.print(
            "Set up \(sessionCount) sessions, \(players.count) players joined, \(playerSockets) player WebSockets and \(sessionCount * 2) facilitator/projector WebSockets open."
        )

        let everyone = players
        let answer: @Sendable (Player) async -> Bool = { player in
            clock.sending("\(player.session)/\(player.team)")
            let response = try? await client.post(
                URI(string: base + "/play/\(player.code)/answer"), headers: origin.adding("Cookie", player.cookie)
            ) {
                $0.body = ByteBuffer(string: "csrf=\(player.token)&puzzle=parcel-text&flags=0&page=\(player.page)")
            }
            return response?.status == .seeOther
        }

        // Phase 1: delivery latency at a steady rate.
        clock.recording = true
        let interval = 1.0 / Double(rate)
        let start = Date()
        var sent = 0
        await withTaskGroup(of: Void.self) { tasks in
            while Date().timeIntervalSince(start) < Double(seconds) {
                let player = players[sent % players.count]
                sent += 1
                tasks.addTask { _ = await answer(player) }
                let due = start.addingTimeInterval(Double(sent) * interval)
                let wait = due.timeIntervalSinceNow
                if wait > 0 { try? await Task.sleep(for: .milliseconds(Int(wait * 1000))) }
            }
        }
        try await Task.sleep(for: .seconds(1))
        let (facilitator, projector, unmatched) = clock.stop()
        func percentile(_ values: [Double], _ p: Double) -> String {
            guard !values.isEmpty else { return "–" }
            let sorted = values.sorted()
            return String(format: "%.1f ms", sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))])
        }
        context.console.print(
            "Delivery, \(sent) answers at \(rate)/s over \(seconds) s: facilitator p50 \(percentile(facilitator, 0.5)), p99 \(percentile(facilitator, 0.99)), max \(percentile(facilitator, 1)) (\(facilitator.count) timed); projector p50 \(percentile(projector, 0.5)), p99 \(percentile(projector, 0.99)) (\(projector.count) timed); \(unmatched) not delivered."
        )

        // Phase 2: throughput, by wrk (lighter than this process, so more of the machine is left for the server)…
        if let file = signature.wrk {
            let rows = players.map { p in
                "{\"/play/\(p.code)/answer\",\"\(p.cookie)\",\"csrf=\(p.token)&puzzle=parcel-text&flags=0&page=\(p.page)\"}"
            }
            let script = """
                -- Written by safercyber loadtest-games: every player's wrong answer to the first puzzle, in turn.
                local answers = {\(rows.joined(separator: ",\n"))}
                local i = 0
                request = function()
                  i = i + 1
                  local a = answers[(i % #answers) + 1]
                  return wrk.format("POST", a[1], {["Cookie"] = a[2], ["Content-Type"] = "application/x-www-form-urlencoded", ["Origin"] = "\(base)"}, a[3])
                end
                """
            try script.write(toFile: file, atomically: true, encoding: .utf8)
            if signature.closePlayerSockets {
                for ws in sockets.withLockedValue({ $0.players }) { try? await ws.close() }
                context.console.print(
                    "Closed the \(playerSockets) player sockets; \(sessionCount * 2) facilitator/projector sockets stay open."
                )
            }
            context.console.print("READY")
            try await Task.sleep(for: .seconds(signature.hold ?? 30))
            for ws in sockets.withLockedValue({ $0.all + $0.players }) { try? await ws.close() }
            return
        }
        // …or by this process.
        let workers = signature.connections ?? 128
        struct Count {
            var ok = 0, failed = 0
        }
        let counts = NIOLockedValueBox(Count())
        let throughputStart = Date()
        await withTaskGroup(of: Void.self) { tasks in
            for w in 0..<workers {
                tasks.addTask {
                    var i = w
                    while Date().timeIntervalSince(throughputStart) < Double(seconds) {
                        let ok = await answer(everyone[i % everyone.count])
                        counts.withLockedValue { if ok { $0.ok += 1 } else { $0.failed += 1 } }
                        i += workers
                    }
                }
            }
        }
        let elapsed = Date().timeIntervalSince(throughputStart)
        let count = counts.withLockedValue { $0 }
        context.console.print(
            String(
                format:
                    "Throughput: %d answers accepted in %.1f s = %.0f answers/s over HTTP (%d concurrent requests, %d failed).",
                count.ok, elapsed, Double(count.ok) / elapsed, workers, count.failed))
        for ws in sockets.withLockedValue({ $0.all + $0.players }) { try? await ws.close() }
    }
}

extension HTTPHeaders {
    fileprivate func adding(_ name: String, _ value: String) -> HTTPHeaders {
        var copy = self
        copy.add(name: name, value: value)
        return copy
    }
}
