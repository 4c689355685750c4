import FluentKit
import Foundation
import SaferCyberCore
import TestSupport
import XCTest

final class BookingTests: XCTestCase {
    private func event(capacity: Int, partnershipID: UUID, on db: any Database) async throws -> Event {
        let start = Date().addingTimeInterval(7 * 24 * 3600)
        return try await Events.create(
            Events.Draft(
                title: "Scam awareness talk", kind: .talk, venue: "Town hall", area: "Darlington",
                startsAt: start, endsAt: start.addingTimeInterval(7200), capacity: capacity, status: .published),
            partnershipID: partnershipID, by: .system("test"), on: db)
    }

    func testThousandConcurrentSignUpsNeverOverbook() async throws {
        try await withTestDatabase { db, hasher in
            // setup: a 200-place event
            let partnershipID = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            let eventID = try await event(capacity: 200, partnershipID: partnershipID, on: db).requireID()

            // act: 1,000 sign-ups at once
            let results = try await withThrowingTaskGroup(of: Booking.Status.self) { group in
                for index in 0..<1000 {
                    group.addTask {
                        try await Bookings.signUp(
                            eventID: eventID, partnershipID: partnershipID,
                            form: .init(name: "Person \(index)", email: "p\(index)@example.org", consent: true), on: db
                        ).status
                    }
                }
                var statuses: [Booking.Status] = []
                for try await status in group { statuses.append(status) }
                return statuses
            }

            // check: exactly 200 confirmed and 800 waiting, in the answers, the rows and the event's counters
            XCTAssertEqual(results.filter { $0 == .confirmed }.count, 200)
            XCTAssertEqual(results.filter { $0 == .waiting }.count, 800)
            let confirmed = try await Booking.query(on: db).filter(\.$event.$id == eventID).filter(
                \.$status == Booking.Status.confirmed
            ).count()
            let waiting = try await Booking.query(on: db).filter(\.$event.$id == eventID).filter(
                \.$status == Booking.Status.waiting
            )
            .count()
            XCTAssertEqual([confirmed, waiting], [200, 800])
            let stored = try await Event.find(eventID, on: db)
            XCTAssertEqual([stored?.confirmedPlaces, stored?.waitingPlaces], [200, 800])
        }
    }

    func testCancellingPromotesFromTheWaitingListInOrder() async throws {
        try await withTestDatabase { db, hasher in
            let partnershipID = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            let eventID = try await event(capacity: 3, partnershipID: partnershipID, on: db).requireID()
            var made: [Bookings.Made] = []
            let base = Date()
            for (index, places) in [1, 2, 3, 1].enumerated() {
                made.append(
                    try await Bookings.signUp(
                        eventID: eventID, partnershipID: partnershipID,
                        form: .init(
                            name: "Booker \(index)", email: "b\(index)@example.org", places: places,
                            isGroup: places > 1,
                            organisation: places > 1 ? "St Mary's" : "", consent: true),
                        now: base.addingTimeInterval(Double(index)), on: db))
            }
            // 1 + 2 fill the 3 places; the class of 3 and the single person wait.
            XCTAssertEqual(made.map(\.status), [.confirmed, .confirmed, .waiting, .waiting])

            // The pair cancels: 2 places free, the class of 3 does not fit yet, the single person behind it does.
            let promoted = try await Bookings.cancel(token: made[1].token, on: db)
            XCTAssertEqual(promoted, 1)
            let single = try await Bookings.find(token: made[3].token, on: db)
            XCTAssertEqual(single?.status, .confirmed)
            XCTAssertNotNil(single?.promotedAt)
            // Cancelling twice changes nothing.
            let again = try await Bookings.cancel(token: made[1].token, on: db)
            XCTAssertEqual(again, 0)
            let stored = try await Event.find(eventID, on: db)
            XCTAssertEqual([stored?.confirmedPlaces, stored?.waitingPlaces], [2, 3])
        }
    }

