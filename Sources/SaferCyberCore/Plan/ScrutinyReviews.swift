import FluentKit
import Foundation

/// Scrutiny reviews: scope, evidence, the draft and its comments, recommendations, responses and progress.
public enum ScrutinyReviews {
    public static func all(partnershipID: UUID, on db: any Database) async throws -> [ScrutinyReview] {
        try await ScrutinyReview.query(on: db).filter(\.$partnership.$id == partnershipID).sort(
            \.$startsOn, .descending
        ).all()
    }

    /// A recommendation of the review, by id (nil if it is another review's).
    public static func recommendation(_ id: UUID, of review: ScrutinyReview, on db: any Database) async throws
        -> Recommendation?
    {
        try await Recommendation.query(on: db).filter(\.$id == id).filter(\.$review.$id == review.requireID()).first()
    }

    /// A comment on the review, by id (nil if it is another review's).
    public static func comment(_ id: UUID, of review: ScrutinyReview, on db: any Database) async throws
        -> ReviewComment?
    {
        try await ReviewComment.query(on: db).filter(\.$id == id).filter(\.$review.$id == review.requireID()).first()
    }

    static func text(
        _ raw: String, _ field: String, _ what: String, max: Int, required: Bool, _ errors: inout FieldErrors
    ) -> String {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if required && text.isEmpty { errors.add(field, "Enter \(what)") }
        if text.count > max {
            errors.add(
                field,
                "\(what.prefix(1).uppercased() + what.dropFirst()) must be \(max.formatted()) characters or fewer")
        }
        return text
    }

    static func day(_ raw: String, _ field: String, _ what: String, required: Bool, _ errors: inout FieldErrors)
        -> CalendarDay?
    {
        if raw.trimmingCharacters(in: .whitespaces).isEmpty {
            if required { errors.add(field, "Enter \(what)") }
            return nil
        }
        return PlanActions.day(raw, field, what, &errors)
    }

    static func audit(
        _ tx: any Database, _ partnershipID: UUID, _ actor: ActingUser, _ action: AuditAction, _ id: UUID?,
        _ summary: String
    ) async throws {
        try await Audit.record(
            on: tx, partnershipID: partnershipID, by: actor, action: action, entity: "scrutiny-review",
            entityID: id?.uuidString, summary: summary)
    }

    /// Adds or changes a review's scope, members, dates, draft and reviewers.
    @discardableResult
    public static func save(
        _ existing: ScrutinyReview?, partnershipID: UUID, fields: [String: String], by actor: ActingUser,
        on db: any Database
    ) async throws -> ScrutinyReview {
        var errors = FieldErrors()
        let title = text(fields["title"] ?? "", "title", "the review's title", max: 200, required: true, &errors)
        let scope = text(fields["scope"] ?? "", "scope", "the scope of the review", max: 10000, required: true, &errors)
        let members = text(
            fields["members"] ?? "", "members", "the committee members", max: 4000, required: false, &errors)
        let starts = day(fields["starts"] ?? "", "starts", "the date the review started", required: true, &errors)
        let ends = day(fields["ends"] ?? "", "ends", "the date the review ends", required: false, &errors)
        if let starts, let ends, ends < starts { errors.add("ends", "The end date must be on or after the start date") }
        let draft = text(fields["draft"] ?? "", "draft", "the draft report", max: 20000, required: false, &errors)
        let shared = day(fields["shared"] ?? "", "shared", "the date the draft was shared", required: false, &errors)
        let reviewers = text(
            fields["reviewers"] ?? "", "reviewers", "the reviewers", max: 4000, required: false, &errors)
        if shared != nil && reviewers.isEmpty {
            errors.add("reviewers", "Name the people the draft was shared with, one per line")
        }
        try errors.throwIfAny()
        let review = existing ?? ScrutinyReview()
        review.$partnership.id = partnershipID
        review.title = title
        review.scope = scope
        review.members = members
        review.startsOn = CalendarDay.text(starts)
        review.endsOn = CalendarDay.text(ends)
        review.draft = draft
        review.draftSharedOn = CalendarDay.text(shared)
        review.reviewers = reviewers
        try await db.write { tx in
            try await review.save(on: tx)
            try await audit(
                tx, partnershipID, actor, existing == nil ? .create : .update, review.id,
                "\(existing == nil ? "Added" : "Changed") scrutiny review “\(title)”")
        }
        return review
    }

    public static func evidence(of review: ScrutinyReview, on db: any Database) async throws -> [ReviewEvidence] {
        try await ReviewEvidence.query(on: db).filter(\.$review.$id == review.requireID()).sort(\.$onDay).all()
    }

