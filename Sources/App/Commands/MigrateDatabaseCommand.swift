import Fluent
import SaferCyberCore
import Vapor

/// `safercyber migrate`: brings the database schema up to date, without asking questions.
struct MigrateDatabaseCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Creates or updates the database tables." }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await StartupError.exitOnFailure { try await context.application.prepareDatabase() }
        context.console.print("The database is up to date.")
    }
}

/// `safercyber demo`: loads the demo partnership without serving.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Loads the demo partnership and one sign-in per role (safe to run again)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await StartupError.exitOnFailure { try await app.prepareDatabase() }
        do {
            let added = try await DemoPartnership.load(on: app.db, hasher: app.passwordHasher)
            try await DemoEvents.load(on: app.db)
            try await DemoSurveys.load(on: app.db)
            try await DemoGames.load(on: app.db, library: app.games.library)
            try await DemoPlan.load(on: app.db)
            try await DemoReportJourneys.load(on: app.db)
            try await DemoPublicHub.load(on: app.db, library: app.courses)
            try await DemoResilienceChecks.load(on: app.db, library: app.checks)
            if let cipher = app.safeguardingCipher { try await DemoReferrals.load(on: app.db, cipher: cipher) }
            if try await DemoCrimeData.load(referenceData: "reference-data", on: app.db) == false {
                context.console.print(
                    "No reference-data/ folder here, so the demo has no crime records. Run from the repository folder to add them."
                )
            }
            context.console.print(
                added ? "Loaded the demo partnership (slug ‘demo’)." : "The demo partnership was already loaded.")
            context.console.print("Sign in with {role}@demo.test and the password \(DemoPartnership.password).")
        } catch let refused as DemoPartnership.Refused {
            throw StartupError(refused.description)
        }
    }
}
