import SaferCyberCore
import SaferCyberViews
import Vapor

/// Referrals of young people (restricted).
extension Routes {
    /// Referrals, interventions, pathways and their figures.
    func safeguarding() {
        let referrals = ReferralsController()
        app.get(page(.referrals), use: referrals.list)
        app.post(page(.referrals), use: referrals.list)
        app.get(page(.referralNew), use: referrals.new)
        app.post(page(.referralNew), use: referrals.create)
        app.get(page(.referralFigures), use: referrals.figures)
        app.get(page(.referral(id: id)), use: referrals.show)
        app.get(page(.referralEdit(id: id)), use: referrals.edit)
        app.post(page(.referralEdit(id: id)), use: referrals.update)
        app.get(page(.referralExport(id: id)), use: referrals.subjectAccess)
        app.post(page(.referralExport(id: id)), use: referrals.export)
        app.post(page(.referralInterventions(id: id)), use: referrals.addIntervention)
        app.post(
            page(.referralInterventionDelivered(id: id, intervention: SiteURL.param("intervention"))),
            use: referrals.delivered)
        app.post(page(.referralPathways(id: id)), use: referrals.addPathway)
        app.post(page(.referralPathwayTaken(id: id, pathway: SiteURL.param("pathway"))), use: referrals.takenUp)
        app.post(page(.referralClose(id: id)), use: referrals.close)
        app.post(page(.referralFollowUp(id: id)), use: referrals.followUp)
    }
}