    public static func addEvidence(
        to review: ScrutinyReview, fields: [String: String], by actor: ActingUser, on db: any Database
    ) async throws {
        var errors = FieldErrors()
        let on = day(fields["evidence-day"] ?? "", "evidence-day", "the date of the evidence", required: true, &errors)
        let kind = ReviewEvidence.Kind(rawValue: fields["evidence-kind"] ?? "")
        if kind == nil { errors.add("evidence-kind", "Choose what kind of evidence this is") }
        let organisation = text(
            fields["evidence-organisation"] ?? "", "evidence-organisation", "who the review heard from or read",
            max: 300, required: true, &errors)
        let heard = text(
            fields["evidence-heard"] ?? "", "evidence-heard", "what the review heard", max: 10000, required: true,
            &errors)
        let source = text(
            fields["evidence-source"] ?? "", "evidence-source", "where the evidence is kept", max: 1000,
            required: false, &errors)
        try errors.throwIfAny()
        let item = ReviewEvidence()
        item.$review.id = try review.requireID()
        item.onDay = on!.iso
        item.kind = kind!
        item.organisation = organisation
        item.heard = heard
        item.source = source
        try await db.write { tx in
            try await item.save(on: tx)
            try await audit(
                tx, review.$partnership.id, actor, .create, review.id,
                "Added evidence from \(organisation) to “\(review.title)”")
        }
    }

    public static func comments(of review: ScrutinyReview, on db: any Database) async throws -> [ReviewComment] {
        try await ReviewComment.query(on: db).filter(\.$review.$id == review.requireID()).sort(\.$onDay).sort(
            \.$createdAt
        ).all()
    }

    /// Records a named reviewer's comment on the draft. The reviewer must be one the draft was shared with.
    public static func addComment(
        to review: ScrutinyReview, fields: [String: String], by actor: ActingUser, on db: any Database
    ) async throws {
        var errors = FieldErrors()
        let reviewer = fields["comment-reviewer"] ?? ""
        if !review.reviewerList.contains(reviewer) {
            errors.add("comment-reviewer", "Choose who made the comment (the draft's reviewers are listed)")
        }
        let on = day(fields["comment-day"] ?? "", "comment-day", "the date of the comment", required: true, &errors)
        let kind = ReviewComment.Kind(rawValue: fields["comment-kind"] ?? "")
        if kind == nil { errors.add("comment-kind", "Choose whether this is a comment or a factual correction") }
        let section = text(
            fields["comment-section"] ?? "", "comment-section", "the part of the draft", max: 200, required: false,
            &errors)
        let comment = text(
            fields["comment-text"] ?? "", "comment-text", "the comment", max: 10000, required: true, &errors)
        try errors.throwIfAny()
        let item = ReviewComment()
        item.$review.id = try review.requireID()
        item.reviewer = reviewer
        item.onDay = on!.iso
        item.kind = kind!
        item.section = section
        item.comment = comment
        item.resolution = .open
        item.resolutionNote = ""
        try await db.write { tx in
            try await item.save(on: tx)
            try await audit(
                tx, review.$partnership.id, actor, .create, review.id,
                "Recorded a comment by \(reviewer) on “\(review.title)”")
        }
    }

    public static func resolve(
        _ comment: ReviewComment, in review: ScrutinyReview, resolution: String, note raw: String, by actor: ActingUser,
        on db: any Database
    ) async throws {
        var errors = FieldErrors()
        let field = "resolution-\(comment.id?.uuidString ?? "")"
        let chosen = ReviewComment.Resolution(rawValue: resolution)
        if chosen == nil || chosen == .open { errors.add(field, "Choose how the comment was resolved") }
        let note = text(raw, field, "what was done", max: 4000, required: chosen == .noChange, &errors)
        try errors.throwIfAny()
        comment.resolution = chosen!
        comment.resolutionNote = note
        try await db.write { tx in
            try await comment.save(on: tx)
            try await audit(
                tx, review.$partnership.id, actor, .update, review.id,
                "Resolved \(comment.reviewer)’s comment on “\(review.title)”: \(chosen!.label)")
        }
    }

    public static func recommendations(of review: ScrutinyReview, on db: any Database) async throws -> [Recommendation]
    {
        try await Recommendation.query(on: db).filter(\.$review.$id == review.requireID()).sort(\.$number).all()
    }

    public static func updates(of recommendations: [Recommendation], on db: any Database) async throws
        -> [RecommendationUpdate]
    {
        let ids = recommendations.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        return try await RecommendationUpdate.query(on: db).filter(\.$recommendation.$id ~~ ids).sort(\.$onDay).sort(
            \.$createdAt
        ).all()
    }

    public static func addRecommendation(
        to review: ScrutinyReview, fields: [String: String], by actor: ActingUser, on db: any Database
    ) async throws {
        var errors = FieldErrors()
        let text = text(
            fields["recommendation-text"] ?? "", "recommendation-text", "the recommendation", max: 4000, required: true,
            &errors)
        let owner = Self.text(
            fields["recommendation-owner"] ?? "", "recommendation-owner", "who owns the recommendation", max: 300,
            required: true, &errors)
        let target = day(
            fields["recommendation-target"] ?? "", "recommendation-target", "the target date", required: false, &errors)
        try errors.throwIfAny()
        let item = Recommendation()
        item.$review.id = try review.requireID()
        item.text = text
        item.owner = owner
        item.response = .awaiting
        item.responseReason = ""
        item.respondedOn = ""
        item.firstTargetOn = CalendarDay.text(target)
        item.targetOn = item.firstTargetOn
        item.status = .notStarted
        try await db.write { tx in
            let last = try await Recommendation.query(on: tx).filter(\.$review.$id == item.$review.id).sort(
                \.$number, .descending
            ).first()
            item.number = (last?.number ?? 0) + 1
            try await item.save(on: tx)
            try await audit(
                tx, review.$partnership.id, actor, .create, review.id,
                "Added recommendation \(item.number) to “\(review.title)”")
        }
    }

