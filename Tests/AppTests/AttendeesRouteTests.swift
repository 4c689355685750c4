import Fluent
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

/// Issue 23: an attendee's access need typed at booking reaches the people running the event, on the list and in
/// its CSV, first; each look is audited; roles that do not run events cannot see it.
final class AttendeesRouteTests: XCTestCase {
    func testAnAccessNeedTypedAtBookingIsListedFirstAndInTheCSV() async throws {
        try await withApp { app in
            let partnership = try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let pid = try partnership.requireID()
            let start = Date().addingTimeInterval(10 * 86400)
            let event = try await Events.create(
                Events.Draft(
                    title: "Password clinic", kind: .training, venue: "Library", area: "Durham", startsAt: start,
                    endsAt: start.addingTimeInterval(1800), capacity: 10,
                    questions: [.init(id: "q1", label: "Which phone do you use?", kind: .text)], status: .published),
                partnershipID: pid, by: .system("test"), on: app.db)
            let id = try event.requireID().uuidString
            _ = try await Bookings.signUp(
                eventID: event.requireID(), partnershipID: pid,
                form: .init(name: "Aaron", email: "aaron@example.org", answers: ["q1": "Android"], consent: true),
                on: app.db)

            // A resident books through the public form and types an access need.
            let resident = Browser(app)
            let page = try await resident.get("/p/alpha/events/\(id)")
            XCTAssertTrue(page.body.contains("access needs"), "every sign-up form asks")
            let formToken = try XCTUnwrap(
                page.body.range(of: #"name="formToken" value="([^"]+)""#, options: .regularExpression)
                    .map { String(page.body[$0].split(separator: "\"")[3]) })
            try await Task.sleep(nanoseconds: 2_100_000_000)
            let booked = try await resident.post(
                "/p/alpha/events/\(id)",
                [
                    "formToken": formToken, "name": "Zoe", "email": "zoe@example.org", "consent": "yes",
                    "q-q1": "iPhone", "q-access-needs": "Hearing loop, please",
                ])
            XCTAssertEqual(booked.status, .seeOther)

            let officer = Browser(app)
            try await officer.signIn("officer@alpha.test")
            let list = try await officer.get("/app/p/alpha/events/\(id)/attendees")
            XCTAssertEqual(list.status, .ok)
            XCTAssertTrue(list.body.contains("1 booking has an access need"))
            let zoe = try XCTUnwrap(list.body.range(of: "Zoe")).lowerBound
            let aaron = try XCTUnwrap(list.body.range(of: "Aaron")).lowerBound
            XCTAssertLessThan(zoe, aaron, "the access need first, although Aaron comes first by name")
            XCTAssertTrue(list.body.contains("Hearing loop, please") && list.body.contains("zoe@example.org"))
            XCTAssertTrue(list.body.contains("Which phone do you use?") && list.body.contains("iPhone"))

            let csv = try await officer.get("/app/p/alpha/events/\(id)/attendees.csv")
            XCTAssertEqual(csv.status, .ok)
            let lines = csv.body.split(separator: "\r\n").map(String.init)
            XCTAssertEqual(lines.count, 3)
            XCTAssertTrue(lines[0].contains("\"Access needs\"") && lines[0].contains("\"Which phone do you use?\""))
            XCTAssertTrue(lines[1].contains("\"Zoe\"") && lines[1].contains("\"Hearing loop, please\""))
            XCTAssertTrue(lines[2].contains("\"Aaron\"") && lines[2].contains("\"Android\""))

            let register = try await officer.get("/app/p/alpha/events/\(id)/register")
            XCTAssertTrue(register.body.contains(#"aria-label="QR code for the link to book later sessions""#))
            XCTAssertTrue(register.body.contains("/app/p/alpha/events/\(id)/attendees"))

            let reads = try await AuditEntry.query(on: app.db).filter(\.$entity == "event-attendees").count()
            XCTAssertEqual(reads, 2, "the page and the CSV are both written to the audit log")
            let downloads = try await AuditEntry.query(on: app.db).filter(\.$entity == "event-attendees")
                .filter(\.$summary == "Downloaded the attendee list of “Password clinic” as CSV").count()
            XCTAssertEqual(downloads, 1, "a file leaving the system is told apart from a look (review)")

            // Review: an answer padded past the limit with combining accents is refused; one with a line break and a
            // formula is stored clean.
            let padded = "e" + String(repeating: "\u{0301}", count: 3000)
            do {
                _ = try await Bookings.signUp(
                    eventID: event.requireID(), partnershipID: pid,
                    form: .init(
                        name: "Pad", email: "pad@example.org", answers: ["access-needs": padded], consent: true),
                    on: app.db)
                XCTFail("a 3,001 code point answer was taken")
            } catch let errors as FieldErrors {
                XCTAssertEqual(errors.problems.map(\.field), ["q-access-needs"])
            }
            _ = try await Bookings.signUp(
                eventID: event.requireID(), partnershipID: pid,
                form: .init(name: "Line", email: "line@example.org", answers: ["q1": "\n=1+1\t "], consent: true),
                on: app.db)
            let stored = try await Booking.query(on: app.db).filter(\.$name == "Line").first()
            XCTAssertEqual(stored?.answersJSON, #"{"q1":"=1+1"}"#)
            XCTAssertEqual(CSVText.field(" =1+1"), "\"' =1+1\"")
            XCTAssertEqual(CSVText.field("-5"), "\"-5\"", "a negative number stays a number")

            for role in ["viewer", "analyst", "safeguarding"] {
                let other = Browser(app)
                try await other.signIn("\(role)@alpha.test")
                let denied = try await other.get("/app/p/alpha/events/\(id)/attendees.csv")
                XCTAssertEqual(denied.status, .forbidden, role)
            }
        }
    }
}
