import Fluent
import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

/// Outcomes and indicators: the page, and adding, changing and removing them.
struct OutcomesController {
    func show(req: Request) async throws -> Response {
        let access = try await req.access(.viewAggregates)
        return try await page(req, access, values: [:], errors: [], status: .ok)
    }

    static func display(_ value: Double?, percentage: Bool, format: CountFormat) -> String {
        guard let value else { return "–" }
        if percentage { return String(format: "%.0f%%", value) }
        return value == value.rounded() && abs(value) < 1e9 ? format.count(Int(value)) : String(format: "%.1f", value)
    }

    private func page(
        _ req: Request, _ access: PartnershipAccess, values: [String: String], errors: [FormError],
        status: HTTPResponseStatus
    ) async throws -> Response {
        let id = access.partnershipID
        let quarter = Quarter.lastComplete()
        let format = CountFormat(policy: access.disclosure)
        // A role without exact counts: the latest complete quarter's answers, under the rule.
        let outcomes = try await Outcomes.results(partnershipID: id, policy: access.disclosure, on: req.db)
        let counted = Surveys.countedQuarter(policy: access.disclosure)
        let none = counted.map { "no one who answered before and after in \(Quarter.label($0))." } ?? "no answers yet."
        let indicators = try await Indicators.results(
            partnershipID: id, toQuarter: quarter, policy: access.disclosure, courses: req.application.courses,
            scenarios: req.application.games.library, on: req.db)
        let surveys = try await Surveys.all(partnershipID: id, on: req.db)
        let objectives = try await PartnershipSettings.items(Objective.self, partnershipID: id, on: req.db)
        var model = OutcomesPage.Model(
            slug: access.slug, quarterLabel: Quarter.label(quarter),
            outcomes: outcomes.map { o in
                .init(
                    id: o.id.uuidString, title: o.title, objective: o.objective, rag: o.rag.rawValue,
                    ragLabel: o.rag.label, reason: o.reason,
                    measures: o.measures.map {
                        (
                            $0.questionText,
                            "\($0.surveyTitle) survey: "
                                + ($0.finding?.sentence(publishedWith: access.disclosure)
                                    ?? "“\($0.questionText)”: \(none)")
                        )
                    })
            },
            indicators: indicators.map { i in
                .init(
                    id: i.id.uuidString, title: i.title, source: i.source.label, direction: i.direction.label,
                    isManual: i.source == .manual,
                    values: i.values.map {
                        (
                            Quarter.label($0.quarter), $0.value,
                            Self.display($0.value, percentage: i.isPercentage, format: format)
                        )
                    },
                    rag: i.rag.rawValue, ragLabel: i.rag.label, reason: i.reason)
            },
            canManage: access.allows(.manageSurveys),
            objectives: objectives.map { ($0.id!.uuidString, $0.name) },
            measures: surveys.filter { $0.design == .beforeAfter }.flatMap { survey in
                survey.questions.filter { $0.kind == .yesNo || $0.kind == .likert }.map {
                    ("\(survey.id!.uuidString)|\($0.key)", "\(survey.title): \($0.text)")
                }
            },
            yesNoQuestions: surveys.flatMap { survey in
                survey.questions.filter { $0.kind == .yesNo }.map {
                    ("\(survey.id!.uuidString)|\($0.key)", "\(survey.title): \($0.text)")
                }
            },
            sources: Indicator.Source.allCases.map { ($0.rawValue, $0.label) },
            quarters: (0..<8).map { Quarter.adding(-$0, to: quarter) }.map { ("\($0)", Quarter.label($0)) },
            values: values, errors: errors)
        model.countedQuarter = Surveys.countedQuarter(policy: access.disclosure).map(Quarter.label)
        model.threshold = access.disclosure.threshold
        return OutcomesPage.render(model, chrome: req.chrome(access, current: .outcomes)).htmlResponse(status)
    }

    private func back(_ req: Request, _ access: PartnershipAccess) -> Response {
        req.redirect(to: SiteURL.partnership(slug: access.slug, .outcomes).path, redirectType: .normal)
    }

    static func measure(_ value: String) -> Outcome.Measure? {
        let parts = value.split(separator: "|", maxSplits: 1).map(String.init)
        guard parts.count == 2, let id = UUID(uuidString: parts[0]) else { return nil }
        return Outcome.Measure(surveyID: id, questionKey: parts[1])
    }

