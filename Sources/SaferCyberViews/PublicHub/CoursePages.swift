import Plot

/// Awareness courses for residents, without an account: the list, a course's start, its pages (each with a check
/// question answered in place), the final quiz, the result and the certificate.
public enum CoursePages {
    public struct Summary: Sendable {
        public var id: String
        public var title: String
        public var summary: String
        public var audience: String
        public var minutes: Int
        public init(id: String, title: String, summary: String, audience: String, minutes: Int) {
            self.id = id
            self.title = title
            self.summary = summary
            self.audience = audience
            self.minutes = minutes
        }
    }

    static func chrome(_ slug: String) -> Chrome { .publicPage(slug: slug) }

    static func back(_ url: String) -> Node<HTML.BodyContext> { .p(.a(.class("back-link"), .href(url), .text("Back"))) }

    // MARK: list

    public static func list(slug: String, partnershipName: String, courses: [Summary]) -> String {
        Page.render(
            title: "Short courses – \(partnershipName)", chrome: chrome(slug),
            content: .div(
                back(SiteURL.publicHome(slug: slug).path),
                .h1(.text("Short courses")),
                .p(
                    .class("lead"),
                    .text(
                        "Learn the basics of staying safe online in 10 to 20 minutes, on your phone or computer. No account needed. Finish the quiz at the end to get a certificate."
                    )),
                courses.isEmpty
                    ? .p(.text("There are no courses at the moment."))
                    : .ul(
                        .class("course-list"),
                        .forEach(courses) { course in
                            .li(
                                .h2(
                                    .a(
                                        .href(SiteURL.publicCourse(slug: slug, course: course.id).path),
                                        .text(course.title))),
                                .p(.text(course.summary)),
                                .p(.class("hint"), .text("About \(course.minutes) minutes · For: \(course.audience)")))
                        })
            ))
    }

    // MARK: start

    public static func start(slug: String, course: Summary, pageTitles: [String], firstPage: String) -> String {
        Page.render(
            title: "\(course.title) – short course", chrome: chrome(slug),
            content: .div(
                back(SiteURL.publicCourses(slug: slug).path),
                .span(.class("caption"), .text("Short course")),
                .h1(.text(course.title)),
                .p(.class("lead"), .text(course.summary)),
                .p(
                    .text(
                        "It takes about \(course.minutes) minutes. There are \(pageTitles.count) short pages, each with a question to check what you have read, then a quiz. We do not ask for your name."
                    )),
                .h2(.text("What you will learn")),
                .ol(.forEach(pageTitles) { .li(.text($0)) }),
                .p(
                    .a(
                        .class("button"),
                        .href(SiteURL.publicCoursePage(slug: slug, course: course.id, page: firstPage).path),
                        .text("Start the course")))
            ))
    }

    // MARK: a page and its check question

    public struct Feedback: Sendable {
        public var right: Bool
        public var correctOption: String
        public var explanation: String
        public init(right: Bool, correctOption: String, explanation: String) {
            self.right = right
            self.correctOption = correctOption
            self.explanation = explanation
        }
    }

    public struct ReadModel: Sendable {
        public var slug: String
        public var courseID: String
        public var courseTitle: String
        public var pageID: String
        public var number: Int
        public var count: Int
        public var title: String
        public var paragraphs: [String]
        public var tips: [String]
        public var question: String
        public var options: [String]
        public var chosen: Int?
        public var feedback: Feedback?
        /// The check question was sent without an answer.
        public var missing: Bool
        public var next: String
        public var nextLabel: String
        public var back: String
        public init(
            slug: String, courseID: String, courseTitle: String, pageID: String, number: Int, count: Int, title: String,
            paragraphs: [String], tips: [String], question: String, options: [String], chosen: Int?,
            feedback: Feedback?,
            missing: Bool, next: String, nextLabel: String, back: String
        ) {
            self.slug = slug
            self.courseID = courseID
            self.courseTitle = courseTitle
            self.pageID = pageID
            self.number = number
            self.count = count
            self.title = title
            self.paragraphs = paragraphs
            self.tips = tips
            self.question = question
            self.options = options
            self.chosen = chosen
            self.feedback = feedback
            self.missing = missing
            self.next = next
            self.nextLabel = nextLabel
            self.back = back
        }
    }

