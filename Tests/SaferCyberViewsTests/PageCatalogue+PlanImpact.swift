import Foundation

@testable import SaferCyberViews

extension PageCatalogue {
    static var planImpact: [Entry] {
        [
            Entry("plan", "PlanPage.render") { text in
                let text2 = text + " 2"
                let rows: [PlanActionRow] = [
                    PageCatalogue.planImpactRow(text, number: 1, overdue: true),
                    PageCatalogue.planImpactRow(text2, number: 2, overdue: false),
                ]
                let partners: [(value: String, label: String)] = [
                    (value: text, label: text), (value: text2, label: text2),
                ]
                let series: [StackedChart.Series] = [
                    StackedChart.Series(label: text, colour: text, values: [2, 3]),
                    StackedChart.Series(label: text2, colour: text2, values: [1, 0]),
                ]
                return PlanPage.render(
                    .init(
                        slug: text, view: text, partner: text, partners: partners,
                        groups: [PlanPage.Group(title: text, rows: rows), PlanPage.Group(title: text2, rows: [])],
                        overdue: rows, dueSoon: rows, months: [text, text2], statusSeries: series, total: 2,
                        canManage: true),
                    chrome: .mock(text))
            },
            Entry("plan-action", "PlanActionPage.render") { text in
                let text2 = text + " 2"
                let options: [(value: String, label: String)] = [
                    (value: text, label: text), (value: text2, label: text2),
                ]
                let measured: [(kind: String, title: String, figure: String, url: SiteURL?)] = [
                    (
                        kind: text, title: text, figure: text,
                        url: SiteURL.partnership(slug: text, .planAction(id: text))
                    ),
                    (kind: text2, title: text2, figure: text2, url: nil),
                ]
                let updates: [PlanActionPage.Update] = [
                    PlanActionPage.Update(
                        day: text, note: text, evidence: [text, text2], status: text, rag: text, ragLabel: text,
                        author: text),
                    PlanActionPage.Update(
                        day: text2, note: text2, evidence: [], status: text2, rag: text2, ragLabel: text2, author: text2
                    ),
                ]
                let values: [String: String] = [
                    "note": text, "evidence": text, "day": text, "status": text, "rag": text, "ragReason": text,
                ]
                let model = PlanActionPage.Model(
                    slug: text, row: PageCatalogue.planImpactRow(text, number: 1, overdue: true),
                    facts: [(label: text, value: text), (label: text2, value: text2)], summary: text,
                    milestones: [(title: text, due: text, done: true), (title: text2, due: text2, done: false)],
                    measured: measured, updates: updates, canManage: true, statuses: options, ratings: options,
                    values: values, errors: [FormError(field: "note", message: text)])
                return PlanActionPage.render(model, chrome: .mock(text))
            },
            Entry("plan-action-form", "PlanActionFormPage.render") { text in
                PlanActionFormPage.render(
                    PageCatalogue.planImpactActionForm(text, actionID: text, number: 3), chrome: .mock(text))
            },
            // Adding rather than changing: another title, form target, back link and submit label.
            Entry("plan-action-form-new", "PlanActionFormPage.render") { text in
                PlanActionFormPage.render(
                    PageCatalogue.planImpactActionForm(text, actionID: nil, number: nil), chrome: .mock(text))
            },
            Entry("plan-crossover", "PlanCrossoverPage.render") { text in
                let text2 = text + " 2"
                let cell: [(number: Int, title: String, id: String)] = [
                    (number: 1, title: text, id: text), (number: 2, title: text2, id: text2),
                ]
                let rows: [(label: String, cells: [[(number: Int, title: String, id: String)]])] = [
                    (label: text, cells: [cell, []]),
                    (label: text2, cells: [[], cell]),
                ]
                let grids: [PlanCrossoverPage.Grid] = [
                    PlanCrossoverPage.Grid(caption: text, columnHeading: text, columns: [text, text2], rows: rows),
                    PlanCrossoverPage.Grid(caption: text2, columnHeading: text2, columns: [text, text2], rows: rows),
                ]
                let actions: [(number: Int, id: String)] = [(number: 1, id: text), (number: 2, id: text2)]
                let gaps: [PlanCrossoverPage.Flag] = [
                    PlanCrossoverPage.Flag(
                        key: text, kind: text, title: text, reason: text, actions: actions,
                        review: (note: text, by: text, on: text)),
                    PlanCrossoverPage.Flag(
                        key: text2, kind: text2, title: text2, reason: text2, actions: [], review: nil),
                ]
                let duplicates: [PlanCrossoverPage.Flag] = [
                    PlanCrossoverPage.Flag(
                        key: text + " 3", kind: text, title: text, reason: text, actions: actions, review: nil),
                    PlanCrossoverPage.Flag(
                        key: text + " 4", kind: text2, title: text2, reason: text2, actions: actions,
                        review: (note: text2, by: text2, on: text2)),
                ]
                let field = PlanCrossoverPage.fieldID(text)
                let model = PlanCrossoverPage.Model(
                    slug: text, grids: grids, gaps: gaps, duplicates: duplicates, gapsFromCrimePicture: true,
                    canReview: true, values: [field: text], errors: [FormError(field: field, message: text)])
                return PlanCrossoverPage.render(model, chrome: .mock(text))
            },
            // Not a page: the id of a flag's note field, which the crossover page writes into attributes.
            Entry("plan-meetings", "PlanMeetingsPage.render") { text in
                PlanMeetingsPage.render(PageCatalogue.planImpactMeetings(text), chrome: .mock(text))
            },
            Entry("plan-meeting", "PlanMeetingPage.render") { text in
                let text2 = text + " 2"
                let rows: [PlanActionRow] = [
                    PageCatalogue.planImpactRow(text, number: 1, overdue: true),
                    PageCatalogue.planImpactRow(text2, number: 2, overdue: false),
                ]
                let model = PlanMeetingPage.Model(
                    slug: text, id: text, title: text, day: text, attendees: [text, text2], notes: text + "\n" + text2,
                    decisions: [text, text2], actionsArising: rows, form: PageCatalogue.planImpactMeetings(text))
                return PlanMeetingPage.render(model, chrome: .mock(text))
            },
            Entry("plan-timeline", "PlanTimelinePage.render") { text in
                let text2 = text + " 2"
                let bars: [PlanTimelinePage.Bar] = [
                    PlanTimelinePage.Bar(label: text, from: 0.1, to: 0.6, openStart: false, openEnd: false, rag: text),
                    PlanTimelinePage.Bar(label: text2, from: 0, to: 1, openStart: true, openEnd: true, rag: text2),
                ]
                let rows: [PlanActionRow] = [
                    PageCatalogue.planImpactRow(text, number: 1, overdue: true),
                    PageCatalogue.planImpactRow(text2, number: 2, overdue: false),
                ]
                return PlanTimelinePage.render(
                    .init(slug: text, window: text, months: [text, text2], today: 0.5, bars: bars, rows: rows),
                    chrome: .mock(text))
            },
            Entry("recommendations-report", "RecommendationsReportPage.render") { text in
                let text2 = text + " 2"
                let rows: [RecommendationsReportPage.Row] = [
                    RecommendationsReportPage.Row(
                        number: 1, text: text, owner: text, response: text, status: text, target: text, slipped: text,
                        overdue: true, latest: text),
                    RecommendationsReportPage.Row(
                        number: 2, text: text2, owner: text2, response: text2, status: text2, target: text2,
                        slipped: text2, overdue: false, latest: text2),
                ]
                let model = RecommendationsReportPage.Model(
                    slug: text, reviewID: text, reviewTitle: text, partnershipName: text, asOf: text, asOfValue: text,
                    summary: [(label: text, value: text), (label: text2, value: text2)], rows: rows, error: text)
                return RecommendationsReportPage.render(model, chrome: .mock(text))
            },
            Entry("scrutiny-list", "ScrutinyListPage.render") { text in
                let text2 = text + " 2"
                let reviews: [ScrutinyListPage.Review] = [
                    ScrutinyListPage.Review(id: text, title: text, dates: text, recommendations: 4, overdue: 1),
                    ScrutinyListPage.Review(id: text2, title: text2, dates: text2, recommendations: 0, overdue: 0),
                ]
                let model = ScrutinyListPage.Model(
                    slug: text, reviews: reviews, canManage: true,
                    values: PageCatalogue.planImpactScrutinyDetails(text),
                    errors: [FormError(field: "title", message: text)])
                return ScrutinyListPage.render(model, chrome: .mock(text))
            },
            Entry("scrutiny-review", "ScrutinyReviewPage.render") { text in
                PageCatalogue.planImpactScrutinyReview(text)
            },
            Entry("board-report", "BoardReportPage.render") { text in
                BoardReportPage.render(
                    PageCatalogue.planImpactBoardReport(text, isStaffPage: true), chrome: .mock(text))
            },
            // The published report: no quarter chooser or CSV link.
            Entry("board-report-public", "BoardReportPage.render") { text in
                BoardReportPage.render(
                    PageCatalogue.planImpactBoardReport(text, isStaffPage: false), chrome: .mock(text))
            },
            // A coordinator before issuing: commentary forms, year to date, scrutiny, an error.
            Entry("board-report-issuing", "BoardReportPage.render") { text in
                var model = PageCatalogue.planImpactBoardReport(text, isStaffPage: true)
                model.canIssue = true
                model.pdfAvailable = true
                model.comments = ["crime": text + "\n\n" + text, "scrutiny": text]
                model.yearToDateLabel = text
                model.yearToDateFacts = [(text, text)]
                model.scrutinyTables = [
                    .init(key: "scrutiny", title: text, columns: [text, text], rows: [[text, text]], note: text)
                ]
                model.errors = [FormError(field: "comment-crime", message: text)]
                model.notice = text
                return BoardReportPage.render(model, chrome: .mock(text))
            },
            // Issued: the frozen copy, with what has changed since.
            Entry("board-report-issued", "BoardReportPage.render") { text in
                var model = PageCatalogue.planImpactBoardReport(text, isStaffPage: true)
                model.issuedNote = text
                model.issuedHTML = BoardReportPage.bodyHTML(
                    PageCatalogue.planImpactBoardReport(text, isStaffPage: false))
                model.changesSinceIssue = [text, text]
                return BoardReportPage.render(model, chrome: .mock(text))
            },
            Entry("board-report-document", "BoardReportPage.document") { text in
                BoardReportPage.document(
                    title: text,
                    bodyHTML: BoardReportPage.bodyHTML(PageCatalogue.planImpactBoardReport(text, isStaffPage: false)))
            },
            Entry("outcomes", "OutcomesPage.render") { text in
                PageCatalogue.planImpactOutcomes(text)
            },
            Entry("public-survey-start", "PublicSurveyPage.render") { text in
                PublicSurveyPage.render(PageCatalogue.planImpactPublicSurvey(text, step: .start), csrf: "mock-token")
            },
            Entry("public-survey-questions", "PublicSurveyPage.render") { text in
                PublicSurveyPage.render(
                    PageCatalogue.planImpactPublicSurvey(text, step: .questions(index: 1, count: 3)), csrf: "mock-token"
                )
            },
            Entry("public-survey-check", "PublicSurveyPage.render") { text in
                // One empty answer, for the "Not answered" branch.
                let rows: [(page: Int, question: String, answer: String)] = [
                    (page: 0, question: text, answer: text),
                    (page: 1, question: text + " 2", answer: ""),
                ]
                return PublicSurveyPage.render(
                    PageCatalogue.planImpactPublicSurvey(text, step: .check(rows: rows)), csrf: "mock-token")
            },
            Entry("public-survey-thanks", "PublicSurveyPage.render") { text in
                PublicSurveyPage.render(
                    PageCatalogue.planImpactPublicSurvey(text, step: .thanks(reminder: text)), csrf: "mock-token")
            },
            Entry("public-survey-closed", "PublicSurveyPage.render") { text in
                PublicSurveyPage.render(
                    PageCatalogue.planImpactPublicSurvey(text, step: .closed(message: text)), csrf: "mock-token")
            },
            Entry("survey-cards", "SurveyCardsPage.render") { text in
                SurveyCardsPage.render(
                    .init(
                        slug: text, id: text, title: text, beforeURL: text, afterURL: text, codes: [text, text + " 2"]),
                    chrome: .mock(text))
            },
            // No answers yet: the questions can be changed, moved and added.
            Entry("survey", "SurveyPage.render") { text in
                SurveyPage.render(PageCatalogue.planImpactSurvey(text, responses: 0), chrome: .mock(text))
            },
            // Answered: the questions are fixed, with the notice and the "editable copy" button instead.
            Entry("survey-locked", "SurveyPage.render") { text in
                SurveyPage.render(PageCatalogue.planImpactSurvey(text, responses: 12), chrome: .mock(text))
            },
            Entry("survey-results", "SurveyResultsPage.render") { text in
                PageCatalogue.planImpactSurveyResults(text)
            },
            Entry("surveys", "SurveysPage.render") { text in
                let text2 = text + " 2"
                let rows: [SurveysPage.Row] = [
                    SurveysPage.Row(id: text, title: text, design: text, status: text, responses: text),
                    SurveysPage.Row(id: text2, title: text2, design: text2, status: text2, responses: text2),
                ]
                let model = SurveysPage.Model(
                    slug: text, rows: rows, templates: [(value: text, label: text), (value: text2, label: text2)],
                    canManage: true, values: ["template": text, "title": text],
                    errors: [FormError(field: "title", message: text)])
                return SurveysPage.render(model, chrome: .mock(text))
            },
        ]
    }

