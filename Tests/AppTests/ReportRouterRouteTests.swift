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
            let fields = Browser.hiddenFields(page.body) + [(asked, answers[asked] ?? "")]
            var components = URLComponents()
            components.queryItems = fields.map { URLQueryItem(name: $0.0, value: $0.1) }
            page = try await resident.get("/p/alpha/report?" + components.percentEncodedQuery!)
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

            // Missing an answer asks again with an error; a reload of a result page does not count twice.
            let unanswered = try await resident.get(
                "/p/alpha/report?danger=no&journey=aaaaaaaaaaaaaaaaaaaa&asked=happened")
            XCTAssertEqual(unanswered.status, .badRequest)
            XCTAssertTrue(unanswered.body.contains("Select what has happened"))
            let result = "/p/alpha/report/result?danger=no&happened=extremism&journey=bbbbbbbbbbbbbbbbbbbb"
            try await resident.get(result)
            try await resident.get(result)
            let stored = try await ReportJourney.query(on: app.db).all()
            XCTAssertEqual(stored.map(\.outcome).sorted(), ["bank", "ceop", "counter-terrorism", "prevent"])
            XCTAssertFalse(
                stored.contains { $0.routes.contains("yes") }, "no answers are stored, only the places shown")

            // The counts on the engagement dashboard; a viewer sees them too.
            let viewer = Browser(app)
            try await viewer.signIn("viewer@alpha.test")
            let quarter = Quarter.of(date: Date())
            let dashboard = try await viewer.get("/app/p/alpha/engagement?from=\(quarter)&to=\(quarter)")
            XCTAssertTrue(dashboard.body.contains("journeys completed (reporting intent)"))
            XCTAssertTrue(dashboard.body.contains("Shown first: Report it to CEOP"))
            XCTAssertTrue(dashboard.body.contains("&lt;5"), "a viewer sees small counts suppressed")
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
