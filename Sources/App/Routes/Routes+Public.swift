import SaferCyberCore
import SaferCyberViews
import Vapor

/// The public site: home, reporting, events and surveys, without an account.
extension Routes {
    /// The partnership's public home, its pages and the report router.
    func publicSite() {
        let open = PublicController()
        app.get(path(.root), use: open.root)
        app.get(path(.health), use: open.health)
        app.get(path(.stylesheet), use: open.stylesheet)
        app.get(path(.uploadScript), use: open.uploadScript)
        app.get(path(.publicHome(slug: slug)), use: open.publicHome)
        app.get(path(.publicBrand(slug: slug)), use: open.brandStylesheet)
        app.get(path(.publicPrivacy(slug: slug)), use: open.privacy)
        app.get(path(.publicAccessibility(slug: slug)), use: open.accessibility)
        let reporting = PublicReportController()
        app.get(path(.publicReport(slug: slug)), use: reporting.show)
        app.post(path(.publicReport(slug: slug)), use: reporting.answer)
        app.get(path(.publicReportResult(slug: slug)), use: reporting.result)
    }

    /// Public events, bookings and session feedback.
    func publicEvents() {
        let events = PublicEventsController()
        let token = SiteURL.param("token")
        app.get(path(.publicEvents(slug: slug)), use: events.list)
        app.get(path(.publicEvent(slug: slug, id: id)), use: events.show)
        app.post(path(.publicEvent(slug: slug, id: id)), use: events.signUp)
        let feedback = FeedbackController()
        app.get(path(.publicEventFeedback(slug: slug, id: id)), use: feedback.show)
        app.post(path(.publicEventFeedback(slug: slug, id: id)), use: feedback.answer)
        app.get(path(.publicBooking(slug: slug, token: token)), use: events.showBooking)
        app.get(path(.publicBookingCalendar(slug: slug, token: token)), use: events.calendar)
        app.post(path(.publicBookingCancel(slug: slug, token: token)), use: events.cancel)
        app.post(path(.publicBookingConfirm(slug: slug, token: token)), use: events.confirm)
        app.post(path(.publicBookingPledge(slug: slug, token: token)), use: events.pledge)
        app.post(path(.publicBookingTold(slug: slug, token: token)), use: events.told)
        app.post(path(.publicBookingErase(slug: slug, token: token)), use: events.erase)

    }

    /// Surveys people answer with a participant code.
    func publicSurveys() {
        let publicSurveys = PublicSurveysController()
        let stage = SiteURL.param("stage")
        app.get(path(.publicSurvey(slug: slug, id: id, stage: stage)), use: publicSurveys.show)
        app.post(path(.publicSurvey(slug: slug, id: id, stage: stage)), use: publicSurveys.answer)
        app.get(path(.publicSurveyThanks(slug: slug, id: id, stage: stage)), use: publicSurveys.thanks)

    }
}
