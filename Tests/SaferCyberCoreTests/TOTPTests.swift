import Foundation
import XCTest

@testable import SaferCyberCore

/// Two-factor sign-in codes, against the published test vectors.
final class TOTPTests: XCTestCase {
    /// RFC 6238 Appendix B: 8-digit codes for SHA-1, SHA-256 and SHA-512 with the RFC's ASCII seeds.
    func testRFC6238Vectors() {
        let seed1 = Array("12345678901234567890".utf8)
        let seed256 = Array("12345678901234567890123456789012".utf8)
        let seed512 = Array("1234567890123456789012345678901234567890123456789012345678901234".utf8)
        let vectors: [(TimeInterval, String, String, String)] = [
            (59, "94287082", "46119246", "90693936"),
            (1_111_111_109, "07081804", "68084774", "25091201"),
            (1_111_111_111, "14050471", "67062674", "99943326"),
            (1_234_567_890, "89005924", "91819424", "93441116"),
            (2_000_000_000, "69279037", "90698825", "38618901"),
            (20_000_000_000, "65353130", "77737706", "47863826"),
        ]
        for (time, sha1, sha256, sha512) in vectors {
            let date = Date(timeIntervalSince1970: time)
            XCTAssertEqual(TOTP.code(secret: seed1, at: date, digits: 8, algorithm: .sha1), sha1, "\(time)")
            XCTAssertEqual(TOTP.code(secret: seed256, at: date, digits: 8, algorithm: .sha256), sha256, "\(time)")
            XCTAssertEqual(TOTP.code(secret: seed512, at: date, digits: 8, algorithm: .sha512), sha512, "\(time)")
        }
    }

    /// RFC 4226 Appendix D: the 6-digit HOTP values for counters 0–9.
    func testRFC4226Vectors() {
        let secret = Array("12345678901234567890".utf8)
        let expected = [
            "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489",
        ]
        XCTAssertEqual((0..<10).map { TOTP.code(secret: secret, counter: UInt64($0)) }, expected)
    }

    /// RFC 4648 §10 base 32 vectors, and round trips.
    func testBase32() {
        let vectors = [
            ("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"),
            ("foobar", "MZXW6YTBOI"),
        ]
        for (plain, encoded) in vectors {
            XCTAssertEqual(Base32.encode(Array(plain.utf8)), encoded)
            XCTAssertEqual(Base32.decode(encoded), Array(plain.utf8))
            XCTAssertEqual(Base32.decode(encoded.lowercased() + "===="), Array(plain.utf8))
        }
        XCTAssertNil(Base32.decode("MZ1W"), "1 is not in the alphabet")
        let secret = TOTP.newSecret()
        XCTAssertEqual(Base32.decode(Base32.encode(secret)), secret)
    }

    func testOneStepOfDriftIsAcceptedAndACodeIsNotReplayed() {
        let secret = Array("12345678901234567890".utf8)
        let now = Date(timeIntervalSince1970: 1_111_111_111)
        let current = TOTP.counter(at: now)
        let previous = TOTP.code(secret: secret, counter: current - 1)
        XCTAssertEqual(TOTP.matchingCounter(previous, secret: secret, at: now), current - 1)
        XCTAssertEqual(
            TOTP.matchingCounter(TOTP.code(secret: secret, counter: current + 1), secret: secret, at: now), current + 1)
        XCTAssertNil(TOTP.matchingCounter(TOTP.code(secret: secret, counter: current - 2), secret: secret, at: now))
        XCTAssertNil(TOTP.matchingCounter(previous, secret: secret, at: now, after: current - 1), "used once")
        XCTAssertNil(TOTP.matchingCounter("12345", secret: secret, at: now))
        XCTAssertNil(TOTP.matchingCounter("abcdef", secret: secret, at: now))
        let spaced = TOTP.code(secret: secret, counter: current)
        XCTAssertEqual(
            TOTP.matchingCounter(String(spaced.prefix(3)) + " " + String(spaced.suffix(3)), secret: secret, at: now),
            current)
        let uri = TOTP.provisioningURI(secret: secret, account: "ann@example.org", issuer: "SaferCyber Demo")
        XCTAssertEqual(
            uri,
            "otpauth://totp/SaferCyber%20Demo:ann%40example.org?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=SaferCyber%20Demo&algorithm=SHA1&digits=6&period=30"
        )
    }
}
