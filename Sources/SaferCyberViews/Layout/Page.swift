import Plot

/// The page shell: skip link, header, navigation, main content and footer.
public enum Page {
    /// `scripts`: small same-origin scripts for the few pages that must be live (progressive enhancement).
    public static func render(title: String, chrome: Chrome, content: Node<HTML.BodyContext>, scripts: [SiteURL] = [])
        -> String
    {
        HTML(
            .lang(.english),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .element(named: "title", text: "\(title) – SaferCyber"),
                .stylesheet(SiteURL.stylesheet.path),
                .unwrap(chrome.brandStylesheet) { .stylesheet($0.path) }
            ),
            .body(
                .a(.class("skip-link"), .href("#main-content"), .text("Skip to main content")),
                header(chrome),
                .div(
                    .class("width-container"),
                    .main(.id("main-content"), .attribute(named: "tabindex", value: "-1"), content)
                ),
                footer(chrome),
                .forEach(scripts) { .script(.src($0.path)) }
            )
        ).render()
    }

    static func header(_ chrome: Chrome) -> Node<HTML.BodyContext> {
        .header(
            .class("site-header"),
            .div(
                .class("width-container header-bar"),
                .a(
                    .class("service-name"),
                    .href(chrome.userName == nil ? SiteURL.signIn.path : SiteURL.dashboard.path),
                    .text("SaferCyber")),
                .unwrap(chrome.partnershipName) { .span(.class("partnership-name"), .text($0)) },
                .unwrap(chrome.userName) { name in account(name: name, csrf: chrome.csrfToken) }
            ),
            .if(!chrome.nav.isEmpty, navigation(chrome))
        )
    }

    static func account(name: String, csrf: String) -> Node<HTML.BodyContext> {
        .div(
            .class("account"),
            .span(.class("account-name"), .text(name)),
            .a(.href(SiteURL.changePassword.path), .text("Change password")),
            Form.postButton(to: .signOut, label: "Sign out", csrf: csrf, style: "link-button")
        )
    }

    static func navigation(_ chrome: Chrome) -> Node<HTML.BodyContext> {
        .nav(
            .class("site-nav"), .attribute(named: "aria-label", value: "Partnership"),
            .ul(
                .class("width-container"),
                .forEach(chrome.nav) { item in
                    .li(
                        .a(
                            .href(item.url.path),
                            .if(item.url == chrome.current, .attribute(named: "aria-current", value: "page")),
                            .text(item.label)))
                })
        )
    }

    static func footer(_ chrome: Chrome) -> Node<HTML.BodyContext> {
        .footer(
            .class("site-footer"),
            .div(
                .class("width-container"),
                .unwrap(chrome.publicSlug) { slug in
                    .ul(
                        .class("footer-links"),
                        .li(.a(.href(SiteURL.publicPrivacy(slug: slug).path), .text("Privacy notice"))),
                        .li(.a(.href(SiteURL.publicAccessibility(slug: slug).path), .text("Accessibility statement"))))
                },
                .p(.text("SaferCyber is open-source software for community safety partnerships. ")),
                .p(.text("Crime and geography data: Crown copyright, Open Government Licence v3.0."))
            )
        )
    }
}
