import Fluent
import Foundation
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

/// Issue 21 from the web: a coordinator answers a person's request (find by email, export, erase) and every figure
/// page reads the same afterwards; the privacy notice and accessibility statement are linked from every public form;
/// reads of names are audited.
final class DataProtectionRouteTests: XCTestCase {
    private static let day: TimeInterval = 86_400

    /// Sam booked two past sessions (one with an access need), reported as an ambassador and left contact details
    /// after a check; Alex booked one. Returns the ids of Sam's bookings.
    private func seed(_ app: Application, partnershipID pid: UUID) async throws {
        let db = app.db
        let now = Date()
        func event(_ title: String, daysAgo: Double) async throws -> UUID {
            let start = now.addingTimeInterval(-daysAgo * Self.day)
            return try await Events.create(
                Events.Draft(
                    title: title, kind: .talk, venue: "Town hall", area: "Darlington", startsAt: start,
                    endsAt: start.addingTimeInterval(7200), capacity: 30,
                    questions: [.init(id: "access", label: "Access needs", kind: .text)], status: .published),
                partnershipID: pid, by: .system("test"), on: db
            ).requireID()
        }
        let talk = try await event("Scams and you", daysAgo: 30)
        let workshop = try await event("Safer shopping", daysAgo: 20)
        let before = now.addingTimeInterval(-60 * Self.day)
        let links = MailLinks(
            booking: { "https://safer.example/p/\($0)/bookings/\($1)" },
            invitation: { "https://safer.example/app/invitations/\($0)" },
            passwordReset: { "https://safer.example/app/password-reset/\($0)" },
            signIn: "https://safer.example/app/sign-in",
            survey: { "https://safer.example/p/\($0)/surveys/\($1)/\($2)?code=\($3)" })
        var made: [(UUID, Bookings.Made)] = []
        for (eventID, name, email, need) in [
            (talk, "Sam Person", "sam@example.org", "Hearing loop"), (workshop, "Sam Person", "SAM@example.org", ""),
            (talk, "Alex Other", "alex@example.org", "Step-free access"),
        ] {
            made.append(
                (
                    eventID,
                    try await Bookings.signUp(
                        eventID: eventID, partnershipID: pid,
                        form: .init(name: name, email: email, answers: ["access": need], consent: true), links: links,
                        now: before, on: db)
                ))
        }
        for (eventID, booking) in made {
            try await Attendance.checkIn(
                eventID: eventID, partnershipID: pid, bookingID: booking.bookingID, by: .system("t"), on: db)
        }
        try await Ambassadors.pledge(token: made[0].1.token, people: 3, on: db)
        try await Ambassadors.report(token: made[0].1.token, told: .init(family: 1, friends: 2), on: db)
        for id in [talk, workshop] {
            let event = try await Event.find(id, on: db)!
            event.status = .completed
            try await db.write { tx in try await event.save(on: tx) }
        }
        let set = try XCTUnwrap(app.checks.latest("small-organisation"))
        let check = try await ResilienceChecks.record(
            set, answers: Dictionary(uniqueKeysWithValues: set.questions.map { ($0.id, .yes) }), partnershipID: pid,
            on: db)
        var details = ResilienceChecks.Details()
        details.consent = true
        details.followUp = true
        details.sector = "retail"
        details.name = "Sam Person"
        details.email = "Sam@Example.org"
        details.organisation = "Sam’s Shop"
        try await ResilienceChecks.describe(check, details, areas: [], on: db)
    }

