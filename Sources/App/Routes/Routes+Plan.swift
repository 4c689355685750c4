import SaferCyberCore
import SaferCyberViews
import Vapor

/// The partnership plan, sub-group meetings and scrutiny reviews (issue 7).
extension Routes {
    /// Plan actions, crossover, meetings and scrutiny reviews.
    func plan() {
        let plan = PlanController()
        let actions = PlanActionsController()
        let crossover = PlanCrossoverController()
        let meetings = PlanMeetingsController()
        app.get(page(.plan), use: plan.show)
        app.get(page(.planExport), use: plan.export)
        app.get(page(.planTimeline), use: plan.timeline)
        app.get(page(.planCrossover), use: crossover.show)
        app.post(page(.planFlagReview), use: crossover.review)
        app.get(page(.planActionNew), use: actions.newForm)
        app.post(page(.planActionNew), use: actions.create)
        app.get(page(.planAction(id: id)), use: actions.show)
        app.get(page(.planActionEdit(id: id)), use: actions.editForm)
        app.post(page(.planActionEdit(id: id)), use: actions.update)
        app.post(page(.planActionUpdate(id: id)), use: actions.addUpdate)
        app.get(page(.planMeetings), use: meetings.list)
        app.post(page(.planMeetings), use: meetings.create)
        app.get(page(.planMeeting(id: id)), use: meetings.show)
        app.post(page(.planMeeting(id: id)), use: meetings.save)

        let scrutiny = ScrutinyController()
        let comment = SiteURL.param("comment")
        let recommendation = SiteURL.param("recommendation")
        app.get(page(.scrutiny), use: scrutiny.list)
        app.post(page(.scrutiny), use: scrutiny.create)
        app.get(page(.scrutinyReview(id: id)), use: scrutiny.show)
        app.post(page(.scrutinyReview(id: id)), use: scrutiny.saveDetails)
        app.post(page(.scrutinyEvidence(id: id)), use: scrutiny.addEvidence)
        app.post(page(.scrutinyComments(id: id)), use: scrutiny.addComment)
        app.post(page(.scrutinyCommentResolve(id: id, comment: comment)), use: scrutiny.resolveComment)
        app.post(page(.scrutinyRecommendations(id: id)), use: scrutiny.addRecommendation)
        app.post(page(.scrutinyResponse(id: id, recommendation: recommendation)), use: scrutiny.respond)
        app.post(page(.scrutinyRecommendationUpdate(id: id, recommendation: recommendation)), use: scrutiny.addUpdate)
        app.get(page(.scrutinyProgress(id: id)), use: scrutiny.progressReport)
    }
}
