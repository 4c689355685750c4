import SaferCyberCore
import TestSupport
import XCTest

final class PasswordPolicyTests: XCTestCase {
    func testRefusesShortCommonAndEmailBasedPasswords() {
        XCTAssertFalse(PasswordPolicy.problems(with: "short").isEmpty)
        XCTAssertFalse(PasswordPolicy.problems(with: "password123").isEmpty, "common password")
        XCTAssertFalse(PasswordPolicy.problems(with: "Qwertyuiop123").isEmpty, "common password, any case")
        XCTAssertFalse(PasswordPolicy.problems(with: "jsmith-county-2026", email: "jsmith@county.gov.uk").isEmpty)
        XCTAssertFalse(PasswordPolicy.problems(with: "aaaaaaaaaaaa").isEmpty, "too few distinct characters")
        XCTAssertFalse(
            PasswordPolicy.problems(with: String(repeating: "ab3", count: 100)).isEmpty, "over 256 characters")
        XCTAssertEqual(PasswordPolicy.problems(with: "kettle orbit lantern"), [])
    }

    /// Bcrypt alone ignores everything after 72 bytes; the SHA-256 prehash makes the whole password count.
    func testPasswordsLongerThanSeventyTwoBytesDifferAfterTheLimit() async throws {
        try await withTestDatabase { db, hasher in
            let prefix = String(repeating: "river stone ", count: 7)  // 84 bytes
            let user = try await Accounts.create(
                on: db, email: "long@x.test", displayName: "Long", password: prefix + "alpha",
                hasher: hasher, by: .system("test"))
            let right = try await hasher.verify(PasswordPolicy.prehash(prefix + "alpha"), against: user.passwordHash)
            let wrong = try await hasher.verify(PasswordPolicy.prehash(prefix + "omega"), against: user.passwordHash)
            XCTAssertTrue(right)
            XCTAssertFalse(wrong)
            XCTAssertTrue(
                user.passwordHash.hasPrefix("$2b$") || user.passwordHash.hasPrefix("$2a$"), "stored as Bcrypt")
        }
    }

    func testAccountCreationReportsEveryProblem() async throws {
        try await withTestDatabase { db, hasher in
            do {
                _ = try await Accounts.create(
                    on: db, email: "not-an-email", displayName: " ", password: "123456", hasher: hasher,
                    by: .system("test"))
                XCTFail("expected validation errors")
            } catch let errors as FieldErrors {
                XCTAssertEqual(errors.problems.map(\.field), ["email", "displayName", "password"])
            }
            let value1 = try await User.query(on: db).count()
            XCTAssertEqual(value1, 0)
        }
    }
}
