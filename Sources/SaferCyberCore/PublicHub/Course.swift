import Foundation

/// A short self-paced awareness course: a few pages, each with one check question, then a final quiz.
/// Courses are content files (docs/courses.md) so partners can write their own without a release.
public struct Course: Codable, Sendable, Equatable {
    public static let format = "safercyber-course-1"

    public struct Question: Codable, Sendable, Equatable {
        public var question: String
        public var options: [String]
        /// Index of the right option, from 0.
        public var correct: Int
        /// Why the right answer is right; shown whatever was chosen.
        public var explanation: String
    }

    public struct Page: Codable, Sendable, Equatable {
        public var id: String
        public var title: String
        public var paragraphs: [String]
        /// Short "do this" points shown as a list after the paragraphs.
        public var tips: [String]?
        public var check: Question
    }

    public struct Quiz: Codable, Sendable, Equatable {
        /// Right answers needed to complete the course.
        public var passMark: Int
        public var questions: [Question]
    }

    public var format: String
    public var id: String
    public var title: String
    public var summary: String
    public var audience: String
    public var minutes: Int
    /// Whether a completion counts as a "Friend" (the awareness-scheme session it stands in for).
    public var countsAsFriends: Bool
    public var pages: [Page]
    public var quiz: Quiz
    /// What the certificate says the person now knows.
    public var keyMessages: [String]
    /// Where to report, shown at the end.
    public var report: String
}

/// Reading and checking course files: the game scenarios' reader (with line numbers) and shape checker.
public enum CourseFile {
    public typealias Invalid = ScenarioFile.Invalid

    static let question = ScenarioSchema.Shape.object([
        ScenarioSchema.field("question", ScenarioSchema.text),
        ScenarioSchema.field("options", ScenarioSchema.texts(minimum: 2)),
        ScenarioSchema.field("correct", .integer(0...9)), ScenarioSchema.field("explanation", ScenarioSchema.text),
    ])

    static let shape = ScenarioSchema.Shape.object([
        ScenarioSchema.field("format", .oneOf([Course.format])), ScenarioSchema.field("id", ScenarioSchema.text),
        ScenarioSchema.field("title", ScenarioSchema.text), ScenarioSchema.field("summary", ScenarioSchema.text),
        ScenarioSchema.field("audience", ScenarioSchema.text), ScenarioSchema.field("minutes", .integer(2...60)),
        ScenarioSchema.field("countsAsFriends", .boolean),
        ScenarioSchema.field(
            "pages",
            .list(
                .object([
                    ScenarioSchema.field("id", ScenarioSchema.text), ScenarioSchema.field("title", ScenarioSchema.text),
                    ScenarioSchema.field("paragraphs", ScenarioSchema.texts(minimum: 1)),
                    ScenarioSchema.optional("tips", ScenarioSchema.texts(minimum: 1)),
                    ScenarioSchema.field("check", question),
                ]), minimum: 1)),
        ScenarioSchema.field(
            "quiz",
            .object([
                ScenarioSchema.field("passMark", .integer(1...50)),
                ScenarioSchema.field("questions", .list(question, minimum: 1)),
            ])),
        ScenarioSchema.field("keyMessages", ScenarioSchema.texts(minimum: 1)),
        ScenarioSchema.field("report", ScenarioSchema.text),
    ])

    /// The course in `data`, or every problem found in it.
    public static func read(_ data: Data) -> Result<Course, Invalid> {
        ContentFile.read(data, shape: shape, as: Course.self, checks: check)
    }

    /// What the shape cannot say: answers that exist, a pass mark that can be reached, ids fit for an address.
    static func check(_ course: Course, _ checks: inout ScenarioChecks) {
        let addressable = ContentFile.isAddressable
        if !addressable(course.id) {
            checks.add("id", "use only small letters, digits and hyphens (it becomes part of the page address)")
        }
        checks.unique(course.pages.map(\.id), "pages")
        for (i, page) in course.pages.enumerated() {
            if !addressable(page.id) {
                checks.add(
                    "pages[\(i)].id", "use only small letters, digits and hyphens (it becomes part of the page address)"
                )
            }
            if page.id == "quiz" || page.id == "complete" || page.id == "certificate" {
                checks.add("pages[\(i)].id", "“\(page.id)” is kept for the course's own pages; choose another id")
            }
            check(page.check, "pages[\(i)].check", &checks)
        }
        for (i, question) in course.quiz.questions.enumerated() { check(question, "quiz.questions[\(i)]", &checks) }
        if course.quiz.passMark > course.quiz.questions.count {
            checks.add(
                "quiz.passMark",
                "is \(course.quiz.passMark) but the quiz has only \(course.quiz.questions.count) questions, so nobody could pass"
            )
        }
    }

    static func check(_ question: Course.Question, _ path: String, _ checks: inout ScenarioChecks) {
        if !question.options.indices.contains(question.correct) {
            checks.add(
                "\(path).correct",
                "is \(question.correct) but the options are numbered 0 to \(question.options.count - 1)")
        }
        if Set(question.options.map { $0.lowercased() }).count != question.options.count {
            checks.add("\(path).options", "two options say the same thing")
        }
    }
}

/// The courses a partnership can offer: the ones shipped with SaferCyber plus any in COURSES_DIR.
public struct CourseLibrary: Sendable {
    public private(set) var courses: [Course]
    public private(set) var rejected: [(file: String, problems: [ScenarioProblem])]

    public init(extraFolder: URL? = nil) {
        var courses: [Course] = []
        var rejected: [(file: String, problems: [ScenarioProblem])] = []
        for (name, data) in ContentFile.files(shipped: "Courses", extra: extraFolder) {
            switch CourseFile.read(data) {
            case .success(let course):
                if courses.contains(where: { $0.id == course.id }) {
                    rejected.append(
                        (
                            name,
                            [
                                ScenarioProblem(
                                    line: nil, path: "id", message: "another course already uses the id “\(course.id)”")
                            ]
                        ))
                } else {
                    courses.append(course)
                }
            case .failure(let invalid):
                rejected.append((name, invalid.problems))
            }
        }
        self.courses = courses
        self.rejected = rejected
    }

    public func course(_ id: String) -> Course? { courses.first { $0.id == id } }

    public static let shipped = CourseLibrary()
}
