import FluentKit
import Foundation
import TestSupport
import XCTest

@testable import SaferCyberCore

/// "Where do I report this?": which question comes next, and where each kind of journey ends (domain guide §3).
final class ReportRouterTests: XCTestCase {
    typealias A = ReportRouter.Answers

    func testQuestionsAskedOnlyWhenTheyMatter() {
        XCTAssertEqual(ReportRouter.next(A()), .danger)
        XCTAssertEqual(ReportRouter.next(A(danger: true)), .result, "danger goes straight to 999")
        XCTAssertEqual(ReportRouter.next(A(danger: false)), .happened)
        XCTAssertEqual(ReportRouter.next(A(danger: false, happened: .fraud)), .child)
        XCTAssertEqual(ReportRouter.next(A(danger: false, happened: .fraud, child: false)), .money)
        XCTAssertEqual(ReportRouter.next(A(danger: false, happened: .fraud, child: false, money: true)), .nation)
        XCTAssertEqual(
            ReportRouter.next(A(danger: false, happened: .scamMessage)), .money, "no age question for a scam message")
        XCTAssertEqual(
            ReportRouter.next(A(danger: false, happened: .scamMessage, money: false)), .result,
            "nowhere to report money: no nation question")
        XCTAssertEqual(ReportRouter.next(A(danger: false, happened: .scamMessage, money: true)), .nation)
        XCTAssertEqual(ReportRouter.next(A(danger: false, happened: .childAbuse)), .result)
        XCTAssertEqual(ReportRouter.next(A(danger: false, happened: .images)), .child)
        XCTAssertEqual(ReportRouter.next(A(danger: false, happened: .images, child: true)), .result)
    }

    func testRoutesForEachKindOfJourney() {
        let cases: [(A, [ReportRouter.Route])] = [
            (A(danger: true), [.emergency]),
            (
                A(danger: false, happened: .fraud, child: false, money: true, scotland: false),
                [.bank, .reportFraud, .victimSupport]
            ),
            (
                A(danger: false, happened: .fraud, child: false, money: false, scotland: true),
                [.policeScotland, .victimSupport]
            ),
            (
                A(danger: false, happened: .fraud, child: true, money: false, scotland: false),
                [.reportFraud, .childline]
            ),
            (A(danger: false, happened: .scamMessage, money: false), [.scamText, .scamEmail]),
            (
                A(danger: false, happened: .scamMessage, money: true, scotland: false),
                [.bank, .reportFraud, .scamText, .scamEmail, .victimSupport]
            ),
            (
                A(danger: false, happened: .hacked, child: false, money: false, scotland: false),
                [.reportFraud, .victimSupport]
            ),
            (A(danger: false, happened: .images, child: true), [.ceop, .childline]),
            (A(danger: false, happened: .images, child: false), [.revengePornHelpline, .stopNCII, .police101]),
            (A(danger: false, happened: .childAbuse), [.ceop, .childline]),
            (A(danger: false, happened: .harassment, child: false), [.police101, .victimSupport]),
            (A(danger: false, happened: .harassment, child: true), [.police101, .childline]),
            (A(danger: false, happened: .extremism), [.counterTerrorism]),
            (A(danger: false, happened: .youngHacker), [.cyberChoices]),
            (A(danger: false, happened: .radicalisation), [.prevent]),
        ]
        for (answers, expected) in cases { XCTAssertEqual(ReportRouter.routes(for: answers), expected, "\(answers)") }
        // The facts people act on, as the domain guide gives them.
        XCTAssertTrue(ReportRouteInfo.of(.reportFraud).how.contains("0300 123 2040"))
        XCTAssertTrue(ReportRouteInfo.of(.scamText).title.contains("7726"))
        XCTAssertTrue(ReportRouteInfo.of(.scamEmail).title.contains("report@phishing.gov.uk"))
        XCTAssertTrue(ReportRouteInfo.of(.childline).title.contains("0800 1111"))
        XCTAssertTrue(ReportRouteInfo.of(.policeScotland).how.contains("101"))
    }

    func testAnswersRoundTripThroughTheAddressAndIgnoreNonsense() {
        let answers = A(danger: false, happened: .hacked, child: false, money: true, scotland: true)
        XCTAssertEqual(A(query: Dictionary(uniqueKeysWithValues: answers.query)), answers)
        XCTAssertEqual(A(query: ["danger": "maybe", "happened": "<script>", "nation": "mars"]), A())
    }

    func testJourneysCountedOncePerTokenAndOnlyWhenComplete() async throws {
        try await withTestDatabase { db, hasher in
            try await Fixture.demo(on: db, hasher: hasher)
            let id = try await Fixture.demoID(on: db)
            let complete = A(danger: false, happened: .scamMessage, money: false)
            let first = try await ReportJourneys.record(
                partnershipID: id, answers: complete, token: "abcdefghijklmnop", on: db)
            let reload = try await ReportJourneys.record(
                partnershipID: id, answers: complete, token: "abcdefghijklmnop", on: db)
            let other = try await ReportJourneys.record(
                partnershipID: id, answers: A(danger: true), token: "qrstuvwxyz012345", on: db)
            let badToken = try await ReportJourneys.record(partnershipID: id, answers: complete, token: "short", on: db)
            XCTAssertEqual([first, reload, other, badToken], [true, false, true, false])
            do {
                try await ReportJourneys.record(
                    partnershipID: id, answers: A(danger: false), token: "abcdefghijklmnopq", on: db)
                XCTFail("counted a half-finished journey")
            } catch is FieldErrors {}
            let quarter = Quarter.of(date: Date())
            let counts = try await ReportJourneys.counts(
                partnershipID: id, fromQuarter: quarter, toQuarter: quarter, on: db)
            XCTAssertEqual(counts[quarter], ["scam-text": 1, "emergency": 1])
        }
    }

    /// The demo's journeys, recounted by quarter from the rows, agree with the counts and with the indicator.
    func testDemoJourneysFeedTheIndicator() async throws {
        try await withTestDatabase { db, hasher in
            try await Fixture.demo(on: db, hasher: hasher)
            let today = Date()
            try await DemoReportJourneys.load(on: db, today: today)
            try await DemoReportJourneys.load(on: db, today: today)  // idempotent
            let id = try await Fixture.demoID(on: db)
            let rows = try await ReportJourney.query(on: db).filter(\.$partnership.$id == id).all()
            let now = Quarter.of(date: today)
            let recount = Dictionary(grouping: rows, by: { Quarter.of(date: $0.completedAt) }).mapValues(\.count)
            let counts = try await ReportJourneys.counts(
                partnershipID: id, fromQuarter: Quarter.adding(-4, to: now), toQuarter: now, on: db)
            XCTAssertEqual(counts.mapValues { $0.values.reduce(0, +) }, recount)
            XCTAssertEqual(recount[Quarter.adding(-1, to: now)], 105)
            let indicator = try await Indicators.results(
                partnershipID: id, toQuarter: Quarter.adding(-1, to: now), on: db
            ).first { $0.title == "People who found where to report" }
            XCTAssertEqual(indicator?.values.last?.value, 105)
            XCTAssertEqual(indicator?.rag, .green, "more people each quarter")
            let partnership = try await Partnerships.find(on: db, slug: DemoPartnership.slug)!
            XCTAssertTrue(partnership.localContacts?.contains("Prevent") ?? false)
        }
    }
}
