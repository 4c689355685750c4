import Fluent
import Foundation
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

/// Issue 19, case 6, the engagement dashboard: "<5 | 10 | 13" gave the 3 back, "from 2 of 3 ambassadors" was raw,
/// and an attendance share was shown for fewer than 5 people.
final class EngagementDisclosureTests: XCTestCase {
    /// Issue 19 (found at the end of the review): a viewer could ask for two periods that overlap ("the year" and
    /// "the year less its last quarter") and subtract their totals. A viewer now sees one quarter at a time,
    /// whatever the address asks for.
    func testAViewerSeesOneCompleteQuarterAtATime() async throws {
        try await withApp { app in
            try await DemoPartnership.load(on: app.db, hasher: app.passwordHasher)
            try await DemoEvents.load(on: app.db)
            let latest = Quarter.lastComplete()
            let year = Quarter.adding(-3, to: latest)
            let viewer = Browser(app)
            try await viewer.signIn("viewer@demo.test", password: "demo-password-2026")
            let asked = try await viewer.get("/app/p/demo/engagement?from=\(year)&to=\(latest)")
            let plain = try await viewer.get("/app/p/demo/engagement?to=\(latest)")
            XCTAssertEqual(asked.status, .ok)
            XCTAssertTrue(asked.body.contains("Your role sees one complete quarter at a time"))
            XCTAssertTrue(asked.body.contains("sessions, \(Quarter.label(latest)) to \(Quarter.label(latest))."))
            func body(_ page: String) -> String {
                guard let start = page.range(of: "<h1>Engagement</h1>") else { return "" }
                return String(page[start.lowerBound...])
            }
            XCTAssertEqual(body(asked.body), body(plain.body), "the period asked for changes nothing")
            let csvAsked = try await viewer.get(
                "/app/p/demo/engagement/export.csv?table=quarters&from=\(year)&to=\(latest)")
            let csvPlain = try await viewer.get("/app/p/demo/engagement/export.csv?table=quarters&to=\(latest)")
            XCTAssertEqual(csvAsked.body, csvPlain.body)
            // Neither a quarter still to come nor the quarter under way (its counts change from day to day, so two
            // visits would give the few between them): the latest complete quarter is the latest a viewer sees.
            let later = try await viewer.get("/app/p/demo/engagement?to=\(Quarter.adding(3, to: latest))")
            let now = try await viewer.get("/app/p/demo/engagement?to=\(Quarter.adding(1, to: latest))")
            XCTAssertEqual(body(later.body), body(plain.body))
            XCTAssertEqual(body(now.body), body(plain.body))
            XCTAssertFalse(plain.body.contains("(so far)"))
            // The board report likewise: the quarter under way is refused, and not offered.
            let report = try await viewer.get("/app/p/demo/report?quarter=\(Quarter.adding(1, to: latest))")
            XCTAssertEqual(report.status, .badRequest)
            XCTAssertTrue(report.body.contains("Your role sees complete quarters only"))
            let offered = try await viewer.get("/app/p/demo/report")
            XCTAssertFalse(offered.body.contains("(so far)"))
            // Review: single events' places were listed to a viewer (they add up to the engagement tables' protected
            // counts, and change from day to day); outcomes were counted to today.
            let coordinator = Browser(app)
            try await coordinator.signIn("coordinator@demo.test", password: "demo-password-2026")
            let staffEvents = try await coordinator.get("/app/p/demo/events")
            let viewerEvents = try await viewer.get("/app/p/demo/events")
            let places = try Regex(#"\d+ of \d+"#)
            XCTAssertTrue(staffEvents.body.contains(places))
            XCTAssertFalse(viewerEvents.body.contains(places))
            let outcomes = try await viewer.get("/app/p/demo/outcomes")
            XCTAssertTrue(
                outcomes.body.contains(
                    "second answer in \(Quarter.label(Quarter.lastComplete())), the latest complete quarter"))
            // Staff with exact counts keep any period.
            let staff = try await coordinator.get("/app/p/demo/engagement?from=\(year)&to=\(latest)")
            XCTAssertTrue(staff.body.contains("sessions, \(Quarter.label(year)) to \(Quarter.label(latest))."))
            let underWay = try await coordinator.get("/app/p/demo/engagement?to=\(Quarter.adding(1, to: latest))")
            XCTAssertTrue(underWay.body.contains("to \(Quarter.label(Quarter.adding(1, to: latest)))."))
            let staffReport = try await coordinator.get("/app/p/demo/report")
            XCTAssertTrue(staffReport.body.contains("(so far)"))
            XCTAssertFalse(staff.body.contains("Your role sees one complete quarter at a time"))
        }
    }

    func testDemoDashboardGivesNothingAwayForAViewer() async throws {
        try await withApp { app in
            try await DemoPartnership.load(on: app.db, hasher: app.passwordHasher)
            try await DemoEvents.load(on: app.db)
            try await DemoPublicHub.load(on: app.db, library: app.courses)
            try await DemoReportJourneys.load(on: app.db)
            let demo = try await Partnerships.find(on: app.db, slug: "demo")!.requireID()
            let latest = Quarter.of(date: Date())
            var cases: [IndependentDisclosureCheck.Case] = []
            var withSmall = 0
            var givenAwayWithout = 0
            var last: EngagementTables?
            for back in 0..<6 {
                let to = Quarter.adding(-back, to: latest)
                for length in [0, 3] {
                    let from = Quarter.adding(-length, to: to)
                    var figures = try await EngagementFigures.build(
                        partnershipID: demo, fromQuarter: from, toQuarter: to, on: app.db)
                    figures.courses = try await CourseReach.build(
                        partnershipID: demo, fromQuarter: from, toQuarter: to, library: app.courses, on: app.db)
                    let counts = try await ReportJourneys.counts(
                        partnershipID: demo, fromQuarter: from, toQuarter: to, on: app.db)
                    var byPlace: [String: Int] = [:]
                    for quarter in counts.values { for (place, n) in quarter { byPlace[place, default: 0] += n } }
                    let journeys = EngagementTables.Journeys(
                        byQuarter: Quarter.between(from, to).map { ($0, counts[$0]?.values.reduce(0, +) ?? 0) },
                        byPlace: byPlace.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
                    for secondary in [true, false] {
                        let tables = EngagementTables(
                            figures: figures, journeys: journeys, policy: .published, secondary: secondary)
                        let published = tables.protected.published
                        let sums = tables.protected.figures.sums
                        cases.append(.init(name: "\(secondary) \(from)-\(to)", published: published, sums: sums))
                        let findings = DisclosureCheck.givenAway(published: published, sums: sums)
                        if secondary {
                            XCTAssertEqual(findings, [], "\(from)-\(to)")
                            if published.values.contains("<5") { withSmall += 1 }
                            last = tables
                        } else {
                            givenAwayWithout += findings.count
                        }
                    }
                }
            }
            XCTAssertGreaterThan(withSmall, 2)
            XCTAssertGreaterThan(givenAwayWithout, 0, "the checker must be able to fail")
            let solved = try IndependentDisclosureCheck.findings(cases)
            XCTAssertEqual(solved.filter { $0.name.hasPrefix("true") }.map(\.description), [])
            XCTAssertGreaterThan(solved.filter { $0.name.hasPrefix("false") }.count, 0)

            // The reported ambassador line: 2 of 3 ambassadors answered, 10 people told.
            var figures = try XCTUnwrap(last).figures
            figures.ambassadors = Ambassadors.Reach(
                ambassadors: 3, reporting: 2, pledged: 3, told: Ambassadors.Told(friends: 10))
            let tables = EngagementTables(
                figures: figures, journeys: .init(byQuarter: [], byPlace: []), policy: .published)
            let line = try XCTUnwrap(tables.headline.last?.1)
            XCTAssertEqual(line, "10 people, from <5 of <5 ambassadors")
            let exact = EngagementTables(figures: figures, journeys: .init(byQuarter: [], byPlace: []), policy: .exact)
            XCTAssertEqual(exact.headline.last?.1, "10 people, from 2 of 3 ambassadors (67% responded)")
        }
    }
}

/// Second review of issue 19 (D): a survey's written answers, and how many people used each word, were small exact
/// counts and could name someone. A role without exact counts reads neither, and the page says why.
final class WrittenAnswersDisclosureTests: XCTestCase {
    func testAViewerReadsNoWrittenAnswersAndIsToldWhy() async throws {
        try await withApp { app in
            try await DemoPartnership.load(on: app.db, hasher: app.passwordHasher)
            try await DemoEvents.load(on: app.db)
            let loaded = try await DemoSurveys.load(on: app.db)
            XCTAssertTrue(loaded)
            let survey = try await Survey.query(on: app.db).filter(\.$template == "staying-safe-online").first()!
            let path = "/app/p/demo/surveys/\(try survey.requireID())/results"
            // Independently, from the stored rows: written answers received by the end of the latest complete
            // quarter (what a viewer's results count).
            let end = Quarter.span(Quarter.lastComplete()).end
            let written = try await Surveys.responses(survey.requireID(), on: app.db).filter {
                $0.submittedAt < end && !($0.answers["anything-else"]?.first ?? "").isEmpty
            }
            XCTAssertFalse(written.isEmpty, "precondition: the demo has written answers in complete quarters")
            let sample = try XCTUnwrap(written.first?.answers["anything-else"]?.first)

            let hint = "Written answers are shown to staff with exact counts"
            let officer = Browser(app)
            try await officer.signIn("officer@demo.test", password: "demo-password-2026")
            let staff = try await officer.get(path)
            XCTAssertEqual(staff.status, .ok)
            XCTAssertTrue(staff.body.contains("Words used most"))
            XCTAssertTrue(staff.body.contains(sample), sample)
            XCTAssertFalse(staff.body.contains(hint))

            let viewer = Browser(app)
            try await viewer.signIn("viewer@demo.test", password: "demo-password-2026")
            let page = try await viewer.get(path)
            XCTAssertEqual(page.status, .ok)
            XCTAssertTrue(page.body.contains(hint), "the viewer is told why")
            XCTAssertFalse(page.body.contains("Words used most"))
            XCTAssertFalse(page.body.contains(sample), "no written answer")
            XCTAssertFalse(page.body.contains("Read the "), "no answers to open")
        }
    }
}
