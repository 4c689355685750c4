import Fluent
import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

/// Scrutiny reviews: the list, one review with its evidence, draft comments and recommendations, and the
/// committee's progress-of-recommendations report.
struct ScrutinyController {
    func list(req: Request) async throws -> Response {
        let access = try await req.access(.viewAggregates)
        return try await listPage(req, access, values: [:], errors: [], status: .ok)
    }

    func create(req: Request) async throws -> Response {
        let access = try await req.access(.coordinatePlan)
        let values = Self.detailValues(FormPairs(req))
        do {
            let review = try await ScrutinyReviews.save(
                nil, partnershipID: access.partnershipID, fields: values, by: access.staff.acting(req), on: req.db)
            return req.redirect(
                to: SiteURL.partnership(slug: access.slug, .scrutinyReview(id: review.id!.uuidString)).path,
                redirectType: .normal)
        } catch let errors as FieldErrors {
            return try await listPage(
                req, access, values: values, errors: errors.formErrors, status: .unprocessableEntity)
        }
    }

    func show(req: Request) async throws -> Response {
        let access = try await req.access(.viewAggregates)
        return try await reviewPage(
            req, access, try await review(req, access), values: [:], details: nil, errors: [], status: .ok)
    }

    func saveDetails(req: Request) async throws -> Response {
        let access = try await req.access(.coordinatePlan)
        let review = try await review(req, access)
        let values = Self.detailValues(FormPairs(req))
        do {
            try await ScrutinyReviews.save(
                review, partnershipID: access.partnershipID, fields: values, by: access.staff.acting(req), on: req.db)
        } catch let errors as FieldErrors {
            let stored = try await self.review(req, access)
            return try await reviewPage(
                req, access, stored, values: [:], details: values, errors: errors.formErrors,
                status: .unprocessableEntity)
        }
        return back(req, access, review)
    }

    /// Evidence, comments, resolutions, recommendations, responses and updates all follow one shape: check the
    /// review, pass the form's fields to Core, and show the page again with the problems if it refuses.
    func change(
        _ body: @escaping @Sendable (ScrutinyReview, Request, [String: String], ActingUser) async throws -> Void
    ) -> @Sendable (Request) async throws -> Response {
        { req in
            let access = try await req.access(.coordinatePlan)
            let review = try await review(req, access)
            let values = Dictionary(FormPairs(req).pairs.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
            do {
                try await body(review, req, values, access.staff.acting(req))
            } catch let errors as FieldErrors {
                return try await reviewPage(
                    req, access, review, values: values, details: nil, errors: errors.formErrors,
                    status: .unprocessableEntity)
            }
            return back(req, access, review)
        }
    }

    static func recommendation(_ req: Request, _ review: ScrutinyReview) async throws -> Recommendation {
        guard let id = req.parameters.get("recommendation").flatMap(UUID.init(uuidString:)),
            let item = try await ScrutinyReviews.recommendation(id, of: review, on: req.db)
        else { throw NotFound("recommendation") }
        return item
    }

    static func comment(_ req: Request, _ review: ScrutinyReview) async throws -> ReviewComment {
        guard let id = req.parameters.get("comment").flatMap(UUID.init(uuidString:)),
            let item = try await ScrutinyReviews.comment(id, of: review, on: req.db)
        else { throw NotFound("comment") }
        return item
    }

    var addEvidence: @Sendable (Request) async throws -> Response {
        change { review, req, values, actor in
            try await ScrutinyReviews.addEvidence(to: review, fields: values, by: actor, on: req.db)
        }
    }
    var addComment: @Sendable (Request) async throws -> Response {
        change { review, req, values, actor in
            try await ScrutinyReviews.addComment(to: review, fields: values, by: actor, on: req.db)
        }
    }
    var resolveComment: @Sendable (Request) async throws -> Response {
        change { review, req, values, actor in
            try await ScrutinyReviews.resolve(
                try await Self.comment(req, review), in: review, resolution: values["resolution"] ?? "",
                note: values["note"] ?? "",
                by: actor, on: req.db)
        }
    }
    var addRecommendation: @Sendable (Request) async throws -> Response {
        change { review, req, values, actor in
            try await ScrutinyReviews.addRecommendation(to: review, fields: values, by: actor, on: req.db)
        }
    }
    var respond: @Sendable (Request) async throws -> Response {
        change { review, req, values, actor in
            try await ScrutinyReviews.respond(
                try await Self.recommendation(req, review), in: review, fields: values, by: actor, on: req.db)
        }
    }
    var addUpdate: @Sendable (Request) async throws -> Response {
        change { review, req, values, actor in
            try await ScrutinyReviews.addUpdate(
                to: try await Self.recommendation(req, review), in: review, fields: values, by: actor, on: req.db)
        }
    }

    static func detailValues(_ form: FormPairs) -> [String: String] {
        Dictionary(
            uniqueKeysWithValues: ["title", "scope", "members", "starts", "ends", "draft", "shared", "reviewers"].map {
                ($0, form.first($0) ?? "")
            })
    }

    func review(_ req: Request, _ access: PartnershipAccess) async throws -> ScrutinyReview {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
            let review = try await ScrutinyReview.find(id, partnershipID: access.partnershipID, on: req.db)
        else { throw NotFound("review") }
        return review
    }

    func back(_ req: Request, _ access: PartnershipAccess, _ review: ScrutinyReview) -> Response {
        req.redirect(
            to: SiteURL.partnership(slug: access.slug, .scrutinyReview(id: review.id!.uuidString)).path,
            redirectType: .normal)
    }

    private func listPage(
        _ req: Request, _ access: PartnershipAccess, values: [String: String], errors: [FormError],
        status: HTTPResponseStatus
    ) async throws -> Response {
        let today = CalendarDay.today()
        var rows: [ScrutinyListPage.Review] = []
        for review in try await ScrutinyReviews.all(partnershipID: access.partnershipID, on: req.db) {
            let progress = try await ScrutinyReviews.progress(of: review, asOf: today, on: req.db)
            rows.append(
                .init(
                    id: review.id!.uuidString, title: review.title, dates: Self.dates(review),
                    recommendations: progress.summary.total,
                    overdue: progress.summary.overdue))
        }
        let model = ScrutinyListPage.Model(
            slug: access.slug, reviews: rows, canManage: access.allows(.coordinatePlan), values: values, errors: errors)
        return ScrutinyListPage.render(model, chrome: req.chrome(access, current: .scrutiny)).htmlResponse(status)
    }

    static func dates(_ review: ScrutinyReview) -> String {
        "\(CalendarDay(review.startsOn)?.label ?? "?") to \(CalendarDay(review.endsOn)?.label ?? "date not set")"
    }
}
