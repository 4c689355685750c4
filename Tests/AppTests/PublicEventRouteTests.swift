import Fluent
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

final class PublicEventRouteTests: XCTestCase {
    func testFindBookCancelAndGetPromoted() async throws {
        try await withApp { app in
            // setup: a one-place public event
            let partnership = try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let start = Date().addingTimeInterval(10 * 86400)
            let event = try await Events.create(
                Events.Draft(
                    title: "Password clinic", kind: .training, venue: "Library", area: "Durham", startsAt: start,
                    endsAt: start.addingTimeInterval(1800), capacity: 1, status: .published),
                partnershipID: partnership.requireID(), by: .system("test"), on: app.db)
            let path = "/p/alpha/events/\(try event.requireID().uuidString)"

            // find it
            let first = Browser(app)
            let second = Browser(app)
            let list = try await first.get("/p/alpha/events?area=Durham")
            XCTAssertTrue(list.body.contains(path) && list.body.contains("Password clinic"))
            let page = try await first.get(path)
            XCTAssertTrue(page.body.contains("Book a place"))
            let formToken = try XCTUnwrap(
                page.body.range(of: #"name="formToken" value="([^"]+)""#, options: .regularExpression)
                    .map { String(page.body[$0].split(separator: "\"")[3]) })

            // A form sent at once (software) or with the hidden field filled is refused and books nothing.
            let hasty = try await first.post(
                path, ["formToken": formToken, "name": "Bot", "email": "bot@example.org", "consent": "yes"])
            XCTAssertEqual(hasty.status, .unprocessableEntity)
            try await Task.sleep(nanoseconds: 2_100_000_000)
            let trap = try await first.post(
                path,
                ["formToken": formToken, "name": "Bot", "email": "bot@example.org", "consent": "yes", "website": "x"])
            XCTAssertEqual(trap.status, .unprocessableEntity)
            let none = try await Booking.query(on: app.db).count()
            XCTAssertEqual(none, 0)

            // book: confirmed; the second person joins the waiting list
            let booked = try await first.post(
                path, ["formToken": formToken, "name": "Ann", "email": "ann@example.org", "consent": "yes"])
            XCTAssertEqual(booked.status, .seeOther)
            let confirmation = try await first.get(try XCTUnwrap(booked.location))
            XCTAssertTrue(confirmation.body.contains("Booking confirmed"))
            XCTAssertEqual(confirmation.headers.first(name: .cacheControl), "no-store")
            // The same form sent again (a replayed token) books nothing (issue 20, case 6).
            let replay = try await first.post(
                path, ["formToken": formToken, "name": "Ann", "email": "ann@example.org", "consent": "yes"])
            XCTAssertEqual(replay.status, .conflict)
            XCTAssertTrue(replay.body.contains("already been sent"))
            let secondPage = try await second.get(path)
            let secondToken = try XCTUnwrap(
                secondPage.body.range(of: #"name="formToken" value="([^"]+)""#, options: .regularExpression)
                    .map { String(secondPage.body[$0].split(separator: "\"")[3]) })
            XCTAssertNotEqual(secondToken, formToken, "two visitors never share a token")
            try await Task.sleep(nanoseconds: 2_100_000_000)
            let queued = try await second.post(
                path, ["formToken": secondToken, "name": "Bob", "email": "bob@example.org", "consent": "yes"])
            let waiting = try await second.get(
                try XCTUnwrap(queued.location, "\(queued.status) \(queued.body.suffix(3000))"))
            XCTAssertTrue(waiting.body.contains("You are on the waiting list"))

            // calendar file
            let bookingPath = String(try XCTUnwrap(booked.location).split(separator: "?")[0])
            let ics = try await first.get(bookingPath + "/calendar.ics")
            XCTAssertTrue(ics.body.contains("BEGIN:VEVENT") && ics.body.contains("SUMMARY:Password clinic"))

            // cancel: the place goes to the person waiting, and the canceller's details are gone
            let cancelled = try await first.post(bookingPath + "/cancel")
            XCTAssertEqual(cancelled.status, .seeOther)
            let after = try await first.get(bookingPath)
            XCTAssertTrue(after.body.contains("This booking has been cancelled"))
            let promoted = try await second.get(String(try XCTUnwrap(queued.location).split(separator: "?")[0]))
            XCTAssertTrue(promoted.body.contains("a place became free and it is yours"))
            let ann = try await Booking.query(on: app.db).filter(\.$status == Booking.Status.cancelled).first()
            XCTAssertEqual(ann?.email, "")
            XCTAssertNotNil(ann?.anonymisedAt)

            // a booking link that does not exist is a plain 404
            let unknown = try await first.get("/p/alpha/bookings/not-a-token")
            XCTAssertEqual(unknown.status, .notFound)
        }
    }
}

final class AmbassadorRouteTests: XCTestCase {
    func testAttendeePledgesAndReportsThroughTheirLink() async throws {
        try await withApp { app in
            let partnership = try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let start = Date().addingTimeInterval(86400)
            let event = try await Events.create(
                .init(
                    title: "Talk", kind: .talk, venue: "Hall", startsAt: start, endsAt: start.addingTimeInterval(3600),
                    capacity: 10, status: .published), partnershipID: partnership.requireID(), by: .system("t"),
                on: app.db)
            let made = try await Bookings.signUp(
                eventID: event.requireID(), partnershipID: partnership.requireID(),
                form: .init(name: "Ann", email: "ann@example.org", consent: true), on: app.db)
            let browser = Browser(app)
            let path = "/p/alpha/bookings/\(made.token)"
            let page = try await browser.get(path)
            XCTAssertTrue(page.body.contains("Become an ambassador"))
            let bad = try await browser.post(path + "/ambassador", ["pledge": "lots"])
            XCTAssertEqual(bad.status, .unprocessableEntity)
            XCTAssertTrue(bad.body.contains("Enter how many people you will tell"))
            let pledged = try await browser.post(path + "/ambassador", ["pledge": "3"])
            XCTAssertEqual(pledged.status, .seeOther)
            try await browser.get(path)
            let told = try await browser.post(
                path + "/told", ["family": "2", "friends": "1", "colleagues": "0", "neighbours": "1"])
            XCTAssertEqual(told.status, .seeOther)
            let after = try await browser.get(path)
            XCTAssertTrue(after.body.contains("You said you would tell 3 people"))
            XCTAssertTrue(after.body.contains("So far you have told 4 people."))
        }
    }
}

final class RequestLogTests: XCTestCase {
    func testPrivateLinkSecretsAreNotLogged() {
        XCTAssertEqual(
            RequestLogMiddleware.redacted("/p/demo/bookings/abcDEF123/calendar.ics"),
            "/p/demo/bookings/[redacted]/calendar.ics")
        XCTAssertEqual(RequestLogMiddleware.redacted("/app/invitations/xyz"), "/app/invitations/[redacted]")
        XCTAssertEqual(RequestLogMiddleware.redacted("/p/demo/events"), "/p/demo/events")
        // Review (issue 23): a submission link's secret was written to the log.
        XCTAssertEqual(RequestLogMiddleware.redacted("/p/demo/submit/H9meXEmW-05a1z"), "/p/demo/submit/[redacted]")
    }
}