    func addOutcome(req: Request) async throws -> Response {
        let access = try await req.access(.manageSurveys)
        let form = FormPairs(req)
        do {
            try await Outcomes.save(
                nil, partnershipID: access.partnershipID, title: form.first("title") ?? "",
                objectiveID: form.first("objective").flatMap(UUID.init(uuidString:)),
                measures: form.all("measure[]").compactMap(Self.measure), by: access.staff.acting(req), on: req.db)
        } catch let errors as FieldErrors {
            return try await page(
                req, access, values: ["title": form.first("title") ?? "", "objective": form.first("objective") ?? ""],
                errors: errors.formErrors, status: .unprocessableEntity)
        }
        return back(req, access)
    }

    func removeOutcome(req: Request) async throws -> Response {
        let access = try await req.access(.manageSurveys)
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
            let outcome = try await Outcome.find(id, partnershipID: access.partnershipID, on: req.db)
        else { throw NotFound("outcome") }
        try await Outcomes.delete(outcome, by: access.staff.acting(req), on: req.db)
        return back(req, access)
    }

    private func indicator(_ req: Request, _ access: PartnershipAccess) async throws -> Indicator {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
            let indicator = try await Indicator.find(id, partnershipID: access.partnershipID, on: req.db)
        else { throw NotFound("indicator") }
        return indicator
    }

    func addIndicator(req: Request) async throws -> Response {
        let access = try await req.access(.manageSurveys)
        let form = FormPairs(req)
        let values = [
            "name": form.first("name") ?? "", "source": form.first("source") ?? "",
            "direction": form.first("direction") ?? "",
            "question": form.first("question") ?? "",
        ]
        guard let source = Indicator.Source(rawValue: values["source"]!) else {
            return try await page(
                req, access, values: values,
                errors: [FormError(field: "source", message: "Choose where the figures come from")],
                status: .unprocessableEntity)
        }
        let measure = Self.measure(values["question"]!)
        do {
            var parsed = FieldErrors()
            let direction = parsed.choice(
                values["direction"]!, "direction", empty: Indicator.Direction.up,
                message: "Choose whether you want it to go up or down")
            try parsed.throwIfAny()
            try await Indicators.create(
                partnershipID: access.partnershipID, title: values["name"]!, source: source,
                direction: direction, surveyID: measure?.surveyID,
                questionKey: measure?.questionKey ?? "", by: access.staff.acting(req), on: req.db)
        } catch let errors as FieldErrors {
            let mapped = errors.problems.map {
                FormError(field: $0.field == "title" ? "name" : $0.field, message: $0.message)
            }
            return try await page(req, access, values: values, errors: mapped, status: .unprocessableEntity)
        }
        return back(req, access)
    }

    func setValue(req: Request) async throws -> Response {
        let access = try await req.access(.manageSurveys)
        let indicator = try await indicator(req, access)
        let form = FormPairs(req)
        let text = (form.first("value") ?? "").trimmingCharacters(in: .whitespaces).replacingOccurrences(
            of: ",", with: "")
        let value = Double(text)
        let field = "value-\(indicator.id!.uuidString)"
        guard indicator.source == .manual else {
            return try await page(
                req, access, values: [:],
                errors: [FormError(field: field, message: "This indicator's figures are worked out by SaferCyber")],
                status: .unprocessableEntity)
        }
        if !text.isEmpty && value == nil {
            return try await page(
                req, access, values: [:],
                errors: [FormError(field: field, message: "Enter the figure as a number, like 52")],
                status: .unprocessableEntity)
        }
        do {
            try await Indicators.setValue(
                indicator, quarter: Int(form.first("quarter") ?? "") ?? 0, value: value, by: access.staff.acting(req),
                on: req.db)
        } catch let errors as FieldErrors {
            return try await page(
                req, access, values: [:], errors: errors.problems.map { FormError(field: field, message: $0.message) },
                status: .unprocessableEntity)
        }
        return back(req, access)
    }

    func removeIndicator(req: Request) async throws -> Response {
        let access = try await req.access(.manageSurveys)
        try await Indicators.delete(try await indicator(req, access), by: access.staff.acting(req), on: req.db)
        return back(req, access)
    }
}
