import Foundation
import XCTest

@testable import SaferCyberCore

/// Gap and duplicate detection on hand-made plans, including the edge cases the issue names: no dates,
/// open-ended actions, a plan with one partner, and the same partner twice.
final class PlanFlagsTests: XCTestCase {
    let police = UUID(), council = UUID(), college = UUID()
    let fraud = UUID(), hacking = UUID(), sextortion = UUID()
    let older = UUID(), young = UUID(), business = UUID()
    var names: PlanFlags.Names {
        PlanFlags.Names(
            themes: [fraud: "Fraud", hacking: "Hacking", sextortion: "Sextortion"],
            audiences: [older: "Older people", young: "Young people", business: "Businesses"],
            partners: [police: "Police", council: "Council", college: "College"])
    }
    func day(_ text: String) -> CalendarDay { CalendarDay(text)! }

    func action(
        _ number: Int, _ partner: UUID, _ themes: Set<UUID>, _ audiences: Set<UUID>, area: String = "",
        starts: String? = nil, due: String? = nil,
        status: PlanAction.Status = .inProgress
    ) -> PlanFlags.Action {
        PlanFlags.Action(
            number: number, title: "Action \(number)", leadPartner: partner, themes: themes, audiences: audiences,
            area: area,
            starts: starts.map(day), due: due.map(day), status: status)
    }

    func testDuplicateNeedsDifferentPartnersSameThemeAudienceAreaAndOverlappingDates() {
        // setup
        let a = action(1, police, [fraud], [older], area: "Northtown", starts: "2026-01-01", due: "2026-06-30")
        let b = action(
            2, council, [fraud, hacking], [older, young], area: " northtown ", starts: "2026-06-30", due: "2026-12-31")
        // act
        let flags = PlanFlags.duplicates(actions: [a, b], names: names)
        // check: they share one day, fraud and older people, and the area differs only in case and spaces
        XCTAssertEqual(flags.count, 1)
        XCTAssertEqual(Set(flags[0].actions), [a.id, b.id])
        XCTAssertTrue(flags[0].reason.contains("fraud for older people in Northtown"), flags[0].reason)
    }

    func testNotDuplicatesWhenAnyConditionFails() {
        let base = action(1, police, [fraud], [older], area: "Northtown", starts: "2026-01-01", due: "2026-03-31")
        let cases: [(String, PlanFlags.Action)] = [
            (
                "same partner twice",
                action(2, police, [fraud], [older], area: "Northtown", starts: "2026-01-01", due: "2026-03-31")
            ),
            ("other theme", action(2, council, [hacking], [older], area: "Northtown")),
            ("other audience", action(2, council, [fraud], [young], area: "Northtown")),
            ("other area", action(2, council, [fraud], [older], area: "Southport")),
            ("whole area is not the same as a town", action(2, council, [fraud], [older])),
            (
                "dates do not overlap",
                action(2, council, [fraud], [older], area: "Northtown", starts: "2026-04-01", due: "2026-06-30")
            ),
            ("complete", action(2, council, [fraud], [older], area: "Northtown", status: .complete)),
            ("cancelled", action(2, council, [fraud], [older], area: "Northtown", status: .cancelled)),
        ]
        for (why, other) in cases {
            XCTAssertEqual(PlanFlags.duplicates(actions: [base, other], names: names).count, 0, why)
        }
    }

    func testMissingDatesMeanRunningAndOpenEnded() {
        let noDates = action(1, police, [fraud], [older])
        let past = action(2, council, [fraud], [older], starts: "2020-01-01", due: "2020-02-01")
        let future = action(3, college, [fraud], [older], starts: "2040-01-01")
        // An action with neither date overlaps anything; one with only a start runs on for ever.
        XCTAssertTrue(PlanFlags.datesOverlap(noDates, past))
        XCTAssertTrue(PlanFlags.datesOverlap(noDates, future))
        XCTAssertFalse(PlanFlags.datesOverlap(past, future))
        let openEnded = action(4, police, [fraud], [older], starts: "2019-06-01")
        XCTAssertTrue(PlanFlags.datesOverlap(openEnded, future))
        XCTAssertTrue(PlanFlags.datesOverlap(openEnded, past))
        let endsBefore = action(5, police, [fraud], [older], due: "2019-12-31")
        XCTAssertFalse(PlanFlags.datesOverlap(endsBefore, past))
        // Three partners on the same thing are one group, not three pairs; the same-partner pair is not itself a reason.
        let groups = PlanFlags.duplicates(actions: [noDates, past, future, openEnded], names: names)
        XCTAssertEqual(groups.count, 1)
        XCTAssertEqual(Set(groups[0].actions), [noDates.id, past.id, future.id, openEnded.id])
        XCTAssertFalse(groups[0].reason.contains("Action 1 (Police) and action 4 (Police)"), groups[0].reason)
    }

