import FluentKit
import Foundation

/// Red, amber or green, with "no data yet" for measures without enough answers.
public enum RAG: String, Sendable, Equatable, CaseIterable {
    case green, amber, red, none
    public var label: String {
        switch self {
        case .green: "Green"
        case .amber: "Amber"
        case .red: "Red"
        case .none: "No data yet"
        }
    }
}

/// Outcomes: defining them and judging them from the survey findings of their questions.
public enum Outcomes {
    public struct Measured: Sendable {
        public var surveyTitle: String
        public var questionText: String
        public var finding: ChangeFinding?
    }

    public struct Result: Sendable {
        public var id: UUID
        public var title: String
        public var objective: String?
        public var measures: [Measured]
        public var rag: RAG
        public var reason: String
    }

    public static func all(partnershipID: UUID, on db: any Database) async throws -> [Outcome] {
        try await Outcome.query(on: db).filter(\.$partnership.$id == partnershipID).sort(\.$title).all()
    }

    /// Creates or changes an outcome. Every measure must name a yes/no or agree–disagree question of one of
    /// the partnership's before/after surveys, because only those give a before/after finding.
    @discardableResult
    public static func save(
        _ existing: Outcome?, partnershipID: UUID, title raw: String, objectiveID: UUID?, measures: [Outcome.Measure],
        by actor: ActingUser, on db: any Database
    ) async throws -> Outcome {
        let title = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        var errors = FieldErrors()
        if title.isEmpty { errors.add("title", "Enter the outcome, like “Residents use 2-step verification”") }
        if title.count > 200 { errors.add("title", "The outcome must be 200 characters or fewer") }
        if measures.isEmpty { errors.add("measures", "Choose at least one survey question that measures this outcome") }
        let surveys = try await Surveys.all(partnershipID: partnershipID, on: db)
        for measure in measures {
            guard let survey = surveys.first(where: { $0.id == measure.surveyID }),
                let question = survey.questions.first(where: { $0.key == measure.questionKey })
            else {
                errors.add("measures", "One of the chosen questions no longer exists")
                continue
            }
            if question.kind != .yesNo && question.kind != .likert {
                errors.add(
                    "measures",
                    "“\(question.text)” is not a yes/no or agree–disagree question, so it cannot show change")
            }
        }
        try errors.throwIfAny()
        let outcome = existing ?? Outcome()
        outcome.$partnership.id = partnershipID
        outcome.title = title
        outcome.objectiveID = objectiveID
        outcome.measures = measures
        try await db.write { tx in
            try await outcome.save(on: tx)
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: existing == nil ? .create : .update,
                entity: "outcome",
                entityID: outcome.id?.uuidString, summary: "\(existing == nil ? "Added" : "Changed") outcome “\(title)”"
            )
        }
        return outcome
    }

    public static func delete(_ outcome: Outcome, by actor: ActingUser, on db: any Database) async throws {
        try await db.write { tx in
            try await outcome.delete(on: tx)
            try await Audit.record(
                on: tx, partnershipID: outcome.$partnership.id, by: actor, action: .delete, entity: "outcome",
                entityID: outcome.id?.uuidString, summary: "Removed outcome “\(outcome.title)”")
        }
    }

    /// Every outcome with the findings of its questions: the answers of `quarter`, or (nil) every answer so far for
    /// roles with exact counts and the latest complete quarter's under the rule (`SurveyAnalysis.build`).
    /// `policy`: the reader's rule; a measure whose test it withholds is not judged (`judge`).
    public static func results(
        partnershipID: UUID, quarter: Int? = nil, policy: DisclosurePolicy = .exact, on db: any Database
    ) async throws -> [Result] {
        let outcomes = try await all(partnershipID: partnershipID, on: db)
        guard !outcomes.isEmpty else { return [] }
        let objectives = try await Objective.query(on: db).filter(\.$partnership.$id == partnershipID).all()
        var analyses: [UUID: (Survey, SurveyAnalysis)] = [:]
        for surveyID in Set(outcomes.flatMap { $0.measures.map(\.surveyID) }) {
            guard let survey = try await Survey.find(surveyID, partnershipID: partnershipID, on: db) else { continue }
            analyses[surveyID] = (
                survey,
                SurveyAnalysis.build(
                    survey: survey, responses: try await Surveys.responses(surveyID, on: db), quarter: quarter,
                    policy: policy)
            )
        }
        return outcomes.map { outcome in
            let measured = outcome.measures.compactMap { measure -> Measured? in
                guard let (survey, analysis) = analyses[measure.surveyID],
                    let result = analysis.result(for: measure.questionKey)
                else { return nil }
                return Measured(surveyTitle: survey.title, questionText: result.question.text, finding: result.finding)
            }
            let (rag, reason) = judge(measured.map(\.finding), policy: policy)
            return Result(
                id: outcome.id!, title: outcome.title,
                objective: objectives.first { $0.id == outcome.objectiveID }?.name,
                measures: measured, rag: rag, reason: reason)
        }
    }

    /// Green when every measured question improved beyond chance; red when any got worse beyond chance;
    /// amber when there are enough answers but the change could be chance; no data when too few answered.
    ///
    /// Under `policy` a finding whose test is withheld (a small count of people in part of it) is not judged either,
    /// as one with too few answers is not: its share of the rating ("1 of 2 improved" beside the other's p-value)
    /// would tell whether its test was significant, and so narrow the small count (review, issue 19).
    public static func judge(_ findings: [ChangeFinding?], policy: DisclosurePolicy = .exact) -> (RAG, String) {
        let enough = findings.compactMap { $0 }.filter { !$0.tooSmall }
        let usable = enough.filter { policy.allowsFigure(from: $0.peopleCounts) }
        guard !usable.isEmpty else {
            return enough.isEmpty
                ? (.none, "Not enough people have answered before and after yet.")
                : (.none, "Too few people in part of the comparison to publish a rating.")
        }
        let worse = usable.filter { $0.test.pValue < 0.05 && $0.effect < 0 }.count
        let better = usable.filter { $0.test.pValue < 0.05 && $0.effect > 0 }.count
        if worse > 0 {
            return (.red, "\(worse) of \(usable.count) measures got worse, beyond what chance would explain.")
        }
        if better == usable.count { return (.green, "Every measure improved, beyond what chance would explain.") }
        if better > 0 {
            return (.amber, "\(better) of \(usable.count) measures improved beyond chance; the others could be chance.")
        }
        return (.amber, "No measure changed by more than chance would explain.")
    }
}