    // MARK: - Shared mocks

    private static func planImpactRow(_ text: String, number: Int, overdue: Bool) -> PlanActionRow {
        PlanActionRow(
            id: text, number: number, title: text, lead: text, officer: text, themes: text, audiences: text,
            area: text, starts: text, due: text, status: text, rag: text, ragLabel: text, ragReason: text,
            overdue: overdue)
    }

    private static func planImpactTable(_ text: String) -> CrimePicturePage.Table {
        let text2 = text + " 2"
        return CrimePicturePage.Table(
            key: text, title: text, columns: [text, text, text], rows: [[text, text, text], [text2, text2, text2]],
            note: text, textColumns: [1])
    }

    private static func planImpactActionForm(_ text: String, actionID: String?, number: Int?)
        -> PlanActionFormPage.Model
    {
        let text2 = text + " 2"
        let options: PlanActionFormPage.Options = [(value: text, label: text), (value: text2, label: text2)]
        let values: [String: String] = [
            "title": text, "summary": text, "objective": text, "area": text, "leadPartner": text,
            "leadOfficer": text, "starts": text, "due": text, "funding": text, "funder": text, "amount": text,
            "status": text, "rag": text, "ragReason": text, "meeting": text,
        ]
        let selected: [String: Set<String>] = [
            "themes": [text], "audiences": [text], "supportingPartners": [text], "events": [text], "games": [text],
            "surveys": [text], "outcomes": [text],
        ]
        return PlanActionFormPage.Model(
            slug: text, actionID: actionID, number: number, values: values, selected: selected,
            milestones: [(title: text, due: text, done: true), (title: text2, due: text2, done: false)],
            objectives: options, partners: options, themes: options, audiences: options, statuses: options,
            ratings: options, fundings: options, events: options, games: options, surveys: options,
            outcomes: options, meetings: options, errors: [FormError(field: "title", message: text)])
    }

