import Fluent
import Foundation
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

/// Issue 23: partner organisations in roles. A police officer could edit the council's actions and events; now an
/// officer changes only what their own organisation leads or supports (or what nobody leads), "my organisation" is
/// their default view, and coordinators change everything.
final class PartnerScopeRouteTests: XCTestCase {
    func testOfficersChangeOnlyTheirOwnOrganisationsWork() async throws {
        try await withApp { app in
            let pid = try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher).requireID()
            let council = PartnerOrganisation(partnershipID: pid, name: "County Council", kind: .council, position: 90)
            let police = PartnerOrganisation(partnershipID: pid, name: "Durham Police", kind: .police, position: 91)
            try await council.create(on: app.db)
            try await police.create(on: app.db)
            let (councilID, policeID) = (try council.requireID(), try police.requireID())
            let start = Date().addingTimeInterval(10 * 86400)
            func event(_ title: String, _ partner: UUID?) async throws -> UUID {
                try await Events.create(
                    Events.Draft(
                        title: title, kind: .talk, partnerID: partner, venue: "Hall", area: "Durham", startsAt: start,
                        endsAt: start.addingTimeInterval(3600), capacity: 20, status: .published),
                    partnershipID: pid, by: .system("t"), on: app.db
                ).requireID()
            }
            let councilTalk = try await event("Council talk", councilID)
            let policeTalk = try await event("Police talk", policeID)
            let nobodysTalk = try await event("Open talk", nil)

            // The coordinator records the officer as working for the council (audited).
            let coordinator = Browser(app)
            try await coordinator.signIn("coordinator@alpha.test")
            try await coordinator.get("/app/p/alpha/users")
            let officerID = try await User.query(on: app.db).filter(\.$email == "officer@alpha.test").first()!
                .requireID()
            let foreign = try await coordinator.post(
                "/app/p/alpha/users/\(officerID)/organisation", ["partner": UUID().uuidString])
            XCTAssertEqual(foreign.status, .unprocessableEntity, "an organisation of no partnership")
            let saved = try await coordinator.post(
                "/app/p/alpha/users/\(officerID)/organisation", ["partner": councilID.uuidString])
            XCTAssertEqual(saved.status, .seeOther)
            let users = try await coordinator.get("/app/p/alpha/users")
            XCTAssertTrue(users.body.contains("County Council"))
            let audited = try await AuditEntry.query(on: app.db)
                .filter(\.$summary == "Recorded officer@alpha.test as belonging to County Council").count()
            XCTAssertEqual(audited, 1)

            let officer = Browser(app)
            try await officer.signIn("officer@alpha.test")
            // "My organisation" by default; every organisation on request; no Edit link for the police's talk.
            let mine = try await officer.get("/app/p/alpha/events")
            XCTAssertTrue(mine.body.contains("Council talk"))
            XCTAssertFalse(mine.body.contains("Police talk"))
            let all = try await officer.get("/app/p/alpha/events?organisation=")
            XCTAssertTrue(all.body.contains("Police talk") && all.body.contains("Open talk"))
            XCTAssertFalse(all.body.contains("/app/p/alpha/events/\(policeTalk)\""), "no Edit link")

            let form = ["title": "Renamed", "kind": "talk", "venue": "Hall", "area": "Durham", "capacity": "20"]
            let ownForm = try await officer.get("/app/p/alpha/events/\(councilTalk)")
            XCTAssertEqual(ownForm.status, .ok)
            let openForm = try await officer.get("/app/p/alpha/events/\(nobodysTalk)")
            XCTAssertEqual(openForm.status, .ok)
            let refusedForm = try await officer.get("/app/p/alpha/events/\(policeTalk)")
            XCTAssertEqual(refusedForm.status, .forbidden)
            XCTAssertTrue(refusedForm.body.contains("belongs to another partner organisation"))
            let refused = try await officer.post("/app/p/alpha/events/\(policeTalk)", form)
            XCTAssertEqual(refused.status, .forbidden)
            let message = try await officer.post(
                "/app/p/alpha/events/\(policeTalk)/attendees/message", ["subject": "Hi", "message": "Hello"])
            XCTAssertEqual(message.status, .forbidden)
            let unchanged = try await Event.find(policeTalk, on: app.db)
            XCTAssertEqual(unchanged?.title, "Police talk")
            // The coordinator changes any organisation's event.
            let edited = try await coordinator.get("/app/p/alpha/events/\(policeTalk)")
            XCTAssertEqual(edited.status, .ok)

            // Plan actions: led by the police (refused), led by the police with the council supporting (allowed).
            let choices = try await PlanActions.Choices.load(partnershipID: pid, on: app.db)
            func action(lead: UUID, supporting: [UUID]) async throws -> UUID {
                var d = PlanActions.Draft()
                d.title = "Scam talks"
                d.objective = choices.objectives.first!.uuidString
                d.leadPartner = lead.uuidString
                d.supportingPartners = supporting.map(\.uuidString)
                d.themes = [choices.themes.first!.uuidString]
                d.audiences = [choices.audiences.first!.uuidString]
                return try await PlanActions.create(partnershipID: pid, draft: d, by: .system("t"), on: app.db)
                    .requireID()
            }
            let policeAction = try await action(lead: policeID, supporting: [])
            let shared = try await action(lead: policeID, supporting: [councilID])
            let update = ["note": "Two talks given", "day": "", "status": "in-progress", "rag": "green"]
            let notYours = try await officer.post("/app/p/alpha/plan/actions/\(policeAction)/updates", update)
            XCTAssertEqual(notYours.status, .forbidden)
            let editForm = try await officer.get("/app/p/alpha/plan/actions/\(policeAction)/edit")
            XCTAssertEqual(editForm.status, .forbidden)
            let supported = try await officer.post("/app/p/alpha/plan/actions/\(shared)/updates", update)
            XCTAssertNotEqual(supported.status, .forbidden)
            // A new action must involve the officer's organisation.
            var create = [
                "title": "Police-only", "objective": choices.objectives.first!.uuidString,
                "leadPartner": policeID.uuidString,
            ]
            let wrong = try await officer.post("/app/p/alpha/plan/actions/new", create)
            XCTAssertEqual(wrong.status, .unprocessableEntity)
            XCTAssertTrue(wrong.body.contains("Choose your own organisation"))
            create["title"] = "Council-led"
            create["leadPartner"] = councilID.uuidString
            let ok = try await officer.post("/app/p/alpha/plan/actions/new", create)
            XCTAssertNotEqual(ok.status, .forbidden)
            // Review findings (stop 35): a supporting organisation cannot take the lead; a new action is led by the
            // officer's organisation; the register, check-in and walk-ins of another organisation's event are refused;
            // a survey or a game cannot be linked to it; editing an event nobody leads leaves it nobody's.
            let takeOver = try await officer.post(
                "/app/p/alpha/plan/actions/\(shared)/edit",
                [
                    "title": "Scam talks", "objective": choices.objectives.first!.uuidString,
                    "leadPartner": councilID.uuidString,
                ])
            XCTAssertEqual(takeOver.status, .unprocessableEntity)
            XCTAssertTrue(takeOver.body.contains("Only the lead organisation or a coordinator"))
            let storedShared = try await PlanAction.find(shared, on: app.db)
            XCTAssertEqual(storedShared?.leadPartnerID, policeID)
            create["title"] = "Police-led, council supporting"
            create["leadPartner"] = policeID.uuidString
            let ledByOthers = try await officer.post(
                "/app/p/alpha/plan/actions/new",
                pairs: create.map { ($0.key, $0.value) } + [("supportingPartners", councilID.uuidString)])
            XCTAssertEqual(ledByOthers.status, .unprocessableEntity)
            for path in ["register", "attendees", "attendees.csv", "cards"] {
                let page = try await officer.get("/app/p/alpha/events/\(policeTalk)/\(path)")
                XCTAssertEqual(page.status, .forbidden, path)
            }
            let walkIn = try await officer.post("/app/p/alpha/events/\(policeTalk)/walk-in", ["places": "20"])
            XCTAssertEqual(walkIn.status, .forbidden)
            let checkIn = try await officer.post(
                "/app/p/alpha/events/\(policeTalk)/check-in", ["booking": UUID().uuidString, "places": "0"])
            XCTAssertEqual(checkIn.status, .forbidden)
            let survey = try await Surveys.create(
                partnershipID: pid, title: "", templateKey: "young-people-online", design: nil, by: .system("t"),
                on: app.db)
            try await officer.get("/app/p/alpha/surveys/\(try survey.requireID())")
            let linked = try await officer.post(
                "/app/p/alpha/surveys/\(try survey.requireID())",
                pairs: [
                    ("title", "Refund here"), ("intro", "x"), ("status", "open"), ("event[]", policeTalk.uuidString),
                ])
            XCTAssertEqual(linked.status, .unprocessableEntity)
            XCTAssertTrue(linked.body.contains("only your own organisation"))
            try await officer.get("/app/p/alpha/games")
            let game = try await officer.post(
                "/app/p/alpha/games", ["scenario": "scam-week", "title": "G", "event": policeTalk.uuidString])
            XCTAssertEqual(game.status, .unprocessableEntity)
            XCTAssertTrue(game.body.contains("only your own organisation"), "refused for the event, not the scenario")
            try await officer.get("/app/p/alpha/events/\(nobodysTalk)")
            _ = try await officer.post("/app/p/alpha/events/\(nobodysTalk)", form)
            let stillNobodys = try await Event.find(nobodysTalk, on: app.db)
            XCTAssertNil(stillNobodys?.partnerID, "saving an unled event does not claim it")
            // A partner of no partnership is refused, even from a coordinator.
            let junk = try await coordinator.post(
                "/app/p/alpha/events/\(policeTalk)", form.merging(["partner": UUID().uuidString]) { $1 })
            XCTAssertEqual(junk.status, .unprocessableEntity)

            // The plan shows the officer's organisation's commitments by default.
            let plan = try await officer.get("/app/p/alpha/plan")
            XCTAssertTrue(plan.body.contains("option value=\"\(councilID.uuidString)\" selected"), "my organisation")
        }
    }

    func testTheRuleItself() {
        let (a, b) = (UUID(), UUID())
        let officer = PartnerScope(role: .officer, partnerID: a)
        XCTAssertTrue(officer.mayEdit(owners: [a]))
        XCTAssertTrue(officer.mayEdit(owners: [b, a]), "supporting is enough")
        XCTAssertTrue(officer.mayEdit(owners: [nil]), "nobody leads it")
        XCTAssertFalse(officer.mayEdit(owners: [b]))
        XCTAssertTrue(PartnerScope(role: .officer, partnerID: nil).mayEdit(owners: [b]), "organisation not recorded")
        XCTAssertTrue(PartnerScope(role: .coordinator, partnerID: a).mayEdit(owners: [b]))
        XCTAssertEqual(officer.owner(forNew: b), a)
        XCTAssertEqual(PartnerScope(role: .coordinator, partnerID: a).owner(forNew: b), b)
    }
}
