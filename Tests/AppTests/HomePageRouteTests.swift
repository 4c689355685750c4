import Fluent
import Foundation
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

/// Issue 23: the partnership home is a working desk, not a list of modules "coming soon".
final class HomePageRouteTests: XCTestCase {
    func testEveryRoleGetsLinkedModulesAndOnlyTheAttentionItCanActOn() async throws {
        try await withApp { app in
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let alphaID = try await Partnerships.find(on: app.db, slug: "alpha")!.requireID()
            // An ended event still published, and an email that failed.
            let ended = Date().addingTimeInterval(-2 * 24 * 3600)
            _ = try await Events.create(
                Events.Draft(
                    title: "Forgotten talk", kind: .talk, venue: "Library", area: "Darlington", startsAt: ended,
                    endsAt: ended.addingTimeInterval(3600), capacity: 20, status: .published),
                partnershipID: alphaID, by: .system("test"), on: app.db)
            _ = try await Outbox.enqueue(
                Outbox.Draft(
                    kind: .weeklyDigest, partnershipID: alphaID, recipient: "c@example.org",
                    letter: Letter(subject: "Digest", greeting: "Hello,", blocks: [], signature: ["Test"]),
                    idempotencyKey: "home-test"), on: app.db)
            try await OutboxMessage.query(on: app.db).set(\.$status, to: OutboxMessage.Status.failed)
                .update()

            for role in Role.partnershipRoles {
                let browser = Browser(app)
                try await browser.signIn("\(role.rawValue)@alpha.test")
                let page = try await browser.get("/app/p/alpha")
                XCTAssertEqual(page.status, .ok, role.rawValue)
                XCTAssertFalse(page.body.contains("Coming soon"), role.rawValue)
                XCTAssertTrue(page.body.contains("at a glance"), role.rawValue)
                XCTAssertTrue(page.body.contains(#"<a href="/app/p/alpha/crime">Crime picture</a>"#))
                XCTAssertTrue(page.body.contains(#"<a href="/app/p/alpha/report">Board report</a>"#))
                XCTAssertEqual(
                    page.body.contains("/app/p/alpha/referrals\">Young people at risk</a>"),
                    PermissionTable.allows(role, .viewRestricted), role.rawValue)
                XCTAssertEqual(
                    page.body.contains("1 email could not be sent or bounced"),
                    PermissionTable.allows(role, .editSettings),
                    role.rawValue)
                XCTAssertEqual(
                    page.body.contains("1 event has ended but is still marked Published"),
                    PermissionTable.allows(role, .manageEvents), role.rawValue)
                // Every link on the desk opens for this role.
                let links = page.body.components(separatedBy: "href=\"/app/p/alpha/").dropFirst().compactMap {
                    $0.split(separator: "\"").first.map(String.init)
                }
                for link in Set(links) where !link.contains("sign-out") {
                    let opened = try await browser.get("/app/p/alpha/\(link)")
                    XCTAssertNotEqual(opened.status, .forbidden, "\(role.rawValue): \(link)")
                    XCTAssertNotEqual(opened.status, .notFound, "\(role.rawValue): \(link)")
                }
            }
        }
    }
}
