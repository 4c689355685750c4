import Fluent
import Foundation
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

final class ImpactRouteTests: XCTestCase {
    /// Answers every page of a survey in a browser, the way a person would, and returns the final page.
    private func answer(_ browser: Browser, path: String, code: String?, answers: [String: [String]]) async throws
        -> Browser.Page
    {
        var page = try await browser.get(path)
        XCTAssertEqual(page.status, .ok)
        page = try await browser.post(path, pairs: [("step", "start"), ("code", code ?? "")])
        var guardrail = 0
        while page.body.contains(#"name="step" value="page-"#) && guardrail < 20 {
            guardrail += 1
            let hidden = Browser.hiddenFields(page.body)
            let names = Set(
                try NSRegularExpression(pattern: #"name="a-([^"]+)" id="#).matches(
                    in: page.body, range: NSRange(page.body.startIndex..., in: page.body)
                )
                .compactMap { Range($0.range(at: 1), in: page.body).map { String(page.body[$0]) } })
            let typed = names.sorted().flatMap { key in (answers[key] ?? []).map { ("a-\(key)", $0) } }
            page = try await browser.post(path, pairs: hidden + typed)
            XCTAssertEqual(page.status, .ok, "page refused: \(page.body.prefix(300))")
        }
        XCTAssertTrue(page.body.contains("Check your answers"))
        return try await browser.post(path, pairs: Browser.hiddenFields(page.body) + [("action", "send")])
    }