    func testSignUpAsksOnlyTheOrganisersQuestionsAndNeedsConsent() async throws {
        try await withTestDatabase { db, hasher in
            let partnershipID = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            let start = Date().addingTimeInterval(86400)
            let event = try await Events.create(
                Events.Draft(
                    title: "Workshop", kind: .workshop, venue: "College", startsAt: start,
                    endsAt: start.addingTimeInterval(3600),
                    capacity: 10,
                    questions: [
                        SignUpQuestion(id: "access", label: "Do you need a hearing loop?", kind: .yesNo, required: true)
                    ],
                    status: .published),
                partnershipID: partnershipID, by: .system("test"), on: db)
            do {
                _ = try await Bookings.signUp(
                    eventID: event.requireID(), partnershipID: partnershipID,
                    form: .init(name: "", email: "nope", consent: false), on: db)
                XCTFail("must be refused")
            } catch let errors as FieldErrors {
                XCTAssertEqual(errors.problems.map(\.field), ["name", "email", "q-access", "consent"])
            }
            let made = try await Bookings.signUp(
                eventID: event.requireID(), partnershipID: partnershipID,
                form: .init(
                    name: "Ann", email: "ann@example.org", answers: ["access": "yes", "extra": "dropped"], consent: true
                ), on: db)
            let booking = try await Bookings.find(token: made.token, on: db)
            XCTAssertEqual(booking?.answersJSON, #"{"access":"yes"}"#)
            XCTAssertEqual(made.shortCode.count, 6)
        }
    }
}

final class EngagementFiguresTests: XCTestCase {
    /// Issue 19, case 3: "N sessions reached M people" counted attendances. The figures now give attendances and
    /// different people: one person per email however many sessions they came to (whatever its case or spacing),
    /// every other place that came (a group's guests, walk-ins) one person each. Worked out by hand from who came.
    func testDifferentPeopleAreCountedOncePerEmail() async throws {
        try await withTestDatabase { db, hasher in
            let pid = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            let before = ISO8601DateFormatter().date(from: "2026-01-01T00:00:00Z")!
            var events: [UUID] = []
            for day in 10..<13 {
                let date = ISO8601DateFormatter().date(from: "2026-02-\(day)T14:00:00Z")!
                events.append(
                    try await Events.create(
                        .init(
                            title: "Scams \(day)", kind: .talk, venue: "Hall", area: "Durham", startsAt: date,
                            endsAt: date.addingTimeInterval(3600), capacity: 50, status: .published),
                        partnershipID: pid, by: .system("t"), on: db
                    ).requireID())
            }
            func book(_ event: Int, _ email: String, places: Int = 1, came: Int) async throws {
                let made = try await Bookings.signUp(
                    eventID: events[event], partnershipID: pid,
                    form: .init(
                        name: "Someone", email: email, places: places, isGroup: places > 1,
                        organisation: places > 1 ? "Club" : "", consent: true),
                    now: before, on: db)
                if came > 0 {
                    _ = try await Attendance.checkIn(
                        eventID: events[event], partnershipID: pid, bookingID: made.bookingID, places: came,
                        by: .system("t"), on: db)
                }
            }
            // Ann comes to all three sessions (her address typed three ways), Bob to two, Cat brings a group of 4
            // of whom 3 come (Cat and two guests), Dan books and does not come, Eve books two and comes to one.
            try await book(0, "ann@example.org", came: 1)
            try await book(1, "Ann@Example.org", came: 1)
            try await book(2, " ann@example.org ", came: 1)
            try await book(0, "bob@example.org", came: 1)
            try await book(2, "bob@example.org", came: 1)
            try await book(1, "cat@example.org", places: 4, came: 3)
            try await book(1, "dan@example.org", came: 0)
            try await book(0, "eve@example.org", came: 1)
            try await book(2, "eve@example.org", came: 0)
            // two people walk in to the first session
            try await Attendance.walkIn(
                eventID: events[0], partnershipID: pid, name: "", audienceID: nil, places: 2, by: .system("t"), on: db)
            for id in events {
                let event = try await Event.find(id, on: db)!
                event.status = .completed
                try await db.write { tx in try await event.save(on: tx) }
            }

            let figures = try await EngagementFigures.build(
                partnershipID: pid, fromQuarter: 20261, toQuarter: 20261, on: db)

            // Attendances: Ann 3 + Bob 2 + Cat's group 3 + Eve 1 + walk-ins 2.
            XCTAssertEqual(figures.total.engaged, 11)
            // People: Ann, Bob, Cat, Eve by email; Cat's two guests and the two walk-ins one each.
            XCTAssertEqual(figures.total.peopleByEmail, 4)
            XCTAssertEqual(figures.total.people, 8)
            // The quarter's line (all three sessions) counts the same people.
            let byQuarter = try XCTUnwrap(figures.quarters.first { $0.quarter == 20261 }?.line)
            XCTAssertEqual(byQuarter.people, 8)
        }
    }

