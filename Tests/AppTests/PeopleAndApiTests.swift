import Fluent
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

final class PeopleAndApiTests: XCTestCase {
    func testCoordinatorInvitesSomeoneWhoJoinsAndSignsIn() async throws {
        try await withApp { app in
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let coordinator = Browser(app)
            try await coordinator.signIn("coordinator@alpha.test")
            try await coordinator.get("/app/p/alpha/users")

            // a bad invitation is explained and creates nothing
            let bad = try await coordinator.post("/app/p/alpha/users/invite", ["email": "nope", "role": ""])
            XCTAssertEqual(bad.status, .unprocessableEntity)
            XCTAssertTrue(bad.body.contains("There is a problem"))
            XCTAssertTrue(bad.body.contains("Choose the role this person will have"))

            let invited = try await coordinator.post(
                "/app/p/alpha/users/invite", ["email": "trading.standards@county.gov.uk", "role": "officer"])
            XCTAssertEqual(invited.status, .ok)
            let link = try XCTUnwrap(
                invited.body.range(
                    of: #"http://127\.0\.0\.1:8080/app/invitations/[A-Za-z0-9_-]+"#, options: .regularExpression
                )
                .map { String(invited.body[$0]) })
            let path = String(link.dropFirst("http://127.0.0.1:8080".count))

            // the new colleague follows the link, chooses a password, and signs in
            let newcomer = Browser(app)
            let form = try await newcomer.get(path)
            XCTAssertTrue(form.body.contains("You have been invited as Officer"))
            let weak = try await newcomer.post(path, ["displayName": "Tess Standards", "password": "password123"])
            XCTAssertEqual(weak.status, .unprocessableEntity)
            XCTAssertTrue(weak.body.contains("too common"))
            let joined = try await newcomer.post(
                path, ["displayName": "Tess Standards", "password": "copper meadow violin"])
            XCTAssertEqual(joined.status, .ok)
            let signedIn = try await newcomer.signIn(
                "trading.standards@county.gov.uk", password: "copper meadow violin")
            XCTAssertEqual(signedIn.location, "/app")
            let home = try await newcomer.get("/app/p/alpha")
            XCTAssertTrue(
                home.body.contains("You are signed in as Officer"), "\(home.status) \(home.body.prefix(3000))")

            // the link is spent
            let reuse = try await Browser(app).get(path)
            XCTAssertEqual(reuse.status, .notFound)
            XCTAssertTrue(reuse.body.contains("expired or has already been used"))
        }
    }

