import Fluent
import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

extension Application {
    private struct CourseLibraryKey: StorageKey { typealias Value = CourseLibrary }

    /// The shipped courses plus COURSES_DIR's, read once.
    var courses: CourseLibrary {
        if let library = storage[CourseLibraryKey.self] { return library }
        let folder = config.coursesDirectory.map { URL(fileURLWithPath: $0) }
        let library = folder == nil ? CourseLibrary.shipped : CourseLibrary(extraFolder: folder)
        storage[CourseLibraryKey.self] = library
        return library
    }
}

/// Awareness courses for residents, without an account. Reading and check questions are GET pages (answers in the
/// address, nothing stored); the quiz is a POST, and only a passed quiz is recorded, once per attempt.
struct CoursesController {
    struct Context {
        let partnership: Partnership
        let course: Course
        var slug: String { partnership.slug }
    }

    private func partnership(_ req: Request) async throws -> Partnership {
        guard let slug = req.parameters.get("slug"),
            let partnership = try await Partnerships.find(on: req.db, slug: slug)
        else { throw NotFound("partnership") }
        return partnership
    }

    /// The course in the address, if this partnership offers it.
    private func context(_ req: Request) async throws -> Context {
        let partnership = try await partnership(req)
        guard let id = req.parameters.get("course"), let course = req.application.courses.course(id),
            try await !Courses.switchedOff(partnershipID: partnership.requireID(), on: req.db).contains(id)
        else { throw NotFound("course") }
        return Context(partnership: partnership, course: course)
    }

    static func summary(_ course: Course) -> CoursePages.Summary {
        .init(
            id: course.id, title: course.title, summary: course.summary, audience: course.audience,
            minutes: course.minutes)
    }

    func list(req: Request) async throws -> Response {
        let partnership = try await partnership(req)
        let courses = try await Courses.offered(
            partnershipID: partnership.requireID(), library: req.application.courses, on: req.db)
        return CoursePages.list(
            slug: partnership.slug, partnershipName: partnership.name, courses: courses.map(Self.summary)
        ).htmlResponse()
    }

    func start(req: Request) async throws -> Response {
        let c = try await context(req)
        return CoursePages.start(
            slug: c.slug, course: Self.summary(c.course), pageTitles: c.course.pages.map(\.title),
            firstPage: c.course.pages[0].id
        ).htmlResponse()
    }

    func page(req: Request) async throws -> Response {
        let c = try await context(req)
        guard let pageID = req.parameters.get("page"), let index = c.course.pages.firstIndex(where: { $0.id == pageID })
        else { throw NotFound("page") }
        let page = c.course.pages[index]
        let sent = req.query[String.self, at: "answer"]
        let chosen = sent.flatMap(Int.init).flatMap { page.check.options.indices.contains($0) ? $0 : nil }
        let feedback = chosen.map {
            CoursePages.Feedback(
                right: $0 == page.check.correct, correctOption: page.check.options[page.check.correct],
                explanation: page.check.explanation)
        }
        let isLast = index == c.course.pages.count - 1
        let next =
            isLast
            ? SiteURL.publicCourseQuiz(slug: c.slug, course: c.course.id).path
            : SiteURL.publicCoursePage(slug: c.slug, course: c.course.id, page: c.course.pages[index + 1].id).path
        let back =
            index == 0
            ? SiteURL.publicCourse(slug: c.slug, course: c.course.id).path
            : SiteURL.publicCoursePage(slug: c.slug, course: c.course.id, page: c.course.pages[index - 1].id).path
        // "Check my answer" sent with nothing chosen: say so, as a form error.
        let missing = sent != nil && chosen == nil
        let model = CoursePages.ReadModel(
            slug: c.slug, courseID: c.course.id, courseTitle: c.course.title, pageID: page.id, number: index + 1,
            count: c.course.pages.count,
            title: page.title, paragraphs: page.paragraphs, tips: page.tips ?? [], question: page.check.question,
            options: page.check.options,
            chosen: chosen, feedback: feedback, missing: missing, next: next,
            nextLabel: isLast ? "Go to the quiz" : "Next page", back: back)
        return CoursePages.read(model).htmlResponse(missing ? .badRequest : .ok)
    }

