import SaferCyberCore
import SaferCyberViews
import Vapor

/// A partnership's settings, people, audit, data requests and API tokens.
extension Routes {
    /// Settings, members, role requests, the outbox, audit, data requests, API tokens.
    func partnershipAdministration() {
        let settings = SettingsController()
        let list = SiteURL.param("list")
        app.get(page(.settings), use: settings.show)
        app.post(page(.settingsName), use: settings.rename)
        app.post(page(.settingsRetention), use: settings.retention)
        app.post(page(.settingsPrivacy), use: settings.privacy)
        app.post(page(.settingsDisclosure), use: settings.disclosure)
        app.post(page(.settingsYearStart), use: settings.yearStart)
        app.post(page(.settingsTwoStep), use: settings.twoStep)
        app.post(page(.settingsLocalContacts), use: settings.localContacts)
        app.post(page(.settingsBrandColour), use: settings.brandColour)
        app.post(page(.settingsLogo), use: settings.logo)
        app.post(page(.settingsCourses), use: settings.courses)
        app.post(page(.settingsAdd(list: list)), use: settings.add)
        app.post(page(.settingsRename(list: list, id: id)), use: settings.renameItem)
        app.post(page(.settingsRemove(list: list, id: id)), use: settings.removeItem)

        let users = UsersController()
        let userID = SiteURL.param("userID")
        app.get(page(.users), use: users.show)
        app.post(page(.invite), use: users.invite)
        app.post(page(.memberRole(userID: userID)), use: users.changeRole)
        app.post(page(.memberOrganisation(userID: userID)), use: users.setOrganisation)
        app.post(page(.memberRemove(userID: userID)), use: users.remove)
        let requests = RoleRequestsController()
        app.get(page(.roleRequests), use: requests.list)
        app.post(page(.roleRequest(id: id)), use: requests.decide)
        let outbox = OutboxController()
        app.get(page(.outbox), use: outbox.show)
        app.get(page(.outboxMessage(id: id)), use: outbox.message)
        app.post(page(.outboxSettings), use: outbox.save)

        app.get(page(.audit), use: AuditController().show)
        let dataRequests = DataRequestsController()
        app.get(page(.dataRequests), use: dataRequests.show)
        app.post(page(.dataRequests), use: dataRequests.submit)

        let tokens = ApiTokenController()
        app.get(page(.apiTokens), use: tokens.show)
        app.post(page(.apiTokens), use: tokens.create)
        app.post(page(.apiTokenRevoke(id: id)), use: tokens.revoke)

    }
}
