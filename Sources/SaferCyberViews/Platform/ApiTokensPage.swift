import Plot

/// Personal API tokens for feeding the partnership's figures into other tools.
public enum ApiTokensPage {
    public struct Token: Sendable {
        public var id: String
        public var name: String
        public var created: String
        public var lastUsed: String
        public var isRevoked: Bool
        /// When it stops working, or "Expired".
        public var expires: String
        public var isExpired: Bool
        public init(
            id: String, name: String, created: String, lastUsed: String, isRevoked: Bool, expires: String = "",
            isExpired: Bool = false
        ) {
            self.id = id
            self.name = name
            self.created = created
            self.lastUsed = lastUsed
            self.isRevoked = isRevoked
            self.expires = expires
            self.isExpired = isExpired
        }
    }

    public struct Model: Sendable {
        public var slug: String
        public var tokens: [Token]
        public var newSecret: String?
        public var errors: [FormError]
        /// Lifetimes on offer, in days, and the one chosen.
        public var lifetimes: [Int] = [30, 90, 365]
        public var days: String = "90"
        public init(slug: String, tokens: [Token], newSecret: String? = nil, errors: [FormError] = []) {
            self.slug = slug
            self.tokens = tokens
            self.newSecret = newSecret
            self.errors = errors
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        Page.render(
            title: (model.errors.isEmpty ? "" : "Error: ") + "API tokens", chrome: chrome,
            content: .div(
                Form.errorSummary(model.errors),
                .unwrap(model.newSecret) { secret in
                    .div(
                        .class("notice success"), .attribute(named: "role", value: "status"),
                        .h2(.text("Token created")),
                        .p(
                            .text(
                                "Copy it now: it will not be shown again. Send it as ‘Authorization: Bearer <token>’.")),
                        .code(.class("secret"), .text(secret)))
                },
                .h1(.text("API tokens")),
                .p(
                    .text("Tokens let your own reporting tools read this partnership's figures from the JSON API. "),
                    .a(.href(SiteURL.api(.openAPI).path), .text("Read the API description (OpenAPI)")), .text(".")),
                TableScroll.region(
                    .table(
                        .caption(.class("visually-hidden"), .text("Your tokens")),
                        .thead(
                            .tr(
                                .th(.text("Name")), .th(.text("Created")), .th(.text("Last used")),
                                .th(.text("Works until")), .th(.text("Status"))
                            )),
                        .tbody(
                            .forEach(model.tokens) { token in
                                .tr(
                                    .td(.text(token.name)), .td(.text(token.created)), .td(.text(token.lastUsed)),
                                    .td(.text(token.expires)),
                                    .td(
                                        token.isRevoked || token.isExpired
                                            ? .text(token.isRevoked ? "Revoked" : "Expired")
                                            : Form.postButton(
                                                to: .partnership(slug: model.slug, .apiTokenRevoke(id: token.id)),
                                                label: "Revoke ‘\(token.name)’", csrf: chrome.csrfToken,
                                                style: "button warning")))
                            })
                    )),
                .h2(.text("Create a token")),
                Form.post(
                    to: .partnership(slug: model.slug, .apiTokens), csrf: chrome.csrfToken,
                    Form.input(
                        .init(
                            name: "name", label: "Token name",
                            hint: "Say what will use it, such as ‘Council BI dashboard’",
                            width: "width-half"), errors: model.errors),
                    Form.select(
                        name: "days", label: "Works for",
                        options: model.lifetimes.map { (value: "\($0)", label: $0 == 365 ? "A year" : "\($0) days") },
                        selected: model.days, errors: model.errors),
                    Form.submit("Create token"))
            ))
    }
}
