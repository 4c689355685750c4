import FluentKit
import Foundation

/// Offering courses, marking quizzes, recording completions and counting them for the engagement figures.
public enum Courses {
    /// A marked quiz: which answers were right, the score, and whether it passes.
    public struct Mark: Sendable, Equatable {
        public var right: [Bool]
        public var unanswered: [Int]
        public var score: Int { right.filter { $0 }.count }
        public var outOf: Int { right.count }
        public var passed: Bool
    }

    /// Marks `chosen` (option numbers, nil where unanswered) against the course's quiz.
    public static func mark(_ course: Course, chosen: [Int?]) -> Mark {
        let questions = course.quiz.questions
        let answers = questions.indices.map { $0 < chosen.count ? chosen[$0] : nil }
        let right = zip(questions, answers).map { question, answer in answer == question.correct }
        let unanswered = answers.enumerated().filter { $0.element == nil }.map(\.offset)
        return Mark(
            right: right, unanswered: unanswered,
            passed: unanswered.isEmpty && right.filter { $0 }.count >= course.quiz.passMark)
    }

    /// The installed courses this partnership offers (all, less those a coordinator switched off), in library order.
    public static func offered(partnershipID: UUID, library: CourseLibrary, on db: any Database) async throws
        -> [Course]
    {
        let off = try await switchedOff(partnershipID: partnershipID, on: db)
        return library.courses.filter { !off.contains($0.id) }
    }

    public static func switchedOff(partnershipID: UUID, on db: any Database) async throws -> Set<String> {
        Set(
            try await CourseChoice.query(on: db).filter(\.$partnership.$id == partnershipID).filter(\.$enabled == false)
                .all().map(\.courseID))
    }

    /// Offers exactly the courses in `enabled` (ids of installed courses; others are ignored).
    public static func choose(
        enabled: Set<String>, partnershipID: UUID, library: CourseLibrary, by actor: ActingUser, on db: any Database
    ) async throws {
        let before = try await switchedOff(partnershipID: partnershipID, on: db)
        let after = Set(library.courses.map(\.id)).subtracting(enabled)
        guard before != after else { return }
        try await db.write { tx in
            try await CourseChoice.query(on: tx).filter(\.$partnership.$id == partnershipID).delete()
            for id in after.sorted() {
                let choice = CourseChoice()
                choice.$partnership.id = partnershipID
                choice.courseID = id
                choice.enabled = false
                try await choice.create(on: tx)
            }
            let names = { (ids: Set<String>) in ids.isEmpty ? "none" : ids.sorted().joined(separator: ", ") }
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .update, entity: "courses", entityID: nil,
                summary: "Changed the courses offered; switched off: \(names(after)) (was: \(names(before)))")
        }
    }

    /// Records a passed quiz once per attempt code (sending the form twice gives the same completion). Refuses a
    /// quiz that does not pass or an attempt code that could not have come from the quiz page.
    public static func complete(
        course: Course, chosen: [Int?], code: String, partnershipID: UUID, at now: Date = Date(),
        on db: any Database
    ) async throws -> CourseCompletion {
        guard isCode(code) else { throw FieldErrors("quiz", "This quiz page has expired. Start the quiz again.") }
        let mark = mark(course, chosen: chosen)
        guard mark.passed else { throw FieldErrors("quiz", "The quiz was not passed") }
        if let existing = try await find(code: code, courseID: course.id, partnershipID: partnershipID, on: db) {
            return existing
        }
        let completion = CourseCompletion()
        completion.$partnership.id = partnershipID
        completion.courseID = course.id
        completion.completedAt = now
        completion.answers = chosen.prefix(course.quiz.questions.count).map { $0.map(String.init) ?? "" }.joined(
            separator: ",")
        completion.score = mark.score
        completion.outOf = mark.outOf
        completion.code = code
        completion.countsAsFriend = course.countsAsFriends
        do {
            try await db.write { tx in try await completion.create(on: tx) }
        } catch {
            // The same attempt sent twice at once: the first one counts.
            guard (error as? any DatabaseError)?.isConstraintFailure == true,
                let existing = try await find(code: code, courseID: course.id, partnershipID: partnershipID, on: db)
            else { throw error }
            return existing
        }
        return completion
    }

    public static func isCode(_ code: String) -> Bool {
        (16...64).contains(code.count)
            && code.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    public static func find(code: String, courseID: String, partnershipID: UUID, on db: any Database) async throws
        -> CourseCompletion?
    {
        guard isCode(code) else { return nil }
        return try await CourseCompletion.query(on: db).filter(\.$partnership.$id == partnershipID).filter(
            \.$courseID == courseID
        )
        .filter(\.$code == code).first()
    }

    /// What the person chose to tell us after completing: an audience of the partnership and an area from `areas`
    /// (anything else is refused, so nothing typed is ever stored). nil clears the answer.
    public static func describe(
        _ completion: CourseCompletion, audienceID: UUID?, area: String?, areas: [String], on db: any Database
    ) async throws {
        var errors = FieldErrors()
        if let audienceID {
            let known = try await Audience.find(audienceID, on: db)
            if known?.partnershipID != completion.$partnership.id {
                errors.add("audience", "Choose one of the groups listed")
            }
        }
        if let area, !areas.contains(area) { errors.add("area", "Choose one of the areas listed") }
        try errors.throwIfAny()
        completion.audienceID = audienceID
        completion.area = area
        try await db.write { tx in try await completion.save(on: tx) }
    }

    /// Areas a person may choose from: those the partnership's public events are held in.
    public static func areas(partnershipID: UUID, on db: any Database) async throws -> [String] {
        let areas = try await Event.query(on: db).filter(\.$partnership.$id == partnershipID).all().map {
            $0.area.trimmingCharacters(in: .whitespaces)
        }
        // Online events have no place; "where do you live?" lists real places only.
        return Set(areas.filter { !$0.isEmpty && $0.lowercased() != "online" }).sorted()
    }
}
