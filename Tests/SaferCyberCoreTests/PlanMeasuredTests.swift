import FluentKit
import Foundation
import SaferCyberCore
import TestSupport
import XCTest

/// An action's measured progress (issue 18: moved from the controller into Core, one query per kind of work; issue
/// 19: a single event's or survey's counts are finer than anything the engagement and survey pages publish to a
/// role without exact counts, so under the rule the items carry no counts of people).
final class PlanMeasuredTests: XCTestCase {
    func testLinkedWorkCarriesItsOwnFiguresForStaffAndNoCountsUnderTheRule() async throws {
        try await withTestDatabase { db, hasher in
            try await Fixture.demo(on: db, hasher: hasher, events: true)
            try await DemoSurveys.load(on: db)
            _ = try await DemoPlan.load(on: db)
            let pid = try await Fixture.demoID(on: db)
            let events = try await Event.query(on: db).filter(\.$partnership.$id == pid).all()
            let surveys = try await Survey.query(on: db).filter(\.$partnership.$id == pid).all()
            let first = try await PlanAction.query(on: db).filter(\.$partnership.$id == pid).first()
            let action = try XCTUnwrap(first)
            action.eventIDs = IDList.text(events.compactMap(\.id))
            action.surveyIDs = IDList.text(surveys.compactMap(\.id))
            try await action.save(on: db)
            // Another partnership's event, linked by hand, is not listed.
            let other = try await Fixture.partnership("other", on: db, hasher: hasher).requireID()
            let start = Date().addingTimeInterval(7 * 24 * 3600)
            let copy = try await Events.create(
                Events.Draft(
                    title: "Someone else's event", kind: .talk, venue: "Elsewhere", area: "Darlington", startsAt: start,
                    endsAt: start.addingTimeInterval(3600), capacity: 10, status: .published),
                partnershipID: other, by: .system("test"), on: db)
            action.eventIDs += "," + (try copy.requireID()).uuidString
            try await action.save(on: db)

            let staff = try await PlanMeasured.items(of: action, partnershipID: pid, policy: .exact, on: db)
            XCTAssertFalse(staff.contains { $0.title == "Someone else's event" })
            for event in events {
                // An independent recount: every booking of the event, read one by one.
                var attended = 0
                for booking in try await Booking.query(on: db).all() where booking.$event.id == event.id {
                    attended += booking.attendedPlaces
                }
                let item = try XCTUnwrap(staff.first { $0.link == .event(try event.requireID()) })
                XCTAssertEqual(
                    item.figure,
                    "\(EventTimes.day.string(from: event.startsAt)); \(event.confirmedPlaces) booked, \(attended) attended"
                )
            }
            for survey in surveys {
                let answered = try await Surveys.responses(survey.requireID(), on: db).count
                let item = try XCTUnwrap(staff.first { $0.link == .surveyResults(try survey.requireID()) })
                XCTAssertEqual(item.figure, "\(answered) responses")
            }
            XCTAssertEqual(staff.count, events.count + surveys.count)

            let viewer = try await PlanMeasured.items(of: action, partnershipID: pid, policy: .published, on: db)
            XCTAssertEqual(viewer.map(\.link), staff.map(\.link))
            for item in viewer {
                switch item.link {
                case .event(let id):
                    let event = try XCTUnwrap(events.first { $0.id == id })
                    XCTAssertEqual(item.figure, EventTimes.day.string(from: event.startsAt), "no counts of people")
                case .surveyResults: XCTAssertEqual(item.figure, "Results on the survey's page")
                default: XCTFail("\(item)")
                }
            }
        }
    }
}