    private static func planImpactMeetings(_ text: String) -> PlanMeetingsPage.Model {
        let text2 = text + " 2"
        let meetings: [PlanMeetingsPage.Meeting] = [
            PlanMeetingsPage.Meeting(id: text, day: text, title: text, attendees: [text, text2], actionsArising: 2),
            PlanMeetingsPage.Meeting(id: text2, day: text2, title: text2, attendees: [], actionsArising: 0),
        ]
        let agenda: [(title: String, items: [(heading: String, detail: String)])] = [
            (title: text, items: [(heading: text, detail: text), (heading: text2, detail: text2)]),
            (title: text2, items: [(heading: text2, detail: text2)]),
        ]
        let values: [String: String] = ["title": text, "day": text, "notes": text, "decisions": text]
        return PlanMeetingsPage.Model(
            slug: text, meetings: meetings, agenda: agenda,
            partners: [(value: text, label: text), (value: text2, label: text2)], canManage: true, values: values,
            attendees: [text], errors: [FormError(field: "title", message: text)])
    }

    private static func planImpactScrutinyDetails(_ text: String) -> [String: String] {
        [
            "title": text, "scope": text, "members": text, "starts": text, "ends": text, "draft": text,
            "shared": text, "reviewers": text,
        ]
    }

    private static func planImpactScrutinyReview(_ text: String) -> String {
        let text2 = text + " 2"
        let options: [(value: String, label: String)] = [(value: text, label: text), (value: text2, label: text2)]
        let evidence: [ScrutinyReviewPage.Evidence] = [
            ScrutinyReviewPage.Evidence(day: text, kind: text, organisation: text, heard: text, source: text),
            ScrutinyReviewPage.Evidence(day: text2, kind: text2, organisation: text2, heard: text2, source: text2),
        ]
        let comments: [ScrutinyReviewPage.Comment] = [
            ScrutinyReviewPage.Comment(
                id: text, reviewer: text, day: text, kind: text, section: text, text: text, isOpen: true,
                resolution: text, note: text),
            ScrutinyReviewPage.Comment(
                id: text2, reviewer: text2, day: text2, kind: text2, section: text2, text: text2, isOpen: false,
                resolution: text2, note: text2),
        ]
        let updates: [(day: String, status: String, note: String, target: String)] = [
            (day: text, status: text, note: text, target: text),
            (day: text2, status: text2, note: text2, target: text2),
        ]
        let recommendations: [ScrutinyReviewPage.Recommendation] = [
            ScrutinyReviewPage.Recommendation(
                id: text, number: 1, text: text, owner: text, response: text, responseKey: text, reason: text,
                respondedOn: text, status: text, target: text, firstTarget: text, overdue: true, slips: 2,
                updates: updates),
            // "awaiting" switches the response form's label to "Record the response".
            ScrutinyReviewPage.Recommendation(
                id: text2, number: 2, text: text2, owner: text2, response: text2, responseKey: "awaiting",
                reason: text2, respondedOn: text2, status: text2, target: text2, firstTarget: text2, overdue: false,
                slips: 1, updates: []),
        ]
        let scrutinyOptions = ScrutinyOptions(
            evidenceKinds: options, commentKinds: options, resolutions: options, responses: options,
            statuses: options)
        let values: [String: String] = [
            "evidence-day": text, "evidence-kind": text, "evidence-organisation": text, "evidence-heard": text,
            "evidence-source": text, "comment-reviewer": text, "comment-day": text, "comment-kind": text,
            "comment-section": text, "comment-text": text, "recommendation-text": text,
            "recommendation-owner": text, "recommendation-target": text,
        ]
        let model = ScrutinyReviewPage.Model(
            slug: text, id: text, title: text, scope: text, members: [text, text2], dates: text, draft: text,
            draftShared: text, reviewers: [text, text2], evidence: evidence, comments: comments,
            recommendations: recommendations, canManage: true, options: scrutinyOptions,
            details: planImpactScrutinyDetails(text), values: values,
            errors: [FormError(field: "evidence-heard", message: text)])
        return ScrutinyReviewPage.render(model, chrome: .mock(text))
    }

