import Fluent
import Foundation
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

/// Issue 20, case 5: two-step sign-in with an authenticator app (TOTP, RFC 6238) and one-time recovery codes.
final class TwoFactorRouteTests: XCTestCase {
    func testTurnOnSignInWithACodeRecoveryCodesAndTurnOff() async throws {
        try await withApp { app in
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let officer = Browser(app)
            try await officer.signIn("officer@alpha.test")

            // Turn on: the page shows a QR code and the key; a wrong code is refused; the right one gives 10 codes.
            try await officer.get("/app/account/two-step")
            let scanning = try await officer.post("/app/account/two-step", ["action": "begin"])
            XCTAssertEqual(scanning.status, .ok)
            XCTAssertTrue(scanning.body.contains("<svg"), "a QR code")
            let keyText = try XCTUnwrap(
                scanning.body.range(of: #"Key: </p>|Key: <code>([A-Z2-7 ]+)</code>"#, options: .regularExpression)
                    .map { String(scanning.body[$0]) })
            let secret = try XCTUnwrap(
                Base32.decode(
                    keyText.replacingOccurrences(of: "Key: <code>", with: "").replacingOccurrences(
                        of: "</code>", with: "")))
            XCTAssertEqual(secret.count, 20)
            let wrong = try await officer.post("/app/account/two-step", ["action": "confirm", "code": "000000"])
            XCTAssertEqual(wrong.status, .unprocessableEntity)
            let now = Date()
            let counter = TOTP.counter(at: now)
            let on = try await officer.post(
                "/app/account/two-step", ["action": "confirm", "code": TOTP.code(secret: secret, counter: counter)])
            XCTAssertEqual(on.status, .ok)
            let recovery = try NSRegularExpression(pattern: #"<code>([A-Z0-9]{5}-[A-Z0-9]{5})</code>"#).matches(
                in: on.body, range: NSRange(on.body.startIndex..., in: on.body)
            ).compactMap { Range($0.range(at: 1), in: on.body).map { String(on.body[$0]) } }
            XCTAssertEqual(recovery.count, 10)
            try await officer.post("/app/sign-out", [:])

            // Sign in: the password alone opens nothing; the code page does.
            let phone = Browser(app)
            let password = try await phone.signIn("officer@alpha.test")
            XCTAssertEqual(password.status, .seeOther)
            XCTAssertTrue(password.location?.hasPrefix("/app/sign-in/code") == true, "\(password.location ?? "")")
            let blocked = try await phone.get("/app/p/alpha")
            XCTAssertNotEqual(blocked.status, .ok, "no session before the code")
            try await phone.get("/app/sign-in/code")
            let bad = try await phone.post("/app/sign-in/code", ["code": "000000"])
            XCTAssertEqual(bad.status, .unauthorized)
            XCTAssertTrue(bad.body.contains("4 more times"))
            // The code used to turn it on cannot be used again (replay); the next one can.
            let replay = try await phone.post(
                "/app/sign-in/code", ["code": TOTP.code(secret: secret, counter: counter)])
            XCTAssertEqual(replay.status, .unauthorized)
            let good = try await phone.post(
                "/app/sign-in/code", ["code": TOTP.code(secret: secret, counter: counter + 1)])
            XCTAssertEqual(good.status, .seeOther)
            let home = try await phone.get("/app/p/alpha")
            XCTAssertEqual(home.status, .ok)

            // A recovery code works once.
            let laptop = Browser(app)
            try await laptop.signIn("officer@alpha.test")
            try await laptop.get("/app/sign-in/code")
            let recovered = try await laptop.post("/app/sign-in/code", ["code": recovery[0].lowercased()])
            XCTAssertEqual(recovered.status, .seeOther)
            let again = Browser(app)
            try await again.signIn("officer@alpha.test")
            try await again.get("/app/sign-in/code")
            let used = try await again.post("/app/sign-in/code", ["code": recovery[0]])
            XCTAssertEqual(used.status, .unauthorized)

            // Five wrong codes end the challenge: the password is needed again.
            for _ in 0..<4 { try await again.post("/app/sign-in/code", ["code": "111111"]) }
            let expired = try await again.get("/app/sign-in/code")
            XCTAssertEqual(expired.status, .ok)
            let gone = try await again.post("/app/sign-in/code", ["code": recovery[1]])
            XCTAssertEqual(gone.status, .unauthorized)
            XCTAssertTrue(gone.body.contains("Sign in again"))

            // Audited, and turned off with a recovery code.
            let audit = try await AuditEntry.query(on: app.db).all().map(\.summary)
            XCTAssertTrue(audit.contains("Turned on two-step sign-in"))
            XCTAssertTrue(audit.contains { $0.hasSuffix("with two-step sign-in") })
            try await phone.get("/app/account/two-step")
            let off = try await phone.post("/app/account/two-step", ["action": "disable", "code": recovery[2]])
            XCTAssertEqual(off.status, .ok)
            XCTAssertTrue(off.body.contains("Turn on"))
            let plain = Browser(app)
            let direct = try await plain.signIn("officer@alpha.test")
            XCTAssertEqual(direct.location, "/app", "a password alone again")
        }
    }
}
