import Plot

public enum ChangePasswordPage {
    public struct Model: Sendable {
        public var errors: [FormError]
        public var changed: Bool
        public init(errors: [FormError] = [], changed: Bool = false) {
            self.errors = errors
            self.changed = changed
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        Page.render(
            title: (model.errors.isEmpty ? "" : "Error: ") + "Change your password", chrome: chrome,
            content: .div(
                Form.errorSummary(model.errors),
                .if(
                    model.changed,
                    .div(
                        .class("notice success"), .attribute(named: "role", value: "status"),
                        .p(.text("Your password has been changed. You have been signed out everywhere else.")))),
                .h1(.text("Change your password")),
                Form.post(
                    to: .changePassword, csrf: chrome.csrfToken,
                    Form.input(
                        .init(
                            name: "currentPassword", label: "Current password", type: .password,
                            autocomplete: "current-password"), errors: model.errors),
                    Form.input(
                        .init(
                            name: "newPassword", label: "New password",
                            hint: "At least 10 characters. Three random words make a strong password.",
                            type: .password, autocomplete: "new-password"), errors: model.errors),
                    Form.submit("Change password")),
                .p(
                    .a(.href(SiteURL.twoFactor.path), .text("Two-step sign-in")),
                    .text(": ask for a code from an authenticator app after your password."))
            ))
    }
}
