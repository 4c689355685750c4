import FluentKit
import SaferCyberCore
import TestSupport
import XCTest

final class SignInTests: XCTestCase {
    func testCorrectPasswordOpensASession() async throws {
        try await withTestDatabase { db, hasher in
            try await Fixture.partnership("alpha", on: db, hasher: hasher)
            let outcome = try await SignIn.attempt(
                on: db, email: " Officer@Alpha.test ", password: Fixture.password,
                address: "10.0.0.1", hasher: hasher)
            guard case .signedIn(let user, let token, _) = outcome else {
                return XCTFail("expected sign-in, got \(outcome)")
            }
            XCTAssertEqual(user.email, "officer@alpha.test")
            let resolved = try await StaffSessions.resolve(on: db, token: token)
            XCTAssertEqual(resolved?.1.email, "officer@alpha.test")
            let value1 = try await StaffSession.query(on: db).count()
            XCTAssertEqual(value1, 1)
        }
    }

    func testAccountIsLockedAfterFiveFailuresEvenWithTheRightPassword() async throws {
        try await withTestDatabase { db, hasher in
            try await Fixture.partnership("alpha", on: db, hasher: hasher)
            let now = Date()
            for i in 0..<SignIn.accountLimit {
                let outcome = try await SignIn.attempt(
                    on: db, email: "officer@alpha.test", password: "wrong \(i)",
                    address: "10.0.0.\(i)", hasher: hasher, now: now)
                guard case .refused = outcome else { return XCTFail("attempt \(i) should be refused") }
            }
            let locked = try await SignIn.attempt(
                on: db, email: "officer@alpha.test", password: Fixture.password,
                address: "10.0.0.99", hasher: hasher, now: now.addingTimeInterval(60))
            guard case .tooManyAttempts(let minutes) = locked else { return XCTFail("expected lock, got \(locked)") }
            XCTAssertEqual(minutes, 14)
            // After the window the right password works again.
            let later = try await SignIn.attempt(
                on: db, email: "officer@alpha.test", password: Fixture.password,
                address: "10.0.0.99", hasher: hasher, now: now.addingTimeInterval(SignIn.window + 1))
            guard case .signedIn = later else { return XCTFail("expected sign-in after the window, got \(later)") }
        }
    }

    func testOneAddressCannotGuessAcrossManyAccounts() async throws {
        try await withTestDatabase { db, hasher in
            try await Fixture.partnership("alpha", on: db, hasher: hasher)
            let now = Date()
            for i in 0..<SignIn.addressLimit {
                _ = try await SignIn.attempt(
                    on: db, email: "nobody\(i)@alpha.test", password: "guess", address: "192.0.2.7",
                    hasher: hasher, now: now)
            }
            let outcome = try await SignIn.attempt(
                on: db, email: "officer@alpha.test", password: Fixture.password,
                address: "192.0.2.7", hasher: hasher, now: now)
            guard case .tooManyAttempts = outcome else { return XCTFail("expected address lock, got \(outcome)") }
            let elsewhere = try await SignIn.attempt(
                on: db, email: "officer@alpha.test", password: Fixture.password,
                address: "192.0.2.8", hasher: hasher, now: now)
            guard case .signedIn = elsewhere else { return XCTFail("another address should still sign in") }
        }
    }

    func testDisabledAccountCannotSignInAndLosesItsSessions() async throws {
        try await withTestDatabase { db, hasher in
            try await Fixture.partnership("alpha", on: db, hasher: hasher)
            guard
                case .signedIn(let user, let token, _) = try await SignIn.attempt(
                    on: db, email: "analyst@alpha.test", password: Fixture.password, address: "a", hasher: hasher)
            else { return XCTFail("sign-in failed") }

            try await Accounts.setDisabled(on: db, userID: user.requireID(), disabled: true, by: .system("test"))

            let resolved = try await StaffSessions.resolve(on: db, token: token)
            XCTAssertNil(resolved)
            let value2 = try await StaffSession.query(on: db).count()
            XCTAssertEqual(value2, 0)
            let again = try await SignIn.attempt(
                on: db, email: "analyst@alpha.test", password: Fixture.password, address: "a",
                hasher: hasher)
            guard case .refused = again else { return XCTFail("a disabled account must be refused") }
        }
    }

    func testSessionsExpireAfterIdleAndAbsoluteLimits() async throws {
        try await withTestDatabase { db, hasher in
            let admin = try await Fixture.admin(on: db, hasher: hasher)
            let start = Date()
            let (idleToken, _) = try await StaffSessions.open(on: db, userID: admin.requireID(), now: start)
            // 29 minutes idle: still valid. 31 minutes after that last activity: gone.
            let value3 = try await StaffSessions.resolve(
                on: db, token: idleToken, now: start.addingTimeInterval(29 * 60))
            XCTAssertNotNil(value3)
            let value4 = try await StaffSessions.resolve(
                on: db, token: idleToken, now: start.addingTimeInterval(60 * 60 + 60))
            XCTAssertNil(value4)

            // Active every 20 minutes: still ends after 12 hours.
            let (busyToken, _) = try await StaffSessions.open(on: db, userID: admin.requireID(), now: start)
            var now = start
            while now.timeIntervalSince(start) < 11.5 * 3600 {  // last check at 11h40m, clear of the limit
                now = now.addingTimeInterval(20 * 60)
                let value5 = try await StaffSessions.resolve(on: db, token: busyToken, now: now)
                XCTAssertNotNil(value5)
            }
            let value6 = try await StaffSessions.resolve(
                on: db, token: busyToken, now: start.addingTimeInterval(12 * 3600 + 60))
            XCTAssertNil(value6)
        }
    }

    func testPurgeRemovesOnlyExpiredSessions() async throws {
        try await withTestDatabase { db, hasher in
            let admin = try await Fixture.admin(on: db, hasher: hasher)
            let now = Date()
            _ = try await StaffSessions.open(on: db, userID: admin.requireID(), now: now.addingTimeInterval(-3600))
            _ = try await StaffSessions.open(on: db, userID: admin.requireID(), now: now)
            let removed = try await StaffSessions.purgeExpired(on: db, now: now)
            XCTAssertEqual(removed, 1)
            let value7 = try await StaffSession.query(on: db).count()
            XCTAssertEqual(value7, 1)
        }
    }
}
