import Foundation
import SaferCyberCore
import XCTest

/// Review of issue 19 (stop 38, "left"): the public events pages printed "N places left" when 5 or fewer were left.
/// At a small event whose size is plain (a one-to-one clinic, a workshop for 6) that is its bookings, and it moved with
/// each one. They now say only whether there is room, and whether places are few.
final class EventAvailabilityTests: XCTestCase {
    private func event(capacity: Int, booked: Int) -> Event {
        let event = Event()
        event.capacity = capacity
        event.confirmedPlaces = booked
        return event
    }

    func testThePublicNeverReadsHowManyPlacesAreLeft() {
        // Every size up to 40 and every number booked: the text never holds a digit, so never a count.
        for capacity in 1...40 {
            for booked in 0...capacity {
                let text = event(capacity: capacity, booked: booked).publicAvailability(threshold: 5)
                XCTAssertNil(text.rangeOfCharacter(from: .decimalDigits), "\(capacity), \(booked): \(text)")
            }
        }
        XCTAssertEqual(event(capacity: 6, booked: 2).publicAvailability(threshold: 5), "Only a few places left")
        XCTAssertEqual(event(capacity: 6, booked: 1).publicAvailability(threshold: 5), "Places available")
        XCTAssertEqual(event(capacity: 6, booked: 6).publicAvailability(threshold: 5), "Full: join the waiting list")
        // Nobody booked yet at a small event: "a few left" would be untrue.
        XCTAssertEqual(event(capacity: 3, booked: 0).publicAvailability(threshold: 5), "Places available")
        XCTAssertEqual(event(capacity: 1, booked: 0).publicAvailability(threshold: 5), "Places available")
        // The partnership's own threshold decides what "few" is.
        XCTAssertEqual(event(capacity: 30, booked: 22).publicAvailability(threshold: 10), "Only a few places left")
        XCTAssertEqual(event(capacity: 30, booked: 22).publicAvailability(threshold: 5), "Places available")
    }

    func testFewPlacesLeftStandsForSeveralPossibleBookings() {
        // What a visitor who knows the capacity learns from "Only a few places left": the bookings lie in a range.
        // Independently of the rule's code: the bookings consistent with each text, for each capacity.
        for capacity in 10...40 {
            var consistent: [String: [Int]] = [:]
            for booked in 0...capacity {
                consistent[event(capacity: capacity, booked: booked).publicAvailability(threshold: 5), default: []]
                    .append(booked)
            }
            let few = consistent["Only a few places left"] ?? []
            XCTAssertEqual(few.count, 4, "\(capacity): \(few)")  // 1 to 4 places left: four possible bookings
            XCTAssertEqual(consistent["Full: join the waiting list"], [capacity])
        }
    }
}
