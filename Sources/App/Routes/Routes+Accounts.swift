import SaferCyberCore
import SaferCyberViews
import Vapor

/// Signing in, accounts and the deployment's administration.
extension Routes {
    /// Signing in, two-step codes, passwords and invitations.
    func accounts() {
        let signIn = SignInController()
        app.get(path(.signIn), use: signIn.show)
        app.post(path(.signIn), use: signIn.signIn)
        app.post(path(.signOut), use: signIn.signOut)
        let twoFactor = TwoFactorController()
        app.get(path(.signInCode), use: twoFactor.showCode)
        app.post(path(.signInCode), use: twoFactor.answerCode)
        app.get(path(.twoFactor), use: twoFactor.showAccount)
        app.post(path(.twoFactor), use: twoFactor.changeAccount)

        let account = AccountController()
        app.get(path(.changePassword), use: account.showPassword)
        app.post(path(.changePassword), use: account.changePassword)
        app.get(path(.invitation(token: SiteURL.param("token"))), use: account.showInvitation)
        app.post(path(.invitation(token: SiteURL.param("token"))), use: account.accept)
        let resets = PasswordResetController()
        app.get(path(.forgotPassword), use: resets.show)
        app.post(path(.forgotPassword), use: resets.request)
        app.get(path(.passwordReset(token: SiteURL.param("token"))), use: resets.choose)
        app.post(path(.passwordReset(token: SiteURL.param("token"))), use: resets.save)
    }

    /// The deployment admin's pages and the dashboard.
    func administration() {
        let admin = AdminController()
        app.get(path(.admin), use: admin.show)
        app.post(path(.adminPartnerships), use: admin.createPartnership)
        app.post(path(.adminUserDisabled(userID: SiteURL.param("userID"))), use: admin.toggleDisabled)

        let dashboard = DashboardController()
        app.get(path(.dashboard), use: dashboard.dashboard)
        app.get(page(.home), use: dashboard.home)

    }
}
