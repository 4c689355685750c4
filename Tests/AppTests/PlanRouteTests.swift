import Fluent
import Foundation
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

/// The plan and scrutiny pages driven through their forms, as a coordinator, officer and viewer would.
final class PlanRouteTests: XCTestCase {
    private func expect(_ page: Browser.Page, _ status: HTTPStatus, file: StaticString = #filePath, line: UInt = #line)
    {
        XCTAssertEqual(page.status, status, String(page.body.prefix(400)), file: file, line: line)
    }

    struct Lists {
        var objective: String, police: String, council: String, theme: String, audience: String
    }

    private func lists(_ app: Application, _ slug: String) async throws -> Lists {
        let id = try await Partnerships.find(on: app.db, slug: slug)!.requireID()
        for (name, kind) in [("Police", PartnerKind.police), ("Council", .council)] {
            try await PartnershipSettings.add(
                on: app.db, list: .partners, partnershipID: id, name: name, kind: kind, by: .system("test"))
        }
        let partners = try await PartnerOrganisation.query(on: app.db).filter(\.$partnership.$id == id).sort(
            \.$position
        ).all()
        let objective = try await Objective.query(on: app.db).filter(\.$partnership.$id == id).sort(\.$position)
            .first()!
        let theme = try await Theme.query(on: app.db).filter(\.$partnership.$id == id).sort(\.$position).first()!
        let audience = try await Audience.query(on: app.db).filter(\.$partnership.$id == id).sort(\.$position).first()!
        return Lists(
            objective: objective.id!.uuidString, police: partners[0].id!.uuidString,
            council: partners[1].id!.uuidString,
            theme: theme.id!.uuidString, audience: audience.id!.uuidString)
    }

    private func addAction(_ browser: Browser, _ l: Lists, title: String, lead: String, area: String = "Northtown")
        async throws -> String
    {
        try await browser.get("/app/p/alpha/plan/actions/new")
        let made = try await browser.post(
            "/app/p/alpha/plan/actions/new",
            pairs: [
                ("title", title), ("objective", l.objective), ("leadPartner", lead), ("themes", l.theme),
                ("audiences", l.audience), ("area", area),
                ("starts", "1/4/2026"), ("due", "31/3/2027"), ("status", "in-progress"), ("rag", "green"),
                ("funding", "grant"),
                ("funder", "Police and Crime Commissioner"), ("amount", "2,500"),
                ("milestone-0-title", "Posters printed"), ("milestone-0-due", "1/5/2026"),
                ("milestone-0-done", "yes"), ("milestone-1-title", ""), ("milestone-1-due", ""),
            ])
        XCTAssertEqual(made.status, .seeOther, String(made.body.prefix(600)))
        return try XCTUnwrap(made.location)
    }

    func testActionsThroughTheFormsAndWhoSeesWhat() async throws {
        try await withApp { app in
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            try await Fixture.partnership("beta", on: app.db, hasher: app.passwordHasher)
            let l = try await lists(app, "alpha")
            let officer = Browser(app)
            try await officer.signIn("officer@alpha.test")

            // A form with mistakes comes back with an error summary and what was typed.
            try await officer.get("/app/p/alpha/plan/actions/new")
            let refused = try await officer.post(
                "/app/p/alpha/plan/actions/new",
                pairs: [("title", "Talks <b>now</b>"), ("due", "31/2/2027"), ("status", "planned")])
            XCTAssertEqual(refused.status, .unprocessableEntity)
            XCTAssertTrue(refused.body.contains("There is a problem"))
            XCTAssertTrue(refused.body.contains("Choose at least one theme"))
            XCTAssertTrue(refused.body.contains("Enter the due date as a real date"))
            XCTAssertTrue(refused.body.contains(#"value="Talks &lt;b&gt;now&lt;/b&gt;""#), "typed text kept, escaped")

            let path = try await addAction(officer, l, title: "Scam talks in Northtown", lead: l.police)
            let page = try await officer.get(path)
            XCTAssertTrue(page.body.contains("Scam talks in Northtown"))
            XCTAssertTrue(page.body.contains("Grant, Police and Crime Commissioner, £2500"))
            XCTAssertTrue(page.body.contains("Posters printed"))
            // A progress update with a rating that needs a reason is refused, then accepted with one.
            let noReason = try await officer.post(
                path + "/updates", ["note": "Venue lost", "status": "in-progress", "rag": "red", "ragReason": ""])
            XCTAssertEqual(noReason.status, .unprocessableEntity)
            XCTAssertTrue(noReason.body.contains("Say why the action is red"))
            try await officer.get(path)
            let updated = try await officer.post(
                path + "/updates",
                [
                    "note": "Venue lost", "status": "in-progress", "rag": "red",
                    "ragReason": "Looking for a new hall", "evidence": "https://example.org/minutes",
                ])
            XCTAssertEqual(updated.status, .seeOther)
            let after = try await officer.get(path)
            XCTAssertTrue(after.body.contains("Looking for a new hall"))
            XCTAssertTrue(after.body.contains(#"href="https://example.org/minutes""#))

            // The plan, the CSV and the partner filter show it; a viewer reads it but gets no forms.
            let plan = try await officer.get("/app/p/alpha/plan?by=partner&partner=\(l.police)")
            XCTAssertTrue(plan.body.contains("Scam talks in Northtown"))
            let csv = try await officer.get("/app/p/alpha/plan/actions.csv")
            XCTAssertTrue(csv.body.contains("\"Scam talks in Northtown\""))
            XCTAssertTrue(csv.body.contains("\"2500.00\""))
            let viewer = Browser(app)
            try await viewer.signIn("viewer@alpha.test")
            let read = try await viewer.get(path)
            XCTAssertEqual(read.status, .ok)
            XCTAssertFalse(read.body.contains("Post a progress update"))
            expect(try await viewer.post(path + "/updates", ["note": "x", "status": "complete"]), .forbidden)
            // Another partnership's coordinator cannot reach it, even under their own address.
            let other = Browser(app)
            try await other.signIn("coordinator@beta.test")
            expect(try await other.get(path), .forbidden)
            expect(try await other.get(path.replacingOccurrences(of: "/p/alpha/", with: "/p/beta/")), .notFound)
        }
    }

    func testDuplicateFlagReviewAndMeetingAgenda() async throws {
        try await withApp { app in
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let l = try await lists(app, "alpha")
            let coordinator = Browser(app)
            try await coordinator.signIn("coordinator@alpha.test")
            _ = try await addAction(coordinator, l, title: "Police scam talks", lead: l.police)
            _ = try await addAction(coordinator, l, title: "Council scam talks", lead: l.council)
            _ = try await addAction(coordinator, l, title: "Police scam leaflets", lead: l.police)

            let crossover = try await coordinator.get("/app/p/alpha/plan/crossover")
            XCTAssertTrue(
                crossover.body.contains("Actions 1, 2, 3"), "one group: 1–2 and 2–3 are pairs, 1–3 is the same partner")
            let key = try XCTUnwrap(
                Browser.hiddenFields(crossover.body).first { $0.0 == "flag" && $0.1.hasPrefix("duplicate:") }?.1)
            let agendaBefore = try await coordinator.get("/app/p/alpha/plan/meetings")
            XCTAssertTrue(agendaBefore.body.contains("Possible duplicate: Actions 1, 2, 3"))

            let empty = try await coordinator.post("/app/p/alpha/plan/crossover/reviews", ["flag": key, "note": " "])
            XCTAssertEqual(empty.status, .unprocessableEntity)
            XCTAssertTrue(empty.body.contains("Say what the sub-group decided"))
            try await coordinator.get("/app/p/alpha/plan/crossover")
            let reviewed = try await coordinator.post(
                "/app/p/alpha/plan/crossover/reviews", ["flag": key, "note": "Agreed: council leads, police support"])
            XCTAssertEqual(reviewed.status, .seeOther)
            let again = try await coordinator.get("/app/p/alpha/plan/crossover")
            XCTAssertTrue(again.body.contains("Agreed: council leads, police support"))
            let agendaAfter = try await coordinator.get("/app/p/alpha/plan/meetings")
            XCTAssertFalse(
                agendaAfter.body.contains("Possible duplicate: Actions 1, 2, 3"), "a reviewed flag leaves the agenda")

            // An officer may not review flags; a meeting records who came and what was decided.
            let officer = Browser(app)
            try await officer.signIn("officer@alpha.test")
            try await officer.get("/app/p/alpha/plan/crossover")
            expect(
                try await officer.post("/app/p/alpha/plan/crossover/reviews", ["flag": key, "note": "x"]), .forbidden)
            try await officer.get("/app/p/alpha/plan/meetings")
            let meeting = try await officer.post(
                "/app/p/alpha/plan/meetings",
                pairs: [
                    ("title", "Sub-group, spring"), ("day", "14/5/2026"),
                    ("attendees", l.police), ("attendees", l.council),
                    ("notes", "Good turnout"), ("decisions", "Council to lead scam talks\nReview in July"),
                ])
            XCTAssertEqual(meeting.status, .seeOther)
            let shown = try await officer.get(try XCTUnwrap(meeting.location))
            XCTAssertTrue(shown.body.contains("Partners present: </strong>Police, Council"))
            XCTAssertTrue(shown.body.contains("<li>Review in July</li>"))
        }
    }

    func testScrutinyRecommendationsAndProgressReport() async throws {
        try await withApp { app in
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let coordinator = Browser(app)
            try await coordinator.signIn("coordinator@alpha.test")
            try await coordinator.get("/app/p/alpha/scrutiny")
            let bad = try await coordinator.post(
                "/app/p/alpha/scrutiny", ["title": "Young people", "scope": "", "starts": "soon"])
            XCTAssertEqual(bad.status, .unprocessableEntity)
            XCTAssertTrue(bad.body.contains("Enter the scope of the review"))
            let made = try await coordinator.post(
                "/app/p/alpha/scrutiny",
                [
                    "title": "Young people and cybercrime", "scope": "Pathways into offending",
                    "starts": "1/9/2025", "shared": "1/3/2026", "reviewers": "Ann Lee\nBob Roy",
                ])
            let path = try XCTUnwrap(made.location)
            try await coordinator.get(path)
            expect(
                try await coordinator.post(
                    path + "/evidence",
                    [
                        "evidence-day": "1/10/2025", "evidence-kind": "focus-group",
                        "evidence-organisation": "College students", "evidence-heard": "Little known about the law",
                    ]), .seeOther)
            try await coordinator.get(path)
            let stranger = try await coordinator.post(
                path + "/comments",
                [
                    "comment-reviewer": "Mallory", "comment-day": "5/3/2026", "comment-kind": "comment",
                    "comment-text": "Hi",
                ])
            XCTAssertEqual(stranger.status, .unprocessableEntity, "only the named reviewers' comments are recorded")
            try await coordinator.get(path)
            expect(
                try await coordinator.post(
                    path + "/recommendations",
                    [
                        "recommendation-text": "Train school staff",
                        "recommendation-owner": "Schools",
                    ]), .seeOther)
            let recommendationID = try await Recommendation.query(on: app.db).first()!.requireID().uuidString
            try await coordinator.get(path)
            let noReason = try await coordinator.post(
                path + "/recommendations/\(recommendationID)/response",
                [
                    "response": "partial", "responded": "1/4/2026",
                    "target": "30/9/2026",
                ])
            XCTAssertTrue(noReason.body.contains("Enter the reason for the response"))
            try await coordinator.get(path)
            expect(
                try await coordinator.post(
                    path + "/recommendations/\(recommendationID)/response",
                    [
                        "response": "partial", "reason": "Secondary schools only", "responded": "1/4/2026",
                        "target": "30/9/2026",
                    ]), .seeOther)
            try await coordinator.get(path)
            expect(
                try await coordinator.post(
                    path + "/recommendations/\(recommendationID)/updates",
                    [
                        "day": "1/9/2026", "status": "in-progress", "note": "Two schools postponed",
                        "target": "31/12/2026",
                    ]), .seeOther)

            // The committee report on three dates.
            let march = try await coordinator.get(path + "/progress?date=31/3/2026")
            XCTAssertTrue(march.body.contains("Awaiting response"))
            let october = try await coordinator.get(path + "/progress?date=1/10/2026")
            XCTAssertTrue(october.body.contains("Partially accepted: Secondary schools only"))
            XCTAssertTrue(october.body.contains("First agreed 30 Sep 2026; moved 1 time"))
            XCTAssertFalse(october.body.contains("<strong>Overdue</strong>"))
            let january = try await coordinator.get(path + "/progress?date=2027-01-15")
            XCTAssertTrue(january.body.contains("<strong>Overdue</strong>"))
            let nonsense = try await coordinator.get(path + "/progress?date=31/2/2026")
            XCTAssertEqual(nonsense.status, .badRequest)
            XCTAssertTrue(nonsense.body.contains("Enter the date as a real date"))
            // A viewer (a councillor) can read the report but not change the record.
            let viewer = Browser(app)
            try await viewer.signIn("viewer@alpha.test")
            expect(try await viewer.get(path + "/progress"), .ok)
            expect(try await viewer.post(path + "/evidence", ["evidence-day": "1/10/2025"]), .forbidden)
        }
    }
}
