import Fluent
import Foundation
import SaferCyberCore
import Vapor

/// `safercyber retention run` deletes attendees' details past each partnership's retention period (the server
/// also does it every ten minutes); `safercyber retention set --partnership SLUG --months N` changes the period.
struct RetentionCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "run or set") var action: String
        @Option(name: "partnership", help: "Partnership short name (set)") var partnership: String?
        @Option(name: "months", help: "Months after an event to keep attendees' details (set)") var months: Int?
    }

    var help: String { "Applies or sets how long attendees' personal details are kept." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await StartupError.exitOnFailure {
            try await app.prepareDatabase()
            switch signature.action {
            case "run":
                let count = try await Retention.apply(on: app.db)
                context.console.print(
                    "Deleted the personal details of \(count) bookings past their retention period. Counts are kept.")
            case "set":
                guard let slug = signature.partnership,
                    let partnership = try await Partnerships.find(on: app.db, slug: slug)
                else {
                    throw StartupError("Give an existing partnership's short name with --partnership.")
                }
                do {
                    try await Retention.setMonths(
                        signature.months ?? 0, partnershipID: partnership.requireID(), by: .system("command line"),
                        on: app.db)
                } catch let errors as FieldErrors {
                    throw StartupError(errors.problems.map(\.message).joined(separator: ". ") + ".")
                }
                context.console.print(
                    "\(partnership.name) now keeps attendees' details for \(signature.months ?? 0) months after each event."
                )
            default:
                throw StartupError("Unknown action ‘\(signature.action)’. Use run or set.")
            }
        }
    }
}
