import FluentKit
import Foundation
import TestSupport
import XCTest

@testable import SaferCyberCore

/// Courses as content files, quiz marking, completions counted once, what people may tell us, and the counts.
final class CourseTests: XCTestCase {
    func testTheFourShippedCoursesAreValidAndFitTheBrief() throws {
        let library = CourseLibrary.shipped
        XCTAssertTrue(library.rejected.isEmpty, "\(library.rejected)")
        XCTAssertEqual(
            Set(library.courses.map(\.id)),
            ["staying-safe-online", "spotting-scams", "young-people-online", "protecting-a-small-organisation"])
        for course in library.courses {
            XCTAssertTrue((10...20).contains(course.minutes), "\(course.id) takes 10 to 20 minutes")
            XCTAssertGreaterThanOrEqual(course.pages.count, 3, course.id)
            XCTAssertGreaterThanOrEqual(course.quiz.questions.count, 3, course.id)
            // Reading time at about 150 words a minute, plus a minute per question, should roughly match the stated time.
            let words = course.pages.flatMap(\.paragraphs).joined(separator: " ").split(separator: " ").count
            let estimate = words / 150 + course.pages.count + course.quiz.questions.count
            XCTAssertTrue(
                abs(estimate - course.minutes) <= 6,
                "\(course.id): \(words) words, estimate \(estimate) minutes, stated \(course.minutes)")
        }
        XCTAssertEqual(
            library.courses.filter(\.countsAsFriends).map(\.id), ["spotting-scams"],
            "only the scam course stands in for a Friend session")
        let young = try XCTUnwrap(library.course("young-people-online"))
        let text = young.pages.flatMap(\.paragraphs).joined(separator: " ")
        for topic in ["Sextortion", "Computer Misuse Act", "capture-the-flag", "Cyber Choices", "0800 1111"] {
            XCTAssertTrue(
                text.contains(topic) || young.pages.map(\.title).joined().contains(topic),
                "young people's course covers \(topic)")
        }
    }

    func testTheValidatorReportsEveryMistakeWithItsLine() throws {
        let text = """
            {
              "format": "safercyber-course-1",
              "id": "Bad Id",
              "title": "Test",
              "summary": "A test",
              "audience": "Everyone",
              "minutes": 10,
              "countsAsFriends": false,
              "pages": [
                {"id": "quiz", "title": "One", "paragraphs": ["Text"],
                 "check": {"question": "Q", "options": ["a", "b"], "correct": 2, "explanation": "E"}},
                {"id": "two", "title": "Two", "paragraph": ["Text"],
                 "check": {"question": "Q", "options": ["a", "A"], "correct": 0, "explanation": "E"}}
              ],
              "quiz": {"passMark": 3, "questions": [{"question": "Q", "options": ["a", "b"], "correct": 1, "explanation": "E"}]},
              "keyMessages": ["K"],
              "report": "R"
            }
            """
        guard case .failure(let shape) = CourseFile.read(Data(text.utf8)) else {
            return XCTFail("a misspelt field is refused")
        }
        XCTAssertEqual(
            shape.problems.map(\.description),
            [
                "line 12, pages[1].paragraph: is not a field here — did you mean “paragraphs”?",
                "line 12, pages[1]: is missing “paragraphs”",
            ])
        let fixed = text.replacingOccurrences(of: "\"paragraph\":", with: "\"paragraphs\":")
        guard case .failure(let checks) = CourseFile.read(Data(fixed.utf8)) else {
            return XCTFail("the content checks run once the shape is right")
        }
        XCTAssertEqual(
            checks.problems.map(\.description),
            [
                "line 3, id: use only small letters, digits and hyphens (it becomes part of the page address)",
                "line 10, pages[0].id: “quiz” is kept for the course's own pages; choose another id",
                "line 11, pages[0].check.correct: is 2 but the options are numbered 0 to 1",
                "line 13, pages[1].check.options: two options say the same thing",
                "line 15, quiz.passMark: is 3 but the quiz has only 1 questions, so nobody could pass",
            ])
        guard case .failure(let syntax) = CourseFile.read(Data("{\n  \"id\": \"x\",\n  oops\n}".utf8)) else {
            return XCTFail()
        }
        XCTAssertEqual(syntax.problems.first?.line, 3)
    }

