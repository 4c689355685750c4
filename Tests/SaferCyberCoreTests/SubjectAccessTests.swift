import FluentKit
import Foundation
import SaferCyberCore
import TestSupport
import XCTest

/// Subject access and erasure (issue 21): one person, with two bookings, an ambassador report, contact details left
/// after a resilience check and the emails sent to them, is found by email (and the check by phone), exported with
/// nothing of anyone else, and erased — and every count is the same afterwards.
final class SubjectAccessTests: XCTestCase {
    private func event(_ title: String, startsAt: Date, partnershipID: UUID, on db: any Database) async throws -> UUID {
        let event = try await Events.create(
            Events.Draft(
                title: title, kind: .talk, venue: "Town hall", area: "Darlington", startsAt: startsAt,
                endsAt: startsAt.addingTimeInterval(7200), capacity: 30,
                questions: [.init(id: "access", label: "Access needs", kind: .text, options: [], required: false)],
                status: .published),
            partnershipID: partnershipID, by: .system("test"), on: db)
        return try event.requireID()
    }

    private static func quarter(_ date: Date) -> Int {
        let parts = UKTime.calendar.dateComponents([.year, .month], from: date)
        return parts.year! * 10 + (parts.month! - 1) / 3 + 1
    }

    func testAPersonIsFoundExportedAndErasedWithEveryCountKept() async throws {
        try await withTestDatabase { db, hasher in
            // setup: Sam came to two past talks (telling the organiser of an access need), reported as an ambassador,
            // and left contact details after a check; Alex came to one talk and took a check too.
            let pid = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            let now = Date()
            let day: TimeInterval = 86_400
            let before = now.addingTimeInterval(-60 * day)
            let talk = try await event(
                "Scams and you", startsAt: now.addingTimeInterval(-30 * day), partnershipID: pid, on: db)
            let workshop = try await event(
                "Safer shopping", startsAt: now.addingTimeInterval(-20 * day), partnershipID: pid, on: db)
            let sam1 = try await Bookings.signUp(
                eventID: talk, partnershipID: pid,
                form: .init(
                    name: "Sam Person", email: "Sam@Example.org", answers: ["access": "Hearing loop please"],
                    consent: true), links: OutboxTests.links, now: before, on: db)
            let sam2 = try await Bookings.signUp(
                eventID: workshop, partnershipID: pid,
                form: .init(name: "Sam Person", email: "sam@example.org", consent: true), links: OutboxTests.links,
                now: before, on: db)
            let alex = try await Bookings.signUp(
                eventID: talk, partnershipID: pid,
                form: .init(
                    name: "Alex Other", email: "alex@example.org", answers: ["access": "Step-free"], consent: true),
                links: OutboxTests.links, now: before, on: db)
            for (eventID, made) in [(talk, sam1), (workshop, sam2), (talk, alex)] {
                try await Attendance.checkIn(
                    eventID: eventID, partnershipID: pid, bookingID: made.bookingID, by: .system("t"), on: db)
            }
            try await Ambassadors.pledge(token: sam1.token, people: 4, on: db)
            try await Ambassadors.report(token: sam1.token, told: .init(family: 2, friends: 2), on: db)
            for id in [talk, workshop] {
                let event = try await Event.find(id, on: db)!
                event.status = .completed
                try await db.write { tx in try await event.save(on: tx) }
            }
            let set = ResilienceCheckTests.small
            for (name, email, phone) in [
                ("Sam Person", "SAM@example.org", "07700 900123"), ("Alex Other", "alex@example.org", "07700 900999"),
            ] {
                let check = try await ResilienceChecks.record(
                    set, answers: Dictionary(uniqueKeysWithValues: set.questions.map { ($0.id, .yes) }),
                    partnershipID: pid, on: db)
                var details = ResilienceChecks.Details()
                details.consent = true
                details.followUp = true
                details.sector = "retail"
                details.name = name
                details.email = email
                details.phone = phone
                details.organisation = name + "’s shop"
                try await ResilienceChecks.describe(check, details, areas: [], on: db)
            }
            // Sam answered a survey with the participant code of the first booking's link (as the emailed link gives
            // it); Alex answered with Alex's own.
            let survey = try await Surveys.create(
                partnershipID: pid, title: "", templateKey: "scam-awareness-older-people", design: nil,
                by: .system("t"),
                on: db)
            try await Surveys.update(
                survey,
                settings: .init(
                    title: survey.title, intro: survey.intro, status: .open, closesAt: nil, quota: nil, events: []),
                by: .system("t"), on: db)
            let answers: [String: [String]] = [
                "spot-scam": ["2"], "hang-up": ["yes"], "call-blocker": ["no"], "talk-to-someone": ["yes"],
                "know-where-report": ["no"], "would-report": ["3"],
            ]
            for token in [sam1.token, alex.token] {
                try await Surveys.submit(
                    survey, stage: .after, code: ParticipantCode.forBooking(token: token), answers: answers, on: db)
            }
            let figures = {
                try await EngagementFigures.build(
                    partnershipID: pid, fromQuarter: Self.quarter(before), toQuarter: Self.quarter(now), on: db)
            }
            let engagementBefore = try await figures()
            let checksBefore = try await ResilienceChecks.aggregates(partnershipID: pid, set: set, on: db)
            XCTAssertEqual(engagementBefore.total.people, 2, "Sam (twice) and Alex: two different people")
            let actor = ActingUser(id: UUID(), email: "coordinator@alpha.test")

            // act 1: find by email, in any case
            let found = try await SubjectAccess.find(
                try SubjectAccess.Query.parse("  sam@EXAMPLE.org "), partnershipID: pid, by: actor, on: db)
            let kinds = Dictionary(grouping: found, by: \.ref.kind).mapValues(\.count)
            XCTAssertEqual(kinds[.booking], 2)
            XCTAssertEqual(kinds[.ambassadorReport], 1)
            XCTAssertEqual(kinds[.checkContact], 1)
            XCTAssertEqual(kinds[.surveyAnswers], 1, "Sam's answers, found through the code in Sam's emails")
            let samEmails = try await OutboxMessage.query(on: db).filter(\.$recipient == "sam@example.org").count()
            XCTAssertGreaterThan(samEmails, 0, "sign-ups were emailed")
            XCTAssertEqual(kinds[.email], samEmails)
            let shown = found.flatMap(\.fields).map(\.value).joined(separator: "\n")
            XCTAssertTrue(shown.contains("Hearing loop please"), "answers to the event's questions are included")
            XCTAssertFalse(shown.contains("Alex") || shown.contains("alex@") || shown.contains("Step-free"))

            // …and by phone, written another way
            let byPhone = try await SubjectAccess.find(
                try SubjectAccess.Query.parse("+44 (0)7700-900123".replacingOccurrences(of: "(0)", with: "")),
                partnershipID: pid, by: actor, on: db)
            XCTAssertEqual(byPhone.map(\.ref.kind), [.checkContact])
            XCTAssertThrowsError(try SubjectAccess.Query.parse("12345"))

            // act 2: export — JSON with everything of Sam's and nothing of Alex's
            let exported = try await SubjectAccess.export(found.map(\.ref), partnershipID: pid, by: actor, on: db)
            let json = SubjectAccess.json(exported, partnership: "Alpha")
            let parsed = try XCTUnwrap(
                try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            XCTAssertEqual((parsed["records"] as? [Any])?.count, found.count)
            XCTAssertTrue(json.contains("Sam Person") && json.contains("Hearing loop please"))
            XCTAssertFalse(json.contains("Alex") || json.contains("alex@"))
            XCTAssertFalse(json.contains("/bookings/"), "no private link that acts for the person is exported")

            // act 3: erase
            let erased = try await SubjectAccess.erase(found.map(\.ref), partnershipID: pid, by: actor, on: db)
            XCTAssertEqual(erased, found.filter(\.holdsPersonalData).count)

            // check: nothing of Sam's is left; Alex's records are untouched
            let again = try await SubjectAccess.find(.email("sam@example.org"), partnershipID: pid, by: actor, on: db)
            XCTAssertTrue(again.isEmpty, "\(again.map(\.title))")
            let bookings = try await Booking.query(on: db).all()
            XCTAssertFalse(bookings.contains { $0.name.contains("Sam") || $0.email.contains("sam") })
            XCTAssertTrue(bookings.contains { $0.name == "Alex Other" && $0.answersJSON.contains("Step-free") })
            let checks = try await ResilienceCheck.query(on: db).all()
            XCTAssertFalse(
                checks.contains { ($0.contactName ?? "").contains("Sam") || $0.contactPhone == "07700 900123" })
            XCTAssertTrue(checks.contains { $0.contactEmail == "alex@example.org" })
            let mail = try await OutboxMessage.query(on: db).all()
            XCTAssertFalse(mail.contains { $0.recipient.contains("sam") || $0.bodyText.contains("Sam Person") })
            XCTAssertTrue(mail.contains { $0.recipient == "alex@example.org" })

            // Both sets of answers are kept (the survey's figures do not change), but nothing ties Sam's to Sam now.
            let responses = try await SurveyResponse.query(on: db).count()
            XCTAssertEqual(responses, 2)
            let mailSecrets = try await OutboxMessage.query(on: db).all().compactMap(\.secret)
            XCTAssertFalse(
                mailSecrets.contains {
                    ParticipantCode.forBooking(token: $0) == ParticipantCode.forBooking(token: sam1.token)
                })

            // …and every count is the same
            let engagementAfter = try await figures()
            XCTAssertEqual(engagementAfter.total.people, engagementBefore.total.people)
            XCTAssertEqual(engagementAfter.total.engaged, engagementBefore.total.engaged)
            XCTAssertEqual(engagementAfter.total.booked, engagementBefore.total.booked)
            XCTAssertEqual(engagementAfter.ambassadors, engagementBefore.ambassadors)
            XCTAssertEqual(engagementAfter.quarters.map(\.line.people), engagementBefore.quarters.map(\.line.people))
            let checksAfter = try await ResilienceChecks.aggregates(partnershipID: pid, set: set, on: db)
            XCTAssertEqual(checksAfter, checksBefore)

            // The audit log has each step, and not what was searched for.
            let log = try await AuditEntry.query(on: db).filter(\.$entity == "subject-access").all()
            XCTAssertEqual(Set(log.map(\.action)), ["view", "export", "delete"])
            XCTAssertFalse(log.contains { $0.summary.lowercased().contains("sam") || $0.summary.contains("7700") })
        }
    }

    /// Another partnership's records are neither found nor exported nor erased, whatever ids are posted.
    func testRecordsOfAnotherPartnershipAreOutOfReach() async throws {
        try await withTestDatabase { db, hasher in
            let alpha = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            let beta = try await Fixture.partnership("beta", on: db, hasher: hasher).requireID()
            let start = Date().addingTimeInterval(-10 * 86_400)
            let betaEvent = try await event("Beta talk", startsAt: start, partnershipID: beta, on: db)
            let made = try await Bookings.signUp(
                eventID: betaEvent, partnershipID: beta,
                form: .init(name: "Sam", email: "sam@example.org", consent: true),
                now: start.addingTimeInterval(-86_400), on: db)
            let actor = ActingUser(id: UUID(), email: "coordinator@alpha.test")
            let found = try await SubjectAccess.find(.email("sam@example.org"), partnershipID: alpha, by: actor, on: db)
            XCTAssertTrue(found.isEmpty)
            let ref = SubjectAccess.Ref(kind: .booking, id: made.bookingID)
            let records = try await SubjectAccess.records([ref], partnershipID: alpha, on: db)
            XCTAssertTrue(records.isEmpty)
            let erased = try await SubjectAccess.erase([ref], partnershipID: alpha, by: actor, on: db)
            XCTAssertEqual(erased, 0)
            let booking = try await Booking.find(made.bookingID, on: db)
            XCTAssertEqual(booking?.name, "Sam")
        }
    }
}

/// Retention for every kind of personal data (issue 21): the schedule shown on Settings and in the privacy notice
/// says the periods the housekeeping job applies, and staff browsers are forgotten by that job too.
final class RetentionScheduleTests: XCTestCase {
    func testTheScheduleStatesTheConfiguredPeriods() {
        let items = RetentionSchedule.items(bookingMonths: 7, checkContactMonths: 13, safeguardingMonths: 1)
        let text = items.map { "\($0.what) | \($0.keptFor)" }.joined(separator: "\n")
        XCTAssertTrue(text.contains("answers to an event’s own questions"), "event answers are listed")
        XCTAssertTrue(text.contains("Emails sent"), "the outbox is listed")
        XCTAssertEqual(items.filter { $0.keptFor == "7 months after the event" }.count, 1)
        XCTAssertEqual(items.filter { $0.keptFor == "7 months after they were sent" }.count, 1)
        XCTAssertEqual(items.filter { $0.keptFor == "13 months after the check" }.count, 1)
        XCTAssertEqual(items.filter { $0.keptFor == "1 month after the referral is closed" }.count, 1)
        XCTAssertTrue(
            text.contains("\(Int(KnownDevices.memory / 86_400)) days"), "staff browsers: the period KnownDevices uses")
        XCTAssertTrue(text.contains("\(Int(PublicLimits.memory / 3600)) hours"), "form limits: PublicLimits' period")
    }

    func testHousekeepingForgetsStaffBrowsersAfterTheirPeriod() async throws {
        try await withTestDatabase { db, hasher in
            let user = try await Fixture.admin(on: db, hasher: hasher)
            let now = Date()
            for (browser, lastSeen) in [("old", now.addingTimeInterval(-KnownDevices.memory - 60)), ("recent", now)] {
                let device = KnownDevice()
                device.id = UUID()
                device.$user.id = try user.requireID()
                device.tokenHash = Secrets.hash(Secrets.token())
                device.createdAt = lastSeen
                device.lastSeenAt = lastSeen
                device.browser = browser
                try await db.write { tx in try await device.create(on: tx) }
            }
            let removed = try await KnownDevices.purge(now: now, on: db)
            XCTAssertEqual(removed, 1)
            let left = try await KnownDevice.query(on: db).all().map(\.browser)
            XCTAssertEqual(left, ["recent"])
        }
    }
}
