import Fluent
import SaferCyberCore
import Vapor

/// `safercyber migrate`: brings the database schema up to date, without asking questions.
/// With DATABASE_OWNER_URL set it migrates as that role and then gives DATABASE_URL's role its (lesser) rights;
/// `--print-grants` prints those statements instead, for a database administrator to run by hand.
struct MigrateDatabaseCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "print-grants", help: "Print the SQL that gives the server's role its rights, and change nothing.")
        var printGrants: Bool
        @Option(name: "role", help: "The server's role for --print-grants (default: DATABASE_URL's user name).")
        var role: String?
        @Option(name: "schema", help: "The schema for --print-grants (default: public).") var schema: String?
    }
    var help: String { "Creates or updates the database tables (as DATABASE_OWNER_URL's role when it is set)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        if signature.printGrants {
            var role = signature.role
            if role == nil, case .postgres(let url, _) = context.application.config.database {
                role = URL(string: url)?.user
            }
            guard let role, !role.isEmpty else {
                throw StartupError("--print-grants needs the server's role: set DATABASE_URL or pass --role NAME.")
            }
            context.console.print("-- Run as the owner role, after `safercyber migrate` (safe to run again).")
            for statement in DatabaseRoles.grants(runtimeRole: role, schema: signature.schema ?? "public") {
                context.console.print(statement + ";")
            }
            return
        }
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
            try await DemoOrganisations.load(on: app.db)
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
