import Crypto
import Foundation

/// Time-based one-time passwords (RFC 6238, built on HOTP, RFC 4226), the codes authenticator apps show.
public enum TOTP {
    public enum Algorithm: String, Sendable {
        case sha1 = "SHA1"
        case sha256 = "SHA256"
        case sha512 = "SHA512"
    }

    public static let step: TimeInterval = 30
    public static let digits = 6

    /// The time step a moment falls in (T in RFC 6238, with T0 = 0).
    public static func counter(at time: Date, step: TimeInterval = TOTP.step) -> UInt64 {
        UInt64(max(0, floor(time.timeIntervalSince1970 / step)))
    }

    /// The HOTP value for one counter (RFC 4226 §5.3: dynamic truncation), as a zero-padded decimal string.
    public static func code(
        secret: [UInt8], counter: UInt64, digits: Int = TOTP.digits, algorithm: Algorithm = .sha1
    ) -> String {
        let message = withUnsafeBytes(of: counter.bigEndian) { Data($0) }
        let key = SymmetricKey(data: secret)
        let mac: [UInt8] =
            switch algorithm {
            case .sha1: Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: key))
            case .sha256: Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
            case .sha512: Array(HMAC<SHA512>.authenticationCode(for: message, using: key))
            }
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let binary =
            (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8)
            | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(binary % modulus)
        return String(repeating: "0", count: digits - value.count) + value
    }

    public static func code(
        secret: [UInt8], at time: Date, digits: Int = TOTP.digits, algorithm: Algorithm = .sha1
    ) -> String {
        code(secret: secret, counter: counter(at: time), digits: digits, algorithm: algorithm)
    }

    /// The time step whose code matches, allowing one step either side for clock drift, or nil. Compared in
    /// constant time. The caller refuses a step at or before the last one used (no replay).
    public static func matchingCounter(
        _ typed: String, secret: [UInt8], at time: Date, after lastUsed: UInt64? = nil
    ) -> UInt64? {
        let digitsOnly = typed.filter { !$0.isWhitespace && $0 != "-" }
        guard digitsOnly.count == digits, digitsOnly.allSatisfy(\.isASCII), digitsOnly.allSatisfy(\.isNumber)
        else { return nil }
        let now = counter(at: time)
        var found: UInt64?
        for candidate in now == 0 ? [0, 1] : [now - 1, now, now + 1] {
            if Secrets.constantTimeEquals(code(secret: secret, counter: candidate), digitsOnly),
                lastUsed.map({ candidate > $0 }) ?? true
            {
                found = found ?? candidate
            }
        }
        return found
    }

    /// A new 160-bit secret (RFC 4226 recommends at least 128; 160 matches SHA-1's block).
    public static func newSecret() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<20).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// The address an authenticator app reads from a QR code (Key Uri Format).
    public static func provisioningURI(secret: [UInt8], account: String, issuer: String) -> String {
        func encode(_ text: String) -> String {
            text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~")))
                ?? ""
        }
        return "otpauth://totp/\(encode(issuer)):\(encode(account))?secret=\(Base32.encode(secret))"
            + "&issuer=\(encode(issuer))&algorithm=SHA1&digits=\(digits)&period=\(Int(step))"
    }
}

/// RFC 4648 base 32 (the alphabet A–Z, 2–7), without padding, as authenticator apps expect secrets.
public enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[Int((buffer >> UInt32(bits - 5)) & 31)])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes, ignoring spaces, hyphens, padding and case; nil for any other character.
    public static func decode(_ text: String) -> [UInt8]? {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for character in text.uppercased().utf8
        where character != UInt8(ascii: " ") && character != UInt8(ascii: "-")
            && character != UInt8(ascii: "=")
        {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            buffer = (buffer << 5) | UInt32(value)
            bits += 5
            if bits >= 8 {
                output.append(UInt8((buffer >> UInt32(bits - 8)) & 0xff))
                bits -= 8
            }
        }
        return output
    }
}
