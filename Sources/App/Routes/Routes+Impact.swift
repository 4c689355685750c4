import SaferCyberCore
import SaferCyberViews
import Vapor

/// Surveys, outcomes, indicators and the board report.
extension Routes {
    /// Surveys and their results, outcomes and indicators, the board report.
    func impact() {
        let surveys = SurveysController()
        let results = SurveyResultsController()
        app.get(page(.surveys), use: surveys.list)
        app.post(page(.surveys), use: surveys.create)
        app.get(page(.survey(id: id)), use: surveys.show)
        app.post(page(.survey(id: id)), use: surveys.update)
        app.post(page(.surveyQuestions(id: id)), use: surveys.addQuestion)
        app.post(page(.surveyQuestion(id: id, key: SiteURL.param("key"))), use: surveys.changeQuestion)
        app.post(page(.surveyCopy(id: id)), use: surveys.copy)
        app.get(page(.surveyCards(id: id)), use: surveys.cards)
        app.get(page(.surveyResults(id: id)), use: results.show)
        app.get(page(.surveyExport(id: id)), use: results.export)
        let outcomes = OutcomesController()
        app.get(page(.outcomes), use: outcomes.show)
        app.post(page(.outcomes), use: outcomes.addOutcome)
        app.post(page(.outcomeRemove(id: id)), use: outcomes.removeOutcome)
        app.post(page(.indicators), use: outcomes.addIndicator)
        app.post(page(.indicatorValue(id: id)), use: outcomes.setValue)
        app.post(page(.indicatorRemove(id: id)), use: outcomes.removeIndicator)
        let report = ReportController()
        app.get(page(.report), use: report.show)
        app.get(page(.reportExport), use: report.export)
        app.get(page(.reportPDF), use: report.pdf)
        app.post(page(.reportComment), use: report.comment)
        app.post(page(.reportIssue), use: report.issue)

    }
}
