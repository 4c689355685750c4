import Plot

/// Accepting an invitation: a new person sets a name and password; an existing account joins while signed in
/// (the page never checks a password, so it cannot be used to guess one).
public enum InvitationPage {
    public struct Model: Sendable {
        public var token: String
        public var partnershipName: String
        public var email: String
        public var role: String
        public var existingAccount: Bool
        /// Signed in as the invited account (an existing account joins with one button).
        public var signedInAsInvitee: Bool
        public var displayName: String
        public var errors: [FormError]
        public init(
            token: String, partnershipName: String, email: String, role: String, existingAccount: Bool,
            signedInAsInvitee: Bool = false, displayName: String = "", errors: [FormError] = []
        ) {
            self.signedInAsInvitee = signedInAsInvitee
            self.token = token
            self.partnershipName = partnershipName
            self.email = email
            self.role = role
            self.existingAccount = existingAccount
            self.displayName = displayName
            self.errors = errors
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        Page.render(
            title: (model.errors.isEmpty ? "" : "Error: ") + "Join \(model.partnershipName)", chrome: chrome,
            content: .div(
                Form.errorSummary(model.errors),
                .h1(.text("Join \(model.partnershipName)")),
                .p(.text("You have been invited as \(model.role) with the email address \(model.email).")),
                model.existingAccount
                    ? existing(model, csrf: chrome.csrfToken) : newAccount(model, csrf: chrome.csrfToken)
            ))
    }

    static func existing(_ model: Model, csrf: String) -> Node<HTML.BodyContext> {
        guard model.signedInAsInvitee else {
            return .group(
                .p(.text("You already have an account. Sign in as \(model.email), then open this link again to join.")),
                .p(
                    .a(
                        .class("button"),
                        .href(SiteURL.signIn.path + "?next=" + SiteURL.invitation(token: model.token).path),
                        .text("Sign in"))))
        }
        return Form.post(
            to: .invitation(token: model.token), csrf: csrf, Form.submit("Join the partnership"))
    }

    static func newAccount(_ model: Model, csrf: String) -> Node<HTML.BodyContext> {
        Form.post(
            to: .invitation(token: model.token), csrf: csrf,
            Form.input(
                .init(
                    name: "displayName", label: "Your full name", value: model.displayName,
                    autocomplete: "name"), errors: model.errors),
            Form.input(
                .init(
                    name: "password", label: "Choose a password",
                    hint: "At least 10 characters. Three random words make a strong password.",
                    type: .password, autocomplete: "new-password"),
                errors: model.errors),
            Form.submit("Join the partnership"))
    }
}
