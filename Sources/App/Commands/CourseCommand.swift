import Foundation
import SaferCyberCore
import Vapor

/// What the `check-…` commands share: read the file, print "OK — …" or every problem with its line, and exit 1
/// when there are problems (saying who is held up until they are fixed).
enum ContentFileCheck {
    static func run<T>(
        _ path: String, _ context: CommandContext, read: (Data) -> Result<T, ScenarioFile.Invalid>,
        summary: (T) -> String, blocked: String
    ) async throws {
        try await StartupError.exitOnFailure {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw StartupError("Cannot read \(path).")
            }
            switch read(data) {
            case .success(let value):
                context.console.print("\(path): OK — \(summary(value))")
            case .failure(let invalid):
                for problem in invalid.problems { context.console.print("\(path): \(problem)") }
                let count = invalid.problems.count
                throw StartupError(
                    "\(path) has \(count) problem\(count == 1 ? "" : "s"); \(blocked) until \(count == 1 ? "it is" : "they are") fixed."
                )
            }
        }
    }

    /// Prints the files of a deployment's folder that cannot be used, and the command that says why.
    static func printRejected(
        _ rejected: [(file: String, problems: [ScenarioProblem])], command: String, _ context: CommandContext
    ) {
        for (file, problems) in rejected {
            context.console.print(
                "\(file): not used, \(problems.count) problem\(problems.count == 1 ? "" : "s") (run safercyber \(command) on it)"
            )
        }
    }
}

/// `safercyber check-course FILE` reports every mistake in a course file with its line, and exits with 1 when
/// there are any (docs/courses.md).
struct CheckCourseCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "The course file to check") var file: String
    }

    var help: String { "Checks an awareness course file and reports every problem with its line." }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await ContentFileCheck.run(
            signature.file, context, read: CourseFile.read,
            summary: { course in
                "course “\(course.title)” (id \(course.id)), \(course.pages.count) pages, \(course.quiz.questions.count) quiz questions "
                    + "(pass mark \(course.quiz.passMark)), \(course.minutes) minutes"
                    + (course.countsAsFriends ? ", counts as a Friend." : ".")
            }, blocked: "residents cannot take it")
    }
}

/// `safercyber courses` lists the courses partnerships can offer: shipped, and COURSES_DIR's.
struct CoursesCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Lists the awareness courses available, and any files in COURSES_DIR that cannot be used." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let library = CourseLibrary(
            extraFolder: context.application.config.coursesDirectory.map { URL(fileURLWithPath: $0) })
        for course in library.courses {
            context.console.print("\(course.id)\t\(course.minutes) min\t\(course.title)")
        }
        ContentFileCheck.printRejected(library.rejected, command: "check-course", context)
    }
}

/// `safercyber check-questions FILE` reports every mistake in a resilience check's question file, with its line
/// (docs/resilience-checks.md).
struct CheckQuestionsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "The question file to check") var file: String
    }

    var help: String { "Checks a resilience check's question file and reports every problem with its line." }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await ContentFileCheck.run(
            signature.file, context, read: CheckFile.read,
            summary: { set in
                "“\(set.title)” (id \(set.id), version \(set.version)), \(set.areas.count) areas, \(set.questions.count) questions."
            }, blocked: "organisations cannot use it")
    }
}

/// `safercyber checks` lists the resilience checks organisations can take: shipped, and CHECKS_DIR's.
struct ChecksCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String {
        "Lists the resilience checks available (newest version of each), and any files in CHECKS_DIR that cannot be used."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let library = CheckLibrary(
            extraFolder: context.application.config.checksDirectory.map { URL(fileURLWithPath: $0) })
        for set in library.current {
            context.console.print("\(set.id)\tversion \(set.version)\t\(set.questions.count) questions\t\(set.title)")
        }
        ContentFileCheck.printRejected(library.rejected, command: "check-questions", context)
    }
}
