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

    /// A stranger behind the same NAT address fails enough times to throttle the address and the (account, address)
    /// pair; the person, from the browser they have signed in from before (its device cookie), still signs in at
    /// once. Without the cookie they would have to wait. A cookie of another account does not help.
    func testAStrangerBehindTheSameAddressCannotDelayThePersonOnTheirOwnBrowser() async throws {
        try await withApp { app in
            app.config.trustProxy = true
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            func from(_ address: String) -> Browser {
                let browser = Browser(app)
                browser.extraHeaders.add(name: "X-Forwarded-For", value: address)
                return browser
            }
            // The officer's own laptop, known from an earlier sign-in at work.
            let laptop = from("198.51.100.20")
            let first = try await laptop.signIn("officer@alpha.test")
            XCTAssertEqual(first.location, "/app")
            try await laptop.post("/app/sign-out")
            // Another account's device cookie, which must not count for the officer.
            let analyst = from("198.51.100.20")
            try await analyst.signIn("analyst@alpha.test")

            // At the library, a stranger on the shared address guesses the officer's password until throttled.
            var statuses: [HTTPStatus] = []
            for i in 0..<(SignIn.addressLimit + 2) {
                statuses.append(
                    try await from("203.0.113.50").signIn("officer@alpha.test", password: "guess \(i)").status)
            }
            XCTAssertTrue(statuses.contains(.tooManyRequests))
            let stranger = try await from("203.0.113.50").signIn("officer@alpha.test")
            XCTAssertEqual(stranger.status, .tooManyRequests, "without a known browser, even the right password waits")
            let borrowed = from("203.0.113.50")
            borrowed.cookies["safercyber-device"] = analyst.cookies["safercyber-device"]
            let withOtherCookie = try await borrowed.signIn("officer@alpha.test")
            XCTAssertEqual(withOtherCookie.status, .tooManyRequests, "another account's cookie does not help")

            // The officer's laptop joins the library network: signs in at once.
            laptop.extraHeaders.replaceOrAdd(name: "X-Forwarded-For", value: "203.0.113.50")
            let own = try await laptop.signIn("officer@alpha.test")
            XCTAssertEqual(own.location, "/app")

            // A stolen cookie is no way round the limit either: its own failures delay it.
            try await laptop.post("/app/sign-out")
            var deviceStatuses: [HTTPStatus] = []
            for i in 0..<(SignIn.pairLimit + 1) {
                deviceStatuses.append(try await laptop.signIn("officer@alpha.test", password: "wrong \(i)").status)
            }
            XCTAssertEqual(deviceStatuses.last, .tooManyRequests)
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

    /// Case 4, the rest: invitation links cannot be tried at will. One address opens at most 30 links an hour
    /// (real or guessed), and one link takes at most 10 answers an hour, from wherever they come.
    func testInvitationLinksCannotBeTriedAtWill() async throws {
        try await withApp { app in
            app.config.trustProxy = true
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            func from(_ address: String) -> Browser {
                let browser = Browser(app)
                browser.extraHeaders.add(name: "X-Forwarded-For", value: address)
                return browser
            }
            let guesser = from("203.0.113.40")
            for i in 0..<30 {
                let answer = try await guesser.get("/app/invitations/guess-\(i)")
                XCTAssertEqual(answer.status, .notFound, "guess \(i)")
            }
            let refused = try await guesser.get("/app/invitations/guess-31")
            XCTAssertEqual(refused.status, .tooManyRequests)
            XCTAssertNotNil(refused.headers.first(name: .retryAfter))

            let coordinator = try await User.query(on: app.db).filter(\.$email == "coordinator@alpha.test").first()!
            let token = try await Members.invite(
                on: app.db, partnershipID: try await Partnerships.find(on: app.db, slug: "alpha")!.requireID(),
                email: "new.person@alpha.test", role: .viewer,
                by: ActingUser(id: coordinator.id, email: coordinator.email))
            let path = "/app/invitations/\(token)"
            let known = try await guesser.get(path).status
            XCTAssertEqual(known, .tooManyRequests, "refused before the link is read")

            // Answers to one link, from ten different addresses: the eleventh is refused wherever it comes from.
            for i in 0..<10 {
                let person = from("198.51.100.\(i + 1)")
                let opened = try await person.get(path).status
                XCTAssertEqual(opened, .ok)
                let answer = try await person.post(path, ["displayName": "New Person", "password": "short"])
                XCTAssertEqual(answer.status, .unprocessableEntity, "answer \(i)")
            }
            let late = from("198.51.100.99")
            let stillOpens = try await late.get(path).status
            XCTAssertEqual(stillOpens, .ok, "the page still opens")
            let eleventh = try await late.post(path, ["displayName": "New Person", "password": Fixture.password])
            XCTAssertEqual(eleventh.status, .tooManyRequests)
            let joined = try await User.query(on: app.db).filter(\.$email == "new.person@alpha.test").count()
            XCTAssertEqual(joined, 0, "nothing was created past the limit")
        }
    }

    /// Every refusal for too many requests says when to try again (review finding: pages built with a 429 status
    /// had no Retry-After): sign-in gives its own wait, in seconds.
    func testTooManySignInAttemptsSayWhenToTryAgain() async throws {
        try await withApp { app in
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let browser = Browser(app)
            var refusals: [Browser.Page] = []
            for attempt in 0..<8 {
                let answer = try await browser.signIn("viewer@alpha.test", password: "wrong \(attempt)")
                if answer.status == .tooManyRequests { refusals.append(answer) }
            }
            XCTAssertFalse(refusals.isEmpty)
            for refusal in refusals {
                let seconds = Int(refusal.headers.first(name: .retryAfter) ?? "") ?? 0
                XCTAssertGreaterThanOrEqual(seconds, 60, "a wait in whole minutes, given in seconds")
                let minutes = refusal.body.firstMatch(of: #/wait (\d+) minute/#).map { Int($0.1) ?? 0 } ?? 0
                XCTAssertEqual(seconds, minutes * 60, "the header and the page agree")
            }
        }
    }
}
