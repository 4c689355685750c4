import Foundation
import SaferCyberCore
import Vapor

/// `safercyber check-course FILE` reports every mistake in a course file with its line, and exits with 1 when
/// there are any (docs/courses.md).
struct CheckCourseCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "The course file to check") var file: String
    }

    var help: String { "Checks an awareness course file and reports every problem with its line." }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await StartupError.exitOnFailure {
            let path = signature.file
            guard let data = FileManager.default.contents(atPath: path) else { throw StartupError("Cannot read \(path).") }
            switch CourseFile.read(data) {
            case .success(let course):
                context.console.print("\(path): OK — course “\(course.title)” (id \(course.id)), \(course.pages.count) pages, "
                    + "\(course.quiz.questions.count) quiz questions (pass mark \(course.quiz.passMark)), \(course.minutes) minutes"
                    + (course.countsAsFriends ? ", counts as a Friend." : "."))
            case .failure(let invalid):
                for problem in invalid.problems { context.console.print("\(path): \(problem)") }
                let count = invalid.problems.count
                throw StartupError("\(path) has \(count) problem\(count == 1 ? "" : "s"); residents cannot take it until \(count == 1 ? "it is" : "they are") fixed.")
            }
        }
    }
}

/// `safercyber courses` lists the courses partnerships can offer: shipped, and COURSES_DIR's.
struct CoursesCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Lists the awareness courses available, and any files in COURSES_DIR that cannot be used." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let library = CourseLibrary(extraFolder: context.application.config.coursesDirectory.map { URL(fileURLWithPath: $0) })
        for course in library.courses {
            context.console.print("\(course.id)\t\(course.minutes) min\t\(course.title)")
        }
        for (file, problems) in library.rejected {
            context.console.print("\(file): not used, \(problems.count) problem\(problems.count == 1 ? "" : "s") (run safercyber check-course on it)")
        }
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
        try await StartupError.exitOnFailure {
            let path = signature.file
            guard let data = FileManager.default.contents(atPath: path) else { throw StartupError("Cannot read \(path).") }
            switch CheckFile.read(data) {
            case .success(let set):
                context.console.print("\(path): OK — “\(set.title)” (id \(set.id), version \(set.version)), \(set.areas.count) areas, \(set.questions.count) questions.")
            case .failure(let invalid):
                for problem in invalid.problems { context.console.print("\(path): \(problem)") }
                let count = invalid.problems.count
                throw StartupError("\(path) has \(count) problem\(count == 1 ? "" : "s"); organisations cannot use it until \(count == 1 ? "it is" : "they are") fixed.")
            }
        }
    }
}

/// `safercyber checks` lists the resilience checks organisations can take: shipped, and CHECKS_DIR's.
struct ChecksCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Lists the resilience checks available (newest version of each), and any files in CHECKS_DIR that cannot be used." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let library = CheckLibrary(extraFolder: context.application.config.checksDirectory.map { URL(fileURLWithPath: $0) })
        for set in library.current {
            context.console.print("\(set.id)\tversion \(set.version)\t\(set.questions.count) questions\t\(set.title)")
        }
        for (file, problems) in library.rejected {
            context.console.print("\(file): not used, \(problems.count) problem\(problems.count == 1 ? "" : "s") (run safercyber check-questions on it)")
        }
    }
}
