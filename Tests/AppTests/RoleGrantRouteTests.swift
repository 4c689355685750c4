import Fluent
import Foundation
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

/// Issue 20, case 5: a coordinator can no longer give themselves (through a mailbox they own) or anyone else the
/// safeguarding role alone: it takes effect only when another safeguarding lead approves it.
final class RoleGrantRouteTests: XCTestCase {
    func testTheSafeguardingRoleNeedsASecondPerson() async throws {
        try await withApp { app in
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let alphaID = try await Partnerships.find(on: app.db, slug: "alpha")!.requireID()
            let coordinatorUser = try await User.query(on: app.db).filter(\.$email == "coordinator@alpha.test").first()!
            let officerUser = try await User.query(on: app.db).filter(\.$email == "officer@alpha.test").first()!

            // The coordinator invites a mailbox they own as safeguarding lead, and accepts the link themselves.
            let token = try await Members.invite(
                on: app.db, partnershipID: alphaID, email: "own.mailbox@example.org", role: .safeguarding,
                by: ActingUser(id: coordinatorUser.id, email: coordinatorUser.email))
            let mailbox = Browser(app)
            try await mailbox.get("/app/invitations/\(token)")
            let accepted = try await mailbox.post(
                "/app/invitations/\(token)", ["displayName": "Own Mailbox", "password": Fixture.password])
            XCTAssertEqual(accepted.status, .ok)
            XCTAssertTrue(accepted.body.contains("role takes effect when another holder of it approves it"))
            let newUser = try await User.query(on: app.db).filter(\.$email == "own.mailbox@example.org").first()!
            func role(_ user: User) async throws -> String? {
                try await Membership.query(on: app.db).filter(\.$partnership.$id == alphaID)
                    .filter(\.$user.$id == user.requireID()).first()?.role.rawValue
            }
            let joinedAs = try await role(newUser)
            XCTAssertEqual(joinedAs, "viewer", "a viewer until approved")
            let signedIn = Browser(app)
            try await signedIn.signIn("own.mailbox@example.org")
            let refused = try await signedIn.get("/app/p/alpha/referrals")
            XCTAssertEqual(refused.status, .forbidden, "no child's record before approval")

            // The coordinator also asks for the role for the officer: asked, not given.
            let coordinator = Browser(app)
            try await coordinator.signIn("coordinator@alpha.test")
            try await coordinator.get("/app/p/alpha/users")
            let officerID = try officerUser.requireID().uuidString
            let asked = try await coordinator.post(
                "/app/p/alpha/users/\(officerID)/role", ["role-\(officerID)": "safeguarding"])
            XCTAssertEqual(asked.location, "/app/p/alpha/users?saved=approval")
            let officerRole = try await role(officerUser)
            XCTAssertEqual(officerRole, "officer")
            let users = try await coordinator.get("/app/p/alpha/users?saved=approval")
            XCTAssertTrue(users.body.contains("Waiting for approval"))
            XCTAssertTrue(users.body.contains("own.mailbox@example.org") && users.body.contains("it takes effect when"))
            let pending = try await RoleGrants.pending(on: app.db, partnershipID: alphaID)
            XCTAssertEqual(pending.map(\.email).sorted(), ["officer@alpha.test", "own.mailbox@example.org"])
            XCTAssertTrue(pending.allSatisfy { $0.requestedBy == "coordinator@alpha.test" })
            // The coordinator cannot approve (they do not hold the role), nor can the waiting person.
            let mailboxGrant = try XCTUnwrap(pending.first { $0.email == "own.mailbox@example.org" }).id
            let officerGrant = try XCTUnwrap(pending.first { $0.email == "officer@alpha.test" }).id
            let byCoordinator = try await coordinator.post(
                "/app/p/alpha/users/requests/\(mailboxGrant)", ["action": "approve"])
            XCTAssertEqual(byCoordinator.status, .forbidden)
            try await signedIn.get("/app/p/alpha")
            let bySelf = try await signedIn.post("/app/p/alpha/users/requests/\(mailboxGrant)", ["action": "approve"])
            XCTAssertEqual(bySelf.status, .forbidden)

            // The existing safeguarding lead sees both, approves one and refuses the other.
            let lead = Browser(app)
            try await lead.signIn("safeguarding@alpha.test")
            let referrals = try await lead.get("/app/p/alpha/referrals")
            XCTAssertTrue(referrals.body.contains("2 people are waiting for the safeguarding role"))
            let list = try await lead.get("/app/p/alpha/users/requests")
            XCTAssertEqual(list.status, .ok)
            XCTAssertTrue(list.body.contains("own.mailbox@example.org") && list.body.contains("officer@alpha.test"))
            let approved = try await lead.post("/app/p/alpha/users/requests/\(mailboxGrant)", ["action": "approve"])
            XCTAssertEqual(approved.location, "/app/p/alpha/users/requests?done=approve")
            let refusedGrant = try await lead.post("/app/p/alpha/users/requests/\(officerGrant)", ["action": "refuse"])
            XCTAssertEqual(refusedGrant.status, .seeOther)
            let mailboxRole = try await role(newUser)
            let officerAfter = try await role(officerUser)
            XCTAssertEqual(mailboxRole, "safeguarding")
            XCTAssertEqual(officerAfter, "officer")
            // Decided once: a second decision finds nothing waiting.
            let again = try await lead.post("/app/p/alpha/users/requests/\(mailboxGrant)", ["action": "refuse"])
            XCTAssertEqual(again.status, .notFound)
            let left = try await RoleGrants.pending(on: app.db, partnershipID: alphaID)
            XCTAssertTrue(left.isEmpty)

            // Both the requests and the decisions are in the audit log, naming who did what.
            let audit = try await AuditEntry.query(on: app.db).filter(\.$partnershipID == alphaID).all()
            let summaries = audit.map(\.summary)
            XCTAssertEqual(summaries.filter { $0.hasPrefix("Asked for the Safeguarding lead role") }.count, 2)
            XCTAssertTrue(
                audit.contains {
                    $0.summary.hasPrefix("Approved the Safeguarding lead role for own.mailbox@example.org")
                        && $0.actorEmail == "safeguarding@alpha.test"
                })
            XCTAssertTrue(summaries.contains { $0.hasPrefix("Refused the Safeguarding lead role") })
        }
    }