    private func quizModel(
        _ c: Context, chosen: [Int?], attempt: String, errors: [FormError] = [],
        failed: (score: Int, marked: [CoursePages.Marked])? = nil
    ) -> CoursePages.QuizModel {
        CoursePages.QuizModel(
            slug: c.slug, courseID: c.course.id, courseTitle: c.course.title,
            questions: c.course.quiz.questions.map { .init(question: $0.question, options: $0.options) },
            chosen: chosen, attempt: attempt,
            passMark: c.course.quiz.passMark, errors: errors, failed: failed,
            back: SiteURL.publicCoursePage(slug: c.slug, course: c.course.id, page: c.course.pages.last!.id).path)
    }

    /// Completion codes are issued by the server and signed, so a script cannot make up codes to add completions
    /// (issue 20, case 6); the code becomes the certificate's address.
    static func newAttempt(_ c: Context) throws -> String {
        FormTiming.signed(Secrets.token(bytes: 16), for: try purpose(c))
    }

    /// The completion code inside an attempt the server issued for this course, or nil.
    static func attemptCode(_ attempt: String?, _ c: Context) throws -> String? {
        let purpose = try purpose(c)
        return attempt.flatMap { FormTiming.verified($0, for: purpose) }.flatMap { Courses.isCode($0) ? $0 : nil }
    }

    private static func purpose(_ c: Context) throws -> String {
        "course|\(try c.partnership.requireID())|\(c.course.id)"
    }

    /// Completions one address may add in a day (a class of 30 on one school connection stays well inside it).
    static let completionsPerAddress = 60

    func quiz(req: Request) async throws -> Response {
        let c = try await context(req)
        return CoursePages.quiz(quizModel(c, chosen: [], attempt: try Self.newAttempt(c)), csrf: req.csrfToken)
            .htmlResponse()
    }

    static func marked(_ course: Course, chosen: [Int?]) -> [CoursePages.Marked] {
        course.quiz.questions.enumerated().map { index, question in
            let answer = index < chosen.count ? chosen[index] : nil
            return CoursePages.Marked(
                question: question.question, chosen: answer.map { question.options[$0] } ?? "No answer",
                correct: question.options[question.correct], right: answer == question.correct,
                explanation: question.explanation)
        }
    }

    func answerQuiz(req: Request) async throws -> Response {
        let c = try await context(req)
        let form = FormPairs(req)
        let questions = c.course.quiz.questions
        let chosen: [Int?] = questions.indices.map { index in
            form.first("q\(index)").flatMap(Int.init).flatMap {
                questions[index].options.indices.contains($0) ? $0 : nil
            }
        }
        let issued = form.first("attempt")
        let attempt = try Self.attemptCode(issued, c).map { _ in issued! } ?? Self.newAttempt(c)
        let mark = Courses.mark(c.course, chosen: chosen)
        if !mark.unanswered.isEmpty {
            let errors = mark.unanswered.map { FormError(field: "q\($0)", message: "Answer question \($0 + 1)") }
            return CoursePages.quiz(quizModel(c, chosen: chosen, attempt: attempt, errors: errors), csrf: req.csrfToken)
                .htmlResponse(.badRequest)
        }
        guard mark.passed else {
            // A new attempt value, so the next try is a new attempt.
            let failed = (score: mark.score, marked: Self.marked(c.course, chosen: chosen))
            return CoursePages.quiz(
                quizModel(c, chosen: chosen, attempt: try Self.newAttempt(c), failed: failed), csrf: req.csrfToken
            ).htmlResponse()
        }
        guard let code = try Self.attemptCode(issued, c) else {
            let errors = [FormError(field: "q0", message: "This quiz page has expired. Answer the questions again.")]
            return CoursePages.quiz(quizModel(c, chosen: chosen, attempt: attempt, errors: errors), csrf: req.csrfToken)
                .htmlResponse(.badRequest)
        }
        let partnershipID = try c.partnership.requireID()
        if try await Courses.find(code: code, courseID: c.course.id, partnershipID: partnershipID, on: req.db) == nil,
            let wait = try await PublicLimits.take(
                [
                    .init(
                        "course|\(partnershipID)|\(req.limitAddress)", limit: Self.completionsPerAddress, window: 86400
                    )
                ],
                on: req.db
            ).retryAfter
        {
            let errors = [
                FormError(
                    field: "q0",
                    message: "Too many quizzes have been completed from here today. Please try again tomorrow.")
            ]
            return CoursePages.quiz(quizModel(c, chosen: chosen, attempt: attempt, errors: errors), csrf: req.csrfToken)
                .htmlResponse(.tooManyRequests).retryAfter(wait)
        }
        let completion = try await Courses.complete(
            course: c.course, chosen: chosen, code: code, partnershipID: partnershipID, on: req.db)
        return req.redirect(
            to: SiteURL.publicCourseComplete(slug: c.slug, course: c.course.id, code: completion.code).path,
            redirectType: .normal)
    }

