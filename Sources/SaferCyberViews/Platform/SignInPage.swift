import Plot

public enum SignInPage {
    public struct Model: Sendable {
        public var email: String
        public var errors: [FormError]
        /// Shown above the form, e.g. after signing out or when a session has expired.
        public var notice: String?
        /// Where to go after signing in (a local path), carried through the form.
        public var next: String?
        public init(email: String = "", errors: [FormError] = [], notice: String? = nil, next: String? = nil) {
            self.next = next
            self.email = email
            self.errors = errors
            self.notice = notice
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        Page.render(
            title: (model.errors.isEmpty ? "" : "Error: ") + "Sign in", chrome: chrome,
            content: .div(
                Form.errorSummary(model.errors),
                .unwrap(model.notice) { .div(.class("notice"), .p(.text($0))) },
                .h1(.text("Sign in to SaferCyber")),
                Form.post(
                    to: .signIn, csrf: chrome.csrfToken,
                    .unwrap(model.next) { Form.hidden("next", $0) },
                    Form.input(
                        .init(
                            name: "email", label: "Email address", value: model.email, type: .email,
                            autocomplete: "username"), errors: model.errors),
                    Form.input(
                        .init(
                            name: "password", label: "Password", type: .password,
                            autocomplete: "current-password"), errors: model.errors),
                    Form.submit("Sign in")
                ),
                .p(.a(.href(SiteURL.forgotPassword.path), .text("Forgotten your password?"))),
                .p(.text("New to the partnership? Ask your coordinator for an invitation link."))
            ))
    }
}
