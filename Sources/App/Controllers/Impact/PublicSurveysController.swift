import Fluent
import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

/// Answering a survey without an account: start (with the participant code), one page per question group,
/// check your answers, send. Answers travel in the form until sent, so an abandoned survey leaves nothing behind.
struct PublicSurveysController {
    struct Context {
        let partnership: Partnership
        let survey: Survey
        let stage: SurveyResponse.Stage
    }

    private func context(_ req: Request) async throws -> Context {
        guard let slug = req.parameters.get("slug"),
            let partnership = try await Partnerships.find(on: req.db, slug: slug),
            let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
            let survey = try await Survey.find(id, partnershipID: partnership.requireID(), on: req.db),
            survey.status != .draft,
            let stage = req.parameters.get("stage").flatMap(SurveyResponse.Stage.init(rawValue:)),
            Surveys.stages(survey).contains(stage)
        else { throw NotFound("survey") }
        return Context(partnership: partnership, survey: survey, stage: stage)
    }

    private func model(
        _ c: Context, step: PublicSurveyPage.Step, code: String = "", questions: [PublicSurveyPage.Question] = [],
        carried: [(String, String)] = [], errors: [FormError] = []
    ) -> PublicSurveyPage.Model {
        let paired = c.survey.design == .beforeAfter
        return PublicSurveyPage.Model(
            slug: c.partnership.slug, surveyID: c.survey.id!.uuidString, stage: c.stage.rawValue, title: c.survey.title,
            intro: c.survey.intro,
            stageLabel: paired ? (c.stage == .before ? "before the session" : "after the session") : nil,
            asksForCode: paired, code: code,
            step: step, questions: questions, carried: carried, errors: errors)
    }

    private func page(_ req: Request, _ model: PublicSurveyPage.Model, status: HTTPResponseStatus = .ok) -> Response {
        PublicSurveyPage.render(model, csrf: req.csrfToken).htmlResponse(status)
    }

    func show(req: Request) async throws -> Response {
        let c = try await context(req)
        do {
            _ = try await Surveys.checkCanStart(c.survey, stage: c.stage, code: nil, on: req.db)
        } catch let errors as FieldErrors where errors.message(for: "survey") != nil {
            return page(req, model(c, step: .closed(message: errors.message(for: "survey")!)))
        } catch is FieldErrors {
            // Only the (not yet given) code is missing: show the start page.
        }
        // A booking page links here with the person's code filled in.
        let code =
            req.query[String.self, at: "code"].flatMap(ParticipantCode.normalised).map(ParticipantCode.display) ?? ""
        return page(req, model(c, step: .start, code: code))
    }

    func thanks(req: Request) async throws -> Response {
        let c = try await context(req)
        let reminder =
            c.stage == .before
            ? "Keep your code: after the session you will be asked the same questions, so we can see what changed."
            : nil
        return page(req, model(c, step: .thanks(reminder: reminder)))
    }

    static let answersPerAddress = 100

    static func limit(survey: UUID, address: String) -> PublicLimits.Rule {
        .init("survey|\(survey)|\(address)", limit: answersPerAddress, window: 24 * 60 * 60)
    }

