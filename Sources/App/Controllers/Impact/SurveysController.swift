import Fluent
import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

/// Staff pages for surveys: the list, one survey's settings and questions, code cards.
struct SurveysController {
    func list(req: Request) async throws -> Response {
        let access = try await req.access(.viewAggregates)
        return try await listPage(req, access, values: [:], errors: [], status: .ok)
    }

    private func listPage(
        _ req: Request, _ access: PartnershipAccess, values: [String: String], errors: [FormError],
        status: HTTPResponseStatus
    ) async throws -> Response {
        let surveys = try await Surveys.all(partnershipID: access.partnershipID, on: req.db)
        var rows: [SurveysPage.Row] = []
        for survey in surveys {
            // A role without exact counts: the latest complete quarter's responses (issue 19).
            let (count, _) = try await Surveys.countedResponses(survey, policy: access.disclosure, on: req.db)
            rows.append(
                .init(
                    id: survey.id!.uuidString, title: survey.title,
                    design: survey.design == .beforeAfter ? "Before and after" : "Once",
                    status: survey.status.label,
                    responses: CountFormat(policy: access.disclosure).count(count)))
        }
        var model = SurveysPage.Model(
            slug: access.slug, rows: rows,
            templates: [("", "A blank survey")] + SurveyTemplates.all.map { ($0.key, "Template: \($0.title)") },
            canManage: access.allows(.manageSurveys), values: values, errors: errors)
        if let quarter = Surveys.countedQuarter(policy: access.disclosure) {
            model.responsesHeading =
                "Counted in \(Quarter.label(quarter)), to the nearest \(access.disclosure.threshold): responses (before and after: people who answered both times)"
        }
        return SurveysPage.render(model, chrome: req.chrome(access, current: .surveys)).htmlResponse(status)
    }

    struct CreateForm: Content { var template: String?, title: String? }

    func create(req: Request) async throws -> Response {
        let access = try await req.access(.manageSurveys)
        let form = try FormPairs(req).decode(CreateForm.self)
        do {
            let survey = try await Surveys.create(
                partnershipID: access.partnershipID, title: form.title ?? "", templateKey: form.template,
                design: nil, by: access.staff.acting(req), on: req.db)
            return req.redirect(
                to: SiteURL.partnership(slug: access.slug, .survey(id: survey.id!.uuidString)).path + "?saved=created",
                redirectType: .normal)
        } catch let errors as FieldErrors {
            return try await listPage(
                req, access, values: ["template": form.template ?? "", "title": form.title ?? ""],
                errors: errors.formErrors,
                status: .unprocessableEntity)
        }
    }

    func show(req: Request) async throws -> Response {
        let access = try await req.access(.viewAggregates)
        let survey = try await req.survey(access)
        let notice: String? =
            switch req.query[String.self, at: "saved"] {
            case "created": "Survey created. Check the questions, then open it."
            case "settings": "Settings saved."
            case "question": "Questions saved."
            case "copy": "This is an editable copy. Its questions can change until someone answers it."
            default: nil
            }
        return try await page(
            req, access, survey, values: settingsValues(survey), errors: [], notice: notice, status: .ok)
    }

    private func settingsValues(_ survey: Survey) -> [String: String] {
        [
            "title": survey.title, "intro": survey.intro, "status": survey.status.rawValue,
            "closes": survey.closesAt.map { CalendarDay.today($0.addingTimeInterval(-1)).typed } ?? "",
            "quota": survey.quota.map { "\($0)" } ?? "",
        ]
    }

