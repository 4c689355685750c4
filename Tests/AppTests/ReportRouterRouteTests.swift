import Fluent
import Foundation
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

/// Residents walk "Where do I report this?" through the pages; staff see the counts and set the local contacts.
final class ReportRouterRouteTests: XCTestCase {
    /// Follows the questions, answering each from `answers` (field → value), and returns the result page.
    private func walk(_ resident: Browser, _ answers: [String: String]) async throws -> Browser.Page {
        var page = try await resident.get("/p/alpha/report")
        var url = "/p/alpha/report"
        for _ in 0..<8 {
            guard page.status == .ok, let asked = Browser.hiddenFields(page.body).first(where: { $0.0 == "asked" })?.1
            else { break }
            let fields = Browser.hiddenFields(page.body).filter { $0.0 != "csrf" } + [(asked, answers[asked] ?? "")]
            page = try await resident.post("/p/alpha/report", pairs: fields)
            while let next = page.location {
                url = next
                page = try await resident.get(next)
            }
        }
        XCTAssertTrue(url.hasPrefix("/p/alpha/report/result?"), url)
        return page
    }

    func testThreeJourneysEndAtTheRightPlacesAndAreCountedOnce() async throws {
        try await withApp { app in
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let coordinator = Browser(app)
            try await coordinator.signIn("coordinator@alpha.test")
            try await coordinator.get("/app/p/alpha/settings")
            let saved = try await coordinator.post(
                "/app/p/alpha/settings/local-contacts",
                ["localContacts": "Alpha Prevent team: prevent@alpha.example\n\nAlpha community safety: 0300 000 0000"])
            XCTAssertEqual(saved.status, .seeOther)

            let yellow = try await coordinator.post("/app/p/alpha/settings/brand-colour", ["brandColour": "#ffdd00"])
            XCTAssertEqual(yellow.status, .unprocessableEntity)
            XCTAssertTrue(yellow.body.contains("White text on #ffdd00 has a contrast of 1.3:1"))
            try await coordinator.get("/app/p/alpha/settings")
            let green = try await coordinator.post("/app/p/alpha/settings/brand-colour", ["brandColour": "#00703C"])
            XCTAssertEqual(green.status, .seeOther)

            let resident = Browser(app)
            let css = try await resident.get("/p/alpha/brand.css")
            XCTAssertEqual(css.body, ".site-header{background:#00703c}.button:not(.secondary){background:#00703c}")
            let home = try await resident.get("/p/alpha")
            XCTAssertTrue(home.body.contains(#"href="/p/alpha/brand.css""#))
            XCTAssertTrue(home.body.contains(#"href="/p/alpha/report""#), "the public home page leads to the router")
            XCTAssertTrue(home.body.contains("No events are open for booking at the moment."))
            let fraud = try await walk(
                resident, ["danger": "no", "happened": "fraud", "child": "no", "money": "yes", "nation": "elsewhere"])
            XCTAssertTrue(fraud.body.contains("1. Call your bank straight away"))
            XCTAssertTrue(fraud.body.contains("0300 123 2040"))
            XCTAssertTrue(fraud.body.contains("Alpha community safety: 0300 000 0000"))
            let images = try await walk(Browser(app), ["danger": "no", "happened": "images", "child": "yes"])
            XCTAssertTrue(images.body.contains("Report it to CEOP"))
            XCTAssertTrue(images.body.contains("Childline: 0800 1111"))
            XCTAssertFalse(
                images.body.contains("Revenge Porn Helpline"), "the adults' helpline is not offered for a child")
            let radicalisation = try await walk(Browser(app), ["danger": "no", "happened": "radicalisation"])
            XCTAssertTrue(radicalisation.body.contains("Your local Prevent referral route"))
            XCTAssertTrue(radicalisation.body.contains("Alpha Prevent team"))

            // Missing an answer asks again with an error.
            try await resident.get("/p/alpha/report")
            let unanswered = try await resident.post(
                "/p/alpha/report",
                pairs: [("danger", "no"), ("journey", "aaaaaaaaaaaaaaaaaaaa"), ("asked", "happened")])
            XCTAssertEqual(unanswered.status, .seeOther)
            let asked = try await resident.get(try XCTUnwrap(unanswered.location))
            XCTAssertEqual(asked.status, .badRequest)
            XCTAssertTrue(asked.body.contains("Select what has happened"))
            // The answer that completes a journey counts it, once however often it is sent again; showing or
            // reloading a result page counts nothing (issue 20 review: an image on another site did).
            let last: [(String, String)] = [
                ("danger", "no"), ("happened", "extremism"), ("journey", "bbbbbbbbbbbbbbbbbbbb"), ("asked", "happened"),
            ]
            for _ in 0..<2 {
                let sent = try await resident.post("/p/alpha/report", pairs: last)
                XCTAssertEqual(
                    sent.location, "/p/alpha/report/result?danger=no&happened=extremism&journey=bbbbbbbbbbbbbbbbbbbb")
            }
            for token in ["cccccccccccccccccccc", "dddddddddddddddddddd"] {
                let shown = try await Browser(app).get(
                    "/p/alpha/report/result?danger=no&happened=extremism&journey=\(token)")
                XCTAssertEqual(shown.status, .ok)
            }
            let stored = try await ReportJourney.query(on: app.db).all()
            XCTAssertEqual(stored.map(\.outcome).sorted(), ["bank", "ceop", "counter-terrorism", "prevent"])
            XCTAssertFalse(
                stored.contains { $0.routes.contains("yes") }, "no answers are stored, only the places shown")

            // The counts on the engagement dashboard: staff see the quarter under way; a viewer sees complete
            // quarters only (issue 19), and then with small counts suppressed, as the engagement view gives them.
            let quarter = Quarter.of(date: Date())
            let dashboard = try await coordinator.get("/app/p/alpha/engagement?from=\(quarter)&to=\(quarter)")
            XCTAssertTrue(dashboard.body.contains("journeys completed (reporting intent)"))
            XCTAssertTrue(dashboard.body.contains("Shown first: Report it to CEOP"))
            let alpha = try await Partnerships.find(on: app.db, slug: "alpha")!.requireID()
            let view = try await EngagementView.build(
                partnershipID: alpha, fromQuarter: quarter, toQuarter: quarter, policy: .published, on: app.db)
            XCTAssertTrue(view.protected.isHidden("journeys:total"), "a viewer sees small counts suppressed")
            XCTAssertEqual(view.journeys.byPlace.count, 4)
            XCTAssertTrue(view.journeys.byPlace.indices.allSatisfy { view.protected.isHidden("journeys:place:\($0)") })
        }
    }
}

final class PublicHomeRouteTests: XCTestCase {
    /// The demo's public home page lists its next three public events, soonest first, each linking to its booking page.
    func testPublicHomeShowsTheNextEvents() async throws {
        try await withApp { app in
            try await DemoPartnership.load(on: app.db, hasher: app.passwordHasher)
            try await DemoEvents.load(on: app.db)
            let id = try await Partnerships.find(on: app.db, slug: DemoPartnership.slug)!.requireID()
            let expected = try await Events.upcoming(partnershipID: id, on: app.db).prefix(3)
            XCTAssertEqual(expected.count, 3)
            let page = try await Browser(app).get("/p/demo")
            var position = page.body.startIndex
            for event in expected {
                let link = #"href="/p/demo/events/\#(event.id!.uuidString)""#
                let found = try XCTUnwrap(
                    page.body.range(of: link, range: position..<page.body.endIndex),
                    "\(event.title) missing or out of order")
                position = found.upperBound
            }
        }
    }
}