    func testOnePartnerPlanHasNoDuplicates() {
        let plan = (1...5).map { action($0, police, [fraud], [older]) }
        XCTAssertTrue(PlanFlags.duplicates(actions: plan, names: names).isEmpty)
    }

    func testDuplicateKeyChangesWhenTheGroupChanges() {
        let a = action(1, police, [fraud], [older])
        let b = action(2, council, [fraud], [older])
        let c = action(3, college, [fraud], [older])
        let before = PlanFlags.duplicates(actions: [a, b], names: names)[0].key
        XCTAssertEqual(before, PlanFlags.duplicates(actions: [b, a], names: names)[0].key, "order does not matter")
        XCTAssertNotEqual(
            before, PlanFlags.duplicates(actions: [a, b, c], names: names)[0].key, "a new member needs a new review")
    }

    func testGapsAreUncoveredPriorities() {
        let priorities = [
            PlanFlags.Priority(theme: fraud, audience: older, why: "Ranked 1."),
            PlanFlags.Priority(theme: sextortion, audience: young, why: "Ranked 2."),
            PlanFlags.Priority(theme: hacking, audience: business, why: "Ranked 3."),
        ]
        let plan = [
            action(1, police, [fraud], [older, young]),
            action(2, college, [sextortion], [young], status: .complete),
            action(3, council, [hacking], [young]),
        ]
        let gaps = PlanFlags.gaps(actions: plan, priorities: priorities, names: names)
        XCTAssertEqual(gaps.map(\.title), ["Sextortion for young people", "Hacking for businesses"])
        XCTAssertTrue(gaps[0].reason.contains("Only finished or cancelled work did: action 2."), gaps[0].reason)
        XCTAssertEqual(gaps[0].actions, [plan[1].id])
        // No actions at all: every priority is a gap; no priorities: none.
        XCTAssertEqual(PlanFlags.gaps(actions: [], priorities: priorities, names: names).count, 3)
        XCTAssertEqual(PlanFlags.gaps(actions: plan, priorities: [], names: names).count, 0)
    }

    func testCoverageGapsWithoutACrimePicture() {
        let plan = [action(1, police, [fraud], [older]), action(2, council, [hacking], [young], status: .cancelled)]
        let gaps = PlanFlags.coverageGaps(
            actions: plan, themes: [fraud, hacking, sextortion], audiences: [older, young, business], names: names)
        XCTAssertEqual(gaps.map(\.title), ["Hacking", "Sextortion", "Young people", "Businesses"])
    }

    func testOverdueDueSoonAndAgenda() {
        let today = day("2026-11-23")
        var red = action(3, council, [fraud], [older], due: "2027-03-01")
        red.rating = .red
        let plan = [
            action(1, police, [fraud], [older], due: "2026-11-01"),
            action(2, police, [fraud], [older], due: "2026-12-10"),
            red, action(4, police, [fraud], [older], due: "2026-10-01", status: .complete),
            action(5, police, [fraud], [older]),
        ]
        XCTAssertEqual(PlanViews.overdue(plan, today: today).map(\.number), [1])
        XCTAssertEqual(PlanViews.dueSoon(plan, today: today).map(\.number), [2])
        let agenda = PlanViews.agenda(actions: plan, unresolvedFlags: [], today: today) { _ in "Partner" }
        XCTAssertEqual(agenda.map(\.title), ["Overdue actions", "Actions rated red"])
        XCTAssertEqual(agenda[0].items[0].detail, "Partner; due 1 Nov 2026, 22 days ago.")
        XCTAssertEqual(agenda[1].items.map(\.heading), ["Action 3: Action 3"])
    }

    func testStatusOverTimeReplaysHistories() {
        let ends = PlanViews.monthEnds(count: 3, endingAt: day("2026-03-15"))
        XCTAssertEqual(ends.map(\.iso), ["2026-01-31", "2026-02-28", "2026-03-31"])
        let histories: [[(day: CalendarDay, status: PlanAction.Status)]] = [
            [(day("2026-01-10"), .planned), (day("2026-02-01"), .inProgress), (day("2026-03-31"), .complete)],
            [(day("2026-02-28"), .planned), (day("2026-02-28"), .inProgress)],
            [(day("2026-04-01"), .planned)],
        ]
        let counts = PlanViews.statusOverTime(histories: histories, monthEnds: ends)
        XCTAssertEqual(counts[0], [.planned: 1])
        XCTAssertEqual(counts[1], [.inProgress: 2])
        XCTAssertEqual(counts[2], [.complete: 1, .inProgress: 1])
    }
}