    private func page(
        _ req: Request, _ access: PartnershipAccess, _ survey: Survey, values: [String: String], errors: [FormError],
        notice: String? = nil, status: HTTPResponseStatus
    ) async throws -> Response {
        let id = survey.id!.uuidString
        let responses = try await Surveys.responseCount(survey.requireID(), on: req.db)
        let events = try await Events.all(partnershipID: access.partnershipID, on: req.db)
        let questions = survey.questions
        let links = Surveys.stages(survey).map { stage in
            (
                stage == .once ? "Answer the survey" : stage == .before ? "Before the session" : "After the session",
                req.siteAddress + SiteURL.publicSurvey(slug: access.slug, id: id, stage: stage.rawValue).path
            )
        }
        var model = SurveyPage.Model(
            slug: access.slug, id: id, title: survey.title, design: survey.design.label, responses: responses,
            links: links,
            questions: questions.map { q in
                SurveyPage.Question(
                    key: q.key, text: q.text, hint: q.hint, kind: q.kind.rawValue, kindLabel: q.kind.label,
                    options: q.options,
                    optional: q.optional, group: q.group,
                    condition: q.showIf.map { rule in
                        let earlier = questions.first { $0.key == rule.key }
                        let answer = earlier?.choices.first { $0.value == rule.answer }?.label ?? rule.answer
                        return "“\(earlier?.text ?? rule.key)” is answered “\(answer)”"
                    })
            },
            kinds: SurveyQuestion.Kind.allCases.map { ($0.rawValue, $0.label) },
            conditions: questions.filter { [.yesNo, .single].contains($0.kind) }.flatMap { q in
                q.choices.map { ("\(q.key)=\($0.value)", "“\(q.text)” is answered “\($0.label)”") }
            },
            statuses: Survey.Status.allCases.map { ($0.rawValue, $0.label) },
            events: events.map { event in
                .init(
                    value: event.id!.uuidString,
                    label: "\(event.title), \(EventTimes.span(event.startsAt, event.endsAt))",
                    checked: survey.events.contains(event.id!))
            },
            canManage: access.allows(.manageSurveys), values: values, errors: errors, notice: notice)
        // A role without exact counts: the latest complete quarter's responses, under the rule (issue 19).
        let (counted, quarter) = try await Surveys.countedResponses(survey, policy: access.disclosure, on: req.db)
        if let quarter {
            model.responsesText =
                CountFormat(policy: access.disclosure).count(counted) + " "
                + (survey.design == .beforeAfter ? "people who answered both times" : "responses")
                + ", counted in " + Quarter.label(quarter) + " (to the nearest \(access.disclosure.threshold))"
        }
        return SurveyPage.render(model, chrome: req.chrome(access, current: .survey(id: id))).htmlResponse(status)
    }

    func update(req: Request) async throws -> Response {
        let access = try await req.access(.manageSurveys)
        let survey = try await req.survey(access)
        let form = FormPairs(req)
        var values: [String: String] = [:]
        for name in ["title", "intro", "status", "closes", "quota"] { values[name] = form.first(name) ?? "" }
        var errors = FieldErrors()
        let status = errors.choice(
            values["status"]!, "status", empty: Survey.Status.draft, message: "Choose the survey's status")
        var closesAt: Date?
        if let text = values["closes"], !text.trimmingCharacters(in: .whitespaces).isEmpty {
            if let day = CalendarDay(text) {
                closesAt = UKTime.start(of: day.adding(days: 1))
            } else {
                errors.add("closes", "Enter the closing date as day/month/year, like 31/12/2026")
            }
        }
        var quota: Int?
        if let text = values["quota"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            if let number = Int(text.replacingOccurrences(of: ",", with: "")) {
                quota = number
            } else {
                errors.add("quota", "Enter the limit as a whole number, like 200")
            }
        }
        let eventIDs = form.all("event[]").compactMap(UUID.init(uuidString:))
        do {
            try errors.throwIfAny()
            try await access.scope.requireLinkable(
                eventIDs: Set(eventIDs).symmetricDifference(survey.events), partnershipID: access.partnershipID,
                field: "events", on: req.db)
            try await Surveys.update(
                survey,
                settings: .init(
                    title: values["title"]!, intro: values["intro"]!, status: status, closesAt: closesAt,
                    quota: quota, events: eventIDs), by: access.staff.acting(req), on: req.db)
        } catch let errors as FieldErrors {
            return try await page(
                req, access, survey, values: values, errors: errors.formErrors, status: .unprocessableEntity)
        }
        req.application.publicPageCache.clear()
        return req.redirect(
            to: SiteURL.partnership(slug: access.slug, .survey(id: survey.id!.uuidString)).path + "?saved=settings",
            redirectType: .normal)
    }

