import FluentKit
import Foundation
import SaferCyberCore
import TestSupport
import XCTest

final class BookingTests: XCTestCase {
    private func event(capacity: Int, partnershipID: UUID, on db: any Database) async throws -> Event {
        let start = Date().addingTimeInterval(7 * 24 * 3600)
        return try await Events.create(
            Events.Draft(title: "Scam awareness talk", kind: .talk, venue: "Town hall", area: "Darlington",
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
                            form: .init(name: "Person \(index)", email: "p\(index)@example.org", consent: true), on: db).status
                    }
                }
                var statuses: [Booking.Status] = []
                for try await status in group { statuses.append(status) }
                return statuses
            }

            // check: exactly 200 confirmed and 800 waiting, in the answers, the rows and the event's counters
            XCTAssertEqual(results.filter { $0 == .confirmed }.count, 200)
            XCTAssertEqual(results.filter { $0 == .waiting }.count, 800)
            let confirmed = try await Booking.query(on: db).filter(\.$event.$id == eventID).filter(\.$status == "confirmed").count()
            let waiting = try await Booking.query(on: db).filter(\.$event.$id == eventID).filter(\.$status == "waiting").count()
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
                made.append(try await Bookings.signUp(
                    eventID: eventID, partnershipID: partnershipID,
                    form: .init(name: "Booker \(index)", email: "b\(index)@example.org", places: places, isGroup: places > 1,
                                organisation: places > 1 ? "St Mary's" : "", consent: true),
                    now: base.addingTimeInterval(Double(index)), on: db))
            }
            // 1 + 2 fill the 3 places; the class of 3 and the single person wait.
            XCTAssertEqual(made.map(\.status), [.confirmed, .confirmed, .waiting, .waiting])

            // The pair cancels: 2 places free, the class of 3 does not fit yet, the single person behind it does.
            let promoted = try await Bookings.cancel(token: made[1].token, on: db)
            XCTAssertEqual(promoted, 1)
            let single = try await Bookings.find(token: made[3].token, on: db)
            XCTAssertEqual(single?.bookingStatus, .confirmed)
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
                Events.Draft(title: "Workshop", kind: .workshop, venue: "College", startsAt: start, endsAt: start.addingTimeInterval(3600),
                             capacity: 10, questions: [SignUpQuestion(id: "access", label: "Do you need a hearing loop?", kind: .yesNo, required: true)],
                             status: .published),
                partnershipID: partnershipID, by: .system("test"), on: db)
            do {
                _ = try await Bookings.signUp(eventID: event.requireID(), partnershipID: partnershipID,
                                              form: .init(name: "", email: "nope", consent: false), on: db)
                XCTFail("must be refused")
            } catch let errors as FieldErrors {
                XCTAssertEqual(errors.problems.map(\.field), ["name", "email", "q-access", "consent"])
            }
            let made = try await Bookings.signUp(eventID: event.requireID(), partnershipID: partnershipID,
                                                 form: .init(name: "Ann", email: "ann@example.org", answers: ["access": "yes", "extra": "dropped"], consent: true), on: db)
            let booking = try await Bookings.find(token: made.token, on: db)
            XCTAssertEqual(booking?.answersJSON, #"{"access":"yes"}"#)
            XCTAssertEqual(made.shortCode.count, 6)
        }
    }
}
