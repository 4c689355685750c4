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

    /// Parses SAFEGUARDING_KEYS. Every key must be 32 bytes (AES-256) and every id unique.
    public init(keys text: String) throws {
        var keys: [String: SymmetricKey] = [:]
        var first: String?
        for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, parts[0].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" })
            else {
                throw Problem(description: "Each safeguarding key is written id:base64key, like 2026a:…")
            }
            guard let data = Data(base64Encoded: parts[1]), data.count == 32 else {
                throw Problem(
                    description:
                        "The safeguarding key “\(parts[0])” must be 32 random bytes in base64 (openssl rand -base64 32)"
                )
            }
            guard keys[parts[0]] == nil else {
                throw Problem(description: "The safeguarding key id “\(parts[0])” is used twice")
            }
            keys[parts[0]] = SymmetricKey(data: data)
            if first == nil { first = parts[0] }
        }
        guard let first else { throw Problem(description: "No safeguarding key given") }
        self.currentID = first
        self.keys = keys
    }

    /// A fresh key in SAFEGUARDING_KEYS form, for setting up and rotating.
    public static func newKey(id: String) -> String {
        "\(id):" + SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
    }

    public func seal(_ plain: String) throws -> String {
        let box = try AES.GCM.seal(Data(plain.utf8), using: keys[currentID]!)
        guard let combined = box.combined else { throw Problem(description: "Could not encrypt") }
        return "v1:\(currentID):" + combined.base64EncodedString()
    }

    public func open(_ stored: String) throws -> String {
        let parts = stored.split(separator: ":", maxSplits: 2).map(String.init)
        guard parts.count == 3, parts[0] == "v1", let data = Data(base64Encoded: parts[2]) else {
            throw Problem(description: "A stored field is not in the expected form")
        }
        guard let key = keys[parts[1]] else {
            throw Problem(
                description:
                    "A field is encrypted with key “\(parts[1])”, which is not in SAFEGUARDING_KEYS; add it back (after the new key) to read it"
            )
        }
        let plain = try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: key)
        return String(decoding: plain, as: UTF8.self)
    }

    /// The key id a stored field was encrypted with.
    public static func keyID(of stored: String) -> String? {
        let parts = stored.split(separator: ":", maxSplits: 2)
        return parts.count == 3 ? String(parts[1]) : nil
    }

    public func sealOptional(_ plain: String) throws -> String? {
        let trimmed = plain.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : try seal(trimmed)
    }

    public func openOptional(_ stored: String?) throws -> String { try stored.map(open) ?? "" }
}
