import FluentKit
import Foundation
import SaferCyberCore
import TestSupport
import XCTest

/// Counts the bcrypt work a sign-in does.
final class CountingHasher: PasswordHashing, @unchecked Sendable {
    let inner: any PasswordHashing
    private let lock = NSLock()
    private var verifies = 0
    private var hashes = 0
    init(_ inner: any PasswordHashing) { self.inner = inner }

    var counts: (verifies: Int, hashes: Int) { lock.withLock { (verifies, hashes) } }
    func reset() { lock.withLock { (verifies, hashes) = (0, 0) } }

    func hash(_ password: String) async throws -> String {
        lock.withLock { hashes += 1 }
        return try await inner.hash(password)
    }

    func verify(_ password: String, against hash: String) async throws -> Bool {
        lock.withLock { verifies += 1 }
        return try await inner.verify(password, against: hash)
    }
}

/// Issue 20, cases 2 and 3: sign-in must not tell strangers which addresses have accounts, must not let a burst
/// of guesses past the limit, and must not let a stranger lock a named person out.
final class SignInAbuseTests: XCTestCase {
    /// Case 2: an unknown email used to cost a hash and a verification, a known one only a verification.
    func testKnownUnknownAndDisabledAccountsCostTheSameWork() async throws {
        try await withTestDatabase { db, hasher in
            try await Fixture.partnership("alpha", on: db, hasher: hasher)
            let equaliser = try await hasher.hash("made once at start-up")
            let counting = CountingHasher(hasher)
            let disabled = try await User.query(on: db).filter(\.$email == "viewer@alpha.test").first()!
            try await Accounts.setDisabled(on: db, userID: disabled.requireID(), disabled: true, by: .system("test"))
            for email in ["officer@alpha.test", "nobody@alpha.test", "viewer@alpha.test"] {
                counting.reset()
                let outcome = try await SignIn.attempt(
                    on: db, email: email, password: "wrong password", address: "198.51.100.\(email.count)",
                    hasher: counting, equaliser: equaliser)
                guard case .refused = outcome else { return XCTFail("\(email): \(outcome)") }
                XCTAssertEqual(counting.counts.verifies, 1, email)
                XCTAssertEqual(counting.counts.hashes, 0, email)
            }
        }
    }

    /// Case 3: failures were counted before the bcrypt check and written after it, so parallel guesses all
    /// passed "fewer than 5". Now a burst of 200 gets at most the limit of password checks.
    func testABurstOfParallelGuessesGetsAtMostTheLimit() async throws {
        try await withTestDatabase { db, hasher in
            try await Fixture.partnership("alpha", on: db, hasher: hasher)
            let equaliser = try await hasher.hash("made once at start-up")
            let counting = CountingHasher(hasher)
            let outcomes = try await withThrowingTaskGroup(of: SignIn.Outcome.self) { group in
                for i in 0..<200 {
                    group.addTask {
                        try await SignIn.attempt(
                            on: db, email: "coordinator@alpha.test", password: "guess \(i)", address: "203.0.113.9",
                            hasher: counting, equaliser: equaliser)
                    }
                }
                var all: [SignIn.Outcome] = []
                for try await outcome in group { all.append(outcome) }
                return all
            }
            XCTAssertLessThanOrEqual(counting.counts.verifies, SignIn.pairLimit)
            let refused = outcomes.filter { if case .refused = $0 { true } else { false } }.count
            XCTAssertEqual(refused, counting.counts.verifies, "every check is a refusal, the rest are throttled")
            XCTAssertEqual(outcomes.count - refused, 200 - counting.counts.verifies)
        }
    }

