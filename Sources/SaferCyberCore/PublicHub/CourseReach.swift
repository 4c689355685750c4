import FluentKit
import Foundation

/// Awareness courses completed online, for the engagement figures: by quarter, course, and the audience and area
/// people chose to give. Completions of courses that stand in for a "Friend" session are counted as Friends too.
public struct CourseReach: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public var label: String
        public var completions: Int
        public var friends: Int
    }

    public var byQuarter: [(quarter: Int, line: Line)]
    public var byCourse: [Line]
    public var byAudience: [Line]
    public var byArea: [Line]
    public var total: Line

    public static func == (a: CourseReach, b: CourseReach) -> Bool {
        a.byQuarter.map(\.quarter) == b.byQuarter.map(\.quarter) && a.byQuarter.map(\.line) == b.byQuarter.map(\.line)
            && a.byCourse == b.byCourse && a.byAudience == b.byAudience && a.byArea == b.byArea && a.total == b.total
    }

    public static func build(
        partnershipID: UUID, fromQuarter: Int, toQuarter: Int, library: CourseLibrary = .shipped,
        on db: any Database
    ) async throws -> CourseReach {
        let start = Quarter.span(fromQuarter).start
        let end = Quarter.span(toQuarter).end
        let rows = try await CourseCompletion.query(on: db).filter(\.$partnership.$id == partnershipID)
            .filter(\.$completedAt >= start).filter(\.$completedAt < end).all()
        let audiences = Dictionary(
            try await Audience.query(on: db).filter(\.$partnership.$id == partnershipID).all().compactMap { a in
                a.id.map { ($0, a.name) }
            },
            uniquingKeysWith: { a, _ in a })
        func line(_ label: String, _ group: [CourseCompletion]) -> Line {
            Line(label: label, completions: group.count, friends: group.filter(\.countsAsFriend).count)
        }
        func lines(_ groups: [String: [CourseCompletion]]) -> [Line] {
            groups.map { line($0.key, $0.value) }.sorted { ($0.completions, $1.label) > ($1.completions, $0.label) }
        }
        let perQuarter = Dictionary(grouping: rows) { Quarter.of(date: $0.completedAt) }
        return CourseReach(
            byQuarter: Quarter.between(fromQuarter, toQuarter).map {
                ($0, line(Quarter.label($0), perQuarter[$0] ?? []))
            },
            byCourse: lines(Dictionary(grouping: rows) { library.course($0.courseID)?.title ?? $0.courseID }),
            byAudience: lines(Dictionary(grouping: rows) { $0.audienceID.flatMap { audiences[$0] } ?? "Not given" }),
            byArea: lines(Dictionary(grouping: rows) { $0.area ?? "Not given" }),
            total: line("All courses", rows))
    }
}