    func testApiTokenReadsOnlyItsOwnPartnership() async throws {
        try await withApp { app in
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            try await Fixture.partnership("beta", on: app.db, hasher: app.passwordHasher)
            let analyst = Browser(app)
            try await analyst.signIn("analyst@alpha.test")
            try await analyst.get("/app/p/alpha/api-tokens")
            let created = try await analyst.post("/app/p/alpha/api-tokens", ["name": "Council BI dashboard"])
            let secret = try XCTUnwrap(
                created.body.range(of: #"sc_[A-Za-z0-9_-]{43}"#, options: .regularExpression)
                    .map { String(created.body[$0]) })

            func call(_ path: String, token: String?) async throws -> XCTHTTPResponse {
                var headers = HTTPHeaders()
                if let token { headers.bearerAuthorization = .init(token: token) }
                return try await app.testable().sendRequest(.GET, path, headers: headers)
            }
            let own = try await call("/api/v1/partnerships/alpha", token: secret)
            XCTAssertEqual(own.status, .ok)
            struct Summary: Decodable {
                var slug: String
                var themes: [Term]
                struct Term: Decodable { var name: String }
            }
            let summary = try JSONDecoder().decode(Summary.self, from: Data(own.body.readableBytesView))
            XCTAssertEqual(summary.slug, "alpha")
            XCTAssertEqual(summary.themes.first?.name, "Fraud and scams")
            XCTAssertEqual(own.headers.first(name: .cacheControl), "no-store")

            let other = try await call("/api/v1/partnerships/beta", token: secret)
            XCTAssertEqual(other.status, .forbidden)
            let none = try await call("/api/v1/partnerships/alpha", token: nil)
            XCTAssertEqual(none.status, .unauthorized)
            let forged = try await call("/api/v1/partnerships/alpha", token: "sc_" + String(repeating: "A", count: 43))
            XCTAssertEqual(forged.status, .unauthorized)

            // revoking stops it at once
            let token = try await ApiToken.query(on: app.db).first()!
            try await analyst.post("/app/p/alpha/api-tokens/\(token.requireID().uuidString)/revoke")
            let revoked = try await call("/api/v1/partnerships/alpha", token: secret)
            XCTAssertEqual(revoked.status, .unauthorized)

            // A token works only for its lifetime: one made 31 days ago for 30 days is refused, and the page says so.
            let analystUser = try await User.query(on: app.db).filter(\.$email == "analyst@alpha.test").first()!
            let alphaID = try await Partnerships.find(on: app.db, slug: "alpha")!.requireID()
            let old = try await ApiTokens.create(
                on: app.db, userID: analystUser.requireID(), partnershipID: alphaID, name: "Old", days: 30,
                by: .system("test"), now: Date().addingTimeInterval(-31 * 24 * 60 * 60))
            let fresh = try await ApiTokens.create(
                on: app.db, userID: analystUser.requireID(), partnershipID: alphaID, name: "Fresh", days: 30,
                by: .system("test"), now: Date().addingTimeInterval(-29 * 24 * 60 * 60))
            let expired = try await call("/api/v1/partnerships/alpha", token: old)
            XCTAssertEqual(expired.status, .unauthorized)
            let stillValid = try await call("/api/v1/partnerships/alpha", token: fresh)
            XCTAssertEqual(stillValid.status, .ok)
            let list = try await analyst.get("/app/p/alpha/api-tokens")
            XCTAssertTrue(list.body.contains("Expired") && list.body.contains("Works until"))
            let tooLong = try await analyst.post("/app/p/alpha/api-tokens", ["name": "Forever", "days": "3650"])
            XCTAssertEqual(tooLong.status, .unprocessableEntity)
            XCTAssertTrue(tooLong.body.contains("Choose how long the token works"))
        }
    }

    /// Issue 20: a token is only as good as its owner's standing. It stops at once when the owner is disabled,
    /// is given a role without API use, or is removed from the partnership (removal revokes it for good, so
    /// joining again does not bring it back, and disabling revokes it too); restoring the role makes it work again.
    func testApiTokenFollowsItsOwnersAccountAndRole() async throws {
        try await withApp { app in
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let alphaID = try await Partnerships.find(on: app.db, slug: "alpha")!.requireID()
            let analyst = try await User.query(on: app.db).filter(\.$email == "analyst@alpha.test").first()!
            let analystID = try analyst.requireID()
            let coordinator = try await User.query(on: app.db).filter(\.$email == "coordinator@alpha.test").first()!
            let actor = ActingUser(id: coordinator.id, email: coordinator.email)
            var secret = try await ApiTokens.create(
                on: app.db, userID: analystID, partnershipID: alphaID, name: "BI", days: 30, by: actor)
            func status() async throws -> HTTPStatus {
                var headers = HTTPHeaders()
                headers.bearerAuthorization = .init(token: secret)
                return try await app.testable().sendRequest(.GET, "/api/v1/partnerships/alpha", headers: headers)
                    .status
            }
            let working = try await status()
            XCTAssertEqual(working, .ok)

            // Disabling the account revokes its tokens for good: enabling it again needs a new token.
            try await Accounts.setDisabled(on: app.db, userID: analystID, disabled: true, by: actor)
            let disabled = try await status()
            XCTAssertEqual(disabled, .unauthorized, "owner disabled")
            try await Accounts.setDisabled(on: app.db, userID: analystID, disabled: false, by: actor)
            let enabledAgain = try await status()
            XCTAssertEqual(enabledAgain, .unauthorized, "the old token stays revoked")
            secret = try await ApiTokens.create(
                on: app.db, userID: analystID, partnershipID: alphaID, name: "BI again", days: 30, by: actor)
            let fresh = try await status()
            XCTAssertEqual(fresh, .ok)

            try await Members.changeRole(on: app.db, partnershipID: alphaID, userID: analystID, to: .viewer, by: actor)
            let demoted = try await status()
            XCTAssertEqual(demoted, .unauthorized, "a viewer has no API use")
            try await Members.changeRole(
                on: app.db, partnershipID: alphaID, userID: analystID, to: .analyst, by: actor)
            let restored = try await status()
            XCTAssertEqual(restored, .ok, "the role that allows it again")

            try await Members.remove(on: app.db, partnershipID: alphaID, userID: analystID, by: actor)
            let removed = try await status()
            XCTAssertEqual(removed, .unauthorized, "owner removed")
            let token = try await Members.invite(
                on: app.db, partnershipID: alphaID, email: "analyst@alpha.test", role: .analyst, by: actor)
            _ = try await Members.accept(
                on: app.db, token: token, displayName: "", password: "", hasher: app.passwordHasher,
                signedInUserID: analystID)
            let rejoined = try await Accounts.role(on: app.db, user: analyst, partnershipID: alphaID)
            XCTAssertNotNil(rejoined)
            let afterRejoining = try await status()
            XCTAssertEqual(afterRejoining, .unauthorized, "removal revoked the token; rejoining does not restore it")
        }
    }

    func testOpenAPIDocumentIsValidJSONDescribingTheEndpoints() async throws {
        try await withApp { app in
            let response = try await app.testable().sendRequest(.GET, "/api/v1/openapi.json")
            XCTAssertEqual(response.status, .ok)
            let document =
                try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
            XCTAssertEqual(document?["openapi"] as? String, "3.1.0")
            let paths = try XCTUnwrap(document?["paths"] as? [String: Any])
            XCTAssertNotNil(paths["/partnerships/{slug}"])
        }
    }

    func testAdminDisablingAUserEndsTheirSessionAtOnce() async throws {
        try await withApp { app in
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            try await Fixture.admin(on: app.db, hasher: app.passwordHasher)
            let officer = Browser(app)
            try await officer.signIn("officer@alpha.test")
            let before = try await officer.get("/app/p/alpha")
            XCTAssertEqual(before.status, .ok)

            let admin = Browser(app)
            try await admin.signIn("admin@deployment.test")
            try await admin.get("/app/admin")
            let user = try await User.query(on: app.db).filter(\.$email == "officer@alpha.test").first()!
            let disabled = try await admin.post("/app/admin/users/\(user.requireID().uuidString)/disabled")
            XCTAssertEqual(disabled.status, .seeOther)

            let after = try await officer.get("/app/p/alpha")
            XCTAssertEqual(after.status, .seeOther, "sent back to sign in")
            let audit = try await AuditEntry.query(on: app.db).filter(
                \.$summary == "Disabled account officer@alpha.test"
            ).count()
            XCTAssertEqual(audit, 1)
        }
    }
}