    /// Case 3: five requests every 15 minutes used to lock the administrator out indefinitely. Now failures
    /// from strangers' addresses do not stop the person at an address they have signed in from.
    func testAStrangerCannotLockANamedPersonOut() async throws {
        try await withTestDatabase { db, hasher in
            try await Fixture.partnership("alpha", on: db, hasher: hasher)
            let now = Date()
            // The coordinator has signed in from the office before.
            guard
                case .signedIn = try await SignIn.attempt(
                    on: db, email: "coordinator@alpha.test", password: Fixture.password, address: "192.0.2.10",
                    hasher: hasher, now: now.addingTimeInterval(-3600))
            else { return XCTFail("first sign-in") }
            // A stranger fails many times from many addresses.
            for i in 0..<(SignIn.accountLimit + 5) {
                _ = try await SignIn.attempt(
                    on: db, email: "coordinator@alpha.test", password: "guess", address: "198.51.100.\(i)",
                    hasher: hasher, now: now)
            }
            // The stranger's own address is slowed down…
            let stranger = try await SignIn.attempt(
                on: db, email: "coordinator@alpha.test", password: "guess", address: "198.51.100.200", hasher: hasher,
                now: now.addingTimeInterval(1))
            guard case .tooManyAttempts = stranger else { return XCTFail("stranger: \(stranger)") }
            // …but the coordinator, at the office, signs in.
            let office = try await SignIn.attempt(
                on: db, email: "coordinator@alpha.test", password: Fixture.password, address: "192.0.2.10",
                hasher: hasher, now: now.addingTimeInterval(2))
            guard case .signedIn = office else { return XCTFail("the named person was locked out: \(office)") }
        }
    }

    /// One address guessing one account waits longer after each failure: 1 minute after the fifth, then 2, 4…
    func testDelaysGrowForOneAddress() async throws {
        try await withTestDatabase { db, hasher in
            try await Fixture.partnership("alpha", on: db, hasher: hasher)
            let start = Date()
            func attempt(_ seconds: TimeInterval) async throws -> SignIn.Outcome {
                try await SignIn.attempt(
                    on: db, email: "officer@alpha.test", password: "guess", address: "203.0.113.5", hasher: hasher,
                    now: start.addingTimeInterval(seconds))
            }
            for i in 0..<SignIn.pairLimit {
                guard case .refused = try await attempt(Double(i)) else { return XCTFail("attempt \(i)") }
            }
            guard case .tooManyAttempts(let minutes) = try await attempt(30) else { return XCTFail("at 30 s") }
            XCTAssertEqual(minutes, 1)
            guard case .refused = try await attempt(4 + 61) else { return XCTFail("after a minute, one more try") }
            guard case .tooManyAttempts = try await attempt(65 + 100) else { return XCTFail("now 2 minutes") }
            guard case .refused = try await attempt(65 + 121) else { return XCTFail("after 2 minutes") }
            guard case .tooManyAttempts(let next) = try await attempt(186 + 1) else { return XCTFail("now 4 minutes") }
            XCTAssertEqual(next, 4)
            // The right password from another address is not affected.
            let elsewhere = try await SignIn.attempt(
                on: db, email: "officer@alpha.test", password: Fixture.password, address: "192.0.2.77",
                hasher: hasher, now: start.addingTimeInterval(190))
            guard case .signedIn = elsewhere else { return XCTFail("elsewhere: \(elsewhere)") }
        }
    }
}

/// Issue 20, case 3: with TRUST_PROXY the leftmost X-Forwarded-For entry, which the client chooses, was taken.
final class ClientAddressTests: XCTestCase {
    func testRightmostUntrustedHopIsTheClient() {
        // The client sent a made-up entry; the proxy appended the address it really came from.
        XCTAssertEqual(
            ClientAddress.resolve(
                forwardedFor: ["1.2.3.4, 203.0.113.9"], peer: "10.0.0.2", trustProxy: true, trustedProxies: []),
            "203.0.113.9")
        // Two proxies: the load balancer's entry is skipped when it is listed.
        XCTAssertEqual(
            ClientAddress.resolve(
                forwardedFor: ["1.2.3.4", "203.0.113.9, 10.1.2.3"], peer: "10.0.0.2", trustProxy: true,
                trustedProxies: ["10.0.0.0/8"]),
            "203.0.113.9")
        // Without TRUST_PROXY the header is ignored.
        XCTAssertEqual(
            ClientAddress.resolve(forwardedFor: ["1.2.3.4"], peer: "192.0.2.1", trustProxy: false, trustedProxies: []),
            "192.0.2.1")
        XCTAssertEqual(
            ClientAddress.resolve(forwardedFor: [], peer: "192.0.2.1", trustProxy: true, trustedProxies: []),
            "192.0.2.1")
    }

