import Plot

/// Two-step sign-in: the code page after the password, and the account page that turns it on or off.
public enum TwoFactorPages {
    public struct CodeModel: Sendable {
        public var errors: [FormError]
        public var next: String?
        public init(errors: [FormError] = [], next: String? = nil) {
            self.errors = errors
            self.next = next
        }
    }

    public static func code(_ model: CodeModel, chrome: Chrome) -> String {
        Page.render(
            title: (model.errors.isEmpty ? "" : "Error: ") + "Enter your sign-in code", chrome: chrome,
            content: .div(
                Form.errorSummary(model.errors),
                .h1(.text("Enter your sign-in code")),
                .p(.text("Open your authenticator app and type the 6-digit code it shows for SaferCyber.")),
                Form.post(
                    to: .signInCode, csrf: chrome.csrfToken,
                    .unwrap(model.next) { Form.hidden("next", $0) },
                    Form.input(
                        .init(
                            name: "code", label: "Code",
                            hint: "Lost your phone? Type one of your recovery codes instead.",
                            autocomplete: "one-time-code", width: "width-10"), errors: model.errors),
                    Form.submit("Continue")),
                .p(.a(.href(SiteURL.signIn.path), .text("Sign in again with your password")))
            ))
    }

    public struct AccountModel: Sendable {
        public enum State: Sendable {
            /// Off: a button to start.
            case off
            /// Started: scan this, then type a code back.
            case scanning(secret: String, qr: QRCodeView.Model?)
            /// On, with this many recovery codes left.
            case on(recoveryCodesLeft: Int)
            /// Just turned on: the recovery codes, shown this once.
            case recoveryCodes([String])
        }
        public var state: State
        public var errors: [FormError]
        public var notice: String?
        public init(state: State, errors: [FormError] = [], notice: String? = nil) {
            self.state = state
            self.errors = errors
            self.notice = notice
        }
    }

    public static func account(_ model: AccountModel, chrome: Chrome) -> String {
        let title = "Two-step sign-in"
        let body: Node<HTML.BodyContext>
        switch model.state {
        case .off:
            body = .div(
                .p(
                    .text(
                        "Two-step sign-in asks for a code from an authenticator app on your phone after your password, so a stolen password alone cannot open your account."
                    )),
                Form.post(
                    to: .twoFactor, csrf: chrome.csrfToken, Form.hidden("action", "begin"), Form.submit("Turn on")))
        case .scanning(let secret, let qr):
            body = .div(
                .h2(.text("1. Add SaferCyber to your authenticator app")),
                .p(.text("Scan this QR code with the app, or type the key below into it.")),
                .unwrap(qr) { .div(.class("qr-box"), QRCodeView.render($0)) },
                .p(.text("Key: "), .code(.text(secret))),
                .h2(.text("2. Type the code the app shows")),
                Form.post(
                    to: .twoFactor, csrf: chrome.csrfToken, Form.hidden("action", "confirm"),
                    Form.input(
                        .init(name: "code", label: "Code", autocomplete: "one-time-code", width: "width-10"),
                        errors: model.errors),
                    Form.submit("Turn on two-step sign-in")))
        case .on(let left):
            body = .div(
                .p(.text("Two-step sign-in is on. You have \(left) unused recovery code\(left == 1 ? "" : "s").")),
                .h2(.text("Turn it off")),
                Form.post(
                    to: .twoFactor, csrf: chrome.csrfToken, Form.hidden("action", "disable"),
                    Form.input(
                        .init(
                            name: "code", label: "Code from your app, or a recovery code",
                            autocomplete: "one-time-code",
                            width: "width-10"), errors: model.errors),
                    Form.submit("Turn off")))
        case .recoveryCodes(let codes):
            body = .div(
                .div(
                    .class("notice success"), .attribute(named: "role", value: "status"),
                    .p(.text("Two-step sign-in is on."))),
                .h2(.text("Your recovery codes")),
                .p(
                    .text(
                        "Keep these somewhere safe, away from your phone. Each one signs you in once if you lose your phone. They are shown only now."
                    )),
                .ul(.class("recovery-codes"), .forEach(codes) { .li(.code(.text($0))) }))
        }
        return Page.render(
            title: (model.errors.isEmpty ? "" : "Error: ") + title, chrome: chrome,
            content: .div(
                Form.errorSummary(model.errors),
                .unwrap(model.notice) { .div(.class("notice"), .p(.text($0))) },
                .h1(.text(title)), body))
    }
}
