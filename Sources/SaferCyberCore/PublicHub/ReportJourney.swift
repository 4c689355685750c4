import FluentKit
import Foundation

/// One completed "where do I report this?" journey: only when it happened and which routes were shown.
/// No answers, no address, nothing typed: the counts are the partnership's reporting-intent indicator.
public final class ReportJourney: Model, @unchecked Sendable {
    public static let schema = "report_journeys"

    // managed fields
    @ID(key: .id) public var id: UUID?
    @Parent(key: "partnership_id") public var partnership: Partnership

    // data fields
    @Field(key: "completed_at") public var completedAt: Date
    /// The first route shown (the outcome counted), then all routes shown, comma-separated.
    @Field(key: "outcome") public var outcome: String
    @Field(key: "routes") public var routes: String
    /// A random value carried through one journey, so reloading the result page counts it once. Not linked to anyone.
    @Field(key: "token") public var token: String

    public init() {}
}

/// Counting journeys and reading the counts.
public enum ReportJourneys {
    /// Counts a completed journey once per token (a reload of the result page is not a second journey). Refuses
    /// answers that do not reach a result: a half-finished journey is not counted. Returns whether it was new.
    @discardableResult
    public static func record(
        partnershipID: UUID, answers: ReportRouter.Answers, token: String, at now: Date = Date(),
        on db: any Database
    ) async throws -> Bool {
        guard (16...64).contains(token.count),
            token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else { return false }
        let journey = try journey(partnershipID: partnershipID, answers: answers, at: now, token: token)
        do {
            return try await db.write { tx in
                let seen = try await ReportJourney.query(on: tx).filter(\.$partnership.$id == partnershipID).filter(
                    \.$token == token
                ).count()
                guard seen == 0 else { return false }
                try await journey.save(on: tx)
                return true
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            return false  // the same journey's result page, loaded twice at once
        }
    }

    /// The row a completed journey is counted as (not yet saved).
    public static func journey(
        partnershipID: UUID, answers: ReportRouter.Answers, at now: Date, token: String = Secrets.token(bytes: 12)
    ) throws -> ReportJourney {
        guard ReportRouter.next(answers) == .result else { throw FieldErrors("answers", "Answer the questions first") }
        let routes = ReportRouter.routes(for: answers)
        let journey = ReportJourney()
        journey.$partnership.id = partnershipID
        journey.completedAt = now
        journey.outcome = routes.first?.rawValue ?? ""
        journey.routes = routes.map(\.rawValue).joined(separator: ",")
        journey.token = token
        return journey
    }

    /// Completed journeys by quarter and outcome (route shown first).
    public static func counts(partnershipID: UUID, fromQuarter: Int, toQuarter: Int, on db: any Database) async throws
        -> [Int: [String: Int]]
    {
        let start = Quarter.span(fromQuarter).start
        let end = Quarter.span(toQuarter).end
        let rows = try await ReportJourney.query(on: db).filter(\.$partnership.$id == partnershipID)
            .filter(\.$completedAt >= start).filter(\.$completedAt < end).all()
        var counts: [Int: [String: Int]] = [:]
        for row in rows { counts[Quarter.of(date: row.completedAt), default: [:]][row.outcome, default: 0] += 1 }
        return counts
    }
}

/// The partnership's own contacts shown after "Where do I report this?".
public enum LocalContacts {
    public static func set(_ text: String, partnershipID: UUID, by actor: ActingUser, on db: any Database) async throws
    {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
        guard lines.count <= 12 else { throw FieldErrors("localContacts", "Give at most 12 contacts, one per line") }
        guard lines.allSatisfy({ $0.count <= 200 }) else {
            throw FieldErrors("localContacts", "Each contact must be 200 characters or fewer")
        }
        guard let partnership = try await Partnership.find(partnershipID, on: db) else { throw NotFound("partnership") }
        partnership.localContacts = lines.joined(separator: "\n")
        try await db.write { tx in
            try await partnership.save(on: tx)
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .update, entity: "partnership",
                entityID: partnershipID.uuidString,
                summary: "Changed the local contacts shown after “Where do I report this?”")
        }
    }
}