    func testAddressesHaveOneSpellingAndIPv6CountsByItsSlash64() {
        XCTAssertEqual(ClientAddress.normalise("203.0.113.9:5123"), "203.0.113.9")
        XCTAssertEqual(ClientAddress.normalise("[2001:DB8:0:0::1]:443"), "2001:db8::1")
        XCTAssertEqual(ClientAddress.normalise("::ffff:10.0.0.5"), "10.0.0.5")
        XCTAssertEqual(
            ClientAddress.resolve(
                forwardedFor: ["1.2.3.4, ::ffff:10.1.2.3"], peer: "10.0.0.2", trustProxy: true,
                trustedProxies: ["10.0.0.0/8"]),
            "1.2.3.4", "a mapped proxy address is still the proxy")
        XCTAssertEqual(ClientAddress.throttleKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::/64")
        XCTAssertEqual(
            ClientAddress.throttleKey("2001:db8:1:2::1"), ClientAddress.throttleKey("2001:db8:1:2:ffff::9"))
        XCTAssertEqual(ClientAddress.throttleKey("203.0.113.9"), "203.0.113.9")
    }

    func testCIDRMatching() {
        XCTAssertTrue(ClientAddress.matches("10.200.3.4", "10.0.0.0/8"))
        XCTAssertFalse(ClientAddress.matches("11.0.0.1", "10.0.0.0/8"))
        XCTAssertTrue(ClientAddress.matches("192.168.1.77", "192.168.1.64/26"))
        XCTAssertFalse(ClientAddress.matches("192.168.1.130", "192.168.1.64/26"))
        XCTAssertTrue(ClientAddress.matches("fd00::1", "fd00::/8"))
        XCTAssertFalse(ClientAddress.matches("fe80::1", "fd00::/8"))
        XCTAssertTrue(ClientAddress.matches("203.0.113.9", "203.0.113.9"))
        XCTAssertFalse(ClientAddress.matches("not-an-address", "10.0.0.0/8"))
    }
}

/// Review of issue 20: changing a password checked the current one with no limit.
final class ChangePasswordThrottleTests: XCTestCase {
    func testGuessingTheCurrentPasswordIsThrottledLikeSignIn() async throws {
        try await withTestDatabase { db, hasher in
            try await Fixture.partnership("alpha", on: db, hasher: hasher)
            let user = try await User.query(on: db).filter(\.$email == "officer@alpha.test").first()!
            let now = Date()
            for i in 0..<SignIn.pairLimit {
                do {
                    try await Accounts.changePassword(
                        on: db, user: user, current: "guess \(i)", new: "maple quartz harbour", keepSessionID: nil,
                        hasher: hasher, address: "203.0.113.7", now: now)
                    XCTFail("a wrong current password must be refused")
                } catch let errors as FieldErrors {
                    XCTAssertEqual(errors.message(for: "currentPassword"), "Your current password is not correct")
                }
            }
            do {
                try await Accounts.changePassword(
                    on: db, user: user, current: Fixture.password, new: "maple quartz harbour", keepSessionID: nil,
                    hasher: hasher, address: "203.0.113.7", now: now.addingTimeInterval(10))
                XCTFail("throttled, even with the right password")
            } catch let errors as FieldErrors {
                XCTAssertTrue(errors.message(for: "currentPassword")?.hasPrefix("Too many wrong passwords") == true)
            }
        }
    }
}