    private static func planImpactBoardReport(_ text: String, isStaffPage: Bool) -> BoardReportPage.Model {
        let text2 = text + " 2"
        let table = planImpactTable(text)
        let outcomes: [BoardReportPage.Outcome] = [
            BoardReportPage.Outcome(title: text, rag: text, ragLabel: text, reason: text, sentences: [text, text2]),
            BoardReportPage.Outcome(title: text2, rag: text2, ragLabel: text2, reason: text2, sentences: [text2]),
        ]
        let chart: [BarChart.Bar] = [
            BarChart.Bar(label: text, value: 12, display: text),
            BarChart.Bar(label: text2, value: 3, display: text2),
        ]
        var model = BoardReportPage.Model(
            slug: text, partnershipName: text, quarter: text, quarterLabel: text,
            quarters: [(value: text, label: text), (value: text2, label: text2)], produced: text,
            atAGlance: [text, text2], crimeFacts: [(text, text), (text2, text2)], crimeSentences: [text, text2],
            crimeTables: [table, planImpactTable(text2)], crimeChart: chart,
            deliveryFacts: [(text, text), (text2, text2)], deliveryTable: table, outcomes: outcomes,
            indicatorTable: table, surveyTable: table,
            isStaffPage: isStaffPage, planTable: table, referralTable: table)
        model.disclosureNote = text
        model.countingNotes = [(measure: text, rule: text), (measure: text2, rule: text2)]
        return model
    }