    /// A partnership's first safeguarding lead has no one to approve them: the deployment's operator does, from the
    /// command line (`safercyber user approve`, which calls `decide` with no approver). A member cannot approve a
    /// role they do not hold.
    func testTheFirstLeadIsApprovedFromTheCommandLine() async throws {
        try await withApp { app in
            let gamma = try await Partnerships.create(on: app.db, slug: "gamma", name: "Gamma", by: .system("test"))
            let gammaID = try gamma.requireID()
            var users: [Role: User] = [:]
            for role in [Role.coordinator, .officer, .analyst] {
                let user = try await Accounts.create(
                    on: app.db, email: "\(role.rawValue)@gamma.test", displayName: role.label,
                    password: Fixture.password, hasher: app.passwordHasher, by: .system("test"))
                try await Members.add(
                    on: app.db, userID: user.requireID(), partnershipID: gammaID, role: role, by: .system("test"))
                users[role] = user
            }
            let coordinator = ActingUser(id: users[.coordinator]!.id, email: users[.coordinator]!.email)
            let change = try await Members.changeRole(
                on: app.db, partnershipID: gammaID, userID: users[.officer]!.requireID(), to: .safeguarding,
                by: coordinator)
            XCTAssertEqual(change, .awaitingApproval)
            let waiting = try await RoleGrants.pending(on: app.db, partnershipID: gammaID)
            let grant = try XCTUnwrap(waiting.first)
            do {
                try await RoleGrants.decide(
                    on: app.db, partnershipID: gammaID, grantID: grant.id, decision: .approved, approver: coordinator)
                XCTFail("a coordinator cannot approve the safeguarding role")
            } catch let errors as FieldErrors {
                XCTAssertEqual(errors.problems.first?.message, "Only another safeguarding lead can decide this.")
            }
            // Another partnership's id does not find it either.
            let alpha = try await Partnerships.create(on: app.db, slug: "delta", name: "Delta", by: .system("test"))
            do {
                try await RoleGrants.decide(
                    on: app.db, partnershipID: alpha.requireID(), grantID: grant.id, decision: .approved, approver: nil)
                XCTFail("a request is found only in its own partnership")
            } catch is NotFound {}
            try await RoleGrants.decide(
                on: app.db, partnershipID: gammaID, grantID: grant.id, decision: .approved, approver: nil)
            let role = try await Membership.query(on: app.db).filter(\.$user.$id == users[.officer]!.requireID())
                .first()?.role.rawValue
            XCTAssertEqual(role, "safeguarding")
            let entry = try await AuditEntry.query(on: app.db).filter(\.$partnershipID == gammaID)
                .filter(\.$summary ~~ "Approved the Safeguarding lead role").first()
            XCTAssertEqual(entry?.actorEmail, "command line")

            // A member who leaves takes their waiting request with them: it cannot be approved after a return.
            let analystID = try users[.analyst]!.requireID()
            try await Members.changeRole(
                on: app.db, partnershipID: gammaID, userID: analystID, to: .safeguarding, by: coordinator)
            let asked = try await RoleGrants.pending(on: app.db, partnershipID: gammaID)
            XCTAssertEqual(asked.map(\.userID), [analystID])
            try await Members.remove(on: app.db, partnershipID: gammaID, userID: analystID, by: coordinator)
            let afterRemoval = try await RoleGrants.pending(on: app.db, partnershipID: gammaID)
            XCTAssertTrue(afterRemoval.isEmpty)
            let withdrawn = try await RoleGrant.query(on: app.db).filter(\.$user.$id == analystID).first()
            XCTAssertEqual(withdrawn?.outcome, "withdrawn")
        }
    }
}
