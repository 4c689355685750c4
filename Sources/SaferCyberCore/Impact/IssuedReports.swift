import FluentKit
import Foundation

/// A board report once a coordinator has issued it (issue 23): its page and figures as they were, so a later import
/// never changes a report already tabled.
public final class IssuedReport: Model, @unchecked Sendable {
    public static let schema = "issued_reports"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "partnership_id") public var partnership: Partnership
    /// The calendar quarter (yyyyq).
    @Field(key: "quarter") public var quarter: Int
    @Field(key: "issued_at") public var issuedAt: Date
    /// The name of the person who issued it, as it read then.
    @Field(key: "issued_by") public var issuedBy: String
    /// The report's body as rendered when issued (server-made HTML: every value was escaped when it was written).
    @Field(key: "html") public var html: String
    /// The figures' rows (quarter, section, measure, breakdown, value, rule) as JSON.
    @Field(key: "figures") public var figures: String

    public init() {}
}

/// A coordinator's commentary on one section of a quarter's report, written before it is issued.
public final class ReportComment: Model, @unchecked Sendable {
    public static let schema = "report_comments"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "partnership_id") public var partnership: Partnership
    @Field(key: "quarter") public var quarter: Int
    @Field(key: "section") public var section: String
    @Field(key: "text") public var text: String
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}
}

public enum IssuedReports {
    /// The sections a coordinator may comment on, in the report's order, with their headings.
    public enum Section: String, CaseIterable, Sendable {
        case summary, crime, delivery, outcomes, indicators, scrutiny
        public var heading: String {
            switch self {
            case .summary: "At a glance"
            case .crime: "The crime picture"
            case .delivery: "What we delivered"
            case .outcomes: "Outcomes"
            case .indicators: "Indicators"
            case .scrutiny: "Scrutiny recommendations"
            }
        }
    }

    /// The longest commentary on one section.
    public static let commentLimit = 3000

    public static func find(partnershipID: UUID, quarter: Int, on db: any Database) async throws -> IssuedReport? {
        try await IssuedReport.query(on: db).filter(\.$partnership.$id == partnershipID)
            .filter(\.$quarter == quarter).first()
    }

    /// Every issued quarter of the partnership, latest first.
    public static func issuedQuarters(partnershipID: UUID, on db: any Database) async throws -> [Int] {
        try await IssuedReport.query(on: db).filter(\.$partnership.$id == partnershipID).sort(\.$quarter, .descending)
            .all().map(\.quarter)
    }

    public static func comments(partnershipID: UUID, quarter: Int, on db: any Database) async throws -> [Section:
        String]
    {
        let rows = try await ReportComment.query(on: db).filter(\.$partnership.$id == partnershipID)
            .filter(\.$quarter == quarter).all()
        return rows.reduce(into: [:]) { result, row in
            if let section = Section(rawValue: row.section), !row.text.isEmpty { result[section] = row.text }
        }
    }

    /// Saves (or clears, when blank) the commentary on a section; refused once the quarter's report is issued.
    public static func setComment(
        _ text: String, section: Section, partnershipID: UUID, quarter: Int, by actor: ActingUser,
        on db: any Database, now: Date = Date()
    ) async throws {
        // Line breaks kept (as "\n"); every other control character becomes a space.
        let cleaned = text.replacingControlCharacters(keepingLineBreaks: true).trimmingSpaces()
        guard cleaned.unicodeScalars.count <= commentLimit else {
            throw FieldErrors(
                "comment-\(section.rawValue)", "Commentary must be \(commentLimit) characters or fewer")
        }
        try await db.write { tx in
            if try await find(partnershipID: partnershipID, quarter: quarter, on: tx) != nil {
                throw FieldErrors(
                    "comment-\(section.rawValue)", "This report has been issued: its commentary can no longer change")
            }
            let existing = try await ReportComment.query(on: tx).filter(\.$partnership.$id == partnershipID)
                .filter(\.$quarter == quarter).filter(\.$section == section.rawValue).first()
            let row = existing ?? ReportComment()
            row.$partnership.id = partnershipID
            row.quarter = quarter
            row.section = section.rawValue
            row.text = cleaned
            row.updatedAt = now
            try await row.save(on: tx)
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .update, entity: "board-report",
                entityID: "\(quarter)",
                summary: "Wrote the board report's commentary on \(section.heading.lowercased())")
        }
    }

    /// Freezes a quarter's report: its page and figures as they are now. A quarter is issued once, after it has
    /// ended.
    public static func issue(
        partnershipID: UUID, quarter: Int, html: String, figures: [[String]], issuedBy name: String,
        by actor: ActingUser, on db: any Database, now: Date = Date()
    ) async throws {
        guard Quarter.span(quarter).end <= now else {
            throw FieldErrors("quarter", "A quarter's report can be issued once the quarter has ended")
        }
        let json = String(decoding: try JSONEncoder().encode(figures), as: UTF8.self)
        try await db.write { tx in
            if try await find(partnershipID: partnershipID, quarter: quarter, on: tx) != nil {
                throw FieldErrors("quarter", "This quarter's report has already been issued")
            }
            let report = IssuedReport()
            report.$partnership.id = partnershipID
            report.quarter = quarter
            report.issuedAt = now
            report.issuedBy = name
            report.html = html
            report.figures = json
            try await report.save(on: tx)
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .create, entity: "board-report",
                entityID: "\(quarter)", summary: "Issued the board report for \(Quarter.label(quarter))")
        }
    }

    public static func figures(of report: IssuedReport) -> [[String]] {
        (try? JSONDecoder().decode([[String]].self, from: Data(report.figures.utf8))) ?? []
    }

    /// What has changed since a report was issued: each figure (section, measure, breakdown) whose value now
    /// differs, that is new, or that is gone, in the issued report's order.
    public static func changes(issued: [[String]], live: [[String]]) -> [String] {
        func key(_ row: [String]) -> String? { row.count >= 5 ? row[1...3].joined(separator: "\u{1F}") : nil }
        func name(_ row: [String]) -> String {
            let parts = [row[1], row[2], row[3]].filter { !$0.isEmpty }
            return parts.joined(separator: " – ")
        }
        var liveValues: [String: String] = [:]
        for row in live { if let k = key(row) { liveValues[k] = row[4] } }
        var seen = Set<String>()
        var result: [String] = []
        for row in issued {
            guard let k = key(row), seen.insert(k).inserted else { continue }
            if let now = liveValues[k] {
                if now != row[4] { result.append("\(name(row)): \(row[4]) when issued, \(now) now") }
            } else {
                result.append("\(name(row)): \(row[4]) when issued, no longer in the report")
            }
        }
        for row in live {
            guard let k = key(row), !seen.contains(k) else { continue }
            seen.insert(k)
            result.append("\(name(row)): not in the issued report, \(row[4]) now")
        }
        return result
    }
}

struct CreateIssuedReports: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(IssuedReport.schema)
            .id()
            .field("partnership_id", .uuid, .required, .references(Partnership.schema, "id"))
            .field("quarter", .int, .required)
            .field("issued_at", .datetime, .required)
            .field("issued_by", .string, .required)
            .field("html", .string, .required)
            .field("figures", .string, .required)
            .unique(on: "partnership_id", "quarter")
            .create()
        try await db.schema(ReportComment.schema)
            .id()
            .field("partnership_id", .uuid, .required, .references(Partnership.schema, "id"))
            .field("quarter", .int, .required)
            .field("section", .string, .required)
            .field("text", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "partnership_id", "quarter", "section")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(ReportComment.schema).delete()
        try await db.schema(IssuedReport.schema).delete()
    }
}
