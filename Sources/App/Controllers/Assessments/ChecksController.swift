import Fluent
import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

extension Application {
    private struct CheckLibraryKey: StorageKey { typealias Value = CheckLibrary }

    /// The shipped checks plus CHECKS_DIR's, read once.
    var checks: CheckLibrary {
        if let library = storage[CheckLibraryKey.self] { return library }
        let folder = config.checksDirectory.map { URL(fileURLWithPath: $0) }
        let library = folder == nil ? CheckLibrary.shipped : CheckLibrary(extraFolder: folder)
        storage[CheckLibraryKey.self] = library
        return library
    }
}

/// The resilience check for organisations, without an account. Answers travel in the form (POST, one area per page)
/// until the last page, so an abandoned check leaves nothing behind; the result is stored once, behind a private link.
struct ChecksController {
    private func partnership(_ req: Request) async throws -> Partnership {
        guard let slug = req.parameters.get("slug"),
            let partnership = try await Partnerships.find(on: req.db, slug: slug)
        else { throw NotFound("partnership") }
        return partnership
    }

    func start(req: Request) async throws -> Response {
        let partnership = try await partnership(req)
        let previous = req.query[String.self, at: "previous"].flatMap { Courses.isCode($0) ? $0 : nil }
        let checks = req.application.checks.current.map {
            CheckPages.Choice(id: $0.id, title: $0.title, audience: $0.audience, minutes: $0.minutes)
        }
        return CheckPages.start(
            slug: partnership.slug, partnershipName: partnership.name, checks: checks, previous: previous
        ).htmlResponse()
    }

    private func set(_ req: Request) throws -> CheckSet {
        guard let id = req.parameters.get("check"), let set = req.application.checks.latest(id) else {
            throw NotFound("check")
        }
        return set
    }

    private func page(
        _ req: Request, _ partnership: Partnership, _ set: CheckSet, step: Int, answers: [String: String],
        previous: String?,
        errors: [FormError] = []
    ) -> Response {
        let area = set.areas[step - 1]
        let others = answers.filter { key, _ in !area.questions.contains { $0.id == key } }.sorted { $0.key < $1.key }
        let carried =
            [("step", "\(step)")] + (previous.map { [("previous", $0)] } ?? [])
            + others.map { ("a-\($0.key)", $0.value) }
        let model = CheckPages.AreaModel(
            slug: partnership.slug, checkID: set.id, checkTitle: set.title, step: step, steps: set.areas.count,
            title: area.title, why: area.why,
            questions: area.questions.map {
                .init(id: $0.id, text: $0.text, guidance: $0.guidance, answer: answers[$0.id])
            }, carried: carried, errors: errors)
        return CheckPages.area(model, csrf: req.csrfToken).htmlResponse(errors.isEmpty ? .ok : .badRequest)
    }

    func first(req: Request) async throws -> Response {
        let partnership = try await partnership(req)
        let previous = req.query[String.self, at: "previous"].flatMap { Courses.isCode($0) ? $0 : nil }
        return page(req, partnership, try set(req), step: 1, answers: [:], previous: previous)
    }

    /// One area's answers arrive with the others carried along: go on, go back, or (after the last) record the result.
    static let checksPerAddress = 30

    static func limit(partnership: UUID, address: String) -> PublicLimits.Rule {
        .init("check|\(partnership)|\(address)", limit: checksPerAddress, window: 24 * 60 * 60)
    }

    /// Saves of one check's details a day, and of any check's details from one address.
    static let detailSavesPerCheck = 20
    static let detailSavesPerAddress = 60

    static func detailsLimits(check: UUID, address: String) -> [PublicLimits.Rule] {
        [
            .init("check-details|\(check)", limit: detailSavesPerCheck, window: 24 * 60 * 60),
            .init("check-details-address|\(address)", limit: detailSavesPerAddress, window: 24 * 60 * 60),
        ]
    }

