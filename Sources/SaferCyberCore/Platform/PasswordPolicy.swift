import Crypto
import Foundation

/// Hashes passwords. The app supplies Bcrypt; Core stays free of Vapor.
public protocol PasswordHashing: Sendable {
    func hash(_ password: String) async throws -> String
    func verify(_ password: String, against hash: String) async throws -> Bool
}

public enum PasswordPolicy {
    public static let minimumLength = 10
    /// Long enough for any passphrase; short enough that hashing cannot be used to tie up the server.
    public static let maximumLength = 256

    /// Bcrypt reads only the first 72 bytes, so two long passwords sharing a prefix would match.
    /// Hashing first with SHA-256 (base64, 44 bytes) makes every character count.
    public static func prehash(_ password: String) -> String {
        Data(SHA256.hash(data: Data(password.utf8))).base64EncodedString()
    }

    /// Plain-English problems with a new password, or an empty list if it is acceptable.
    public static func problems(with password: String, email: String = "") -> [String] {
        if password.count < minimumLength {
            return ["Your password must be at least \(minimumLength) characters long. Three random words work well."]
        }
        if password.count > maximumLength {
            return ["Your password must be \(maximumLength) characters or fewer."]
        }
        let lowered = password.lowercased()
        if CommonPasswords.list.contains(lowered) || CommonPasswords.list.contains(lowered.filter { !$0.isNumber }) {
            return ["That password is too common and easy to guess. Choose another, such as three random words."]
        }
        let local = email.split(separator: "@").first.map { String($0).lowercased() } ?? ""
        if local.count >= 4, lowered.contains(local) {
            return ["Your password must not contain your email address."]
        }
        if Set(password).count < 4 {
            return ["Your password repeats the same few characters. Choose something harder to guess."]
        }
        return []
    }
}
