import Plot

/// Accepting an invitation: set a name and password (or confirm an existing account's password).
public enum InvitationPage {
    public struct Model: Sendable {
        public var token: String
        public var partnershipName: String
        public var email: String
        public var role: String
        public var existingAccount: Bool
        public var displayName: String
        public var errors: [FormError]
        public init(
            token: String, partnershipName: String, email: String, role: String, existingAccount: Bool,
            displayName: String = "", errors: [FormError] = []
        ) {
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
                Form.post(
                    to: .invitation(token: model.token), csrf: chrome.csrfToken,
                    .if(
                        !model.existingAccount,
                        Form.input(
                            .init(
                                name: "displayName", label: "Your full name", value: model.displayName,
                                autocomplete: "name"), errors: model.errors)),
                    Form.input(
                        .init(
                            name: "password",
                            label: model.existingAccount ? "Your current password" : "Choose a password",
                            hint: model.existingAccount
                                ? "You already have an account. Enter its password to join."
                                : "At least 10 characters. Three random words make a strong password.",
                            type: .password, autocomplete: model.existingAccount ? "current-password" : "new-password"),
                        errors: model.errors),
                    Form.submit("Join the partnership"))
            ))
    }
}
