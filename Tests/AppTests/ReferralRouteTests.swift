import Fluent
import Foundation
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

/// Only the safeguarding role of the partnership reads a referral, through any route: list, search, page, export;
/// nobody else learns a name, not even from the audit log.
final class ReferralRouteTests: XCTestCase {
    func testOnlyTheSafeguardingRoleOfThePartnershipCanReadAReferral() async throws {
        try await withApp { app in
            app.safeguardingCipher = try FieldCipher(keys: FieldCipher.newKey(id: "test"))
            let alpha = try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            try await Fixture.partnership("beta", on: app.db, hasher: app.passwordHasher)
            try await Fixture.admin(on: app.db, hasher: app.passwordHasher)
            try await PartnershipSettings.add(
                on: app.db, list: .partners, partnershipID: alpha.requireID(), name: "Alpha College", kind: .college,
                by: .system("test"))
            let partner = try await PartnerOrganisation.query(on: app.db).filter(\.$name == "Alpha College").first()!
                .requireID()

            let lead = Browser(app)
            try await lead.signIn("safeguarding@alpha.test")
            let form = try await lead.get("/app/p/alpha/referrals/new")
            XCTAssertEqual(form.status, .ok)
            let empty = try await lead.post("/app/p/alpha/referrals/new", pairs: [])
            XCTAssertEqual(empty.status, .unprocessableEntity)
            XCTAssertTrue(
                empty.body.contains("Enter the young person&#39;s initials or name")
                    || empty.body.contains("Enter the young person's initials or name"))
            let created = try await lead.post(
                "/app/p/alpha/referrals/new",
                pairs: [
                    ("receivedOn", CalendarDay.today().adding(days: -10).typed),
                    ("referrerPartner", partner.uuidString), ("referrer", "Ms Officer"),
                    ("person", "Zebedee Quartermaine"), ("ageBand", "14 to 15"), ("school", "Quarry Bank"),
                    ("area", "Northtown"),
                    ("concerns", "booters"), ("concerns", "tools"), ("consentYoungPerson", "given"),
                    ("consentParent", "pending"), ("risk", "high"),
                    ("riskReason", "Running a booter"), ("route", "prevent"),
                    ("handedOn", CalendarDay.today().adding(days: -9).typed),
                ])
            XCTAssertEqual(created.status, .seeOther, created.body)
            let url = try XCTUnwrap(created.location)
            let id = String(url.split(separator: "/").last!)
            let page = try await lead.get(url)
            XCTAssertTrue(page.body.contains("Zebedee Quartermaine"))
            XCTAssertTrue(page.body.contains("Handed to the local Prevent referral route"))
            let intervention = try await lead.post(
                url + "/interventions",
                ["interventionKind": "cyber-choices", "deliveredOn": CalendarDay.today().adding(days: -3).typed])
            XCTAssertEqual(intervention.status, .seeOther)
            try await lead.get(url)
            let pathway = try await lead.post(
                url + "/pathways",
                ["pathwayKind": "ctf-club", "offeredOn": CalendarDay.today().typed, "takenUp": "yes"])
            XCTAssertEqual(pathway.status, .seeOther)
            // Issue 20, case 8: the search is posted, never put in the address.
            let list = try await lead.get("/app/p/alpha/referrals")
            XCTAssertTrue(list.body.contains(#"method="post""#) && list.body.contains(#"name="q""#))
            let search = try await lead.post("/app/p/alpha/referrals", ["q": "zebedee"])
            XCTAssertTrue(search.body.contains("#1"))
            let miss = try await lead.post("/app/p/alpha/referrals", ["q": "nobody"])
            XCTAssertTrue(miss.body.contains("No referrals match."))
            let inAddress = try await lead.get("/app/p/alpha/referrals?q=nobody")
            XCTAssertFalse(inAddress.body.contains("No referrals match."), "a name in the address is not searched")
            // Subject access: a page to confirm which referrals are the person's, then the export (POST).
            let confirm = try await lead.get(url + "/subject-access")
            XCTAssertEqual(confirm.status, .ok)
            XCTAssertTrue(confirm.body.contains("never included because its name matches"))
            let export = try await lead.post(url + "/subject-access", [:])
            XCTAssertEqual(export.status, .ok)
            XCTAssertTrue(export.body.contains("\"person\" : \"Zebedee Quartermaine\""), export.body)
            XCTAssertTrue(export.body.contains("ctf-club"))

            // Everyone else: refused on every referral route, in either partnership; the safeguarding lead of another
            // partnership cannot reach alpha's referral even under their own partnership's address.
            let paths = [
                "/app/p/alpha/referrals", "/app/p/alpha/referrals?q=zebedee", "/app/p/alpha/referrals/new", url,
                url + "/edit", url + "/subject-access",
            ]
            for who in ["coordinator", "officer", "analyst", "viewer"] {
                let other = Browser(app)
                try await other.signIn("\(who)@alpha.test")
                for path in paths {
                    let seen = try await other.get(path)
                    XCTAssertEqual(seen.status, .forbidden, "\(who) GET \(path)")
                    XCTAssertFalse(seen.body.contains("Zebedee"))
                }
            }
            let admin = Browser(app)
            try await admin.signIn("admin@deployment.test")
            for path in paths {
                let seen = try await admin.get(path)
                XCTAssertEqual(seen.status, .forbidden, "admin GET \(path): safeguarding records are need-to-know")
            }
            let betaLead = Browser(app)
            try await betaLead.signIn("safeguarding@beta.test")
            let crossing = try await betaLead.get(url)
            XCTAssertEqual(crossing.status, .forbidden)
            let underOwn = try await betaLead.get("/app/p/beta/referrals/\(id)")
            XCTAssertEqual(underOwn.status, .notFound)
            let ownExport = try await betaLead.get("/app/p/beta/referrals/\(id)/subject-access")
            XCTAssertEqual(ownExport.status, .notFound)
            let ownDownload = try await betaLead.post("/app/p/beta/referrals/\(id)/subject-access", [:])
            XCTAssertEqual(ownDownload.status, .notFound)
            let betaList = try await betaLead.post("/app/p/beta/referrals", ["q": "zebedee"])
            XCTAssertFalse(betaList.body.contains("Zebedee"))
            let anonymous = try await Browser(app).get(url)
            XCTAssertEqual(anonymous.status, .seeOther)

            // The coordinator's audit page records every view, search and export — by number, never by name.
            let coordinator = Browser(app)
            try await coordinator.signIn("coordinator@alpha.test")
            let audit = try await coordinator.get("/app/p/alpha/audit")
            XCTAssertTrue(audit.body.contains("Viewed referral #1"))
            XCTAssertTrue(audit.body.contains("Searched referrals (1 found)"))
            XCTAssertTrue(audit.body.contains("Exported everything held about the person on referral #1"))
            for secret in ["Zebedee", "Quartermaine", "Quarry Bank", "Northtown", "Running a booter", "zebedee"] {
                XCTAssertFalse(audit.body.contains(secret), "the audit log shows “\(secret)”")
            }

            // The anonymous figures: for everyone in the partnership, always with small numbers hidden.
            let viewer = Browser(app)
            try await viewer.signIn("viewer@alpha.test")
            let today = CalendarDay.today().quarter
            let figures = try await viewer.get("/app/p/alpha/referrals/figures?from=\(today)&to=\(today)")
            XCTAssertEqual(figures.status, .ok)
            XCTAssertFalse(figures.body.contains("Zebedee"))
            // Issue 19: a viewer sees one complete quarter at a time — not the quarter under way, whose counts change
            // from day to day (two visits would give the referrals between them), whatever the address asks for.
            XCTAssertTrue(figures.body.contains("Your role sees one complete quarter at a time"))
            let complete = Quarter.label(Quarter.lastComplete())
            XCTAssertTrue(figures.body.contains("\(complete) to \(complete)"))
            XCTAssertFalse(figures.body.contains(Quarter.label(today)))
            let leadFigures = try await lead.get("/app/p/alpha/referrals/figures")
            XCTAssertTrue(leadFigures.body.contains("&lt;5"))
            XCTAssertFalse(
                leadFigures.body.contains("<td class=\"numeric\">1</td>"), "suppressed for the safeguarding role too")
            let board = try await coordinator.get("/app/p/alpha/report?quarter=\(today)")
            XCTAssertTrue(board.body.contains("Young people at risk of cybercrime (referrals)"))
            XCTAssertTrue(board.body.contains("Referrals received"))
            XCTAssertFalse(board.body.contains("Zebedee"))
        }
    }

    func testWithoutAKeyNothingCanBeAddedOrRead() async throws {
        try await withApp { app in
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let lead = Browser(app)
            try await lead.signIn("safeguarding@alpha.test")
            let list = try await lead.get("/app/p/alpha/referrals")
            XCTAssertEqual(list.status, .ok)
            XCTAssertTrue(list.body.contains("Encryption key not set"))
            let form = try await lead.get("/app/p/alpha/referrals/new")
            XCTAssertEqual(form.status, .serviceUnavailable)
        }
    }
}
