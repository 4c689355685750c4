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
            /// The password step alone (Browser.signIn would answer the code page itself).
            @discardableResult func password(_ browser: Browser) async throws -> Browser.Page {
                try await browser.get("/app/sign-in")
                return try await browser.post(
                    "/app/sign-in", ["email": "officer@alpha.test", "password": Fixture.password])
            }
            let phone = Browser(app)
            let passwordStep = try await password(phone)
            XCTAssertEqual(passwordStep.status, .seeOther)
            XCTAssertTrue(
                passwordStep.location?.hasPrefix("/app/sign-in/code") == true, "\(passwordStep.location ?? "")")
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
            try await password(laptop)
            try await laptop.get("/app/sign-in/code")
            let recovered = try await laptop.post("/app/sign-in/code", ["code": recovery[0].lowercased()])
            XCTAssertEqual(recovered.status, .seeOther)
            let again = Browser(app)
            try await password(again)
            try await again.get("/app/sign-in/code")
            let used = try await again.post("/app/sign-in/code", ["code": recovery[0]])
            XCTAssertEqual(used.status, .unauthorized)

            // Five wrong codes end the challenge: the password is needed again.
            for _ in 0..<3 { try await again.post("/app/sign-in/code", ["code": "111111"]) }
            let fifth = try await again.post("/app/sign-in/code", ["code": "111111"])
            XCTAssertTrue(fifth.body.contains("Sign in again"))
            let expired = try await again.get("/app/sign-in/code")
            XCTAssertEqual(expired.location, "/app/sign-in", "the challenge cookie is gone")
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

    /// Administrators and safeguarding leads must turn it on before they can use anything, and cannot turn it off.
    func testSafeguardingLeadsAndAdministratorsMustUseIt() async throws {
        try await withApp { app in
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let lead = try await User.query(on: app.db).filter(\.$email == "safeguarding@alpha.test").first()!
            try await TwoFactorSecret.query(on: app.db).filter(\.$user.$id == lead.requireID()).delete()

            let browser = Browser(app)
            let signedIn = try await browser.signIn("safeguarding@alpha.test")
            XCTAssertEqual(signedIn.location, "/app", "no code asked: not turned on yet")
            for path in ["/app", "/app/p/alpha", "/app/p/alpha/referrals"] {
                let page = try await browser.get(path)
                XCTAssertEqual(page.status, .seeOther, path)
                XCTAssertEqual(page.location, "/app/account/two-step?required=1", path)
            }
            let form = try await browser.get("/app/account/two-step?required=1")
            XCTAssertEqual(form.status, .ok)
            XCTAssertTrue(form.body.contains("requires two-step sign-in"))
            let scanning = try await browser.post("/app/account/two-step", ["action": "begin"])
            let row = try await TwoFactor.secret(userID: lead.requireID(), on: app.db)
            let secret = try XCTUnwrap(row.flatMap { TwoFactor.secretBytes($0, keys: Fixture.accountKeys) })
            XCTAssertEqual(scanning.status, .ok)
            let counter = TOTP.counter(at: Date())
            let on = try await browser.post(
                "/app/account/two-step", ["action": "confirm", "code": TOTP.code(secret: secret, counter: counter)])
            XCTAssertEqual(on.status, .ok)
            let referrals = try await browser.get("/app/p/alpha/referrals")
            XCTAssertNotEqual(referrals.status, .seeOther, "in, now that it is on")
            let off = try await browser.post(
                "/app/account/two-step", ["action": "disable", "code": TOTP.code(secret: secret, counter: counter + 1)])
            XCTAssertEqual(off.status, .unprocessableEntity)
            XCTAssertTrue(off.body.contains("cannot be turned off"))
            let stillOn = try await TwoFactor.isEnabled(userID: lead.requireID(), on: app.db)
            XCTAssertTrue(stillOn)

            // A deployment administrator signs in with a code (Fixture turned it on; Browser answers the code page).
            try await Fixture.admin(on: app.db, hasher: app.passwordHasher)
            let admin = Browser(app)
            let adminIn = try await admin.signIn("admin@deployment.test")
            XCTAssertEqual(adminIn.location, "/app")
            let home = try await admin.get("/app/admin")
            XCTAssertEqual(home.status, .ok)
        }
    }

    /// Review of case 5: 60 parallel wrong codes on one challenge were all checked, new challenges were unlimited,
    /// wrong codes were not audited, and the turn-off form took guesses without limit.
    func testParallelAndRepeatedGuessesAreLimited() async throws {
        try await withApp { app in
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let officer = try await User.query(on: app.db).filter(\.$email == "officer@alpha.test").first()!
            try await Fixture.twoStep(officer, on: app.db)
            let attacker = Browser(app)
            try await attacker.get("/app/sign-in")
            let step = try await attacker.post(
                "/app/sign-in", ["email": "officer@alpha.test", "password": Fixture.password])
            XCTAssertTrue(step.location?.hasPrefix("/app/sign-in/code") == true)
            try await attacker.get("/app/sign-in/code")
            let cookies = attacker.cookies
            let csrf = attacker.csrf
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        let copy = Browser(app)
                        copy.cookies = cookies
                        copy.csrf = csrf
                        return try await copy.post("/app/sign-in/code", ["code": String(format: "%06d", index)]).status
                    }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            XCTAssertEqual(statuses.count, 40)
            let audited = try await AuditEntry.query(on: app.db).filter(\.$summary == "Wrong two-step sign-in code")
                .count()
            XCTAssertLessThanOrEqual(audited, TwoFactor.challengeAttempts, "at most five codes checked per password")

            // New challenges with the right password do not reset the person's count of wrong codes.
            for _ in 0..<4 {
                let again = Browser(app)
                try await again.get("/app/sign-in")
                try await again.post("/app/sign-in", ["email": "officer@alpha.test", "password": Fixture.password])
                try await again.get("/app/sign-in/code")
                for _ in 0..<3 { try await again.post("/app/sign-in/code", ["code": "999999"]) }
            }
            let total = try await AuditEntry.query(on: app.db).filter(\.$summary == "Wrong two-step sign-in code")
                .count()
            XCTAssertEqual(total, TwoFactor.codeLimit, "no more than the limit checked in 15 minutes")
            let late = Browser(app)
            try await late.get("/app/sign-in")
            try await late.post("/app/sign-in", ["email": "officer@alpha.test", "password": Fixture.password])
            try await late.get("/app/sign-in/code")
            let codes = try await TwoFactor.replaceRecoveryCodes(userID: officer.requireID(), on: app.db)
            let refused = try await late.post("/app/sign-in/code", ["code": codes[0]])
            XCTAssertEqual(refused.status, .tooManyRequests, "even the right code waits")
            XCTAssertTrue(refused.body.contains("Too many wrong codes"))
        }
    }

    /// A partnership can require it of everyone; turning it on signs out the person's other sessions.
    func testAPartnershipCanRequireItOfEveryoneAndTurningItOnEndsOtherSessions() async throws {
        try await withApp { app in
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let coordinator = try await User.query(on: app.db).filter(\.$email == "coordinator@alpha.test").first()!
            try await Fixture.twoStep(coordinator, on: app.db)
            let settings = Browser(app)
            try await settings.signIn("coordinator@alpha.test")
            try await settings.get("/app/p/alpha/settings")
            let required = try await settings.post("/app/p/alpha/settings/two-step", ["required": "yes"])
            XCTAssertEqual(required.status, .seeOther)

            // An analyst with a session already open (as if from a stolen password) and a second browser.
            let stolen = Browser(app)
            try await stolen.signIn("analyst@alpha.test")
            let own = Browser(app)
            try await own.signIn("analyst@alpha.test")
            let sent = try await own.get("/app/p/alpha")
            XCTAssertEqual(sent.location, "/app/account/two-step?required=1", "the partnership requires it now")
            let asked = try await own.get("/app/account/two-step?required=1")
            XCTAssertTrue(asked.body.contains("your partnership, requires two-step sign-in"))
            try await own.post("/app/account/two-step", ["action": "begin"])
            let analyst = try await User.query(on: app.db).filter(\.$email == "analyst@alpha.test").first()!
            let row = try await TwoFactor.secret(userID: analyst.requireID(), on: app.db)
            let secret = try XCTUnwrap(row.flatMap { TwoFactor.secretBytes($0, keys: Fixture.accountKeys) })
            let on = try await own.post(
                "/app/account/two-step", ["action": "confirm", "code": TOTP.code(secret: secret, at: Date())])
            XCTAssertEqual(on.status, .ok)
            let ownHome = try await own.get("/app/p/alpha")
            XCTAssertEqual(ownHome.status, .ok, "this browser stays signed in")
            let stolenHome = try await stolen.get("/app/p/alpha")
            XCTAssertNotEqual(stolenHome.status, .ok, "the other session has ended")
            let audit = try await AuditEntry.query(on: app.db).filter(
                \.$summary == "Required two-step sign-in for everyone"
            )
            .count()
            XCTAssertEqual(audit, 1)
        }
    }
}
