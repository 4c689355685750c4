import Fluent
import Metrics
import Prometheus
import SaferCyberCore
import SaferCyberViews
import Vapor

/// Sets up an application: configuration, database, middleware, routes and commands.
public func configure(_ app: Application, config: AppConfig) async throws {
    app.config = config
    app.signInEqualiser = try Bcrypt.hash(UUID().uuidString, cost: config.bcryptCost)
    app.safeguardingCipher = config.safeguardingCipher
    app.routes.defaultMaxBodySize = ByteCount(stringLiteral: config.maxBodySize)
    app.http.server.configuration.hostname = "127.0.0.1"
    app.http.server.configuration.port = 8080
    try app.useDatabase(config.database, dataDirectory: config.dataDirectory)

    // Outermost first: headers go on every response, errors become pages, then who is signed in, then CSRF.
    app.middleware = .init()
    app.middleware.use(RequestLogMiddleware())
    app.middleware.use(SecurityHeadersMiddleware(secure: config.secureCookies))
    app.middleware.use(ErrorPageMiddleware())
    app.middleware.use(StaffSessionMiddleware())
    app.middleware.use(CSRFMiddleware())

    MetricsSetup.bootstrapOnce()
    app.get(SiteURL.metrics.path.pathComponents) { _ in
        Response(
            status: .ok, headers: ["Content-Type": "text/plain; version=0.0.4"],
            body: .init(string: MetricsSetup.registry.emitToString()))
    }
    try routes(app)
    app.mailSender = app.makeMailSender(config.mail)
    if config.mail.background { app.lifecycle.use(MailSenderLifecycle(sender: app.mailSender)) }
    _ = app.afterResponse  // created now, before any request can race to create it
    app.lifecycle.use(AfterResponseLifecycle())
    // Created now rather than on first use, so that concurrent first requests share one hub.
    let hub = app.games
    app.lifecycle.use(GameSweepLifecycle(hub: hub))
    if case .postgres(let url, _) = config.database {
        // Other instances' game events arrive by NOTIFY (one channel for the whole database); listen while the server runs.
        app.lifecycle.use(GameNotificationsLifecycle(hub: hub, url: url))
    }

    app.asyncCommands.use(ServeWithDemoCommand(), as: "serve", isDefault: true)
    app.asyncCommands.use(MigrateDatabaseCommand(), as: "migrate")
    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(UserCommand(), as: "user")
    app.asyncCommands.use(PartnershipCommand(), as: "partnership")
    app.asyncCommands.use(BackupCommand(), as: "backup")
    app.asyncCommands.use(RestoreCommand(), as: "restore")
    app.asyncCommands.use(ImportCommand(), as: "import")
    app.asyncCommands.use(RetentionCommand(), as: "retention")
    app.asyncCommands.use(AuditCommand(), as: "audit")
    app.asyncCommands.use(ReportCommand(), as: "report")
    app.asyncCommands.use(CheckScenarioCommand(), as: "check-scenario")
    app.asyncCommands.use(ScenariosCommand(), as: "scenarios")
    app.asyncCommands.use(CheckCourseCommand(), as: "check-course")
    app.asyncCommands.use(CoursesCommand(), as: "courses")
    app.asyncCommands.use(CheckQuestionsCommand(), as: "check-questions")
    app.asyncCommands.use(ChecksCommand(), as: "checks")
    app.asyncCommands.use(SafeguardingCommand(), as: "safeguarding")
}

/// Checks staff screens' sessions and unloads finished or idle games while the server runs.
struct GameSweepLifecycle: LifecycleHandler {
    let hub: GameHub
    func didBootAsync(_ application: Application) async throws { await hub.startSweeping() }
    func shutdownAsync(_ application: Application) async { await hub.stopSweeping() }
}

/// Listens for other instances' game events while the server runs.
struct GameNotificationsLifecycle: LifecycleHandler {
    let hub: GameHub
    let url: String

    func didBootAsync(_ application: Application) async throws { await hub.startListening(url: url) }
    func shutdownAsync(_ application: Application) async { await hub.stopListening() }
}

/// Prometheus metrics. swift-metrics can be bootstrapped once per process, so tests share one registry.
enum MetricsSetup {
    static let registry = PrometheusCollectorRegistry()
    private static let bootstrap: Void = {
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    }()
    static func bootstrapOnce() { _ = bootstrap }
}

/// Housekeeping every ten minutes: expired sessions, old sign-in attempts and public-form uses.
enum Housekeeping {
    static func start(_ app: Application) {
        app.eventLoopGroup.next().scheduleRepeatedTask(initialDelay: .seconds(5), delay: .minutes(10)) { _ in
            Task {
                do {
                    let removed = try await StaffSessions.purgeExpired(on: app.db)
                    try await SignIn.purgeAttempts(on: app.db)
                    try await PublicLimits.purge(on: app.db)
                    try await KnownDevices.purge(on: app.db)
                    let anonymised = try await Retention.apply(on: app.db)
                    let referrals = try await ReferralRecords.applyRetention(
                        months: app.config.safeguardingRetentionMonths, on: app.db)
                    let contacts = try await ResilienceChecks.applyContactRetention(
                        months: app.config.checkContactRetentionMonths, on: app.db)
                    if contacts > 0 {
                        app.logger.info(
                            "Removed the contact details of \(contacts) resilience-check follow-up requests past their retention period"
                        )
                    }
                    if referrals > 0 {
                        app.logger.info(
                            "Removed the personal details of \(referrals) referrals past their retention period")
                    }
                    if anonymised > 0 {
                        app.logger.info(
                            "Deleted the personal details of \(anonymised) bookings past their retention period")
                    }
                    if removed > 0 { app.logger.info("Purged \(removed) expired sessions") }
                } catch {
                    app.logger.error("Housekeeping failed: \(String(reflecting: error))")
                }
                do {
                    try await AuditHeads.shared.export(app)
                } catch {
                    app.logger.error("The audit chains' heads could not be exported: \(String(reflecting: error))")
                }
            }
        }
    }
}