    func answer(req: Request) async throws -> Response {
        let partnership = try await partnership(req)
        let set = try set(req)
        let form = FormPairs(req)
        let known = Set(set.questions.map(\.id))
        var answers: [String: String] = [:]
        for (key, values) in form.grouped(prefix: "a-") where known.contains(key) {
            if let value = values.last, CheckScoring.Answer(rawValue: value) != nil { answers[key] = value }
        }
        let step = min(max(Int(form.first("step") ?? "1") ?? 1, 1), set.areas.count)
        let previous = form.first("previous").flatMap { Courses.isCode($0) ? $0 : nil }
        if form.first("go") == "back" {
            return page(req, partnership, set, step: max(step - 1, 1), answers: answers, previous: previous)
        }
        let missing = set.areas[step - 1].questions.filter { answers[$0.id] == nil }
        if !missing.isEmpty {
            return page(
                req, partnership, set, step: step, answers: answers, previous: previous,
                errors: missing.map { FormError(field: "a-\($0.id)", message: "Answer “\($0.text)”") })
        }
        if step < set.areas.count {
            return page(req, partnership, set, step: step + 1, answers: answers, previous: previous)
        }
        // A page sent out of order could miss earlier areas: go back to the first area with a gap.
        if let gap = set.areas.firstIndex(where: { $0.questions.contains { answers[$0.id] == nil } }) {
            return page(
                req, partnership, set, step: gap + 1, answers: answers, previous: previous,
                errors: set.areas[gap].questions.filter { answers[$0.id] == nil }.map {
                    FormError(field: "a-\($0.id)", message: "Answer “\($0.text)”")
                })
        }
        // One address can record only so many checks a day (issue 20, case 6); the answers stay on the page.
        let limit = Self.limit(partnership: try partnership.requireID(), address: req.limitAddress)
        if let wait = try await PublicLimits.take([limit], on: req.db).retryAfter {
            let response = page(
                req, partnership, set, step: step, answers: answers, previous: previous,
                errors: [
                    FormError(
                        field: "a-\(set.areas[step - 1].questions[0].id)",
                        message: "Too many checks have been recorded from here today. Please send this again tomorrow.")
                ])
            response.status = .tooManyRequests
            return response.retryAfter(wait)
        }
        let check = try await ResilienceChecks.record(
            set, answers: answers.compactMapValues(CheckScoring.Answer.init(rawValue:)),
            partnershipID: partnership.requireID(), previousToken: previous, on: req.db)
        return req.redirect(
            to: SiteURL.publicCheckResult(slug: partnership.slug, token: check.token).path, redirectType: .normal)
    }

    private func stored(_ req: Request, _ partnership: Partnership) async throws -> ResilienceCheck {
        guard let token = req.parameters.get("token"),
            let check = try await ResilienceChecks.find(
                token: token, partnershipID: partnership.requireID(), on: req.db)
        else { throw NotFound("check") }
        return check
    }

