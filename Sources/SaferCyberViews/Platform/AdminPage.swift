import Plot

/// Deployment administration: partnerships and accounts.
public enum AdminPage {
    public struct Account: Sendable {
        public var id: String
        public var name: String
        public var email: String
        public var isAdmin: Bool
        public var isDisabled: Bool
        public init(id: String, name: String, email: String, isAdmin: Bool, isDisabled: Bool) {
            self.id = id
            self.name = name
            self.email = email
            self.isAdmin = isAdmin
            self.isDisabled = isDisabled
        }
    }

    public struct Model: Sendable {
        public var partnerships: [(name: String, slug: String, members: Int, isDemo: Bool)]
        public var accounts: [Account]
        public var errors: [FormError]
        public var newSlug: String
        public var newName: String
        public var notice: String?
        public init(
            partnerships: [(name: String, slug: String, members: Int, isDemo: Bool)], accounts: [Account],
            errors: [FormError] = [], newSlug: String = "", newName: String = "", notice: String? = nil
        ) {
            self.partnerships = partnerships
            self.accounts = accounts
            self.errors = errors
            self.newSlug = newSlug
            self.newName = newName
            self.notice = notice
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        Page.render(
            title: (model.errors.isEmpty ? "" : "Error: ") + "Administration", chrome: chrome,
            content: .div(
                Form.errorSummary(model.errors),
                .unwrap(model.notice) {
                    .div(.class("notice success"), .attribute(named: "role", value: "status"), .p(.text($0)))
                },
                .h1(.text("Administration")),
                TableScroll.region(
                    .table(
                        .caption(.text("Partnerships")),
                        .thead(.tr(.th(.text("Name")), .th(.text("Short name")), .th(.text("Members")))),
                        .tbody(
                            .forEach(model.partnerships) { p in
                                .tr(
                                    .td(
                                        .a(.href(SiteURL.partnership(slug: p.slug, .home).path), .text(p.name)),
                                        .if(p.isDemo, .span(.class("tag"), .text(" Demo")))),
                                    .td(.text(p.slug)), .td(.text(String(p.members))))
                            }))),
                .h2(.text("Add a partnership")),
                Form.post(
                    to: .adminPartnerships, csrf: chrome.csrfToken,
                    Form.input(.init(name: "name", label: "Name", value: model.newName), errors: model.errors),
                    Form.input(
                        .init(
                            name: "slug", label: "Short name for addresses",
                            hint: "Lower-case letters, numbers and hyphens, like north-county", value: model.newSlug,
                            width: "width-half"), errors: model.errors),
                    Form.submit("Add partnership")),
                accountsTable(model, csrf: chrome.csrfToken)
            ))
    }

    static func accountsTable(_ model: Model, csrf: String) -> Node<HTML.BodyContext> {
        TableScroll.region(
            .table(
                .caption(.text("Accounts")),
                .thead(.tr(.th(.text("Name")), .th(.text("Email")), .th(.text("Status")), .th(.text("Change")))),
                .tbody(
                    .forEach(model.accounts) { account in
                        .tr(
                            .td(
                                .text(account.name), .if(account.isAdmin, .span(.class("tag"), .text(" Administrator")))
                            ),
                            .td(.text(account.email)), .td(.text(account.isDisabled ? "Disabled" : "Active")),
                            .td(
                                Form.postButton(
                                    to: .adminUserDisabled(userID: account.id),
                                    label: "\(account.isDisabled ? "Re-enable" : "Disable") \(account.name)",
                                    csrf: csrf, style: account.isDisabled ? "button secondary" : "button warning")))
                    })))
    }
}
