import Fluent
import Foundation
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

/// Issue 20, case 6: one script could fill every event with group bookings (the signed timing token was reusable
/// for 24 hours), and report-router results and resource views could be inflated at will, all feeding the board
/// report.
final class PublicFormAbuseTests: XCTestCase {
    func testABurstOfBookingsFromOneAddressGetsAtMostTheLimit() async throws {
        try await withApp { app in
            let partnership = try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let start = Date().addingTimeInterval(10 * 86400)
            let event = try await Events.create(
                Events.Draft(
                    title: "Scam talk", kind: .talk, venue: "Library", area: "Durham", startsAt: start,
                    endsAt: start.addingTimeInterval(3600), capacity: 500, status: .published),
                partnershipID: partnership.requireID(), by: .system("test"), on: app.db)
            let eventID = try event.requireID()
            let path = "/p/alpha/events/\(eventID.uuidString)"
            // 40 fresh, valid tokens (as if 40 pages had been opened a minute ago), sent at once from one address.
            let past = Date().addingTimeInterval(-60)
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for index in 0..<40 {
                    let token = FormTiming.issue(for: eventID.uuidString, now: past)
                    group.addTask {
                        let browser = Browser(app)
                        try await browser.get(path)
                        return try await browser.post(
                            path,
                            [
                                "formToken": token, "name": "Bot \(index)", "email": "bot\(index)@example.org",
                                "consent": "yes", "group": "yes", "places": "10", "organisation": "Bots",
                            ]
                        ).status
                    }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            let booked = try await Booking.query(on: app.db).count()
            XCTAssertEqual(booked, PublicEventsController.bookingsPerAddress)
            XCTAssertEqual(statuses.filter { $0 == .seeOther }.count, PublicEventsController.bookingsPerAddress)
            XCTAssertEqual(
                statuses.filter { $0 == .tooManyRequests }.count, 40 - PublicEventsController.bookingsPerAddress)
        }
    }

    func testResourceViewsAndReportJourneysCannotBeInflatedFromOneAddress() async throws {
        try await withApp { app in
            let partnership = try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let id = try partnership.requireID()
            let visitor = Browser(app)
            try await visitor.get("/p/alpha/report")
            // 30 completed "where do I report" journeys with made-up tokens, from one address.
            for index in 0..<30 {
                let sent = try await visitor.post(
                    "/p/alpha/report",
                    pairs: [
                        ("danger", "no"), ("happened", "extremism"),
                        ("journey", "script\(String(repeating: "x", count: 10))\(index)"), ("asked", "happened"),
                    ])
                XCTAssertEqual(sent.status, .seeOther, "the result is still shown")
            }
            let counts = try await ReportJourneys.counts(
                partnershipID: id, fromQuarter: Quarter.of(date: Date()), toQuarter: Quarter.of(date: Date()),
                on: app.db)
            let recorded = counts.values.flatMap(\.values).reduce(0, +)
            XCTAssertLessThanOrEqual(recorded, PublicReportController.journeysPerAddress)
        }
    }

    /// Course completions feed the Friends count: a made-up completion code adds nothing.
    func testMadeUpCourseCodesAddNoCompletions() async throws {
        try await withApp { app in
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let course = try XCTUnwrap(app.courses.course("staying-safe-online"))
            let resident = Browser(app)
            let path = "/p/alpha/learn/\(course.id)/quiz"
            let quiz = try await resident.get(path)
            let issued = try XCTUnwrap(Browser.hiddenFields(quiz.body).first { $0.0 == "attempt" }?.1)
            let right = course.quiz.questions.enumerated().map { ("q\($0.offset)", "\($0.element.correct)") }
            for index in 0..<5 {
                let forged = try await resident.post(
                    path, pairs: [("attempt", "madeupcode\(String(repeating: "x", count: 10))\(index)")] + right)
                XCTAssertEqual(forged.status, .badRequest)
                XCTAssertTrue(forged.body.contains("expired"))
            }
            let forgedCount = try await CourseCompletion.query(on: app.db).count()
            XCTAssertEqual(forgedCount, 0)
            for _ in 0..<3 {
                let sent = try await resident.post(path, pairs: [("attempt", issued)] + right)
                XCTAssertEqual(sent.status, .seeOther)
            }
            let counted = try await CourseCompletion.query(on: app.db).count()
            XCTAssertEqual(counted, 1, "one issued code, one completion")
        }
    }

    /// Resilience checks and survey answers feed the partnership's figures: one address gets a limit a day, and the
    /// answers stay on the page when it is reached.
    func testChecksAndSurveyAnswersFromOneAddressAreLimited() async throws {
        try await withApp { app in
            let partnershipID = try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
                .requireID()
            let set = try XCTUnwrap(app.checks.latest("small-organisation"))
            let browser = Browser(app)
            func take() async throws -> Browser.Page {
                var page = try await browser.get("/p/alpha/check/\(set.id)")
                for area in set.areas {
                    page = try await browser.post(
                        "/p/alpha/check/\(set.id)",
                        pairs: Browser.hiddenFields(page.body) + area.questions.map { ("a-\($0.id)", "yes") }
                            + [("go", "next")])
                }
                return page
            }
            for _ in 0..<ChecksController.checksPerAddress {
                let recorded = try await take()
                XCTAssertEqual(recorded.status, .seeOther)
            }
            let refused = try await take()
            XCTAssertEqual(refused.status, .tooManyRequests)
            XCTAssertTrue(refused.body.contains("Too many checks"))
            XCTAssertTrue(Browser.hiddenFields(refused.body).contains { $0.0.hasPrefix("a-") }, "the answers stay")
            let stored = try await ResilienceCheck.query(on: app.db).count()
            XCTAssertEqual(stored, ChecksController.checksPerAddress)

            // Survey answers: the address has used up its day's answers to this survey.
            let survey = try await Surveys.create(
                partnershipID: partnershipID, title: "", templateKey: "reporting-intent", design: nil,
                by: .system("test"), on: app.db)
            try await Surveys.update(
                survey,
                settings: .init(
                    title: survey.title, intro: survey.intro, status: .open, closesAt: nil, quota: nil, events: []),
                by: .system("test"), on: app.db)
            let address = ClientAddress.resolve(
                forwardedFor: [], peer: nil, trustProxy: app.config.trustProxy,
                trustedProxies: app.config.trustedProxies)
            for _ in 0..<PublicSurveysController.answersPerAddress {
                _ = try await PublicLimits.take(
                    [PublicSurveysController.limit(survey: survey.requireID(), address: address)], on: app.db)
            }
            let path = "/p/alpha/surveys/\(try survey.requireID().uuidString)/once"
            try await browser.get(path)
            let sent = try await browser.post(path, pairs: [("step", "check"), ("action", "send"), ("a-x", "yes")])
            XCTAssertEqual(sent.status, .tooManyRequests)
            XCTAssertTrue(sent.body.contains("Too many answers"))
            let answers = try await SurveyResponse.query(on: app.db).count()
            XCTAssertEqual(answers, 0)
        }
    }

    /// The details form after a check's result writes (and can queue an acknowledgement) on each save: a check's details
    /// are saved at most `detailSavesPerCheck` times a day; past it the page keeps what was typed and says why.
    func testSavingACheckSDetailsIsLimited() async throws {
        try await withApp { app in
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let set = try XCTUnwrap(app.checks.latest("small-organisation"))
            let browser = Browser(app)
            var page = try await browser.get("/p/alpha/check/\(set.id)")
            for area in set.areas {
                page = try await browser.post(
                    "/p/alpha/check/\(set.id)",
                    pairs: Browser.hiddenFields(page.body) + area.questions.map { ("a-\($0.id)", "yes") }
                        + [("go", "next")])
            }
            let result = try XCTUnwrap(page.location)
            let form = [
                "consent": "yes", "followUp": "yes", "name": "Sam", "email": "sam@example.org", "sector": "",
                "size": "", "area": "",
                "organisation": "Limit Test Club",
            ]
            for _ in 0..<ChecksController.detailSavesPerCheck {
                try await browser.get(result)
                let saved = try await browser.post(result, form)
                XCTAssertEqual(saved.status, .seeOther, String(saved.body.prefix(300)))
            }
            try await browser.get(result)
            let refused = try await browser.post(result, form.merging(["organisation": "Typed Again"]) { $1 })
            XCTAssertEqual(refused.status, .tooManyRequests)
            XCTAssertTrue(refused.body.contains("changed too many times today"))
            XCTAssertTrue(refused.body.contains("Typed Again"), "what was typed stays on the page")
            let check = try await ResilienceCheck.query(on: app.db).first()
            XCTAssertEqual(check?.organisationName, "Limit Test Club", "the refused save changed nothing")
            // Review finding: removing the details (an erasure) is never limited.
            try await browser.get(result)
            let removed = try await browser.post(result, ["go": "remove"])
            XCTAssertEqual(removed.status, .seeOther)
            let cleared = try await ResilienceCheck.query(on: app.db).first()
            XCTAssertNil(cleared?.organisationName)
            XCTAssertNil(cleared?.contactEmail)
        }
    }

    /// Review of case 6: ".token" passed as a new token; refused forms used up the event's hourly limit; one
    /// IPv6 /64 counted as thousands of addresses.
    func testTokenVariantsRefusedFormsAndIPv6() async throws {
        try await withApp { app in
            app.config.trustProxy = true
            let partnership = try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let start = Date().addingTimeInterval(10 * 86400)
            let event = try await Events.create(
                Events.Draft(
                    title: "Scam talk", kind: .talk, venue: "Library", area: "Durham", startsAt: start,
                    endsAt: start.addingTimeInterval(3600), capacity: 50, status: .published),
                partnershipID: partnership.requireID(), by: .system("test"), on: app.db)
            let eventID = try event.requireID()
            let path = "/p/alpha/events/\(eventID.uuidString)"
            let browser = Browser(app)
            browser.extraHeaders.add(name: "X-Forwarded-For", value: "198.51.100.7")
            try await browser.get(path)
            let token = FormTiming.issue(for: eventID.uuidString, now: Date().addingTimeInterval(-60))
            let form = ["name": "Ann", "email": "ann@example.org", "consent": "yes"]
            let first = try await browser.post(path, form.merging(["formToken": token]) { $1 })
            XCTAssertEqual(first.status, .seeOther)
            for variant in ["." + token, token.replacingOccurrences(of: ".", with: ".."), token + "."] {
                let again = try await browser.post(path, form.merging(["formToken": variant]) { $1 })
                XCTAssertNotEqual(again.status, .seeOther, variant)
            }
            let bookings = try await Booking.query(on: app.db).count()
            XCTAssertEqual(bookings, 1)

            // Refused forms (no consent) from other addresses do not count against the event.
            let before = try await PublicFormUse.query(on: app.db).count()
            for index in 0..<5 {
                let other = Browser(app)
                other.extraHeaders.add(name: "X-Forwarded-For", value: "203.0.113.\(index + 1)")
                try await other.get(path)
                let refused = try await other.post(
                    path,
                    [
                        "formToken": FormTiming.issue(for: eventID.uuidString, now: Date().addingTimeInterval(-60)),
                        "name": "Bot", "email": "not-an-email",
                    ])
                XCTAssertEqual(refused.status, .unprocessableEntity)
            }
            let after = try await PublicFormUse.query(on: app.db).count()
            XCTAssertEqual(after - before, 5 * 2, "each refused form counts its address and its token, not the event")

            // One IPv6 /64 is one address for the journey limit.
            for index in 0..<30 {
                let phone = Browser(app)
                phone.extraHeaders.add(name: "X-Forwarded-For", value: "2001:db8:5afe:1::\(index + 1)")
                try await phone.get("/p/alpha/report")
                try await phone.post(
                    "/p/alpha/report",
                    pairs: [
                        ("danger", "no"), ("happened", "extremism"),
                        ("journey", "ipv6journey\(String(repeating: "y", count: 8))\(index)"), ("asked", "happened"),
                    ])
            }
            let recorded = try await ReportJourneys.counts(
                partnershipID: partnership.requireID(), fromQuarter: Quarter.of(date: Date()),
                toQuarter: Quarter.of(date: Date()), on: app.db
            ).values.flatMap(\.values).reduce(0, +)
            XCTAssertEqual(recorded, PublicReportController.journeysPerAddress)
        }
    }
}
