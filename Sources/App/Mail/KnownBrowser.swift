import SaferCyberCore
import Vapor

/// The long-lived cookie that marks a browser an account has signed in from (issue 22: the new-device email).
enum KnownBrowser {
    static func cookieName(_ config: AppConfig) -> String {
        config.secureCookies ? "__Host-safercyber-device" : "safercyber-device"
    }

    /// After a successful sign-in: recognises the browser, or remembers it (setting the cookie) and, when the account
    /// has signed in elsewhere before, queues the notice.
    static func afterSignIn(_ req: Request, user: User, response: Response) async throws {
        let config = req.application.config
        if let token = try await KnownDevices.signedIn(
            user: user, cookie: req.cookies[cookieName(config)]?.string,
            userAgent: String(req.headers.first(name: .userAgent)?.prefix(400) ?? ""), address: req.clientAddress,
            links: req.mailLinks, on: req.db)
        {
            response.cookies[cookieName(config)] = Cookies.value(
                token, config: config, expires: Date().addingTimeInterval(KnownDevices.memory))
        }
    }
}
