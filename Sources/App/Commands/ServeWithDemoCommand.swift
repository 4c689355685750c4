import Fluent
import SaferCyberCore
import Vapor

/// `safercyber serve [--demo]`: migrates, optionally loads the demo, prints how to sign in, then serves.
struct ServeWithDemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "hostname", short: "H", help: "Address to listen on (default 127.0.0.1).") var hostname: String?
        @Option(name: "port", short: "p", help: "Port to listen on (default 8080).") var port: Int?
        @Option(name: "bind", short: "b", help: "hostname:port to listen on.") var bind: String?
        @Flag(name: "demo", help: "Load the demo partnership and its sign-ins on first start.") var demo: Bool
    }

    var help: String { "Serves SaferCyber. With --demo, loads the demo partnership first (idempotent)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let host =
            signature.bind.map { String($0.split(separator: ":").dropLast().joined(separator: ":")) }
            ?? signature.hostname ?? app.http.server.configuration.hostname
        try await StartupError.exitOnFailure {
            if let problem = Self.exposureProblem(host: host, publicURL: app.config.publicURL) {
                throw StartupError(problem)
            }
            try await app.prepareDatabase()
        }
        if signature.demo {
            do {
                try await DemoPartnership.load(on: app.db, hasher: app.passwordHasher)
                try await DemoCrimeData.load(referenceData: "reference-data", on: app.db)
                try await DemoEvents.load(on: app.db)
                try await DemoSurveys.load(on: app.db)
                try await DemoGames.load(on: app.db, library: app.games.library)
                try await DemoPlan.load(on: app.db)
                try await DemoReportJourneys.load(on: app.db)
                try await DemoPublicHub.load(on: app.db, library: app.courses)
                try await DemoResilienceChecks.load(on: app.db, library: app.checks)
                try await DemoOrganisations.load(on: app.db)
                if let cipher = app.safeguardingCipher { try await DemoReferrals.load(on: app.db, cipher: cipher) }
            } catch let refused as DemoPartnership.Refused {
                try await StartupError.exitOnFailure { throw StartupError(refused.description) }
            }
        }
        var forwarded = ["serve"]
        if let hostname = signature.hostname { forwarded += ["--hostname", hostname] }
        if let port = signature.port { forwarded += ["--port", String(port)] }
        if let bind = signature.bind { forwarded += ["--bind", bind] }
        Housekeeping.start(app)
        if app.config.mail.background { app.mailSender.start() }
        var serveContext = context
        serveContext.input = CommandInput(arguments: forwarded)
        try await app.servers.asyncCommand.run(using: &serveContext)
        try await printWelcome(app, signature: signature)
    }

    func printWelcome(_ app: Application, signature: Signature) async throws {
        let configuration = app.http.server.configuration
        let host =
            signature.bind ?? "\(signature.hostname ?? configuration.hostname):\(signature.port ?? configuration.port)"
        var lines = ["", "SaferCyber is running at http://\(host)/app/sign-in  (press Ctrl+C to stop)"]
        if signature.demo {
            lines.append("Demo sign-ins (password: \(DemoPartnership.password)):")
            for (role, _) in DemoPartnership.accounts {
                lines.append(
                    "  \(DemoPartnership.email(for: role).padding(toLength: 24, withPad: " ", startingAt: 0)) \(role.label)"
                )
            }
        } else if try await User.query(on: app.db).count() == 0 {
            lines.append("This database has no accounts yet. Create the first administrator with:")
            lines.append("  swift run safercyber user create --admin --email you@example.org --name \"Your Name\"")
            lines.append("or try SaferCyber with demo data: swift run safercyber serve --demo")
        }
        // Written straight to stdout so it appears at once even when output is piped to a file.
        FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n\n").utf8))
    }

    /// A server other machines can reach must know its https address: without it, links in pages and the Origin
    /// check would trust whatever Host header a request carries (issue 20, case 8).
    static func exposureProblem(host: String, publicURL: String?) -> String? {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        let loopback = bare == "localhost" || bare == "::1" || bare.hasPrefix("127.")
        if loopback || publicURL?.lowercased().hasPrefix("https://") == true { return nil }
        return
            "Listening on \(host) lets other machines connect, so set PUBLIC_URL to the https:// address people use (or listen on 127.0.0.1 behind your reverse proxy)."
    }
}