    func answer(req: Request) async throws -> Response {
        let c = try await context(req)
        let form = FormPairs(req)
        let questions = c.survey.questions
        let groups = c.survey.groups
        let typedCode = String((form.first("code") ?? "").prefix(20))
        let thanks = Response(
            status: .seeOther,
            headers: [
                "Location": SiteURL.publicSurveyThanks(
                    slug: c.partnership.slug, id: c.survey.id!.uuidString,
                    stage: c.stage.rawValue
                ).path
            ])
        // Software fills every field, people never see this one: pretend it worked and keep nothing.
        if !(form.first("website") ?? "").isEmpty { return thanks }
        var answers = SurveyAnswers.pruned(
            form.grouped(prefix: "a-").mapValues {
                $0.map { String($0.prefix(SurveyQuestions.maximumTextLength + 1)) }
            },
            questions: questions)
        let step = form.first("step") ?? "start"
        let action = form.first("action") ?? ""

        // The code is checked on the start page and again when the answers are sent.
        let code: String
        do {
            code =
                try await Surveys.checkCanStart(c.survey, stage: c.stage, code: typedCode, on: req.db).map(
                    ParticipantCode.display) ?? ""
        } catch let errors as FieldErrors {
            if let message = errors.message(for: "survey") {
                return page(req, model(c, step: .closed(message: message)))
            }
            return page(
                req, model(c, step: .start, code: typedCode, errors: errors.formErrors), status: .unprocessableEntity)
        }

        func visibleGroup(from index: Int, by direction: Int) -> Int? {
            var i = index
            while groups.indices.contains(i) {
                if questions.contains(where: { $0.group == groups[i] && $0.isShown(given: answers) }) { return i }
                i += direction
            }
            return nil
        }
        func questionPage(_ index: Int, errors: [FormError] = [], status: HTTPResponseStatus = .ok) -> Response {
            let group = groups[index]
            let shown = questions.filter { $0.group == group && $0.isShown(given: answers) }
            let keys = Set(shown.map(\.key))
            let carried = answers.filter { !keys.contains($0.key) }.sorted { $0.key < $1.key }.flatMap { key, values in
                values.map { ("a-\(key)", $0) }
            }
            let fields = shown.map { q in
                PublicSurveyPage.Question(
                    key: q.key, text: q.text, hint: q.hint, kind: q.kind.rawValue, choices: q.choices,
                    optional: q.optional,
                    values: answers[q.key] ?? [])
            }
            return page(
                req,
                model(
                    c, step: .questions(index: index, count: groups.count), code: code, questions: fields,
                    carried: carried,
                    errors: errors), status: status)
        }
        func checkPage(errors: [FormError] = [], status: HTTPResponseStatus = .ok) -> Response {
            let rows = questions.filter { $0.isShown(given: answers) }.map { q in
                (
                    page: groups.firstIndex(of: q.group) ?? 0, question: q.text,
                    answer: (answers[q.key] ?? []).map { value in q.choices.first { $0.value == value }?.label ?? value
                    }.joined(separator: ", ")
                )
            }
            let carried = answers.sorted { $0.key < $1.key }.flatMap { key, values in values.map { ("a-\(key)", $0) } }
            return page(
                req, model(c, step: .check(rows: rows), code: code, carried: carried, errors: errors), status: status)
        }

        if step == "start" {
            guard let first = visibleGroup(from: 0, by: 1) else { return checkPage() }
            return questionPage(first)
        }
        if step == "check" {
            if action.hasPrefix("page-"), let index = Int(action.dropFirst(5)), groups.indices.contains(index) {
                return questionPage(index)
            }
            // One address can send only so many answers to a survey in a day (a class of 30 on one school
            // connection, before and after, stays inside it), shared by every instance (issue 20, case 6).
            let limit = Self.limit(survey: try c.survey.requireID(), address: req.limitAddress)
            if let wait = try await PublicLimits.take([limit], on: req.db).retryAfter {
                // The answers stay on the page, to send again later.
                return checkPage(
                    errors: [
                        FormError(
                            field: "send",
                            message:
                                "Too many answers to this survey have been sent from here today. Please send yours again tomorrow."
                        )
                    ], status: .tooManyRequests
                ).retryAfter(wait)
            }
            do {
                try await Surveys.submit(
                    c.survey, stage: c.stage, code: code.isEmpty ? nil : code, answers: answers, on: req.db)
            } catch let errors as FieldErrors {
                if let message = errors.message(for: "survey") {
                    return page(req, model(c, step: .closed(message: message)))
                }
                if errors.message(for: "code") != nil {
                    return page(
                        req, model(c, step: .start, code: typedCode, errors: errors.formErrors),
                        status: .unprocessableEntity)
                }
                // An answer went missing on the way (an edited page): go back to its page.
                let key = errors.problems.first?.field ?? ""
                let index = questions.first { $0.key == key }.flatMap { groups.firstIndex(of: $0.group) } ?? 0
                return questionPage(
                    index, errors: errors.problems.map { FormError(field: "a-\($0.field)", message: $0.message) },
                    status: .unprocessableEntity)
            }
            return thanks
        }
        guard step.hasPrefix("page-"), let index = Int(step.dropFirst(5)), groups.indices.contains(index) else {
            throw Abort(.badRequest)
        }
        if action == "back" {
            guard let previous = visibleGroup(from: index - 1, by: -1) else {
                return page(req, model(c, step: .start, code: code))
            }
            return questionPage(previous)
        }
        let earlier = answers.filter { key, _ in questions.first { $0.key == key }?.group != groups[index] }
        let checked = SurveyAnswers.check(questions, group: groups[index], submitted: answers, earlier: earlier)
        answers = SurveyAnswers.pruned(checked.answers, questions: questions)
        if !checked.problems.isEmpty {
            // Keep what they typed on the page, so nothing has to be entered twice.
            for question in questions where question.group == groups[index] {
                if let typed = form.grouped(prefix: "a-")[question.key] { answers[question.key] = typed }
            }
            return questionPage(
                index, errors: checked.problems.map { FormError(field: "a-\($0.key)", message: $0.message) },
                status: .unprocessableEntity)
        }
        guard let next = visibleGroup(from: index + 1, by: 1) else { return checkPage() }
        return questionPage(next)
    }
}