    private static func planImpactOutcomes(_ text: String) -> String {
        let text2 = text + " 2"
        let options: [(value: String, label: String)] = [(value: text, label: text), (value: text2, label: text2)]
        let outcomes: [OutcomesPage.OutcomeRow] = [
            OutcomesPage.OutcomeRow(
                id: text, title: text, objective: text, rag: text, ragLabel: text, reason: text,
                measures: [(question: text, sentence: text), (question: text2, sentence: text2)]),
            OutcomesPage.OutcomeRow(
                id: text2, title: text2, objective: nil, rag: text2, ragLabel: text2, reason: text2,
                measures: [(question: text2, sentence: text2)]),
        ]
        let figures: [(quarter: String, value: Double?, display: String)] = [
            (quarter: text, value: 3.0, display: text),
            (quarter: text2, value: 5.5, display: text2),
            (quarter: text + " 3", value: nil, display: text + " 3"),
        ]
        let indicators: [OutcomesPage.IndicatorRow] = [
            OutcomesPage.IndicatorRow(
                id: text, title: text, source: text, direction: text, isManual: true, values: figures, rag: text,
                ragLabel: text, reason: text),
            OutcomesPage.IndicatorRow(
                id: text2, title: text2, source: text2, direction: text2, isManual: false, values: figures,
                rag: text2, ragLabel: text2, reason: text2),
        ]
        let values: [String: String] = [
            "title": text, "objective": text, "name": text, "source": text, "direction": text, "question": text,
            "quarter": text,
        ]
        let model = OutcomesPage.Model(
            slug: text, quarterLabel: text, outcomes: outcomes, indicators: indicators, canManage: true,
            objectives: options, measures: options, yesNoQuestions: options, sources: options, quarters: options,
            values: values,
            errors: [FormError(field: "title", message: text), FormError(field: "measures", message: text)])
        return OutcomesPage.render(model, chrome: .mock(text))
    }