    /// A page's text with its form tokens taken out, to compare figures before and after. The follow-up worklist's
    /// length is not a figure: an erased request has rightly left it (checked separately).
    private static func figures(_ body: String) -> String {
        body.replacingOccurrences(of: #"value="[A-Za-z0-9_-]{43}""#, with: "", options: .regularExpression)
            .replacingOccurrences(
                of: #"Organisations asking for follow-up \(\d+\)"#, with: "", options: .regularExpression)
    }

    func testAPersonIsFoundExportedAndErasedFromTheWebWithEveryFigureUnchanged() async throws {
        try await withApp { app in
            let pid = try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher).requireID()
            try await seed(app, partnershipID: pid)
            let coordinator = Browser(app)
            try await coordinator.signIn("coordinator@alpha.test")
            let figurePages = ["/app/p/alpha/engagement", "/app/p/alpha/checks", "/app/p/alpha/report"]
            var before: [String: String] = [:]
            for path in figurePages {
                let page = try await coordinator.get(path)
                XCTAssertEqual(page.status, .ok, path)
                before[path] = Self.figures(page.body)
            }

            // The search is a POST: the address never appears in a URL.
            let start = try await coordinator.get("/app/p/alpha/data-requests")
            XCTAssertEqual(start.status, .ok)
            XCTAssertTrue(start.body.contains(#"method="post""#))
            let bad = try await coordinator.post("/app/p/alpha/data-requests", ["who": "123", "do": "search"])
            XCTAssertEqual(bad.status, .unprocessableEntity)
            XCTAssertTrue(bad.body.contains("There is a problem"))
            let found = try await coordinator.post(
                "/app/p/alpha/data-requests", ["who": "sam@example.org", "do": "search"])
            XCTAssertEqual(found.status, .ok)
            let refs = Self.values(named: "record", in: found.body)
            XCTAssertEqual(refs.filter { $0.hasPrefix("booking:") }.count, 2)
            XCTAssertEqual(refs.filter { $0.hasPrefix("ambassador-report:") }.count, 1)
            XCTAssertEqual(refs.filter { $0.hasPrefix("check-contact:") }.count, 1)
            XCTAssertGreaterThanOrEqual(refs.filter { $0.hasPrefix("email:") }.count, 2)
            XCTAssertTrue(found.body.contains("Hearing loop"))
            XCTAssertFalse(found.body.contains("Alex Other") || found.body.contains("Step-free"))

            // Nothing ticked: an error, the results kept.
            let none = try await coordinator.post(
                "/app/p/alpha/data-requests", pairs: [("who", "sam@example.org"), ("do", "export-json")])
            XCTAssertEqual(none.status, .unprocessableEntity)
            XCTAssertTrue(none.body.contains("Choose at least one record"))

            // Export: JSON (an attachment, not cached) and a page to print.
            let chosen = refs.map { ("record", $0) }
            let json = try await coordinator.post(
                "/app/p/alpha/data-requests", pairs: [("who", "sam@example.org"), ("do", "export-json")] + chosen)
            XCTAssertEqual(json.status, .ok)
            XCTAssertTrue(json.headers.first(name: .contentDisposition)?.contains("attachment") == true)
            XCTAssertEqual(json.headers.first(name: .cacheControl), "no-store")
            let document = try XCTUnwrap(
                try JSONSerialization.jsonObject(with: Data(json.body.utf8)) as? [String: Any])
            XCTAssertEqual((document["records"] as? [Any])?.count, refs.count)
            XCTAssertTrue(json.body.contains("Sam Person") && json.body.contains("Hearing loop"))
            XCTAssertFalse(json.body.contains("Alex"))
            let printable = try await coordinator.post(
                "/app/p/alpha/data-requests", pairs: [("who", "sam@example.org"), ("do", "export-page")] + chosen)
            XCTAssertTrue(printable.body.contains("Records Partnership alpha holds about you"))

            // Erase: a confirmation step, then the erasure.
            let confirm = try await coordinator.post(
                "/app/p/alpha/data-requests", pairs: [("who", "sam@example.org"), ("do", "erase")] + chosen)
            XCTAssertEqual(confirm.status, .ok)
            XCTAssertTrue(confirm.body.contains("cannot be brought back"))
            let erased = try await coordinator.post(
                "/app/p/alpha/data-requests", pairs: Browser.hiddenFields(confirm.body).filter { $0.0 != "csrf" })
            XCTAssertEqual(erased.status, .seeOther)
            let expected = refs.filter { !$0.hasPrefix("ambassador-report:") }.count
            XCTAssertEqual(erased.location, "/app/p/alpha/data-requests?erased=\(expected)")
            let again = try await coordinator.post(
                "/app/p/alpha/data-requests", ["who": "sam@example.org", "do": "search"])
            XCTAssertTrue(again.body.contains("No records match."))

            // Every figure page reads exactly as before; only the follow-up worklist has lost the erased request.
            let checks = try await coordinator.get("/app/p/alpha/checks")
            XCTAssertTrue(checks.body.contains("Organisations asking for follow-up (0)"))
            for path in figurePages {
                let page = try await coordinator.get(path)
                XCTAssertEqual(Self.figures(page.body), before[path], "\(path) changed after the erasure")
            }
            // Alex's booking is untouched; the log holds the search, export and erasure, without the address.
            let alex = try await Booking.query(on: app.db).filter(\.$email == "alex@example.org").count()
            XCTAssertEqual(alex, 1)
            let log = try await AuditEntry.query(on: app.db).filter(\.$entity == "subject-access").all()
            XCTAssertEqual(Set(log.map(\.action)), ["view", "export", "delete"])
            XCTAssertFalse(log.contains { $0.summary.contains("sam@") })

            // Only coordinators (and administrators) handle requests.
            for role in ["officer", "analyst", "viewer", "safeguarding"] {
                let other = Browser(app)
                try await other.signIn("\(role)@alpha.test")
                let page = try await other.get("/app/p/alpha/data-requests")
                XCTAssertEqual(page.status, .forbidden, role)
            }
        }
    }

    func testEveryPublicFormLinksToThePrivacyNoticeAndAccessibilityStatement() async throws {
        try await withApp { app in
            let pid = try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher).requireID()
            let start = Date().addingTimeInterval(7 * Self.day)
            let event = try await Events.create(
                Events.Draft(
                    title: "Scams and you", kind: .talk, venue: "Town hall", startsAt: start,
                    endsAt: start.addingTimeInterval(3600), capacity: 10, status: .published),
                partnershipID: pid, by: .system("test"), on: app.db)
            let booking = try await Bookings.signUp(
                eventID: event.requireID(), partnershipID: pid,
                form: .init(name: "Sam", email: "sam@example.org", consent: true), on: app.db)
            let visitor = Browser(app)
            let pages = [
                "/p/alpha", "/p/alpha/events", "/p/alpha/events/\(try event.requireID())",
                "/p/alpha/bookings/\(booking.token)", "/p/alpha/report", "/p/alpha/check", "/p/alpha/learn",
                "/p/alpha/resources",
            ]
            for path in pages {
                let page = try await visitor.get(path)
                XCTAssertEqual(page.status, .ok, path)
                XCTAssertTrue(page.body.contains(#"href="/p/alpha/privacy""#), "\(path) has no privacy notice link")
                XCTAssertTrue(
                    page.body.contains(#"href="/p/alpha/accessibility""#), "\(path) has no accessibility link")
            }

            // The notice is made from the settings: until they are filled in, the coordinator is told what is missing.
            let coordinator = Browser(app)
            try await coordinator.signIn("coordinator@alpha.test")
            let settings = try await coordinator.get("/app/p/alpha/settings")
            XCTAssertTrue(settings.body.contains("The notice still needs:"))
            XCTAssertTrue(settings.body.contains("What is kept, and for how long"))
            let tooLong = try await coordinator.post(
                "/app/p/alpha/settings/privacy", ["controller": String(repeating: "x", count: 201), "dpo": "d"])
            XCTAssertEqual(tooLong.status, .unprocessableEntity)
            XCTAssertTrue(tooLong.body.contains(String(repeating: "x", count: 201)), "what was typed is kept")
            let saved = try await coordinator.post(
                "/app/p/alpha/settings/privacy",
                ["controller": "Darlington Borough Council", "dpo": "dpo@darlington.example"])
            XCTAssertEqual(saved.status, .seeOther)
            try await Retention.setMonths(7, partnershipID: pid, by: .system("t"), on: app.db)

            let notice = try await visitor.get("/p/alpha/privacy")
            XCTAssertEqual(notice.status, .ok)
            for expected in [
                "The data controller is Darlington Borough Council.", "dpo@darlington.example",
                "7 months after the event",
                "\(app.config.checkContactRetentionMonths) months after the check", "Public task",
                "Information Commissioner",
            ] {
                XCTAssertTrue(notice.body.contains(expected), "the notice lacks \(expected)")
            }
            let statement = try await visitor.get("/p/alpha/accessibility")
            XCTAssertEqual(statement.status, .ok)
            for expected in ["Compliance status", "Enforcement procedure", AccessibilityChecks.checkedOn] {
                XCTAssertTrue(statement.body.contains(expected), "the statement lacks \(expected)")
            }
            let unknown = try await visitor.get("/p/nobody/privacy")
            XCTAssertEqual(unknown.status, .notFound)
        }
    }

    /// Viewing names is recorded: the event register, the outbox list and one email.
    func testReadsOfPersonalDataAreAudited() async throws {
        try await withApp { app in
            let pid = try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher).requireID()
            try await seed(app, partnershipID: pid)
            let officer = Browser(app)
            try await officer.signIn("officer@alpha.test")
            let event = try await unwrapFound(try await Event.query(on: app.db).first())
            let register = try await officer.get("/app/p/alpha/events/\(try event.requireID())/register")
            XCTAssertEqual(register.status, .ok)
            XCTAssertTrue(register.body.contains("Sam Person") || register.body.contains("Alex Other"))
            let coordinator = Browser(app)
            try await coordinator.signIn("coordinator@alpha.test")
            let outbox = try await coordinator.get("/app/p/alpha/outbox")
            XCTAssertEqual(outbox.status, .ok)
            let message = try await unwrapFound(try await OutboxMessage.query(on: app.db).first())
            let one = try await coordinator.get("/app/p/alpha/outbox/\(try message.requireID())")
            XCTAssertEqual(one.status, .ok)
            let views = try await AuditEntry.query(on: app.db).filter(\.$action == "view").all()
            let register1 = views.first { $0.entity == "event-register" }
            XCTAssertEqual(register1?.actorEmail, "officer@alpha.test")
            XCTAssertEqual(register1?.entityID, try event.requireID().uuidString)
            XCTAssertTrue(views.contains { $0.entity == "outbox" && $0.actorEmail == "coordinator@alpha.test" })
            XCTAssertTrue(views.contains { $0.entity == "email" && $0.entityID == message.id?.uuidString })
            XCTAssertFalse(views.contains { $0.summary.contains("@example.org") }, "no address in the log")
        }
    }

    static func values(named name: String, in body: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: #"name="\#(name)" value="([^"]+)""#)
        return regex.matches(in: body, range: NSRange(body.startIndex..., in: body)).compactMap {
            Range($0.range(at: 1), in: body).map { String(body[$0]) }
        }
    }
}

func unwrapFound<T>(_ value: T?, file: StaticString = #filePath, line: UInt = #line) async throws -> T {
    try XCTUnwrap(value, file: file, line: line)
}