    /// Records the Cabinet or board's response. Partial acceptance and rejection need a reason; an accepted
    /// recommendation needs a target date (the one it will be judged against).
    public static func respond(
        _ item: Recommendation, in review: ScrutinyReview, fields: [String: String], by actor: ActingUser,
        on db: any Database
    ) async throws {
        var errors = FieldErrors()
        let field = "response-\(item.id?.uuidString ?? "")"
        let response = Recommendation.Response(rawValue: fields["response"] ?? "")
        if response == nil || response == .awaiting {
            errors.add(field, "Choose the response: accepted, partially accepted or rejected")
        }
        let reason = text(
            fields["reason"] ?? "", "reason-\(item.id?.uuidString ?? "")", "the reason for the response", max: 4000,
            required: response == .partial || response == .rejected, &errors)
        let on = day(
            fields["responded"] ?? "", "responded-\(item.id?.uuidString ?? "")", "the date of the response",
            required: true, &errors)
        let target = day(
            fields["target"] ?? "", "target-\(item.id?.uuidString ?? "")", "the target date", required: false, &errors)
        if response != .rejected && target == nil && item.firstTargetOn.isEmpty {
            errors.add("target-\(item.id?.uuidString ?? "")", "Enter the target date agreed in the response")
        }
        try errors.throwIfAny()
        item.response = response!
        item.responseReason = reason
        item.respondedOn = on!.iso
        if let target, item.firstTargetOn.isEmpty || CalendarDay(item.targetOn) == CalendarDay(item.firstTargetOn) {
            // The response sets the date the recommendation is judged against; later moves are slips.
            item.firstTargetOn = target.iso
            item.targetOn = target.iso
        }
        try await db.write { tx in
            try await item.save(on: tx)
            try await audit(
                tx, review.$partnership.id, actor, .update, review.id,
                "Recorded the response to recommendation \(item.number): \(response!.label)")
        }
    }

    /// A progress update; a later target date than before counts as a slip in the committee report.
    public static func addUpdate(
        to item: Recommendation, in review: ScrutinyReview, fields: [String: String], by actor: ActingUser,
        on db: any Database
    ) async throws {
        var errors = FieldErrors()
        let id = item.id?.uuidString ?? ""
        let on = day(fields["day"] ?? "", "day-\(id)", "the date of the update", required: true, &errors)
        let note = text(fields["note"] ?? "", "note-\(id)", "what has happened", max: 4000, required: true, &errors)
        let status = Recommendation.Status(rawValue: fields["status"] ?? "")
        if status == nil { errors.add("status-\(id)", "Choose the recommendation's status") }
        let target = day(fields["target"] ?? "", "newtarget-\(id)", "the new target date", required: false, &errors)
        try errors.throwIfAny()
        let update = RecommendationUpdate()
        update.$recommendation.id = try item.requireID()
        update.onDay = on!.iso
        update.note = note
        update.status = status!
        update.targetOn = target?.iso ?? item.targetOn
        update.author = actor.email
        item.status = status!
        item.targetOn = update.targetOn
        try await db.write { tx in
            try await update.save(on: tx)
            try await item.save(on: tx)
            try await audit(
                tx, review.$partnership.id, actor, .update, review.id,
                "Progress update on recommendation \(item.number): \(status!.label)")
        }
    }

    /// The progress-of-recommendations report's figures for a review on a date.
    public static func progress(of review: ScrutinyReview, asOf date: CalendarDay, on db: any Database)
        async throws -> (rows: [RecommendationProgress.Row], summary: RecommendationProgress.Summary)
    {
        let items = try await recommendations(of: review, on: db)
        let updates = Dictionary(grouping: try await updates(of: items, on: db), by: { $0.$recommendation.id })
        let facts = items.map { r in
            RecommendationProgress.Facts(
                number: r.number, text: r.text, owner: r.owner, response: r.response,
                responseReason: r.responseReason,
                respondedOn: CalendarDay(r.respondedOn), firstTarget: CalendarDay(r.firstTargetOn),
                updates: (updates[r.id!] ?? []).compactMap { u in
                    CalendarDay(u.onDay).map {
                        .init(
                            day: $0, note: u.note, status: u.status,
                            target: CalendarDay(u.targetOn))
                    }
                })
        }
        return RecommendationProgress.asOf(date, facts)
    }
}
