import Crypto
import Foundation
import SaferCyberCore

/// Bot protection without third parties: the sign-up form carries a signed timestamp. A submission sooner
/// than a person could fill the form, or days later, is refused; so is one that filled the hidden field.
enum FormTiming {
    static let minimumSeconds: TimeInterval = 2
    static let maximumSeconds: TimeInterval = 24 * 60 * 60
    /// FORM_SECRET shares the key between instances; without it each process makes its own.
    static let key = SymmetricKey(
        data: Data(
            (ProcessInfo.processInfo.environment["FORM_SECRET"].flatMap { $0.isEmpty ? nil : $0 }
                ?? UUID().uuidString + UUID().uuidString).utf8))

    /// A timestamp, a random part (so that two people who open the form in the same second get different tokens,
    /// and a token can be used once: `PublicLimits.useOnce`), and a signature over both.
    static func issue(for purpose: String, now: Date = Date()) -> String {
        let stamp = String(Int(now.timeIntervalSince1970)) + "." + Secrets.token(bytes: 9)
        return stamp + "." + signature(purpose: purpose, stamp: stamp)
    }

    /// True when the token was made by us for this purpose, long enough ago and not too long ago.
    static func isHuman(_ token: String, for purpose: String, now: Date = Date()) -> Bool {
        // Every piece present (split would drop empty ones, letting ".token" pass as a new token).
        let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }), let seconds = TimeInterval(parts[0]),
            Secrets.constantTimeEquals(parts[2], signature(purpose: purpose, stamp: parts[0] + "." + parts[1]))
        else { return false }
        let age = now.timeIntervalSince1970 - seconds
        return age >= minimumSeconds && age <= maximumSeconds
    }

    private static func signature(purpose: String, stamp: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(purpose)|\(stamp)".utf8), using: key)
        return Data(mac).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(
            of: "/", with: "_")
    }

    /// A value the server issued for `purpose`, signed so that a client cannot make up its own: "value.signature".
    static func signed(_ value: String, for purpose: String) -> String {
        value + "." + signature(purpose: "signed|" + purpose, stamp: value)
    }

    /// The value inside a token from `signed(_:for:)`, or nil when the server did not issue it for this purpose.
    static func verified(_ token: String, for purpose: String) -> String? {
        let parts = token.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2,
            Secrets.constantTimeEquals(parts[1], signature(purpose: "signed|" + purpose, stamp: parts[0]))
        else { return nil }
        return parts[0]
    }
}
