import SaferCyberCore
import SaferCyberViews
import Vapor

extension MailLinks {
    /// Links for messages, under `site` (PUBLIC_URL, or the address the request came in on).
    static func site(_ site: String) -> MailLinks {
        MailLinks(
            booking: { slug, token in site + SiteURL.publicBooking(slug: slug, token: token).path },
            invitation: { site + SiteURL.invitation(token: $0).path },
            passwordReset: { site + SiteURL.passwordReset(token: $0).path },
            signIn: site + SiteURL.signIn.path,
            survey: { slug, id, stage, code in
                site + SiteURL.publicSurvey(slug: slug, id: id.uuidString, stage: stage).path + "?code=\(code)"
            })
    }
}

extension Request {
    /// Links for messages caused by this request: PUBLIC_URL (required whenever email leaves the server, so a forged
    /// Host header can never put its own address in someone's reset or invitation link); without email, the address
    /// this request came in on, as for links shown on screen.
    var mailLinks: MailLinks {
        application.config.publicURL == nil ? .site(siteAddress) : application.mailLinks
    }
}

extension Application {
    /// Links for messages made outside a request (the command line, scheduled messages): PUBLIC_URL, or this
    /// machine's own address.
    package var mailLinks: MailLinks {
        let url = config.publicURL ?? "http://127.0.0.1:8080"
        return .site(url.hasSuffix("/") ? String(url.dropLast()) : url)
    }
}
