import Foundation
import SaferCyberCore
import Vapor

/// `safercyber safeguarding new-key --id ID | rotate | retention`: makes a key, re-encrypts every personal field
/// with the current key (the first in SAFEGUARDING_KEYS), or removes personal details past the retention period.
struct SafeguardingCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "new-key, rotate or retention") var action: String
        @Option(name: "id", help: "The new key's id (new-key), like 2027a") var id: String?
    }

    var help: String { "Safeguarding records: make an encryption key, rotate keys, or apply the retention period." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await StartupError.exitOnFailure {
            switch signature.action {
            case "new-key":
                let id = signature.id ?? "key" + String(Calendar(identifier: .gregorian).component(.year, from: Date()))
                context.console.print(FieldCipher.newKey(id: id))
                context.console.print(
                    "Put it first in SAFEGUARDING_KEYS (keep the old keys after it), restart, then run: safercyber safeguarding rotate"
                )
            case "rotate":
                guard let cipher = app.safeguardingCipher else {
                    throw StartupError("Set SAFEGUARDING_KEYS first (docs/safeguarding.md).")
                }
                try await app.prepareDatabase()
                let count = try await ReferralRecords.rotate(cipher: cipher, on: app.db)
                context.console.print(
                    "Re-encrypted \(count) personal fields with key “\(cipher.currentID)”. Older keys can now be removed from SAFEGUARDING_KEYS."
                )
            case "retention":
                try await app.prepareDatabase()
                let months = app.config.safeguardingRetentionMonths
                let count = try await ReferralRecords.applyRetention(months: months, on: app.db)
                context.console.print(
                    "Removed the personal details of \(count) referrals closed more than \(months) months ago. Counts are kept."
                )
            default:
                throw StartupError("Unknown action ‘\(signature.action)’. Use new-key, rotate or retention.")
            }
        }
    }
}
