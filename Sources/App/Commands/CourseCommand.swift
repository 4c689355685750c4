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
