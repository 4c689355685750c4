import FluentKit
import Foundation
import SaferCyberCore
import TestSupport
import XCTest

/// Issue 20: two-step sign-in secrets are sealed at rest with ACCOUNT_KEYS, bound to their row.
final class TwoFactorSecretTests: XCTestCase {
    func testSecretsAreSealedAtRestBoundToTheirRowAndRotated() async throws {
        try await withTestDatabase { db, hasher in
            try await Fixture.partnership("alpha", on: db, hasher: hasher)
            let k1 = FieldCipher.newKey(id: "k1")
            let keys = try FieldCipher(keys: k1, variable: "ACCOUNT_KEYS")
            let officer = try await User.query(on: db).filter(\.$email == "officer@alpha.test").first()!
            let analyst = try await User.query(on: db).filter(\.$email == "analyst@alpha.test").first()!
            let bytes = try await TwoFactor.begin(userID: officer.requireID(), keys: keys, on: db)
            let stored = try await TwoFactor.secret(userID: officer.requireID(), on: db)!
            XCTAssertTrue(stored.secret.hasPrefix("v2:k1:"), "sealed, not base 32")
            XCTAssertFalse(stored.secret.contains(Base32.encode(bytes)))
            XCTAssertEqual(TwoFactor.secretBytes(stored, keys: keys), bytes)
            let now = Date()
            let code = TOTP.code(secret: bytes, at: now)
            _ = try await TwoFactor.confirm(
                userID: officer.requireID(), code: code, keys: keys, by: .system("test"), on: db, now: now)
            let enabled = try await TwoFactor.isEnabled(userID: officer.requireID(), on: db)
            XCTAssertTrue(enabled)

            // Someone with the database copies the officer's sealed secret onto the analyst's row: it does not open.
            _ = try await TwoFactor.begin(userID: analyst.requireID(), keys: keys, on: db)
            let analystRow = try await TwoFactor.secret(userID: analyst.requireID(), on: db)!
            analystRow.secret = stored.secret
            try await analystRow.save(on: db)
            XCTAssertNil(TwoFactor.secretBytes(analystRow, keys: keys))

            // A secret written in the clear (as before this change, or by hand) is not trusted until start-up seals
            // it; then it works.
            analystRow.secret = Base32.encode(bytes)
            analystRow.enabledAt = now
            try await analystRow.save(on: db)
            let later = now.addingTimeInterval(60)
            let beforeSealing = try await TwoFactor.verify(
                userID: analyst.requireID(), code: TOTP.code(secret: bytes, at: later), keys: keys, on: db, now: later)
            XCTAssertEqual(beforeSealing, .wrong)
            let sealedOne = try await TwoFactor.sealStoredSecrets(keys: keys, on: db)
            XCTAssertEqual(sealedOne, 1)
            let afterSealing = try await TwoFactor.verify(
                userID: analyst.requireID(), code: TOTP.code(secret: bytes, at: later), keys: keys, on: db, now: later)
            XCTAssertEqual(afterSealing, .passed)

            // A new key first, the old one after it: start-up re-seals under the new one and nothing is lost.
            let rotated = try FieldCipher(
                keys: FieldCipher.newKey(id: "k2") + "," + k1, variable: "ACCOUNT_KEYS")
            let resealedCount = try await TwoFactor.sealStoredSecrets(keys: rotated, on: db)
            XCTAssertEqual(resealedCount, 2)
            let resealed = try await TwoFactor.secret(userID: officer.requireID(), on: db)!
            XCTAssertTrue(resealed.secret.hasPrefix("v2:k2:"))
            XCTAssertEqual(TwoFactor.secretBytes(resealed, keys: rotated), bytes)
            let left = try await TwoFactor.sealStoredSecrets(keys: rotated, on: db)
            XCTAssertEqual(left, 0, "nothing left to do")
        }
    }
}
