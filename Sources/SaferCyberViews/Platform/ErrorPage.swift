import Plot

/// Plain-English error pages (404, 403, 500 …). Never shows internal details.
public enum ErrorPage {
    public struct Model: Sendable {
        public var title: String
        public var message: String
        public init(title: String, message: String) {
            self.title = title
            self.message = message
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        Page.render(
            title: model.title, chrome: chrome,
            content: .div(
                .h1(.text(model.title)),
                .p(.text(model.message)),
                .p(
                    .a(
                        .href(chrome.userName == nil ? SiteURL.signIn.path : SiteURL.dashboard.path),
                        .text(chrome.userName == nil ? "Go to sign in" : "Go to your partnerships")))
            ))
    }
}