    func testMarking() throws {
        let course = try XCTUnwrap(CourseLibrary.shipped.course("staying-safe-online"))
        let right = course.quiz.questions.map { Optional($0.correct) }
        XCTAssertEqual(
            Courses.mark(course, chosen: right),
            Courses.Mark(right: [true, true, true, true, true], unanswered: [], passed: true))
        var oneWrong = right
        oneWrong[2] = (course.quiz.questions[2].correct + 1) % course.quiz.questions[2].options.count
        XCTAssertEqual(Courses.mark(course, chosen: oneWrong).score, 4)
        XCTAssertTrue(Courses.mark(course, chosen: oneWrong).passed, "4 of 5 meets the pass mark of 4")
        var twoWrong = oneWrong
        twoWrong[0] = (course.quiz.questions[0].correct + 1) % course.quiz.questions[0].options.count
        XCTAssertFalse(Courses.mark(course, chosen: twoWrong).passed)
        var missing = right
        missing[4] = nil
        XCTAssertEqual(Courses.mark(course, chosen: missing).unanswered, [4])
        XCTAssertFalse(Courses.mark(course, chosen: missing).passed, "every question must be answered")
        XCTAssertEqual(
            Courses.mark(course, chosen: Array(right.prefix(2))).unanswered, [2, 3, 4],
            "a short answer list leaves the rest unanswered")
    }

    func testCompletionsAreCountedOnceAndOnlyListedAnswersAreKept() async throws {
        try await withTestDatabase { db, hasher in
            let alpha = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            let beta = try await Fixture.partnership("beta", on: db, hasher: hasher).requireID()
            let course = try XCTUnwrap(CourseLibrary.shipped.course("spotting-scams"))
            let right = course.quiz.questions.map { Optional($0.correct) }
            let code = Secrets.token(bytes: 16)
            let first = try await Courses.complete(
                course: course, chosen: right, code: code, partnershipID: alpha, on: db)
            let again = try await Courses.complete(
                course: course, chosen: right, code: code, partnershipID: alpha, on: db)
            XCTAssertEqual(first.id, again.id, "sending the same quiz twice gives the same completion")
            let count = try await CourseCompletion.query(on: db).count()
            XCTAssertEqual(count, 1)
            XCTAssertTrue(first.countsAsFriend)
            XCTAssertEqual(first.chosen, right)

            do {
                var wrong = right
                wrong[0] = (course.quiz.questions[0].correct + 1) % 3
                wrong[1] = (course.quiz.questions[1].correct + 1) % 3
                _ = try await Courses.complete(
                    course: course, chosen: wrong, code: Secrets.token(bytes: 16), partnershipID: alpha, on: db)
                XCTFail("a failed quiz is not a completion")
            } catch is FieldErrors {}
            do {
                _ = try await Courses.complete(
                    course: course, chosen: right, code: "short", partnershipID: alpha, on: db)
                XCTFail("an attempt code that the quiz page could not have made is refused")
            } catch is FieldErrors {}

            let alphaAudience = try await Audience.query(on: db).filter(\.$partnership.$id == alpha).first()!
            let betaAudience = try await Audience.query(on: db).filter(\.$partnership.$id == beta).first()!
            do {
                try await Courses.describe(first, audienceID: betaAudience.id, area: nil, areas: ["Durham"], on: db)
                XCTFail("another partnership's audience is refused")
            } catch let errors as FieldErrors { XCTAssertNotNil(errors.message(for: "audience")) }
            do {
                try await Courses.describe(first, audienceID: nil, area: "12 Acacia Avenue", areas: ["Durham"], on: db)
                XCTFail("only listed areas are kept, so nothing typed is stored")
            } catch let errors as FieldErrors { XCTAssertNotNil(errors.message(for: "area")) }
            try await Courses.describe(first, audienceID: alphaAudience.id, area: "Durham", areas: ["Durham"], on: db)
            let saved = try await CourseCompletion.find(first.id, on: db)
            XCTAssertEqual(saved?.audienceID, alphaAudience.id)
            XCTAssertEqual(saved?.area, "Durham")
            let found = try await Courses.find(code: code, courseID: course.id, partnershipID: beta, on: db)
            XCTAssertNil(found, "a certificate code does not work under another partnership")
        }
    }

    func testSwitchingCoursesOffAndOnIsAudited() async throws {
        try await withTestDatabase { db, hasher in
            let alpha = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            let library = CourseLibrary.shipped
            let all = try await Courses.offered(partnershipID: alpha, library: library, on: db)
            XCTAssertEqual(all.count, 4, "every installed course is offered until switched off")
            try await Courses.choose(
                enabled: ["spotting-scams", "staying-safe-online", "not-a-course"], partnershipID: alpha,
                library: library,
                by: .system("test"), on: db)
            let offered = try await Courses.offered(partnershipID: alpha, library: library, on: db)
            XCTAssertEqual(Set(offered.map(\.id)), ["spotting-scams", "staying-safe-online"])
            let audit = try await AuditEntry.query(on: db).filter(\.$entity == "courses").all()
            XCTAssertEqual(audit.count, 1)
            XCTAssertTrue(
                audit[0].summary.contains(
                    "switched off: protecting-a-small-organisation, young-people-online (was: none)"), audit[0].summary)
            try await Courses.choose(
                enabled: Set(library.courses.map(\.id)), partnershipID: alpha, library: library, by: .system("test"),
                on: db)
            let back = try await Courses.offered(partnershipID: alpha, library: library, on: db)
            XCTAssertEqual(back.count, 4)
        }
    }