    func addQuestion(req: Request) async throws -> Response {
        let access = try await req.access(.manageSurveys)
        let survey = try await req.survey(access)
        let form = FormPairs(req)
        var questions = survey.questions
        let text = (form.first("text") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let kind = SurveyQuestion.Kind(rawValue: form.first("kind") ?? "")
        var errors = FieldErrors()
        if text.isEmpty { errors.add("text", "Enter the question") }
        if text.count > 300 { errors.add("text", "The question must be 300 characters or fewer") }
        if kind == nil { errors.add("kind", "Choose the type of answer") }
        let group = Int(form.first("group") ?? "")
        if group == nil || !(1...60).contains(group!) { errors.add("group", "Enter the page number, from 1 to 60") }
        let options = (form.first("options") ?? "").split(separator: ";").map {
            $0.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
        var showIf: SurveyQuestion.ShowIf?
        if let rule = form.first("showIf"), !rule.isEmpty {
            let parts = rule.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { showIf = .init(key: parts[0], answer: parts[1]) }
        }
        let values = [
            "new-text": text, "new-hint": form.first("hint") ?? "", "new-kind": form.first("kind") ?? "",
            "new-options": form.first("options") ?? "",
            "new-group": form.first("group") ?? "", "new-showIf": form.first("showIf") ?? "",
            "new-optional": form.first("optional") ?? "",
        ]
        do {
            try errors.throwIfAny()
            questions.append(
                SurveyQuestion(
                    key: SurveyQuestions.newKey(for: text, existing: questions), text: text,
                    hint: String((form.first("hint") ?? "").prefix(500)), kind: kind!,
                    options: kind == .single || kind == .multiple ? options : [],
                    optional: form.first("optional") == "yes",
                    group: group!, showIf: showIf))
            try await Surveys.setQuestions(
                survey, questions.sorted { $0.group < $1.group },
                summary: "Added question “\(text)” to “\(survey.title)”",
                by: access.staff.acting(req), on: req.db)
        } catch let problems as FieldErrors {
            let mapped = problems.problems.map {
                FormError(field: $0.field == "question" ? "text" : $0.field, message: $0.message)
            }
            return try await page(
                req, access, survey, values: settingsValues(survey).merging(values) { $1 }, errors: mapped,
                status: .unprocessableEntity)
        }
        return req.redirect(
            to: SiteURL.partnership(slug: access.slug, .survey(id: survey.id!.uuidString)).path + "?saved=question",
            redirectType: .normal)
    }

    func changeQuestion(req: Request) async throws -> Response {
        let access = try await req.access(.manageSurveys)
        let survey = try await req.survey(access)
        let form = FormPairs(req)
        var questions = survey.questions
        guard let key = req.parameters.get("key"), let index = questions.firstIndex(where: { $0.key == key }) else {
            throw NotFound("question")
        }
        let question = questions[index]
        let summary: String
        switch form.first("action") {
        case "up" where index > 0:
            questions.swapAt(index, index - 1)
            // Moving above a question on an earlier page moves it onto that page.
            questions[index - 1].group = min(questions[index - 1].group, questions[index].group)
            summary = "Moved question “\(question.text)” up"
        case "down" where index < questions.count - 1:
            questions.swapAt(index, index + 1)
            questions[index + 1].group = max(questions[index + 1].group, questions[index].group)
            summary = "Moved question “\(question.text)” down"
        case "remove":
            if let dependent = questions.first(where: { $0.showIf?.key == key }) {
                return try await page(
                    req, access, survey, values: settingsValues(survey),
                    errors: [
                        FormError(
                            field: "text",
                            message:
                                "“\(dependent.text)” is asked only after this question. Remove or change that one first."
                        )
                    ],
                    status: .unprocessableEntity)
            }
            questions.remove(at: index)
            summary = "Removed question “\(question.text)”"
        case "change":
            let text = (form.first("text") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            var errors: [FormError] = []
            if text.isEmpty || text.count > 300 {
                errors.append(
                    FormError(field: "text-\(key)", message: "Enter the question, in 300 characters or fewer"))
            }
            let group = Int(form.first("group") ?? "")
            if group == nil || !(1...60).contains(group!) {
                errors.append(FormError(field: "group-\(key)", message: "Enter the page number, from 1 to 60"))
            }
            if !errors.isEmpty {
                return try await page(
                    req, access, survey, values: settingsValues(survey), errors: errors, status: .unprocessableEntity)
            }
            questions[index].text = text
            questions[index].hint = String((form.first("hint") ?? "").prefix(500))
            questions[index].group = group!
            questions[index].optional = form.first("optional") == "yes"
            if question.kind == .single || question.kind == .multiple {
                questions[index].options = (form.first("options") ?? "").split(separator: ";").map {
                    $0.trimmingCharacters(in: .whitespaces)
                }.filter { !$0.isEmpty }
            }
            questions = questions.enumerated().sorted { ($0.element.group, $0.offset) < ($1.element.group, $1.offset) }
                .map(\.element)
            summary = "Changed question “\(text)”"
        default:
            return req.redirect(
                to: SiteURL.partnership(slug: access.slug, .survey(id: survey.id!.uuidString)).path,
                redirectType: .normal)
        }
        do {
            try await Surveys.setQuestions(
                survey, questions, summary: summary + " in “\(survey.title)”", by: access.staff.acting(req), on: req.db)
        } catch let problems as FieldErrors {
            return try await page(
                req, access, survey, values: settingsValues(survey),
                errors: problems.problems.map { FormError(field: "text", message: $0.message) },
                status: .unprocessableEntity)
        }
        return req.redirect(
            to: SiteURL.partnership(slug: access.slug, .survey(id: survey.id!.uuidString)).path + "?saved=question",
            redirectType: .normal)
    }

    func copy(req: Request) async throws -> Response {
        let access = try await req.access(.manageSurveys)
        let survey = try await req.survey(access)
        let copy = try await Surveys.copy(survey, by: access.staff.acting(req), on: req.db)
        return req.redirect(
            to: SiteURL.partnership(slug: access.slug, .survey(id: copy.id!.uuidString)).path + "?saved=copy",
            redirectType: .normal)
    }

    func cards(req: Request) async throws -> Response {
        let access = try await req.access(.manageSurveys)
        let survey = try await req.survey(access)
        guard survey.design == .beforeAfter else { throw NotFound("cards") }
        let count = min(max(req.query[Int.self, at: "count"] ?? 10, 1), 200)
        let id = survey.id!.uuidString
        let model = SurveyCardsPage.Model(
            slug: access.slug, id: id, title: survey.title,
            beforeURL: req.siteAddress + SiteURL.publicSurvey(slug: access.slug, id: id, stage: "before").path,
            afterURL: req.siteAddress + SiteURL.publicSurvey(slug: access.slug, id: id, stage: "after").path,
            codes: (0..<count).map { _ in ParticipantCode.display(ParticipantCode.random()) })
        return SurveyCardsPage.render(model, chrome: req.chrome(access, current: .surveyCards(id: id))).htmlResponse()
    }
}

extension Request {
    /// The survey named in the address, if it belongs to the partnership being accessed.
    func survey(_ access: PartnershipAccess) async throws -> Survey {
        guard let id = parameters.get("id").flatMap(UUID.init(uuidString:)),
            let survey = try await Survey.find(id, partnershipID: access.partnershipID, on: db)
        else { throw NotFound("survey") }
        return survey
    }
}