    private func resultPage(
        _ req: Request, _ partnership: Partnership, _ check: ResilienceCheck, details: CheckPages.Details? = nil,
        errors: [FormError] = [], saved: Bool = false
    ) async throws -> Response {
        guard let set = req.application.checks.set(check.checkID, version: check.version) else {
            throw NotFound("check")
        }
        let result = CheckScoring.score(set, check.answers)
        let previous = try await ResilienceChecks.previous(of: check, on: req.db)
        let before = previous?.scores ?? [:]
        let courseIDs =
            set.id == "school"
            ? ["protecting-a-small-organisation", "young-people-online"]
            : ["protecting-a-small-organisation", "staying-safe-online"]
        let offered = try await Courses.offered(
            partnershipID: partnership.requireID(), library: req.application.courses, on: req.db)
        let places = try await Courses.areas(partnershipID: partnership.requireID(), on: req.db)
        var shown = CheckPages.Details()
        shown.consent = check.hasDetails
        shown.followUp = check.followUp
        shown.sector = check.sector ?? ""
        shown.size = check.sizeBand ?? ""
        shown.area = check.area ?? ""
        shown.organisation = check.organisationName ?? ""
        shown.name = check.contactName ?? ""
        shown.email = check.contactEmail ?? ""
        shown.phone = check.contactPhone ?? ""
        var model = CheckPages.ResultModel(
            slug: partnership.slug, token: check.token, checkTitle: set.title,
            completed: UKTime.longDate(check.completedAt), overall: result.overall,
            overallBand: result.band.label.lowercased(), previousDate: previous.map { UKTime.longDate($0.completedAt) },
            previousOverall: previous?.overall,
            areas: zip(set.areas, result.areas).map { area, score in
                .init(
                    title: area.title, why: area.why, score: score.score, band: score.band.rawValue,
                    bandLabel: score.band.label,
                    explanation: score.band.explanation, before: previous == nil ? nil : before[area.id])
            },
            actions: CheckScoring.actions(set, check.answers).map {
                .init(
                    text: $0.text, area: $0.areaTitle, effort: $0.effort.label, cost: $0.cost.label,
                    dontKnow: $0.answer == .dontKnow, quickWin: $0.isQuickWin)
            },
            courses: offered.filter { courseIDs.contains($0.id) }.map {
                ($0.title, SiteURL.publicCourse(slug: partnership.slug, course: $0.id).path)
            },
            details: details ?? shown, hasDetails: check.hasDetails,
            sectors: ResilienceCheck.Sector.allCases.map { ($0.rawValue, $0.label) },
            sizes: ResilienceCheck.Size.allCases.map { ($0.rawValue, $0.label) },
            places: places.map { ($0, $0) }, saved: saved, errors: errors)
        model.contactMonths = req.application.config.checkContactRetentionMonths
        return CheckPages.result(model, csrf: req.csrfToken).htmlResponse(errors.isEmpty ? .ok : .badRequest)
    }

    func result(req: Request) async throws -> Response {
        let partnership = try await partnership(req)
        return try await resultPage(
            req, partnership, try await stored(req, partnership), saved: req.query[String.self, at: "saved"] == "1")
    }

    func describe(req: Request) async throws -> Response {
        let partnership = try await partnership(req)
        let check = try await stored(req, partnership)
        let form = FormPairs(req)
        var details = ResilienceChecks.Details()
        if form.first("go") != "remove" {
            details.consent = form.first("consent") == "yes"
            details.followUp = form.first("followUp") == "yes"
            details.sector = form.first("sector") ?? ""
            details.size = form.first("size") ?? ""
            details.area = form.first("area") ?? ""
            details.organisation = form.first("organisation") ?? ""
            details.name = form.first("name") ?? ""
            details.email = form.first("email") ?? ""
            details.phone = form.first("phone") ?? ""
        }
        var shown = CheckPages.Details()
        shown.consent = details.consent
        shown.followUp = details.followUp
        shown.sector = details.sector
        shown.size = details.size
        shown.area = details.area
        shown.organisation = details.organisation
        shown.name = details.name
        shown.email = details.email
        shown.phone = details.phone
        // Each save writes (and may queue an acknowledgement): so many saves a day per check and per address; what
        // was typed stays on the page. Removing the details or withdrawing consent is never limited, and only saves
        // that went through are counted.
        let limits = Self.detailsLimits(check: try check.requireID(), address: req.limitAddress)
        let limited = details.consent
        var refused: TimeInterval?
        if limited {
            for rule in limits {
                if let wait = try await PublicLimits.peek(rule, on: req.db).retryAfter {
                    refused = max(refused ?? 0, wait)
                }
            }
        }
        if let refused {
            let response = try await resultPage(
                req, partnership, check, details: shown,
                errors: [
                    FormError(
                        field: "sector",
                        message:
                            "These details have been changed too many times today. Please send them again tomorrow.")
                ])
            response.status = .tooManyRequests
            return response.retryAfter(refused)
        }
        do {
            try await ResilienceChecks.describe(
                check, details, areas: try await Courses.areas(partnershipID: partnership.requireID(), on: req.db),
                on: req.db)
        } catch let errors as FieldErrors {
            return try await resultPage(req, partnership, check, details: shown, errors: errors.formErrors)
        }
        if limited { for rule in limits { try await PublicLimits.record(rule, on: req.db) } }
        return req.redirect(
            to: SiteURL.publicCheckResult(slug: partnership.slug, token: check.token).path + "?saved=1",
            redirectType: .normal)
    }
}