    func testReachIsCountedByQuarterCourseAudienceAndArea() async throws {
        try await withTestDatabase { db, hasher in
            let alpha = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            let library = CourseLibrary.shipped
            let older = try await Audience.query(on: db).filter(\.$partnership.$id == alpha).filter(
                \.$name == "Older people"
            ).first()!
            // Three completions in 2026 Q2 (two scams, one staying safe), one in Q3, one outside the range.
            let rows: [(String, String, UUID?, String?)] = [
                ("spotting-scams", "2026-05-02T10:00:00Z", older.id, "Durham"),
                ("spotting-scams", "2026-06-20T10:00:00Z", nil, nil),
                ("staying-safe-online", "2026-04-01T09:00:00Z", older.id, nil),
                ("spotting-scams", "2026-08-15T12:00:00Z", nil, "Seaham"),
                ("staying-safe-online", "2025-12-31T12:00:00Z", nil, nil),
            ]
            for (courseID, when, audience, area) in rows {
                let course = library.course(courseID)!
                let completion = try await Courses.complete(
                    course: course, chosen: course.quiz.questions.map { Optional($0.correct) },
                    code: Secrets.token(bytes: 16),
                    partnershipID: alpha, at: ISO8601DateFormatter().date(from: when)!, on: db)
                try await Courses.describe(
                    completion, audienceID: audience, area: area, areas: ["Durham", "Seaham"], on: db)
            }
            let reach = try await CourseReach.build(
                partnershipID: alpha, fromQuarter: 20262, toQuarter: 20263, library: library, on: db)
            XCTAssertEqual(reach.byQuarter.map(\.line.completions), [3, 1])
            XCTAssertEqual(reach.byQuarter.map(\.line.friends), [2, 1], "scam-course completions are Friends")
            XCTAssertEqual(reach.total, CourseReach.Line(label: "All courses", completions: 4, friends: 3))
            XCTAssertEqual(
                reach.byCourse.map { "\($0.label)=\($0.completions)" }, ["Spotting scams=3", "Staying safe online=1"])
            XCTAssertEqual(reach.byAudience.map { "\($0.label)=\($0.completions)" }, ["Not given=2", "Older people=2"])
            XCTAssertEqual(
                reach.byArea.map { "\($0.label)=\($0.completions)" }, ["Not given=2", "Durham=1", "Seaham=1"])
        }
    }

    func testDemoCompletionsAndLibrary() async throws {
        try await withTestDatabase { db, hasher in
            try await Fixture.demo(on: db, hasher: hasher, events: true)
            let today = Date()
            try await DemoPublicHub.load(on: db, today: today)
            try await DemoPublicHub.load(on: db, today: today)  // idempotent
            let id = try await Fixture.demoID(on: db)
            let rows = try await CourseCompletion.query(on: db).filter(\.$partnership.$id == id).all()
            let now = Quarter.of(date: today)
            let last = Quarter.adding(-1, to: now)
            let recount = Dictionary(grouping: rows, by: { Quarter.of(date: $0.completedAt) }).mapValues(\.count)
            XCTAssertEqual(recount[last], 92, "110 − 18 completions last quarter")
            let reach = try await CourseReach.build(
                partnershipID: id, fromQuarter: Quarter.adding(-4, to: now), toQuarter: now, on: db)
            XCTAssertEqual(
                Dictionary(uniqueKeysWithValues: reach.byQuarter.map { ($0.quarter, $0.line.completions) }).filter {
                    $0.value > 0
                }, recount)
            XCTAssertEqual(reach.total.friends, rows.filter { $0.courseID == "spotting-scams" }.count)
            XCTAssertTrue(
                rows.allSatisfy { Courses.mark(CourseLibrary.shipped.course($0.courseID)!, chosen: $0.chosen).passed },
                "every demo completion passed")
            let areas = Set(rows.compactMap(\.area))
            XCTAssertFalse(areas.contains("Online"))
            let known = try await Courses.areas(partnershipID: id, on: db)
            XCTAssertTrue(areas.isSubset(of: Set(known)))

            let library = try await Resources.all(partnershipID: id, on: db)
            XCTAssertEqual(library.count, 6)
            XCTAssertEqual(library.filter { $0.status == .published }.count, 4)
            XCTAssertEqual(library.filter { $0.status == .pending }.count, 1)
            XCTAssertEqual(library.filter { $0.status == .rejected }.count, 1)
            let poster = try XCTUnwrap(library.first { $0.kind == .poster })
            let bytes = try await Resources.file(resourceID: poster.requireID(), on: db)
            XCTAssertEqual(UploadCheck.check(Array(bytes), fileName: "x.pdf"), .success(.pdf))
            XCTAssertFalse(poster.altText.isEmpty)
        }
    }
}
