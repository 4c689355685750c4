import Crypto
import Foundation

/// Encrypts young people's personal fields at rest with AES-GCM (swift-crypto). Keys come only from the environment
/// (SAFEGUARDING_KEYS: `id:base64key` pairs, comma-separated, the first encrypts, all decrypt), so a copy of the
/// database alone reveals nothing. Stored text is `v1:{key id}:{base64 of nonce + ciphertext + tag}`; the key id lets
/// rotation re-encrypt field by field without losing anything (docs/safeguarding.md).
public struct FieldCipher: Sendable {
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public let currentID: String
    let keys: [String: SymmetricKey]
    /// The environment variable the keys came from, named in every message.
    public let variable: String
    /// Whether values sealed before binding ("v1") still open. True until none is left (the server checks at
    /// start-up, after `safercyber safeguarding rotate` has re-sealed them): from then on a "v1" value can only have
    /// been put there by someone with the database, moving one child's field to another, and it is refused.
    public var acceptsUnbound = true

    /// Parses SAFEGUARDING_KEYS (or another variable in the same form). Every key must be 32 bytes (AES-256) and
    /// every id unique.
    public init(keys text: String, variable: String = "SAFEGUARDING_KEYS") throws {
        self.variable = variable
        var keys: [String: SymmetricKey] = [:]
        var first: String?
        for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, parts[0].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" })
            else {
                throw Problem(description: "Each key in \(variable) is written id:base64key, like 2026a:…")
            }
            guard let data = Data(base64Encoded: parts[1]), data.count == 32 else {
                throw Problem(
                    description:
                        "The key “\(parts[0])” in \(variable) must be 32 random bytes in base64 (openssl rand -base64 32)"
                )
            }
            guard keys[parts[0]] == nil else {
                throw Problem(description: "The key id “\(parts[0])” is used twice in \(variable)")
            }
            keys[parts[0]] = SymmetricKey(data: data)
            if first == nil { first = parts[0] }
        }
        guard let first else { throw Problem(description: "No key given in \(variable)") }
        self.currentID = first
        self.keys = keys
    }

    /// A fresh key in SAFEGUARDING_KEYS form, for setting up and rotating.
    public static func newKey(id: String) -> String {
        "\(id):" + SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
    }

    /// Where a sealed value belongs: its table, its record and its field. It is bound into the ciphertext as
    /// AES-GCM's additional authenticated data, so a value moved to another record or field (by anyone with the
    /// database, e.g. swapping two children's names) no longer opens (issue 20, case 8).
    public struct Binding: Sendable, Equatable {
        public var table: String
        public var id: UUID
        public var field: String
        public init(_ table: String, _ id: UUID, _ field: String) {
            self.table = table
            self.id = id
            self.field = field
        }
        var data: Data { Data("safercyber|\(table)|\(id.uuidString.lowercased())|\(field)".utf8) }
    }

    /// "v2:<key id>:<nonce, ciphertext and tag>", bound to `binding`.
    public func seal(_ plain: String, for binding: Binding) throws -> String {
        let box = try AES.GCM.seal(Data(plain.utf8), using: keys[currentID]!, authenticating: binding.data)
        guard let combined = box.combined else { throw Problem(description: "Could not encrypt") }
        return "v2:\(currentID):" + combined.base64EncodedString()
    }

    /// Opens a value sealed for `binding`. Values from before binding ("v1") open as they are until `rotate`
    /// re-seals them bound.
    public func open(_ stored: String, for binding: Binding) throws -> String {
        let parts = stored.split(separator: ":", maxSplits: 2).map(String.init)
        guard parts.count == 3, parts[0] == "v1" || parts[0] == "v2", let data = Data(base64Encoded: parts[2]) else {
            throw Problem(description: "A stored field is not in the expected form")
        }
        guard let key = keys[parts[1]] else {
            throw Problem(
                description:
                    "A field is encrypted with key “\(parts[1])”, which is not in \(variable); add it back (after the new key) to read it"
            )
        }
        guard parts[0] == "v2" || acceptsUnbound else {
            throw Problem(
                description:
                    "The \(binding.field) of \(binding.table) record \(binding.id) is in the old unbound form, which no longer opens once every value has been re-sealed (moved or altered in the database)"
            )
        }
        do {
            let box = try AES.GCM.SealedBox(combined: data)
            let plain =
                parts[0] == "v1"
                ? try AES.GCM.open(box, using: key) : try AES.GCM.open(box, using: key, authenticating: binding.data)
            return String(decoding: plain, as: UTF8.self)
        } catch {
            throw Problem(
                description:
                    "The \(binding.field) of \(binding.table) record \(binding.id) does not belong to it (moved or altered in the database)"
            )
        }
    }

    /// Whether a stored value is already sealed bound, under the current key.
    public func isCurrent(_ stored: String) -> Bool { stored.hasPrefix("v2:\(currentID):") }

    /// The key id a stored field was encrypted with.
    public static func keyID(of stored: String) -> String? {
        let parts = stored.split(separator: ":", maxSplits: 2)
        return parts.count == 3 ? String(parts[1]) : nil
    }

    public func sealOptional(_ plain: String, for binding: Binding) throws -> String? {
        let trimmed = plain.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : try seal(trimmed, for: binding)
    }

    public func openOptional(_ stored: String?, for binding: Binding) throws -> String {
        try stored.map { try open($0, for: binding) } ?? ""
    }
}

extension Referral {
    /// The binding of one of this referral's sealed fields (the record must have its id).
    public func binding(_ field: String) throws -> FieldCipher.Binding { .init(Self.schema, try requireID(), field) }
}

extension ReferralIntervention {
    /// Bound to the note's row and to its referral, so moving the row to another child's referral breaks it too.
    public var noteBinding: FieldCipher.Binding {
        get throws { .init(Self.schema, try requireID(), "note|referral:\($referral.id.uuidString.lowercased())") }
    }
}

extension ReferralPathway {
    public var noteBinding: FieldCipher.Binding {
        get throws { .init(Self.schema, try requireID(), "note|referral:\($referral.id.uuidString.lowercased())") }
    }
}