    private static func planImpactPublicSurvey(_ text: String, step: PublicSurveyPage.Step) -> PublicSurveyPage.Model {
        let text2 = text + " 2"
        let choices: [(value: String, label: String)] = [(value: text, label: text), (value: text2, label: text2)]
        // `kind` picks the control (a text box, a number box, checkboxes, radios) and is never shown, so it holds
        // the real kinds; the last question's `text` kind falls through to radios.
        let questions: [PublicSurveyPage.Question] = [
            PublicSurveyPage.Question(
                key: text, text: text, hint: text, kind: "text", choices: [], optional: true, values: [text]),
            PublicSurveyPage.Question(
                key: text + " 2", text: text, hint: text, kind: "number", choices: [], optional: false,
                values: [text]),
            PublicSurveyPage.Question(
                key: text + " 3", text: text, hint: text, kind: "multiple", choices: choices, optional: false,
                values: [text, text2]),
            PublicSurveyPage.Question(
                key: text + " 4", text: text, hint: text, kind: text, choices: choices, optional: true,
                values: [text2]),
        ]
        return PublicSurveyPage.Model(
            slug: text, surveyID: text, stage: text, title: text, intro: text, stageLabel: text, asksForCode: true,
            code: text, step: step, questions: questions, carried: [(text, text), (text2, text2)],
            errors: [FormError(field: "code", message: text), FormError(field: "a-" + text, message: text)])
    }

