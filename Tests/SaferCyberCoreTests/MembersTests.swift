import FluentKit
import SaferCyberCore
import TestSupport
import XCTest

final class MembersTests: XCTestCase {
    func testInvitationCreatesAccountOnceAndExpires() async throws {
        try await withTestDatabase { db, hasher in
            let partnership = try await Fixture.partnership("alpha", on: db, hasher: hasher)
            let coordinator = try await unwrapOrFail(
                try await User.query(on: db).filter(\.$email == "coordinator@alpha.test").first())
            let actor = ActingUser(id: coordinator.id, email: coordinator.email)
            let id = try partnership.requireID()
            let now = Date()

            let token = try await Members.invite(
                on: db, partnershipID: id, email: "New.Person@College.ac.uk", role: .officer, by: actor, now: now)
            let user = try await Members.accept(
                on: db, token: token, displayName: "New Person", password: "maple quartz harbour",
                hasher: hasher, now: now)

            XCTAssertEqual(user.email, "new.person@college.ac.uk")
            let value1 = try await Accounts.role(on: db, user: user, partnershipID: id)
            XCTAssertEqual(value1, .officer)
            // The same link cannot be used twice.
            do {
                _ = try await Members.accept(
                    on: db, token: token, displayName: "Again", password: "maple quartz harbour", hasher: hasher,
                    now: now)
                XCTFail("a used invitation must not work again")
            } catch is NotFound {}
            // A new invitation is refused after 7 days.
            let late = try await Members.invite(
                on: db, partnershipID: id, email: "late@x.test", role: .viewer, by: actor, now: now)
            let stale = try await Members.invitation(
                on: db, token: late, now: now.addingTimeInterval(Members.invitationLifetime + 1))
            XCTAssertNil(stale)
        }
    }

    func testThePartnershipAlwaysKeepsACoordinator() async throws {
        try await withTestDatabase { db, hasher in
            let partnership = try await Fixture.partnership("alpha", on: db, hasher: hasher)
            let coordinator = try await unwrapOrFail(
                try await User.query(on: db).filter(\.$email == "coordinator@alpha.test").first())
            do {
                try await Members.changeRole(
                    on: db, partnershipID: partnership.requireID(), userID: coordinator.requireID(),
                    to: .viewer, by: .system("test"))
                XCTFail("the last coordinator cannot be demoted")
            } catch let errors as FieldErrors {
                XCTAssertTrue(errors.problems[0].message.contains("at least one coordinator"))
            }
            do {
                try await Members.remove(
                    on: db, partnershipID: partnership.requireID(), userID: coordinator.requireID(), by: .system("test")
                )
                XCTFail("the last coordinator cannot be removed")
            } catch is FieldErrors {}
            let value2 = try await Accounts.role(on: db, user: coordinator, partnershipID: partnership.requireID())
            XCTAssertEqual(value2, .coordinator)
        }
    }

    func testRemovingAMemberRevokesTheirApiTokens() async throws {
        try await withTestDatabase { db, hasher in
            let partnership = try await Fixture.partnership("alpha", on: db, hasher: hasher)
            let analyst = try await unwrapOrFail(
                try await User.query(on: db).filter(\.$email == "analyst@alpha.test").first())
            let secret = try await ApiTokens.create(
                on: db, userID: analyst.requireID(), partnershipID: partnership.requireID(),
                name: "BI", by: .system("test"))
            let value3 = try await ApiTokens.resolve(on: db, secret: secret)
            XCTAssertNotNil(value3)

            try await Members.remove(
                on: db, partnershipID: partnership.requireID(), userID: analyst.requireID(), by: .system("test"))

            let value4 = try await ApiTokens.resolve(on: db, secret: secret)
            XCTAssertNil(value4)
        }
    }
}
