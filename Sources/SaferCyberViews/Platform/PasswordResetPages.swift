import Plot

/// "Forgotten your password?": ask for a link by email, then choose a new password from the link (issue 22).
public enum PasswordResetPages {
    public static func request(email: String, errors: [FormError], sent: Bool, emailWorks: Bool, chrome: Chrome)
        -> String
    {
        Page.render(
            title: (errors.isEmpty ? "" : "Error: ") + (sent ? "Check your email" : "Reset your password"),
            chrome: chrome,
            content: sent
                ? .div(
                    .h1(.text("Check your email")),
                    .div(
                        .class("notice success"), .attribute(named: "role", value: "status"),
                        .p(
                            .text(
                                "If \(email) belongs to an account, we have sent it a link to choose a new password. The link works once, for an hour."
                            ))),
                    .p(.text("Nothing arrived after a few minutes? Check your spam folder, or ask your coordinator.")),
                    .p(.a(.href(SiteURL.signIn.path), .text("Back to sign in"))))
                : .div(
                    Form.errorSummary(errors),
                    .h1(.text("Reset your password")),
                    .if(
                        !emailWorks,
                        .div(
                            .class("notice"),
                            .p(
                                .text(
                                    "This server does not send email yet, so the link cannot reach you. Ask your deployment's administrator to reset your password (safercyber user reset-password)."
                                )))),
                    .p(
                        .text(
                            "Enter the email address you sign in with. We will email you a link to choose a new password."
                        )),
                    Form.post(
                        to: .forgotPassword, csrf: chrome.csrfToken,
                        Form.input(
                            .init(
                                name: "email", label: "Email address", value: email, type: .email,
                                autocomplete: "username"), errors: errors),
                        Form.submit("Send the link")),
                    .p(.a(.href(SiteURL.signIn.path), .text("Back to sign in")))))
    }

    public static func choose(token: String, email: String, errors: [FormError], chrome: Chrome) -> String {
        Page.render(
            title: (errors.isEmpty ? "" : "Error: ") + "Choose a new password", chrome: chrome,
            content: .div(
                Form.errorSummary(errors),
                .h1(.text("Choose a new password")),
                .p(.text("For the account \(email). You will be signed out everywhere, then you can sign in again.")),
                Form.post(
                    to: .passwordReset(token: token), csrf: chrome.csrfToken,
                    Form.input(
                        .init(
                            name: "password", label: "New password",
                            hint: "At least 10 characters. Three random words make a strong password.",
                            type: .password, autocomplete: "new-password"), errors: errors),
                    Form.input(
                        .init(
                            name: "confirmation", label: "The new password again", type: .password,
                            autocomplete: "new-password"), errors: errors),
                    Form.submit("Save the new password"))))
    }

    public static func expired(chrome: Chrome) -> String {
        Page.render(
            title: "This link no longer works", chrome: chrome,
            content: .div(
                .h1(.text("This link no longer works")),
                .p(.text("A reset link works once, for an hour, and only the newest one you asked for works.")),
                .p(.a(.href(SiteURL.forgotPassword.path), .text("Ask for a new link")))))
    }
}
