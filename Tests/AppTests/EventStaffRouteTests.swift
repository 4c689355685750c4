import Fluent
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

final class EventStaffRouteTests: XCTestCase {
    func testOfficerCreatesAnEventAndKeepsTheRegister() async throws {
        try await withApp { app in
            let partnership = try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let officer = Browser(app)
            try await officer.signIn("officer@alpha.test")
            try await officer.get("/app/p/alpha/events/new")

            // a form with problems comes back with them explained and the typed values kept
            let bad = try await officer.post(
                "/app/p/alpha/events/new", ["title": "Scam talk", "startsAt": "tomorrow", "capacity": "lots"])
            XCTAssertEqual(bad.status, .unprocessableEntity)
            XCTAssertTrue(bad.body.contains("Choose the type of event"))
            XCTAssertTrue(bad.body.contains("Enter when the event starts, like 2027-03-14 18:30"))
            XCTAssertTrue(bad.body.contains(#"value="Scam talk""#))

            // A value outside a list's choices (a tampered form) is refused with the field named, not defaulted
            // (issue 18): the error summary links to the control it is about.
            let tampered = try await officer.post(
                "/app/p/alpha/events/new",
                [
                    "title": "Scam talk", "kind": "talk", "venue": "Library", "area": "Durham",
                    "startsAt": "2030-03-14 14:00", "endsAt": "2030-03-14 15:30", "capacity": "2",
                    "status": "archived", "ledBy": "robot", "question0": "Hearing loop?", "questionKind0": "essay",
                ])
            XCTAssertEqual(tampered.status, .unprocessableEntity)
            for (field, message) in [
                ("status", "Choose the event&#39;s status"), ("ledBy", "Choose who led the session"),
                ("questionKind0", "Choose the kind of answer for question 1"),
            ] {
                XCTAssertTrue(tampered.body.contains("href=\"#\(field)\""), field)
                XCTAssertTrue(
                    tampered.body.contains(message)
                        || tampered.body.contains(message.replacingOccurrences(of: "&#39;", with: "'")),
                    message)
            }
            let none = try await Event.query(on: app.db).filter(\.$title == "Scam talk").count()
            XCTAssertEqual(none, 0, "nothing saved")

            let older = try await Audience.query(on: app.db).filter(\.$name == "Older people").first()!
            let saved = try await officer.post(
                "/app/p/alpha/events/new",
                [
                    "title": "Scam talk", "summary": "Phone scams", "kind": "talk", "venue": "Library",
                    "area": "Durham",
                    "startsAt": "2030-03-14 14:00", "endsAt": "2030-03-14 15:30", "capacity": "2", "public": "yes",
                    "status": "published",
                    "audience[]": older.id!.uuidString, "question0": "Do you need a hearing loop?",
                    "questionKind0": "yes-no",
                ])
            XCTAssertEqual(saved.status, .seeOther)
            let event = try await Event.query(on: app.db).filter(\.$title == "Scam talk").first()!
            XCTAssertEqual(event.audiences, [older.id!])
            XCTAssertEqual(event.questions.map(\.label), ["Do you need a hearing loop?"])
            XCTAssertEqual(EventTimes.field(event.startsAt), "2030-03-14 14:00", "times are UK local time")
            let publicList = try await Browser(app).get("/p/alpha/events")
            XCTAssertTrue(publicList.body.contains("Scam talk"))

            // two bookings, one checked in, plus two walk-ins
            let id = try event.requireID()
            let pid = try partnership.requireID()
            let ann = try await Bookings.signUp(
                eventID: id, partnershipID: pid,
                form: .init(
                    name: "Ann", email: "ann@example.org", audienceID: older.id, answers: ["q1": "yes"], consent: true),
                on: app.db)
            _ = try await Bookings.signUp(
                eventID: id, partnershipID: pid,
                form: .init(name: "Bob", email: "bob@example.org", answers: ["q1": "no"], consent: true), on: app.db)
            let register = try await officer.get(
                "/app/p/alpha/events/\(id.uuidString)/register?search=\(ann.shortCode)")
            XCTAssertTrue(
                register.body.contains("Ann") && !register.body.contains(">Bob<"), "search by code finds one booking")
            let checked = try await officer.post(
                "/app/p/alpha/events/\(id.uuidString)/check-in", ["booking": ann.bookingID.uuidString, "places": "1"])
            XCTAssertEqual(checked.status, .seeOther)
            try await officer.get("/app/p/alpha/events/\(id.uuidString)/register")
            let walkIn = try await officer.post(
                "/app/p/alpha/events/\(id.uuidString)/walk-in", ["places": "2", "audience": older.id!.uuidString])
            XCTAssertEqual(walkIn.status, .seeOther)

            let lines = try await Attendance.register(eventID: id, partnershipID: pid, on: app.db)
            let totals = Attendance.totals(lines)
            XCTAssertEqual([totals.booked, totals.attended, totals.walkIns], [2, 3, 2])
            XCTAssertEqual(totals.byAudience.first { $0.audience == "Older people" }?.attended, 3)
            let page = try await officer.get("/app/p/alpha/events/\(id.uuidString)/register")
            XCTAssertTrue(page.body.contains("50% of bookings"), "one of two booked people came")

            // a viewer sees the list of events, without each event's places (issue 19: finer than the engagement
            // tables that protect them), and not the register
            let viewer = Browser(app)
            try await viewer.signIn("viewer@alpha.test")
            let list = try await viewer.get("/app/p/alpha/events")
            XCTAssertTrue(list.body.contains("Scam talk"))
            XCTAssertFalse(list.body.contains("2 of 2"))
            let officerList = try await officer.get("/app/p/alpha/events")
            XCTAssertTrue(officerList.body.contains("2 of 2"))
            let denied = try await viewer.get("/app/p/alpha/events/\(id.uuidString)/register")
            XCTAssertEqual(denied.status, .forbidden)
        }
    }

    func testCoordinatorSetsHowLongAttendeesDetailsAreKept() async throws {
        try await withApp { app in
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let coordinator = Browser(app)
            try await coordinator.signIn("coordinator@alpha.test")
            let page = try await coordinator.get("/app/p/alpha/settings")
            XCTAssertTrue(
                page.body.contains("Months to keep attendees&#39; details")
                    || page.body.contains("Months to keep attendees' details"))
            let bad = try await coordinator.post("/app/p/alpha/settings/retention", ["months": "500"])
            XCTAssertEqual(bad.status, .unprocessableEntity)
            XCTAssertTrue(bad.body.contains("Enter a number of months from 1 to 120"))
            let saved = try await coordinator.post("/app/p/alpha/settings/retention", ["months": "6"])
            XCTAssertEqual(saved.status, .seeOther)
            let partnership = try await Partnerships.find(on: app.db, slug: "alpha")
            XCTAssertEqual(partnership?.bookingRetentionMonths, 6)
        }
    }
}
