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
            XCTAssertTrue(register.body.contains("Access needs: Hearing loop, please"), "shown on the day, by the name")

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

/// Issue 23: the people running an event message everyone booked, through the outbox; the waiting list only when
/// chosen; a bad form is shown again with what was typed; each message is audited.
final class AttendeesMessageTests: XCTestCase {
    func testEveryoneBookedIsMessagedOnceThroughTheOutbox() async throws {
        try await withApp { app in
            let pid = try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher).requireID()
            let start = Date().addingTimeInterval(10 * 86400)
            let event = try await Events.create(
                Events.Draft(
                    title: "Scams talk", kind: .talk, venue: "Library", area: "Durham", startsAt: start,
                    endsAt: start.addingTimeInterval(3600), capacity: 2, status: .published),
                partnershipID: pid, by: .system("test"), on: app.db)
            let eventID = try event.requireID()
            for name in ["ann", "bob", "cat"] {
                _ = try await Bookings.signUp(
                    eventID: eventID, partnershipID: pid,
                    form: .init(name: name, email: "\(name)@example.org", consent: true), on: app.db)
            }
            // Independently: who is confirmed and who waits.
            let bookings = try await Booking.query(on: app.db).filter(\.$event.$id == eventID).all()
            let confirmed = Set(bookings.filter { $0.status == .confirmed }.map(\.email))
            let waiting = Set(bookings.filter { $0.status == .waiting }.map(\.email))
            XCTAssertEqual(confirmed.count, 2)
            XCTAssertEqual(waiting.count, 1)
            func sent() async throws -> [OutboxMessage] {
                try await OutboxMessage.query(on: app.db).filter(\.$kind == MailKind.organiserMessage.rawValue).all()
            }

            let officer = Browser(app)
            try await officer.signIn("officer@alpha.test")
            let page = try await officer.get("/app/p/alpha/events/\(eventID)/attendees")
            XCTAssertTrue(page.body.contains("Message everyone booked"))
            let path = "/app/p/alpha/events/\(eventID)/attendees/message"
            let bad = try await officer.post(path, ["subject": "", "message": "We are in room 2 now."])
            XCTAssertEqual(bad.status, .unprocessableEntity)
            XCTAssertTrue(bad.body.contains("Enter a subject"))
            XCTAssertTrue(bad.body.contains("We are in room 2 now."), "what was typed is kept")
            let noSubject = try await sent()
            XCTAssertEqual(noSubject.count, 0)

            let ok = try await officer.post(path, ["subject": "Room change", "message": "We are in room 2 now."])
            XCTAssertEqual(ok.status, .seeOther)
            XCTAssertTrue(ok.location?.hasSuffix("?sent=2") == true)
            let first = try await sent()
            XCTAssertEqual(Set(first.map(\.recipient)), confirmed)
            XCTAssertTrue(first.allSatisfy { $0.subject == "Room change – Scams talk" })
            XCTAssertTrue(first.allSatisfy { $0.bodyText.contains("We are in room 2 now.") })
            XCTAssertTrue(first.allSatisfy { $0.bodyText.contains("Scams talk") })

            _ = try await officer.post(
                path, ["subject": "Bring your phone", "message": "Bring your phone.", "waiting": "yes"])
            let all = try await sent()
            XCTAssertEqual(all.count, 5)
            XCTAssertEqual(
                Set(all.filter { $0.subject.hasPrefix("Bring") }.map(\.recipient)), confirmed.union(waiting))
            let audited = try await AuditEntry.query(on: app.db).filter(\.$entity == "event-message").count()
            XCTAssertEqual(audited, 2)

            // Someone from another partnership cannot message these people.
            _ = try await Fixture.partnership("beta", on: app.db, hasher: app.passwordHasher)
            let other = Browser(app)
            try await other.signIn("officer@beta.test")
            try await other.get("/app/p/beta/events")
            let refused = try await other.post(
                "/app/p/beta/events/\(eventID)/attendees/message", ["subject": "Hi", "message": "Hello"])
            XCTAssertEqual(refused.status, .notFound)
            let after = try await sent()
            XCTAssertEqual(after.count, 5)
        }
    }
}

/// Issue 23: the register and the printable cards carry QR codes for the link to book later sessions and for the
/// before and after links of each open survey that lists the event.
final class QRCardsRouteTests: XCTestCase {
    func testTheCardsCarryTheBookingAndSurveyLinks() async throws {
        try await withApp { app in
            let pid = try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher).requireID()
            let start = Date().addingTimeInterval(10 * 86400)
            let event = try await Events.create(
                Events.Draft(
                    title: "Scams talk", kind: .talk, venue: "Library", area: "Durham", startsAt: start,
                    endsAt: start.addingTimeInterval(3600), capacity: 20, status: .published),
                partnershipID: pid, by: .system("test"), on: app.db)
            let eventID = try event.requireID()
            let survey = try await Surveys.create(
                partnershipID: pid, title: "", templateKey: "young-people-online", design: nil, by: .system("t"),
                on: app.db)
            try await Surveys.update(
                survey,
                settings: .init(
                    title: "Being online", intro: "Hello", status: .open, closesAt: nil, quota: nil, events: [eventID]),
                by: .system("t"), on: app.db)
            let surveyID = try survey.requireID().uuidString

            let officer = Browser(app)
            try await officer.signIn("officer@alpha.test")
            let register = try await officer.get("/app/p/alpha/events/\(eventID)/register")
            XCTAssertTrue(register.body.contains("/p/alpha/surveys/\(surveyID)/before"))
            XCTAssertTrue(register.body.contains(#"aria-label="QR code for Being online: after the session""#))
            let cards = try await officer.get("/app/p/alpha/events/\(eventID)/cards")
            XCTAssertEqual(cards.status, .ok)
            XCTAssertEqual(
                cards.body.components(separatedBy: #"class="qr-card""#).count - 1, 4,
                "booking, was it fun, survey before and after")
            XCTAssertTrue(cards.body.contains("/p/alpha/events?from=\(eventID.uuidString)"))
            XCTAssertTrue(cards.body.contains("/p/alpha/surveys/\(surveyID)/after"))
            // Roles that do not run events cannot open the cards.
            let viewer = Browser(app)
            try await viewer.signIn("viewer@alpha.test")
            let refused = try await viewer.get("/app/p/alpha/events/\(eventID)/cards")
            XCTAssertEqual(refused.status, .forbidden)
        }
    }
}
