import FluentKit
import Foundation
import SaferCyberCore
import TestSupport
import XCTest

/// Issue 19 (left open after the second review): the indicators built on engagement — people engaged, Friends,
/// "where do I report" journeys — printed each quarter's exact count for a viewer and in the board report, beside an
/// engagement page that showed the same quarter's count as "<5" or withheld it ("[c]"); a survey share was printed
/// over two answers; and the quarter under way, which changes from day to day, was shown to roles without exact
/// counts. Now each engagement indicator reads a quarter through that quarter's engagement view as the reader sees
/// it, a share is not given when its yes or its no answers are a small count, and under the rule only complete
/// quarters have a value.
final class EngagementIndicatorTests: XCTestCase {
    func testEngagementIndicatorsGiveWhatTheEngagementViewShowsAndNothingElse() async throws {
        try await withTestDatabase { db, hasher in
            try await DemoPartnership.load(on: db, hasher: hasher)
            try await DemoEvents.load(on: db)
            try await DemoSurveys.load(on: db)
            try await DemoPublicHub.load(on: db)
            _ = try await DemoReportJourneys.load(on: db)
            let pid = try await Partnerships.find(on: db, slug: DemoPartnership.slug)!.requireID()
            let actor = ActingUser(id: nil, email: "c@x.test")
            try await Indicators.create(
                partnershipID: pid, title: "Friends made", source: .friends, direction: .up, by: actor, on: db)
            try await Indicators.create(
                partnershipID: pid, title: "Found where to report", source: .reportJourneys, direction: .up, by: actor,
                on: db)
            let underWay = Quarter.of(date: Date())
            let complete = Quarter.lastComplete()
            let ids: [Indicator.Source: String] = [
                .peopleEngaged: "total:engaged", .friends: "friends:all", .reportJourneys: "journeys:total",
            ]

            var shownSeen = 0
            for to in [underWay, complete, Quarter.adding(-1, to: complete)] {
                let shown = try await Indicators.results(partnershipID: pid, toQuarter: to, policy: .published, on: db)
                let exact = try await Indicators.results(partnershipID: pid, toQuarter: to, on: db)
                for (source, id) in ids {
                    let viewer = try XCTUnwrap(shown.first { $0.source == source })
                    let staff = try XCTUnwrap(exact.first { $0.source == source })
                    for (quarter, value) in viewer.values {
                        // The independent view: the engagement page for that one quarter, as a viewer sees it.
                        let view = try await EngagementView.build(
                            partnershipID: pid, fromQuarter: quarter, toQuarter: quarter, policy: .published, on: db)
                        let exactValue = staff.values.first { $0.quarter == quarter }?.value
                        if quarter > complete {
                            XCTAssertNil(value, "\(source) \(quarter): a quarter under way has no value under the rule")
                            XCTAssertNotNil(exactValue, "staff see the quarter under way")
                        } else if view.protected.isHidden(id) {
                            XCTAssertNil(value, "\(source) \(quarter): withheld on the engagement page")
                        } else {
                            XCTAssertEqual(
                                value, Double(view.protected.text(id).replacingOccurrences(of: ",", with: "")))
                            XCTAssertEqual(value, exactValue, "\(source) \(quarter): a shown count is the exact count")
                            shownSeen += 1
                        }
                    }
                }
            }
            XCTAssertGreaterThan(shownSeen, 3)

            // By hand: 3 journeys in the latest complete quarter, 12 in the one before. Staff see 3; under the rule
            // the engagement view shows "<5" and the indicator has no value for it; the 12 is given.
            let other = try await Fixture.partnership("other", on: db, hasher: hasher).requireID()
            try await Indicators.create(
                partnershipID: other, title: "Found where to report", source: .reportJourneys, direction: .up,
                by: actor, on: db)
            let answers = ReportRouter.Answers(danger: false, happened: .scamMessage, money: false)
            for (index, quarter)
                in (Array(repeating: complete, count: 3)
                + Array(repeating: Quarter.adding(-1, to: complete), count: 12)).enumerated()
            {
                try await ReportJourneys.record(
                    partnershipID: other, answers: answers, token: "journey-token-\(index)-abcdef",
                    at: Quarter.span(quarter).start.addingTimeInterval(86_400 * 5), on: db)
            }
            let staffSees = try await Indicators.results(partnershipID: other, toQuarter: complete, on: db)
            XCTAssertEqual(staffSees.first?.values.suffix(2).map(\.value), [12, 3])
            let viewerSees = try await Indicators.results(
                partnershipID: other, toQuarter: complete, policy: .published, on: db)
            XCTAssertEqual(viewerSees.first?.values.suffix(2).map(\.value), [12, nil])
            let view = try await EngagementView.build(
                partnershipID: other, fromQuarter: complete, toQuarter: complete, policy: .published, on: db)
            XCTAssertEqual(view.protected.text("journeys:total"), "<5")

            // A survey share: recounted from the stored answers, given only when neither its yes nor its no answers
            // are a small count.
            let indicators = try await Indicator.query(on: db).filter(\.$partnership.$id == pid).all()
            let share = try XCTUnwrap(indicators.first { $0.indicatorSource == .surveyShare })
            var yes: [Int: Int] = [:]
            var answered: [Int: Int] = [:]
            for response in try await Surveys.responses(try XCTUnwrap(share.surveyID), on: db)
            where response.responseStage != .before {
                guard let answer = response.answers[share.questionKey]?.first else { continue }
                let quarter = Quarter.of(date: response.submittedAt)
                answered[quarter, default: 0] += 1
                if answer == "yes" { yes[quarter, default: 0] += 1 }
            }
            let viewerResults = try await Indicators.results(
                partnershipID: pid, toQuarter: complete, policy: .published, on: db)
            let shownShare = try XCTUnwrap(viewerResults.first { $0.source == .surveyShare })
            var withheldShares = 0
            for (quarter, value) in shownShare.values {
                let n = answered[quarter] ?? 0
                let y = yes[quarter] ?? 0
                if n == 0 || (1..<5).contains(y) || (1..<5).contains(n - y) {
                    XCTAssertNil(value, "\(quarter): \(y) of \(n)")
                    if n > 0 { withheldShares += 1 }
                } else {
                    XCTAssertEqual(try XCTUnwrap(value), Double(y) / Double(n) * 100, accuracy: 1e-9)
                }
            }

            XCTAssertGreaterThan(withheldShares + shownShare.values.count, 0)
        }
    }
}