    func testBuildAnswerBeforeAndAfterAnalyseAndReport() async throws {
        try await withApp { app in
            let partnership = try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let staff = Browser(app)
            try await staff.signIn("officer@alpha.test")

            // Build: from the template, then add a question and open it.
            try await staff.get("/app/p/alpha/surveys")
            let created = try await staff.post(
                "/app/p/alpha/surveys", ["template": "scam-awareness-older-people", "title": ""])
            XCTAssertEqual(created.status, .seeOther)
            let surveyPath = String(try XCTUnwrap(created.location).split(separator: "?")[0])
            let surveyID = String(surveyPath.split(separator: "/").last!)
            try await staff.get(surveyPath)
            let added = try await staff.post(
                surveyPath + "/questions",
                ["text": "Do you check your bank statements every month?", "kind": "yes-no", "group": "4"])
            XCTAssertEqual(added.status, .seeOther)
            let blank = try await staff.post(surveyPath + "/questions", ["text": "", "kind": "single", "group": "x"])
            XCTAssertEqual(blank.status, .unprocessableEntity)
            XCTAssertTrue(blank.body.contains("Enter the question") && blank.body.contains("Enter the page number"))
            let opened = try await staff.post(
                surveyPath,
                ["title": "Scam awareness", "intro": "Thanks for helping.", "status": "open", "closes": "31/12/2099"])
            XCTAssertEqual(opened.status, .seeOther)
            let found = try await Survey.find(UUID(uuidString: surveyID), on: app.db)
            let survey = try XCTUnwrap(found)
            XCTAssertEqual(survey.questions.count, 8)
            XCTAssertEqual(survey.questions.last?.key, "do-you-check")
            XCTAssertEqual(survey.status, .open)

            // Answer before and after on "phones": 12 people, each with a card code; most learn to hang up.
            let base = "/p/alpha/surveys/\(surveyID)"
            for person in 0..<12 {
                let code = ParticipantCode.display(ParticipantCode.random()).lowercased()
                let phone = Browser(app)
                var answers: [String: [String]] = [
                    "spot-scam": ["2"], "hang-up": ["no"], "call-blocker": ["no"], "talk-to-someone": ["yes"],
                    "know-where-report": ["no"], "would-report": ["3"], "do-you-check": ["yes"],
                ]
                let before = try await answer(phone, path: base + "/before", code: code, answers: answers)
                XCTAssertEqual(before.status, .seeOther)
                answers["hang-up"] = [person < 10 ? "yes" : "no"]
                answers["spot-scam"] = ["4"]
                let after = try await answer(phone, path: base + "/after", code: code, answers: answers)
                XCTAssertEqual(after.location, base + "/after/thanks")
                // The same code cannot answer twice.
                try await phone.get(base + "/after")
                let again = try await phone.post(base + "/after", pairs: [("step", "start"), ("code", code)])
                XCTAssertEqual(again.status, .unprocessableEntity)
                XCTAssertTrue(again.body.contains("already been used"))
            }
            let stored = try await SurveyResponse.query(on: app.db).filter(\.$survey.$id == survey.requireID()).count()
            XCTAssertEqual(stored, 24)

            // Questions are frozen now.
            try await staff.get(surveyPath)
            let frozen = try await staff.post(
                surveyPath + "/questions", ["text": "Another?", "kind": "yes-no", "group": "5"])
            XCTAssertEqual(frozen.status, .unprocessableEntity)
            XCTAssertTrue(frozen.body.contains("already answered"))

            // Analyse: 10 of 12 started hanging up: McNemar exact p = 2 × 0.5^10 = 0.001953…
            let results = try await staff.get(surveyPath + "/results")
            XCTAssertEqual(results.status, .ok)
            XCTAssertTrue(
                results.body.contains(
                    "0% before and 83% after of the same 12 people. This rise is unlikely to be chance (McNemar p = 0.002)"
                ),
                String(results.body.prefix(2000)))
            // Issue 19: a viewer does not see answers as they arrive (two visits would give the answers between
            // them): one complete quarter's answers at a time, by default the latest — none of today's 24.
            let viewer = Browser(app)
            try await viewer.signIn("viewer@alpha.test")
            let viewed = try await viewer.get(surveyPath + "/results")
            XCTAssertEqual(viewed.status, .ok)
            XCTAssertTrue(viewed.body.contains("Answers counted"))
            let latest = Quarter.label(Quarter.lastComplete())
            XCTAssertTrue(viewed.body.contains("whose second answer (before or after) came in \(latest)"), latest)
            XCTAssertFalse(viewed.body.contains("0% before and 83% after"))
            // It may choose another complete quarter, never the one under way (which would move day by day).
            XCTAssertTrue(viewed.body.contains(#"<select"#) && viewed.body.contains(#"name="to""#))
            let underWay = try await viewer.get(surveyPath + "/results?to=\(Quarter.of(date: Date()))")
            XCTAssertTrue(underWay.body.contains("came in \(latest)"))
            XCTAssertFalse(underWay.body.contains("0% before and 83% after"))
            let older = Quarter.adding(-1, to: Quarter.lastComplete())
            let earlier = try await viewer.get(surveyPath + "/results?to=\(older)")
            XCTAssertTrue(earlier.body.contains("came in \(Quarter.label(older))"))
            XCTAssertFalse(results.body.contains("Answers counted"), "staff see every answer so far")
            // Nor on the surveys list or the survey's page (review: the list counted to today, so the list less the
            // results gave the answers of the quarter so far; two days apart, the day's).
            let viewerList = try await viewer.get("/app/p/alpha/surveys")
            let staffList = try await staff.get("/app/p/alpha/surveys")
            XCTAssertTrue(staffList.body.contains(">24<"), "staff: every response so far")
            XCTAssertFalse(viewerList.body.contains(">24<"))
            let viewerSurvey = try await viewer.get(surveyPath)
            XCTAssertTrue(
                viewerSurvey.body.contains("0 people who answered both times, counted in \(latest)"),
                String(viewerSurvey.body.prefix(3000)))
            // Nor by saying its questions are now fixed beside "0 received" (review: that said answers had come since).
            XCTAssertFalse(viewerSurvey.body.contains("its questions are fixed"))
            let staffSurvey = try await staff.get(surveyPath)
            XCTAssertTrue(staffSurvey.body.contains("its questions are fixed"), "those who may edit are told")
            let csv = try await staff.get(surveyPath + "/responses.csv")
            XCTAssertEqual(csv.status, .ok)
            XCTAssertEqual(csv.body.split(separator: "\r\n").count, 25)
            XCTAssertTrue(csv.body.contains("\"do-you-check\""))
            let exports = try await AuditEntry.query(on: app.db).filter(\.$action == "export").filter(
                \.$entity == "survey"
            ).count()
            XCTAssertEqual(exports, 1)

            // Outcome tied to the question, then the board report for this quarter shows it green.
            try await staff.get("/app/p/alpha/outcomes")
            let outcome = try await staff.post(
                "/app/p/alpha/outcomes",
                pairs: [
                    ("title", "Older people hang up on bank scams"),
                    ("measure[]", "\(surveyID)|hang-up"),
                ])
            XCTAssertEqual(outcome.status, .seeOther)
            let outcomes = try await staff.get("/app/p/alpha/outcomes")
            XCTAssertTrue(outcomes.body.contains("Older people hang up on bank scams"))
            XCTAssertTrue(outcomes.body.contains(#"rag rag-green"#))
            let quarter = Quarter.of(date: Date())
            let report = try await staff.get("/app/p/alpha/report?quarter=\(quarter)")
            XCTAssertEqual(report.status, .ok)
            XCTAssertTrue(report.body.contains("Older people hang up on bank scams"))
            XCTAssertTrue(report.body.contains("No crime records have been imported for this quarter."))
            let pack = try await staff.get("/app/p/alpha/report/figures.csv?quarter=\(quarter)")
            XCTAssertTrue(
                // Staff see it green; the report (always under the rule) does not rate it: 2 people still said no
                // afterwards, so the measure's test is withheld, and a rating from it would say whether it was
                // significant (issue 19 review).
                pack.body.contains("\"Outcomes\",\"Older people hang up on bank scams\",\"Rating\",\"No data yet\""),
                pack.body)
            // A measure's test is written as the page writes it ("p = 0.002", or "p < 0.001": never "p = < 0.001").
            // (This one is not published: 2 people still answered no afterwards.)
            XCTAssertFalse(pack.body.contains("p = <"))
            XCTAssertEqual(ChangeFinding.pText(0.0004), "p < 0.001")
            XCTAssertEqual(ChangeFinding.pText(0.0021), "p = 0.002")
            // Twelve responses at each stage are shown rounded to the nearest 5 (10), and the rule says so; fewer than
            // five would be suppressed.
            XCTAssertTrue(
                pack.body.contains("\"Surveys\",\"Scam awareness\",\"People answering before and after\",\"10\"")
                    && !pack.body.contains("\"Scam awareness\",\"Answers"),
                pack.body)
            XCTAssertTrue(pack.body.contains("Counts of people are rounded to the nearest 5"))
            // The page says how small numbers are shown at the partnership's own threshold, and how repeats are kept
            // out of counts the public can add to (said in the CSV's rule column too).
            XCTAssertTrue(report.body.contains("Counts of 1 to 4 are shown as"), "threshold 5")
            XCTAssertTrue(report.body.contains("How repeats are kept out of these counts"))
            XCTAssertTrue(report.body.contains("counted once however often it is sent"))
            // Every count the public can add to on this report says how repeats are kept out (issue 20, case 6).
            for measure in ["Friends in all (sessions and online courses)", "Survey responses"] {
                XCTAssertTrue(report.body.contains("<strong>\(measure): </strong>"), measure)
            }
            XCTAssertTrue(report.body.contains("a participant code answers once before and once after"))
            let surveyRows = pack.body.split(separator: "\n").filter { $0.contains("\"Surveys\",") }
            XCTAssertFalse(surveyRows.isEmpty)
            for row in surveyRows { XCTAssertTrue(row.contains("answers to one survey a day"), String(row)) }
            partnership.disclosureThreshold = 10
            try await partnership.save(on: app.db)
            let atTen = try await staff.get("/app/p/alpha/report?quarter=\(quarter)")
            XCTAssertTrue(atTen.body.contains("Counts of 1 to 9 are shown as"), "threshold 10")
            XCTAssertFalse(atTen.body.contains("Numbers from 1 to 4"))
            let bad = try await staff.get("/app/p/alpha/report?quarter=banana")
            XCTAssertEqual(bad.status, .badRequest)
            _ = partnership
        }
    }

    /// Fifth review of issue 19: with a quarter's figures of the people who answered both times, its answers were
    /// twice its people, rounded apart from them: "<5 people who answered both times" beside "10 answers" was 4 (the
    /// survey's results, the board report and its CSV, the surveys list). One count of people is shown, not both.
    func testAQuartersPeopleAreOneCountNotPeopleAndAnswers() async throws {
        try await withApp { app in
            let partnershipID = try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
                .requireID()
            let survey = try await Fixture.openSurvey(
                "scam-awareness-older-people", partnershipID: partnershipID, on: app.db)
            let quarter = Quarter.lastComplete()
            let day = Quarter.span(quarter).start.addingTimeInterval(20 * 86_400)
            let answers: [String: [String]] = [
                "spot-scam": ["2"], "hang-up": ["yes"], "call-blocker": ["no"], "talk-to-someone": ["yes"],
                "know-where-report": ["no"], "would-report": ["3"],
            ]
            for _ in 0..<4 {
                let code = ParticipantCode.random()
                try await Surveys.submit(survey, stage: .before, code: code, answers: answers, now: day, on: app.db)
                try await Surveys.submit(survey, stage: .after, code: code, answers: answers, now: day, on: app.db)
            }
            let viewer = Browser(app)
            try await viewer.signIn("viewer@alpha.test")
            let surveyID = try survey.requireID().uuidString
            let path = "/app/p/alpha/surveys/\(surveyID)"
            let results = try await viewer.get(path + "/results?to=\(quarter)")
            XCTAssertEqual(results.status, .ok)
            XCTAssertTrue(results.body.contains("People who answered both times"))
            XCTAssertFalse(results.body.contains("Before responses") || results.body.contains("After responses"))
            // Every count of people on the page is "<5" (the 4, each question's answers and each stage's "answered"),
            // or a 0: no 5 or 10 from which twice the 4 could be read.
            let counts = try Regex(#"<dd>(\d+)</dd>|<td class="numeric">(\d+)</td>"#)
            let shown = results.body.matches(of: counts).compactMap { match in
                (match.output[1].substring ?? match.output[2].substring).map { Int($0)! }
            }
            XCTAssertTrue(shown.allSatisfy { $0 == 0 }, "\(shown)")
            let surveys = try await viewer.get("/app/p/alpha/surveys")
            XCTAssertTrue(surveys.body.contains(">&lt;5<"), "the list shows the 4 people as <5")
            let pack = try await viewer.get("/app/p/alpha/report/figures.csv?quarter=\(quarter)")
            let lines = pack.body.split(separator: "\r\n").filter { $0.contains("\"Surveys\",\"Scam awareness\"") }
            XCTAssertEqual(lines.count, 1, "one count of people: \(lines)")
            XCTAssertTrue(lines.first?.contains("\"People answering before and after\",\"<5\"") ?? false)
            // Sixth review: the "<5" people beside three "<5" answers to one question gave 3 or 4 people, and each
            // yes/no answer as 1–3. With fewer than the threshold in the quarter, none of their answers is shown.
            XCTAssertFalse(results.body.contains(#"id="q-"#), "no question's answers")
            XCTAssertTrue(results.body.contains("Not shown: fewer than 5 were counted in this quarter"))
            let code = ParticipantCode.random()
            try await Surveys.submit(survey, stage: .before, code: code, answers: answers, now: day, on: app.db)
            try await Surveys.submit(survey, stage: .after, code: code, answers: answers, now: day, on: app.db)
            let five = try await viewer.get(path + "/results?to=\(quarter)")
            XCTAssertTrue(five.body.contains(#"id="q-hang-up""#), "5 people: their answers are shown")
            XCTAssertFalse(five.body.contains("Not shown: fewer than"))
            // The board report of a quarter older than its picker's list adds it to the list, so the picker says
            // which quarter the page shows.
            let old = Quarter.adding(-12, to: quarter)
            let oldReport = try await viewer.get("/app/p/alpha/report?quarter=\(old)")
            XCTAssertEqual(oldReport.status, .ok)
            XCTAssertTrue(
                oldReport.body.contains(#"<option value="\#(old)" selected"#), String(oldReport.body.prefix(200)))
        }
    }

    func testClosedSurveysAndCodeMistakesAreExplained() async throws {
        try await withApp { app in
            let partnershipID = try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
                .requireID()
            let survey = try await Surveys.create(
                partnershipID: partnershipID, title: "", templateKey: "staying-safe-online", design: nil,
                by: .system("test"), on: app.db)
            let path = "/p/alpha/surveys/\(try survey.requireID().uuidString)/before"
            let phone = Browser(app)
            let draft = try await phone.get(path)
            XCTAssertEqual(draft.status, .notFound, "drafts are not public")

            try await Surveys.update(
                survey,
                settings: .init(
                    title: survey.title, intro: survey.intro, status: .open, closesAt: nil, quota: nil, events: []),
                by: .system("test"), on: app.db)
            try await phone.get(path)
            let typo = try await phone.post(path, pairs: [("step", "start"), ("code", "ABC-DEF")])
            XCTAssertEqual(typo.status, .unprocessableEntity)
            XCTAssertTrue(typo.body.contains("There is a problem") && typo.body.contains("Check the code"))
            let once = try await phone.get("/p/alpha/surveys/\(try survey.requireID().uuidString)/once")
            XCTAssertEqual(once.status, .notFound, "a before/after survey has no one-off stage")

            try await Surveys.update(
                survey,
                settings: .init(
                    title: survey.title, intro: survey.intro, status: .open,
                    closesAt: Date().addingTimeInterval(-3600), quota: nil, events: []),
                by: .system("test"), on: app.db)
            let closed = try await phone.get(path)
            XCTAssertEqual(closed.status, .ok)
            XCTAssertTrue(closed.body.contains("This survey closed on"))
            XCTAssertFalse(closed.body.contains("Your participant code"))
        }
    }

    func testBookingPageGivesTheParticipantCodeForLinkedSurveys() async throws {
        try await withApp { app in
            let partnershipID = try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
                .requireID()
            let start = Date().addingTimeInterval(5 * 86400)
            let event = try await Events.create(
                Events.Draft(
                    title: "Scams talk", kind: .talk, venue: "Library", area: "Durham", startsAt: start,
                    endsAt: start.addingTimeInterval(3600),
                    capacity: 10, status: .published), partnershipID: partnershipID, by: .system("test"), on: app.db)
            let survey = try await Surveys.create(
                partnershipID: partnershipID, title: "", templateKey: "scam-awareness-older-people", design: nil,
                by: .system("test"), on: app.db)
            try await Surveys.update(
                survey,
                settings: .init(
                    title: survey.title, intro: survey.intro, status: .open, closesAt: nil, quota: nil,
                    events: [event.requireID()]), by: .system("test"), on: app.db)
            let booking = try await Bookings.signUp(
                eventID: event.requireID(), partnershipID: partnershipID,
                form: .init(name: "Ann", email: "ann@example.org", consent: true), on: app.db)
            let page = try await Browser(app).get("/p/alpha/bookings/\(booking.token)")
            let code = ParticipantCode.display(ParticipantCode.forBooking(token: booking.token))
            XCTAssertTrue(page.body.contains("Your participant code is"))
            XCTAssertTrue(page.body.contains(code))
            XCTAssertTrue(
                page.body.contains("/p/alpha/surveys/\(try survey.requireID().uuidString)/before?code=\(code)"))
            // The code is not stored with the booking.
            let stored = try await Booking.query(on: app.db).all()
            XCTAssertFalse(
                stored.contains {
                    "\($0.shortCode)\($0.tokenHash)\($0.answersJSON)".contains(
                        code.replacingOccurrences(of: "-", with: ""))
                })
        }
    }

    /// Issue 20, case 6: places booked, like every count the public can add to, says on the report and in the CSV's
    /// rule column how repeats are kept out (the demo has events under objectives in recent quarters).
    func testBoardReportSaysHowRepeatsAreKeptOutOfPlacesBooked() async throws {
        try await withApp { app in
            try await DemoPartnership.load(on: app.db, hasher: app.passwordHasher)
            try await DemoEvents.load(on: app.db)
            let staff = Browser(app)
            try await staff.signIn("coordinator@demo.test", password: "demo-password-2026")
            var checked = 0
            for back in 0..<6 {
                let quarter = Quarter.adding(-back, to: Quarter.of(date: Date()))
                let page = try await staff.get("/app/p/demo/report?quarter=\(quarter)")
                guard page.body.contains("Delivery against each objective") else { continue }
                XCTAssertTrue(page.body.contains("<strong>Places booked: </strong>"), "quarter \(quarter)")
                XCTAssertTrue(page.body.contains("different people"), "attendances and people, side by side")
                let pack = try await staff.get("/app/p/demo/report/figures.csv?quarter=\(quarter)")
                let rows = pack.body.split(separator: "\n").filter { $0.contains("\"Places booked\"") }
                XCTAssertFalse(rows.isEmpty)
                for row in rows {
                    XCTAssertTrue(
                        row.contains("times an hour") && row.contains("each booking form can be sent once"), String(row)
                    )
                }
                checked += 1
            }
            XCTAssertGreaterThan(checked, 0, "the demo has a quarter with delivery by objective")
        }
    }
}