    public static func read(_ m: ReadModel) -> String {
        let errors = m.missing ? [FormError(field: "answer", message: "Choose an answer to check")] : []
        let options = m.options.enumerated().map { (value: "\($0.offset)", label: $0.element) }
        let pageURL = SiteURL.publicCoursePage(slug: m.slug, course: m.courseID, page: m.pageID).path
        return Page.render(
            title: (errors.isEmpty ? "" : "Error: ") + "\(m.title) – \(m.courseTitle)", chrome: chrome(m.slug),
            content: .div(
                back(m.back),
                Form.errorSummary(errors),
                .span(.class("caption"), .text("\(m.courseTitle) · page \(m.number) of \(m.count)")),
                .h1(.text(m.title)),
                .forEach(m.paragraphs) { .p(.text($0)) },
                .if(
                    !m.tips.isEmpty,
                    .div(
                        .class("notice"), .h2(.class("heading-small"), .text("What to do")),
                        .ul(.forEach(m.tips) { .li(.text($0)) }))),
                .h2(.text("Check what you have read")),
                .form(
                    .method(.get), .action(pageURL + "#feedback"),
                    .element(
                        named: "div",
                        nodes: [
                            Form.radios(
                                name: "answer", legend: m.question, options: options,
                                selected: m.chosen.map { "\($0)" }, errors: errors),
                            .if(m.feedback == nil, Form.submit("Check my answer")),
                        ])),
                .unwrap(m.feedback) { feedback in
                    .div(
                        .class(feedback.right ? "panel panel-success" : "panel panel-problem"), .id("feedback"),
                        .attribute(named: "tabindex", value: "-1"),
                        .h3(.text(feedback.right ? "Correct" : "Not quite")),
                        .if(!feedback.right, .p(.strong(.text("The answer is: ")), .text(feedback.correctOption))),
                        .p(.text(feedback.explanation)))
                },
                .p(.a(.class(m.feedback == nil ? "button secondary" : "button"), .href(m.next), .text(m.nextLabel)))
            ))
    }

    // MARK: quiz

    public struct QuizQuestion: Sendable {
        public var question: String
        public var options: [String]
        public init(question: String, options: [String]) {
            self.question = question
            self.options = options
        }
    }

    /// A question as marked, for the result pages.
    public struct Marked: Sendable {
        public var question: String
        public var chosen: String
        public var correct: String
        public var right: Bool
        public var explanation: String
        public init(question: String, chosen: String, correct: String, right: Bool, explanation: String) {
            self.question = question
            self.chosen = chosen
            self.correct = correct
            self.right = right
            self.explanation = explanation
        }
    }

    public struct QuizModel: Sendable {
        public var slug: String
        public var courseID: String
        public var courseTitle: String
        public var questions: [QuizQuestion]
        public var chosen: [Int?]
        public var attempt: String
        public var passMark: Int
        public var errors: [FormError]
        /// Set when the quiz was sent and not passed.
        public var failed: (score: Int, marked: [Marked])?
        public var back: String
        public init(
            slug: String, courseID: String, courseTitle: String, questions: [QuizQuestion], chosen: [Int?],
            attempt: String, passMark: Int,
            errors: [FormError], failed: (score: Int, marked: [Marked])?, back: String
        ) {
            self.slug = slug
            self.courseID = courseID
            self.courseTitle = courseTitle
            self.questions = questions
            self.chosen = chosen
            self.attempt = attempt
            self.passMark = passMark
            self.errors = errors
            self.failed = failed
            self.back = back
        }
    }

    public static func quiz(_ m: QuizModel, csrf: String) -> String {
        let quizURL = SiteURL.publicCourseQuiz(slug: m.slug, course: m.courseID)
        if let failed = m.failed {
            return Page.render(
                title: "Quiz result – \(m.courseTitle)", chrome: chrome(m.slug),
                content: .div(
                    .span(.class("caption"), .text(m.courseTitle)),
                    .h1(.text("You scored \(failed.score) out of \(m.questions.count)")),
                    .p(
                        .class("lead"),
                        .text(
                            "You need \(m.passMark) to finish the course. Read why each answer is right, then try the quiz again."
                        )),
                    review(failed.marked),
                    .p(.a(.class("button"), .href(quizURL.path), .text("Try the quiz again"))),
                    .p(
                        .a(
                            .href(SiteURL.publicCourse(slug: m.slug, course: m.courseID).path),
                            .text("Read the course again")))
                ))
        }
        let fields: [Node<HTML.BodyContext>] = m.questions.enumerated().map { index, question in
            Form.radios(
                name: "q\(index)", legend: "\(index + 1). \(question.question)",
                options: question.options.enumerated().map { (value: "\($0.offset)", label: $0.element) },
                selected: (index < m.chosen.count ? m.chosen[index] : nil).map { "\($0)" }, errors: m.errors)
        }
        return Page.render(
            title: (m.errors.isEmpty ? "" : "Error: ") + "Quiz – \(m.courseTitle)", chrome: chrome(m.slug),
            content: .div(
                back(m.back),
                Form.errorSummary(m.errors),
                .span(.class("caption"), .text(m.courseTitle)),
                .h1(.text("Quiz")),
                .p(
                    .text(
                        "Answer all \(m.questions.count) questions. Get \(m.passMark) or more right to finish the course and get your certificate."
                    )),
                .form(
                    .method(.post), .action(quizURL.path), .attribute(named: "novalidate"),
                    .element(
                        named: "div",
                        nodes: [
                            Form.csrfField(csrf), Form.hidden("attempt", m.attempt),
                            .group(fields),
                            Form.submit("Send my answers"),
                        ]))
            ))
    }

    static func review(_ marked: [Marked]) -> Node<HTML.BodyContext> {
        .ol(
            .class("quiz-review"),
            .forEach(marked) { item in
                .li(
                    .class(item.right ? "panel panel-success" : "panel panel-problem"),
                    .p(.strong(.text(item.question))),
                    .p(.text((item.right ? "Correct: " : "Your answer: ") + item.chosen)),
                    .if(!item.right, .p(.text("The answer is: " + item.correct))),
                    .p(.text(item.explanation)))
            })
    }

    // MARK: completed
}
