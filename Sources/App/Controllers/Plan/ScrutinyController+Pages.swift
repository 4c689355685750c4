import Fluent
import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

extension ScrutinyController {
    static var options: ScrutinyOptions {
        ScrutinyOptions(
            evidenceKinds: ReviewEvidence.Kind.allCases.map { ($0.rawValue, $0.label) },
            commentKinds: ReviewComment.Kind.allCases.map { ($0.rawValue, $0.label) },
            resolutions: [ReviewComment.Resolution.changed, .noChange].map { ($0.rawValue, $0.label) },
            responses: [Recommendation.Response.accepted, .partial, .rejected].map { ($0.rawValue, $0.label) },
            statuses: Recommendation.Status.allCases.map { ($0.rawValue, $0.label) })
    }

    func reviewPage(
        _ req: Request, _ access: PartnershipAccess, _ review: ScrutinyReview, values: [String: String],
        details: [String: String]?,
        errors: [FormError], status: HTTPResponseStatus
    ) async throws -> Response {
        let today = CalendarDay.today()
        let evidence = try await ScrutinyReviews.evidence(of: review, on: req.db)
        let comments = try await ScrutinyReviews.comments(of: review, on: req.db)
        let items = try await ScrutinyReviews.recommendations(of: review, on: req.db)
        let updates = Dictionary(
            grouping: try await ScrutinyReviews.updates(of: items, on: req.db), by: { $0.$recommendation.id })
        let progress = try await ScrutinyReviews.progress(of: review, asOf: today, on: req.db)
        let rows = Dictionary(uniqueKeysWithValues: progress.rows.map { ($0.number, $0) })
        func label(_ text: String) -> String { CalendarDay(text)?.label ?? "" }
        let model = ScrutinyReviewPage.Model(
            slug: access.slug, id: review.id!.uuidString, title: review.title, scope: review.scope,
            members: review.memberList, dates: Self.dates(review),
            draft: review.draft, draftShared: label(review.draftSharedOn), reviewers: review.reviewerList,
            evidence: evidence.map {
                .init(
                    day: label($0.onDay), kind: $0.kind.label, organisation: $0.organisation, heard: $0.heard,
                    source: $0.source)
            },
            comments: comments.map { c in
                .init(
                    id: c.id!.uuidString, reviewer: c.reviewer, day: label(c.onDay), kind: c.kind.label,
                    section: c.section, text: c.comment,
                    isOpen: c.resolution == .open, resolution: c.resolution.label, note: c.resolutionNote)
            },
            recommendations: items.map { r in
                let row = rows[r.number]
                return .init(
                    id: r.id!.uuidString, number: r.number, text: r.text, owner: r.owner,
                    response: r.response.label,
                    responseKey: r.response.rawValue, reason: r.responseReason, respondedOn: label(r.respondedOn),
                    status: r.status.label,
                    target: label(r.targetOn), firstTarget: label(r.firstTargetOn), overdue: row?.overdue ?? false,
                    slips: row?.slips ?? 0,
                    updates: (updates[r.id!] ?? []).map { u in
                        (
                            label(u.onDay), u.status.label, u.note,
                            label(u.targetOn).isEmpty ? "none" : label(u.targetOn)
                        )
                    })
            },
            canManage: access.allows(.coordinatePlan), options: Self.options,
            details: details ?? [
                "title": review.title, "scope": review.scope, "members": review.members,
                "starts": CalendarDay(review.startsOn)?.typed ?? "",
                "ends": CalendarDay(review.endsOn)?.typed ?? "", "draft": review.draft,
                "shared": CalendarDay(review.draftSharedOn)?.typed ?? "", "reviewers": review.reviewers,
            ],
            values: values, errors: errors)
        return ScrutinyReviewPage.render(
            model, chrome: req.chrome(access, current: .scrutinyReview(id: review.id!.uuidString))
        ).htmlResponse(status)
    }

    func progressReport(req: Request) async throws -> Response {
        let access = try await req.access(.viewAggregates)
        let review = try await review(req, access)
        let typed = (try? req.query.get(String.self, at: "date")) ?? ""
        let parsed = typed.isEmpty ? CalendarDay.today() : CalendarDay(typed)
        let date = parsed ?? .today()
        let (rows, summary) = try await ScrutinyReviews.progress(of: review, asOf: date, on: req.db)
        func count(_ n: Int) -> String { "\(n)" }
        var lines: [(label: String, value: String)] = [("Recommendations", count(summary.total))]
        for response in Recommendation.Response.allCases {
            lines.append((response.label, count(summary.byResponse[response] ?? 0)))
        }
        for state in Recommendation.Status.allCases { lines.append((state.label, count(summary.byStatus[state] ?? 0))) }
        lines.append(("Overdue (past their target date, not finished)", count(summary.overdue)))
        lines.append(
            (
                "Target date moved later at least once",
                "\(summary.slipped) of \(summary.total) recommendations (\(summary.slips) moves in all)"
            ))
        let model = RecommendationsReportPage.Model(
            slug: access.slug, reviewID: review.id!.uuidString, reviewTitle: review.title,
            partnershipName: access.partnership.name,
            asOf: date.longLabel, asOfValue: parsed == nil ? typed : date.typed, summary: lines,
            rows: rows.map { r in
                .init(
                    number: r.number, text: r.text, owner: r.owner,
                    response: r.response.label + (r.responseReason.isEmpty ? "" : ": \(r.responseReason)"),
                    status: r.status.label,
                    target: r.target?.label ?? "None set",
                    slipped: r.slips > 0
                        ? "First agreed \(r.firstTarget?.label ?? "?"); moved \(r.slips) time\(r.slips == 1 ? "" : "s")"
                        : "",
                    overdue: r.overdue, latest: r.latestDay.map { "\($0.label): \(r.latestNote)" } ?? "No update yet")
            },
            error: parsed == nil ? "Enter the date as a real date, like 31/3/2026" : nil)
        return RecommendationsReportPage.render(
            model, chrome: req.chrome(access, current: .scrutinyProgress(id: review.id!.uuidString))
        )
        .htmlResponse(parsed == nil ? .badRequest : .ok)
    }
}