    /// Issue 20 review finding: a public booking named its follow-on source by any id, so a script could add 60
    /// places at a time to another partnership's "sign-ups from follow-on links" (or name an event that does not
    /// exist). Only another event of the same partnership counts; other ids and audiences are dropped.
    func testFollowOnSourceAndAudienceMustBelongToThePartnership() async throws {
        try await withTestDatabase { db, hasher in
            let alpha = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            let beta = try await Fixture.partnership("beta", on: db, hasher: hasher).requireID()
            let before = ISO8601DateFormatter().date(from: "2026-01-01T00:00:00Z")!
            func make(_ partnership: UUID, _ start: String) async throws -> UUID {
                let date = ISO8601DateFormatter().date(from: start)!
                return try await Events.create(
                    .init(
                        title: "Talk", kind: .talk, venue: "Hall", area: "Durham", startsAt: date,
                        endsAt: date.addingTimeInterval(3600), capacity: 200, status: .published),
                    partnershipID: partnership, by: .system("t"), on: db
                ).requireID()
            }
            let betaTalk = try await make(beta, "2026-02-10T14:00:00Z")
            let alphaTalk = try await make(alpha, "2026-02-11T14:00:00Z")
            let alphaLater = try await make(alpha, "2026-05-01T18:00:00Z")
            let betaAudience = try await Audience.query(on: db).filter(\.$partnership.$id == beta).first()!.requireID()
            // From alpha's public form: a group of 60 naming beta's talk, one naming a made-up id, one naming
            // alpha's own talk, and one naming beta's audience.
            func book(_ source: UUID?, places: Int, audience: UUID? = nil) async throws -> Booking {
                let made = try await Bookings.signUp(
                    eventID: alphaLater, partnershipID: alpha,
                    form: .init(
                        name: "Group", email: "g\(places)@example.org", places: places, isGroup: places > 1,
                        organisation: places > 1 ? "Club" : "", audienceID: audience, sourceEventID: source,
                        consent: true), now: before, on: db)
                return try await Booking.find(made.bookingID, on: db)!
            }
            let stolen = try await book(betaTalk, places: 60)
            let madeUp = try await book(UUID(), places: 50)
            let genuine = try await book(alphaTalk, places: 3)
            let foreignAudience = try await book(nil, places: 1, audience: betaAudience)
            XCTAssertNil(stolen.sourceEventID, "another partnership's event is not a source")
            XCTAssertNil(madeUp.sourceEventID, "an id that names nothing is not a source")
            XCTAssertEqual(genuine.sourceEventID, alphaTalk)
            XCTAssertNil(foreignAudience.audienceID, "another partnership's audience is dropped")
            // The same for a walk-in recorded by staff.
            try await Attendance.walkIn(
                eventID: alphaLater, partnershipID: alpha, name: "", audienceID: betaAudience, places: 2,
                by: .system("t"), on: db)
            let walkIn = try await Booking.query(on: db).filter(\.$isWalkIn == true).first()
            XCTAssertNotNil(walkIn)
            XCTAssertNil(walkIn?.audienceID)

            for (id, partnership) in [(betaTalk, beta), (alphaTalk, alpha)] {
                let event = try await Event.find(id, on: db)!
                event.status = .completed
                try await db.write { tx in try await event.save(on: tx) }
                let figures = try await EngagementFigures.build(
                    partnershipID: partnership, fromQuarter: 20261, toQuarter: 20261, on: db)
                XCTAssertEqual(figures.followOnSignUps, partnership == alpha ? 3 : 0)
            }
        }
    }

