import SaferCyberCore
import SaferCyberViews
import Vapor

/// Events, registers, attendees and the engagement figures.
extension Routes {
    /// Staff event pages, the register and the engagement page.
    func engagement() {
        let staffEvents = EventsController()
        let register = RegisterController()
        app.get(page(.events), use: staffEvents.list)
        app.get(page(.eventNew), use: staffEvents.new)
        app.post(page(.eventNew), use: staffEvents.create)
        app.get(page(.event(id: id)), use: staffEvents.edit)
        app.post(page(.event(id: id)), use: staffEvents.update)
        app.get(page(.eventRegister(id: id)), use: register.show)
        let attendees = AttendeesController()
        app.get(page(.eventAttendees(id: id)), use: attendees.show)
        app.get(page(.eventAttendeesExport(id: id)), use: attendees.export)
        app.post(page(.eventAttendeesMessage(id: id)), use: attendees.message)
        app.get(page(.eventCards(id: id)), use: register.cards)
        app.post(page(.eventCheckIn(id: id)), use: register.checkIn)
        app.post(page(.eventWalkIn(id: id)), use: register.walkIn)

        let engagement = EngagementController()
        app.get(page(.engagement), use: engagement.show)
        app.get(page(.engagementExport), use: engagement.export)

    }
}
