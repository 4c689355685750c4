import SaferCyberCore
import SaferCyberViews
import Vapor

/// Resilience checks' figures and the organisations they come from.
extension Routes {
    /// Check figures, follow-ups and organisations.
    func assessments() {
        let checkFigures = CheckFiguresController()
        app.get(page(.checks), use: checkFigures.show)
        app.get(page(.checksExport), use: checkFigures.export)
        app.get(page(.checkFollowUps), use: checkFigures.followUps)
        app.post(page(.checkContacted(id: id)), use: checkFigures.contacted)
        let organisations = OrganisationsController()
        app.get(page(.organisations), use: organisations.list)
        app.post(page(.organisations), use: organisations.create)
        app.get(page(.organisationsExport), use: organisations.export)
        app.get(page(.organisationFigures), use: organisations.figures)
        app.get(page(.organisationFiguresExport), use: organisations.figuresExport)
        app.get(page(.organisation(id: id)), use: organisations.show)
        app.post(page(.organisation(id: id)), use: organisations.save)
        app.post(page(.organisationLinks(id: id)), use: organisations.links)
        app.post(page(.organisationRemove(id: id)), use: organisations.remove)

    }
}