    func testReachCountsPeopleWhoCameAndKeepsFollowOnSeparate() async throws {
        try await withTestDatabase { db, hasher in
            // setup: two completed sessions in Jan–Mar 2026 and one later session
            let pid = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            let older = try await Audience.query(on: db).filter(\.$name == "Older people").first()!.requireID()
            func make(_ title: String, _ start: String, friends: Bool) async throws -> UUID {
                let date = ISO8601DateFormatter().date(from: start)!
                return try await Events.create(
                    .init(
                        title: title, kind: .talk, venue: "Hall", area: "Durham", startsAt: date,
                        endsAt: date.addingTimeInterval(3600), capacity: 50, status: .published,
                        countsAsFriends: friends),
                    partnershipID: pid, by: .system("t"), on: db
                ).requireID()
            }
            let talk = try await make("Scams", "2026-02-10T14:00:00Z", friends: true)
            let workshop = try await make("Workshop", "2026-03-03T18:00:00Z", friends: false)
            let later = try await make("Later", "2026-05-01T18:00:00Z", friends: false)
            let before = ISO8601DateFormatter().date(from: "2026-01-01T00:00:00Z")!
            var talkBookings: [UUID] = []
            for i in 0..<4 {
                talkBookings.append(
                    try await Bookings.signUp(
                        eventID: talk, partnershipID: pid,
                        form: .init(name: "T\(i)", email: "t\(i)@example.org", audienceID: older, consent: true),
                        now: before, on: db
                    ).bookingID)
            }
            let group = try await Bookings.signUp(
                eventID: workshop, partnershipID: pid,
                form: .init(
                    name: "Teacher", email: "teacher@example.org", places: 10, isGroup: true, organisation: "School",
                    consent: true), now: before, on: db)
            // 3 of 4 came to the talk, 8 of the class of 10 came, and 2 walked in
            for id in talkBookings.prefix(3) {
                try await Attendance.checkIn(eventID: talk, partnershipID: pid, bookingID: id, by: .system("t"), on: db)
            }
            try await Attendance.checkIn(
                eventID: workshop, partnershipID: pid, bookingID: group.bookingID, places: 8, by: .system("t"), on: db)
            try await Attendance.walkIn(
                eventID: workshop, partnershipID: pid, name: "", audienceID: nil, places: 2, by: .system("t"), on: db)
            // two people book the later session through the talk's follow-on link
            for i in 0..<2 {
                _ = try await Bookings.signUp(
                    eventID: later, partnershipID: pid,
                    form: .init(name: "F\(i)", email: "f\(i)@example.org", sourceEventID: talk, consent: true),
                    now: before, on: db)
            }
            // one talk attendee becomes an ambassador and reports telling 3 family members and 2 friends
            let ambassador = try await Bookings.signUp(
                eventID: talk, partnershipID: pid,
                form: .init(name: "Amb", email: "amb@example.org", consent: true), now: before, on: db)
            try await Ambassadors.pledge(token: ambassador.token, people: 5, on: db)
            try await Ambassadors.report(token: ambassador.token, told: .init(family: 3, friends: 2), on: db)
            for id in [talk, workshop] {
                let event = try await Event.find(id, on: db)!
                event.status = .completed
                try await db.write { tx in try await event.save(on: tx) }
            }

            // act
            let figures = try await EngagementFigures.build(
                partnershipID: pid, fromQuarter: 20261, toQuarter: 20262, on: db)

            // check, against the counts above worked out by hand
            XCTAssertEqual(figures.total.sessions, 2)
            XCTAssertEqual(figures.total.engaged, 3 + 8 + 2)
            XCTAssertEqual(figures.total.booked, 4 + 10 + 1)
            XCTAssertEqual(figures.total.attendanceRate ?? 0, 11.0 / 15.0, accuracy: 1e-12)
            XCTAssertEqual(
                figures.ambassadors,
                Ambassadors.Reach(ambassadors: 1, reporting: 1, pledged: 5, told: .init(family: 3, friends: 2)))
            XCTAssertEqual(figures.ambassadors.told.total, 5, "onward reach is kept apart from the 13 people engaged")
            XCTAssertEqual(figures.quarters.map(\.line.engaged), [13, 0])
            XCTAssertEqual(figures.followOnSignUps, 2)
            XCTAssertEqual(figures.friends, 3)
            XCTAssertEqual(figures.byAudience.first { $0.label == "Older people" }?.engaged, 3)
        }
    }
}

final class RetentionTests: XCTestCase {
    func testOldBookingsLoseTheirDetailsButKeepTheirCounts() async throws {
        try await withTestDatabase { db, hasher in
            let pid = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            let now = ISO8601DateFormatter().date(from: "2026-11-23T12:00:00Z")!
            func event(_ monthsAgo: Int) async throws -> UUID {
                let start = Calendar(identifier: .gregorian).date(byAdding: .month, value: -monthsAgo, to: now)!
                return try await Events.create(
                    .init(
                        title: "E\(monthsAgo)", kind: .talk, venue: "Hall", startsAt: start,
                        endsAt: start.addingTimeInterval(3600),
                        capacity: 10, status: .published), partnershipID: pid, by: .system("t"), on: db
                ).requireID()
            }
            let old = try await event(13)
            let recent = try await event(2)
            for id in [old, recent] {
                let made = try await Bookings.signUp(
                    eventID: id, partnershipID: pid, form: .init(name: "Ann", email: "ann@example.org", consent: true),
                    now: now.addingTimeInterval(-500 * 86400), on: db)
                try await Attendance.checkIn(
                    eventID: id, partnershipID: pid, bookingID: made.bookingID, by: .system("t"), on: db)
            }

            // act: the default 12 months
            let first = try await Retention.apply(now: now, on: db)
            // check: only the old event's booking, and its counts stay
            XCTAssertEqual(first, 1)
            let oldBooking = try await Booking.query(on: db).filter(\.$event.$id == old).first()!
            XCTAssertEqual([oldBooking.name, oldBooking.email], ["", ""])
            XCTAssertEqual([oldBooking.places, oldBooking.attendedPlaces], [1, 1])
            let recentBooking = try await Booking.query(on: db).filter(\.$event.$id == recent).first()!
            XCTAssertEqual(recentBooking.email, "ann@example.org")

            // a one-month period catches the recent one too; running again changes nothing more
            try await Retention.setMonths(1, partnershipID: pid, by: .system("t"), on: db)
            let second = try await Retention.apply(now: now, on: db)
            let third = try await Retention.apply(now: now, on: db)
            XCTAssertEqual([second, third], [1, 0])
        }
    }
}

final class EventSeriesTests: XCTestCase {
    func testWeeklyCourseKeepsItsLocalTimeAcrossTheClockChange() async throws {
        try await withTestDatabase { db, hasher in
            let pid = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            // 6:30pm UK time on 17 March 2027; British Summer Time starts on 28 March.
            let start = ISO8601DateFormatter().date(from: "2027-03-17T18:30:00Z")!
            let events = try await Events.createWeekly(
                .init(
                    title: "Safer online course", kind: .training, venue: "College", startsAt: start,
                    endsAt: start.addingTimeInterval(5400),
                    capacity: 20, status: .published),
                repeats: 3, partnershipID: pid, by: .system("t"), on: db)
            XCTAssertEqual(events.map(\.title).last, "Safer online course (session 4 of 4)")
            XCTAssertEqual(Set(events.map(\.seriesID)).count, 1)
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "Europe/London")!
            XCTAssertEqual(
                events.map { calendar.component(.hour, from: $0.startsAt) }, [18, 18, 18, 18],
                "still 6:30pm after the clocks go forward")
            XCTAssertEqual(events[2].startsAt.timeIntervalSince(events[1].startsAt), 7 * 86400 - 3600)
        }
    }
}
