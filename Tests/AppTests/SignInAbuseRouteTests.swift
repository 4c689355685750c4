import Fluent
import Foundation
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

/// Issue 20, cases 3 and 4, through HTTP.
final class SignInAbuseRouteTests: XCTestCase {
    /// 200 parallel wrong passwords for one account behind a reverse proxy, each with a different made-up
    /// X-Forwarded-For entry before the one the proxy appended: at most the limit of password checks.
    func testABurstWithRotatingForwardedForGetsAtMostTheLimit() async throws {
        try await withApp { app in
            app.config.trustProxy = true
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for i in 0..<200 {
                    group.addTask {
                        let browser = Browser(app)
                        browser.extraHeaders.add(
                            name: "X-Forwarded-For", value: "10.\(i / 250).\(i % 250).7, 203.0.113.9")
                        return try await browser.signIn("admin@alpha.test", password: "guess number \(i)").status
                    }
                }
                var all: [HTTPStatus] = []
                for try await status in group { all.append(status) }
                return all
            }
            // Every check reserved a row per key before bcrypt ran: count the (account, address) reservations.
            let checks = try await LoginAttempt.query(on: app.db).filter(\.$key ~~ "pair:").count()
            XCTAssertLessThanOrEqual(checks, SignIn.pairLimit)
            let pairs = try await LoginAttempt.query(on: app.db).filter(\.$key ~~ "pair:").all().map(\.key)
            XCTAssertTrue(
                pairs.allSatisfy { $0.hasSuffix("|203.0.113.9") }, "the made-up entries were ignored: \(pairs)")
            XCTAssertEqual(statuses.filter { $0 == .unauthorized }.count, checks)
            XCTAssertEqual(statuses.filter { $0 == .tooManyRequests }.count, 200 - checks)
        }
    }

    /// Case 4: a coordinator invites an existing user of another partnership and posts guesses at the link.
    /// The link never checks a password: the invitee joins only while signed in as themselves.
    func testInvitationIsNotAPasswordOracle() async throws {
        try await withApp { app in
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            try await Fixture.partnership("beta", on: app.db, hasher: app.passwordHasher)
            let coordinator = try await User.query(on: app.db).filter(\.$email == "coordinator@alpha.test").first()!
            let token = try await Members.invite(
                on: app.db, partnershipID: try await Partnerships.find(on: app.db, slug: "alpha")!.requireID(),
                email: "analyst@beta.test", role: .viewer,
                by: ActingUser(id: coordinator.id, email: coordinator.email))
            let path = "/app/invitations/\(token)"

            let inviter = Browser(app)
            let page = try await inviter.get(path)
            XCTAssertFalse(page.body.contains(#"name="password""#), "no password field for an existing account")
            try await inviter.get("/app/sign-in")  // a form token, as an attacker would fetch one
            for guess in ["wrong one", Fixture.password] {
                let answer = try await inviter.post(path, ["password": guess, "displayName": "x"])
                XCTAssertEqual(answer.status, .unprocessableEntity)
                XCTAssertTrue(answer.body.contains("Sign in as analyst@beta.test"), answer.body)
                XCTAssertFalse(answer.body.contains("not correct"))
            }
            // Signed in as someone else: still refused.
            try await inviter.signIn("coordinator@alpha.test")
            try await inviter.get("/app/p/alpha")  // the new session's form token
            let wrongPerson = try await inviter.post(path, [:])
            XCTAssertEqual(wrongPerson.status, .unprocessableEntity)

            // The invitee, signed in as themselves, joins with one button.
            let invitee = Browser(app)
            try await invitee.signIn("analyst@beta.test")
            let form = try await invitee.get(path)
            XCTAssertTrue(form.body.contains("Join the partnership"))
            let joined = try await invitee.post(path, [:])
            XCTAssertEqual(joined.status, .seeOther)
            let alpha = try await invitee.get("/app/p/alpha")
            XCTAssertEqual(alpha.status, .ok)
        }
    }
}
