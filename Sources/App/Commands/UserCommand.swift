import Fluent
import SaferCyberCore
import Vapor

/// `safercyber user create|add|disable|enable|approve|refuse|reset-password`: account administration from the command line. The
/// command line is the deployment's operator: `add` gives any partnership role at once, and `approve` decides a
/// waiting request for the safeguarding role (a partnership's first lead has no one else to approve it).
struct UserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(
            name: "action",
            help:
                "create, add (to a partnership), disable, enable, approve/refuse a waiting safeguarding role, or reset-password (emails a one-time link)"
        )
        var action: String
        @Option(name: "email", help: "The person's email address") var email: String?
        @Option(name: "name", help: "The person's full name (create)") var name: String?
        @Flag(name: "admin", help: "Make the new account a deployment administrator (create)") var admin: Bool
        @Option(name: "partnership", help: "Partnership short name (add)") var partnership: String?
        @Option(name: "role", help: "coordinator, officer, analyst, safeguarding or viewer (add)") var role: String?
    }

    var help: String {
        "Manages accounts. The password is read from SAFERCYBER_PASSWORD, or asked for without echo."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await StartupError.exitOnFailure { try await app.prepareDatabase() }
        guard let email = signature.email, !email.isEmpty else {
            throw StartupError("Give the account's email with --email.")
        }
        let system = ActingUser.system("command line")
        switch signature.action {
        case "create":
            let password =
                ProcessInfo.processInfo.environment["SAFERCYBER_PASSWORD"]
                ?? context.console.ask(
                    ConsoleText(
                        stringLiteral: "Password for \(email) (at least \(PasswordPolicy.minimumLength) characters):"),
                    isSecure: true)
            do {
                _ = try await Accounts.create(
                    on: app.db, email: email, displayName: signature.name ?? "", password: password,
                    isAdmin: signature.admin, hasher: app.passwordHasher, by: system)
            } catch let errors as FieldErrors {
                throw StartupError(errors.problems.map(\.message).joined(separator: ". ") + ".")
            }
            context.console.print(
                "Created \(signature.admin ? "administrator " : "")account \(User.normalise(email: email)).")
        case "add":
            guard let slug = signature.partnership,
                let partnership = try await Partnerships.find(on: app.db, slug: slug)
            else {
                throw StartupError("Give an existing partnership's short name with --partnership.")
            }
            guard let role = signature.role.flatMap(Role.init(rawValue:)), Role.partnershipRoles.contains(role) else {
                throw StartupError("Give --role as one of: coordinator, officer, analyst, safeguarding, viewer.")
            }
            let user = try await findUser(app, email)
            try await Members.add(
                on: app.db, userID: user.requireID(), partnershipID: partnership.requireID(), role: role, by: system)
            context.console.print("Added \(user.email) to \(partnership.name) as \(role.label).")
        case "disable", "enable":
            let user = try await findUser(app, email)
            try await Accounts.setDisabled(
                on: app.db, userID: user.requireID(), disabled: signature.action == "disable", by: system)
            context.console.print("\(signature.action == "disable" ? "Disabled" : "Enabled") \(user.email).")
        case "reset-password":
            let user = try await findUser(app, email)
            guard !user.isDisabled else { throw StartupError("\(user.email) is disabled: enable it first.") }
            let token = try await PasswordResets.issue(
                for: user, links: app.mailLinks, by: .system("command line"), on: app.db)
            if app.config.mail.sends {
                context.console.print(
                    "Queued a password reset email to \(user.email); the link works once, for an hour. The running server sends it."
                )
            } else {
                // Without email the operator is the only way the link reaches the person: hand it over in person or
                // by a channel you trust.
                context.console.print(
                    "Email is not set up (MAIL_TRANSPORT=none). Give this one-time link to \(user.email) yourself; it works for an hour:"
                )
                context.console.print(app.mailLinks.passwordReset(token))
            }
        case "approve", "refuse":
            guard let slug = signature.partnership,
                let partnership = try await Partnerships.find(on: app.db, slug: slug)
            else {
                throw StartupError("Give an existing partnership's short name with --partnership.")
            }
            let user = try await findUser(app, email)
            let partnershipID = try partnership.requireID()
            guard
                let waiting = try await RoleGrants.pending(on: app.db, partnershipID: partnershipID).first(where: {
                    $0.userID == user.id
                })
            else {
                throw StartupError("\(user.email) has no request waiting in \(partnership.name).")
            }
            try await RoleGrants.decide(
                on: app.db, partnershipID: partnershipID, grantID: waiting.id,
                decision: signature.action == "approve" ? .approved : .refused, approver: nil)
            context.console.print(
                "\(signature.action == "approve" ? "Approved" : "Refused") the \(waiting.role.label) role for "
                    + "\(user.email) in \(partnership.name).")
        default:
            throw StartupError(
                "Unknown action ‘\(signature.action)’. Use create, add, disable, enable, approve, refuse or reset-password."
            )
        }
    }

    func findUser(_ app: Application, _ email: String) async throws -> User {
        guard let user = try await User.query(on: app.db).filter(\.$email == User.normalise(email: email)).first()
        else {
            throw StartupError("There is no account for \(email).")
        }
        return user
    }
}

/// `safercyber partnership create --slug S --name N`.
struct PartnershipCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "create") var action: String
        @Option(name: "slug", help: "Short name used in addresses, e.g. north-county") var slug: String?
        @Option(name: "name", help: "The partnership's full name") var name: String?
    }
    var help: String { "Creates a partnership with the default themes, objectives and audiences." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "create" else {
            throw StartupError("Unknown action ‘\(signature.action)’. Use create.")
        }
        try await StartupError.exitOnFailure { try await context.application.prepareDatabase() }
        do {
            let partnership = try await Partnerships.create(
                on: context.application.db, slug: signature.slug ?? "",
                name: signature.name ?? "", by: .system("command line"))
            context.console.print("Created \(partnership.name) at /app/p/\(partnership.slug).")
        } catch let errors as FieldErrors {
            throw StartupError(errors.problems.map(\.message).joined(separator: ". ") + ".")
        }
    }
}