    private func completion(_ req: Request, _ c: Context) async throws -> CourseCompletion {
        guard let code = req.parameters.get("code"),
            let completion = try await Courses.find(
                code: code, courseID: c.course.id, partnershipID: c.partnership.requireID(), on: req.db)
        else {
            throw NotFound("certificate")
        }
        return completion
    }

    private func completePage(
        _ req: Request, _ c: Context, _ completion: CourseCompletion, errors: [FormError] = [], saved: Bool = false,
        audience: String? = nil, area: String? = nil
    ) async throws -> Response {
        let partnershipID = try c.partnership.requireID()
        let audiences = try await PartnershipSettings.items(Audience.self, partnershipID: partnershipID, on: req.db)
        let areas = try await Courses.areas(partnershipID: partnershipID, on: req.db)
        let model = CoursePages.CompleteModel(
            slug: c.slug, courseID: c.course.id, courseTitle: c.course.title, code: completion.code,
            score: completion.score, outOf: completion.outOf,
            marked: Self.marked(c.course, chosen: completion.chosen),
            audiences: audiences.map { ($0.id!.uuidString, $0.name) }, areas: areas.map { ($0, $0) },
            audience: audience ?? completion.audienceID?.uuidString, area: area ?? completion.area, saved: saved,
            errors: errors)
        return CoursePages.complete(model, csrf: req.csrfToken).htmlResponse(errors.isEmpty ? .ok : .badRequest)
    }

    func complete(req: Request) async throws -> Response {
        let c = try await context(req)
        return try await completePage(
            req, c, try await completion(req, c), saved: req.query[String.self, at: "saved"] == "1")
    }

    func describe(req: Request) async throws -> Response {
        let c = try await context(req)
        let completion = try await completion(req, c)
        let form = FormPairs(req)
        let audienceText = form.first("audience") ?? ""
        let areaText = form.first("area") ?? ""
        let audienceID = UUID(uuidString: audienceText)
        var errors: [FormError] = []
        if !audienceText.isEmpty && audienceID == nil {
            errors.append(FormError(field: "audience", message: "Choose one of the groups listed"))
        }
        if errors.isEmpty {
            do {
                try await Courses.describe(
                    completion, audienceID: audienceID, area: areaText.isEmpty ? nil : areaText,
                    areas: try await Courses.areas(partnershipID: c.partnership.requireID(), on: req.db), on: req.db)
            } catch let problems as FieldErrors {
                errors = problems.formErrors
            }
        }
        if !errors.isEmpty {
            return try await completePage(req, c, completion, errors: errors, audience: audienceText, area: areaText)
        }
        return req.redirect(
            to: SiteURL.publicCourseComplete(slug: c.slug, course: c.course.id, code: completion.code).path
                + "?saved=1", redirectType: .normal)
    }

    func certificate(req: Request) async throws -> Response {
        let c = try await context(req)
        let completion = try await completion(req, c)
        // Shown for printing only: never stored, never logged (the log records paths, not queries).
        let name = String(
            (req.query[String.self, at: "name"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(80))
        let model = CoursePages.CertificateModel(
            slug: c.slug, courseID: c.course.id, code: completion.code, partnershipName: c.partnership.name,
            courseTitle: c.course.title,
            date: UKTime.longDate(completion.completedAt), score: completion.score, outOf: completion.outOf,
            keyMessages: c.course.keyMessages,
            report: c.course.report, name: name)
        return CoursePages.certificate(model).htmlResponse()
    }
}
