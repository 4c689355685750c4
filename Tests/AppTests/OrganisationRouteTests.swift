import Fluent
import Foundation
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

/// Issue 23: the register of organisations through the pages — an officer adds a school, its group bookings join its
/// record as they arrive, two checks show the score change, links and unlinks are scoped to the partnership, and
/// the figures page shows viewers no small count.
final class OrganisationRouteTests: XCTestCase {
    func testASchoolsBookingsAndChecksShowOnItsRecordWithTheScoreChange() async throws {
        try await withApp { app in
            let pid = try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher).requireID()
            let beta = try await Fixture.partnership("beta", on: app.db, hasher: app.passwordHasher).requireID()
            let start = Date().addingTimeInterval(-600)
            let event = try await Events.create(
                Events.Draft(
                    title: "Staying safe online", kind: .talk, venue: "Hall", area: "Durham", startsAt: start,
                    endsAt: start.addingTimeInterval(1800), capacity: 60, status: .published),
                partnershipID: pid, by: .system("test"), on: app.db)
            let eventID = try event.requireID()

            let officer = Browser(app)
            try await officer.signIn("officer@alpha.test")
            let empty = try await officer.get("/app/p/alpha/organisations")
            XCTAssertEqual(empty.status, .ok)
            XCTAssertTrue(empty.body.contains("No organisations are on the register yet"))
            XCTAssertTrue(
                empty.body.contains("href=\"/app/p/alpha/organisations\""), "the navigation links the register")
            // Bad input: re-shown with an error summary, nothing saved.
            let bad = try await officer.post(
                "/app/p/alpha/organisations", ["name": "St Mary's <School>", "kind": "castle", "area": "Atlantis"])
            XCTAssertEqual(bad.status, .unprocessableEntity)
            XCTAssertTrue(bad.body.contains("There is a problem"))
            XCTAssertTrue(
                bad.body.contains("value=\"St Mary&#39;s &lt;School&gt;\""), "what was typed is kept, escaped")
            let none = try await Organisation.query(on: app.db).count()
            XCTAssertEqual(none, 0)
            let added = try await officer.post(
                "/app/p/alpha/organisations", ["name": "St Mary's School", "kind": "school", "area": "Durham"])
            XCTAssertEqual(added.status, .seeOther)
            let recordPath = try XCTUnwrap(added.location?.components(separatedBy: "?").first)
            let sid = try XCTUnwrap(UUID(uuidString: String(recordPath.split(separator: "/").last ?? "")))

            // A teacher books the class in (spelling the name their own way); the class comes.
            let booking = try await Bookings.signUp(
                eventID: eventID, partnershipID: pid,
                form: .init(
                    name: "Ms Head", email: "head@stmarys.example", places: 25, isGroup: true,
                    organisation: "ST. MARYS SCHOOL", consent: true), on: app.db)
            try await Attendance.checkIn(
                eventID: eventID, partnershipID: pid, bookingID: booking.bookingID, places: 24, by: .system("t"),
                on: app.db)
            let youthClub = try await Bookings.signUp(
                eventID: eventID, partnershipID: pid,
                form: .init(
                    name: "Leader", email: "leader@club.example", places: 8, isGroup: true,
                    organisation: "Riverside Youth Club", consent: true), on: app.db)
            // Two checks: the first names the school; the re-take, months later, scores higher.
            let set = try XCTUnwrap(app.checks.latest("small-organisation"))
            let half = Dictionary(
                uniqueKeysWithValues: set.questions.enumerated().map {
                    ($1.id, $0 % 2 == 0 ? CheckScoring.Answer.yes : .no)
                })
            let first = try await ResilienceChecks.record(
                set, answers: half, partnershipID: pid, at: Date().addingTimeInterval(-120 * 86400), on: app.db)
            var details = ResilienceChecks.Details()
            details.consent = true
            details.followUp = true
            details.organisation = "St Mary's School"
            details.name = "Ms Head"
            details.email = "head@stmarys.example"
            try await ResilienceChecks.describe(first, details, areas: [], on: app.db)
            let all = Dictionary(uniqueKeysWithValues: set.questions.map { ($0.id, CheckScoring.Answer.yes) })
            let retake = try await ResilienceChecks.record(
                set, answers: all, partnershipID: pid, previousToken: first.token, on: app.db)

            let record = try await officer.get(recordPath)
            XCTAssertEqual(record.status, .ok)
            XCTAssertTrue(record.body.contains("Group booking: Staying safe online"), record.body)
            XCTAssertTrue(record.body.contains("25 places booked by ST. MARYS SCHOOL, 24 attended"))
            XCTAssertTrue(record.body.contains("Resilience check (re-take)"))
            let change = retake.overall - first.overall
            XCTAssertEqual(retake.overall, 100)
            XCTAssertTrue(
                record.body.contains(
                    "\(first.overall) at the first check"), record.body)
            XCTAssertTrue(record.body.contains("up \(change) points, over 2 checks"))
            XCTAssertTrue(record.body.contains(set.areas[0].title), "scores by area, by name")

            // Link the youth club's booking by hand, then unlink it; another partnership's booking is not found.
            let linked = try await officer.post(
                "\(recordPath)/links", ["kind": "booking", "item": youthClub.bookingID.uuidString, "action": "link"])
            XCTAssertEqual(linked.status, .seeOther)
            var club = try await Booking.find(youthClub.bookingID, on: app.db)
            XCTAssertEqual(club?.organisationID, sid)
            let unlinked = try await officer.post(
                "\(recordPath)/links", ["kind": "booking", "item": youthClub.bookingID.uuidString, "action": "unlink"])
            XCTAssertEqual(unlinked.status, .seeOther)
            club = try await Booking.find(youthClub.bookingID, on: app.db)
            XCTAssertNil(club?.organisationID)
            let betaEvent = try await Events.create(
                Events.Draft(
                    title: "Beta", kind: .talk, venue: "Hall", area: "Leeds",
                    startsAt: start.addingTimeInterval(86400 * 3),
                    endsAt: start.addingTimeInterval(86400 * 3 + 1800), capacity: 60, status: .published),
                partnershipID: beta, by: .system("test"), on: app.db)
            let betaBooking = try await Bookings.signUp(
                eventID: betaEvent.requireID(), partnershipID: beta,
                form: .init(
                    name: "X", email: "x@beta.example", places: 5, isGroup: true, organisation: "St Mary's School",
                    consent: true), on: app.db)
            let foreign = try await officer.post(
                "\(recordPath)/links", ["kind": "booking", "item": betaBooking.bookingID.uuidString, "action": "link"])
            XCTAssertEqual(foreign.status, .notFound)
            let betaOrganisation = try await Organisations.create(
                .init(name: "Beta School", kind: "school"), areas: [], partnershipID: beta, by: .system("t"), on: app.db
            )
            let otherRecord = try await officer.get("/app/p/alpha/organisations/\(try betaOrganisation.requireID())")
            XCTAssertEqual(
                otherRecord.status, .notFound, "another partnership's record under this partnership's address")

            // The register and its CSV.
            let csv = try await officer.get("/app/p/alpha/organisations/export.csv")
            XCTAssertTrue(csv.body.contains(#""St Mary's School","School or academy","Durham""#), csv.body)
            XCTAssertTrue(csv.body.contains(#""1","24","0","2","100","+\#(change)""#), csv.body)

            // Figures: the coordinator sees 1 school reached and 1 improved; a viewer sees "<5" and no way back.
            let coordinator = Browser(app)
            try await coordinator.signIn("coordinator@alpha.test")
            let exact = try await coordinator.get("/app/p/alpha/organisations/figures")
            XCTAssertEqual(exact.status, .ok)
            XCTAssertTrue(exact.body.contains("Organisations on the register with at least one group booking"))
            XCTAssertTrue(exact.body.contains("<td class=\"numeric\">1</td>"), exact.body)
            let viewer = Browser(app)
            try await viewer.signIn("viewer@alpha.test")
            // A viewer sees ended years only, as published then (this year's school is not there yet).
            let hidden = try await viewer.get("/app/p/alpha/organisations/figures")
            XCTAssertEqual(hidden.status, .ok)
            XCTAssertTrue(hidden.body.contains("As published on"), hidden.body)
            XCTAssertFalse(hidden.body.contains("so far"))
            XCTAssertFalse(hidden.body.contains("<td class=\"numeric\">1</td>"))
            let thisYear = ReportingYear().firstQuarter(ofYearHolding: Quarter.of(date: Date()))
            let asked = try await viewer.get("/app/p/alpha/organisations/figures?year=\(thisYear)")
            XCTAssertFalse(asked.body.contains("so far"), "the year in progress is not offered to a viewer")
            XCTAssertTrue(
                hidden.body.contains("href=\"/app/p/alpha/organisations/figures\""), "the viewer's navigation")
            XCTAssertFalse(hidden.body.contains("Download the register"))
            let viewerCSV = try await viewer.get("/app/p/alpha/organisations/figures.csv")
            XCTAssertFalse(viewerCSV.body.contains(#""1""#), viewerCSV.body)
            let refused = try await viewer.get(recordPath)
            XCTAssertEqual(refused.status, .forbidden)
            let home = try await viewer.get("/app/p/alpha")
            XCTAssertTrue(home.body.contains("/app/p/alpha/organisations/figures"), "the home page links the module")

            // Taking the school off the register keeps its bookings and checks.
            let removed = try await officer.post("\(recordPath)/remove")
            XCTAssertEqual(removed.status, .seeOther)
            let kept = try await Booking.find(booking.bookingID, on: app.db)
            XCTAssertNotNil(kept)
            XCTAssertNil(kept?.organisationID)
            let gone = try await officer.get(recordPath)
            XCTAssertEqual(gone.status, .notFound)
        }
    }
}