    private static func planImpactSurvey(_ text: String, responses: Int) -> SurveyPage.Model {
        let text2 = text + " 2"
        let options: [(value: String, label: String)] = [(value: text, label: text), (value: text2, label: text2)]
        // `kind` "single" shows the answers-to-choose-from field when changing a question; the other holds `text`.
        let questions: [SurveyPage.Question] = [
            SurveyPage.Question(
                key: text, text: text, hint: text, kind: "single", kindLabel: text, options: [text, text2],
                optional: true, group: 1, condition: text),
            SurveyPage.Question(
                key: text2, text: text2, hint: text2, kind: text2, kindLabel: text2, options: [text2],
                optional: false, group: 2, condition: text2),
        ]
        let values: [String: String] = [
            "title": text, "intro": text, "status": text, "closes": text, "quota": text, "new-text": text,
            "new-hint": text, "new-kind": text, "new-options": text, "new-group": text, "new-showIf": text,
            "new-optional": text,
        ]
        return SurveyPage.Model(
            slug: text, id: text, title: text, design: text, responses: responses,
            links: [(label: text, url: text), (label: text2, url: text2)], questions: questions, kinds: options,
            conditions: options, statuses: options,
            events: [
                SurveyPage.Choice(value: text, label: text, checked: true),
                SurveyPage.Choice(value: text2, label: text2, checked: false),
            ],
            canManage: true, values: values, errors: [FormError(field: "title", message: text)], notice: text)
    }

    private static func planImpactSurveyResults(_ text: String) -> String {
        let text2 = text + " 2"
        let finding = SurveyResultsPage.Finding(
            title: text, sentence: text, facts: [(text, text), (text2, text2)], warning: text)
        let other = SurveyResultsPage.Finding(
            title: text2, sentence: text2, facts: [(text2, text2)], warning: text2)
        let chart: [BarChart.Bar] = [
            BarChart.Bar(label: text, value: 40, display: text),
            BarChart.Bar(label: text2, value: 65, display: text2),
        ]
        let questions: [SurveyResultsPage.Question] = [
            SurveyResultsPage.Question(
                key: text, text: text, kind: text, table: planImpactTable(text), chart: chart, finding: finding,
                otherFinding: other, words: [(text, 4), (text2, 2)],
                texts: [(stage: text, text: text), (stage: text2, text: text2)]),
            SurveyResultsPage.Question(
                key: text2, text: text2, kind: text2, table: planImpactTable(text2), chart: chart, finding: other,
                otherFinding: finding, words: [(text2, 1)], texts: [(stage: text2, text: text2)]),
        ]
        let model = SurveyResultsPage.Model(
            slug: text, id: text, title: text, summary: [(text, text), (text2, text2)], questions: questions,
            canExport: true, suppressed: true)
        return SurveyResultsPage.render(model, chrome: .mock(text))
    }
}
