import Plot

/// The first page after signing in: the partnerships this person belongs to.
public enum DashboardPage {
    public struct Entry: Sendable {
        public var name: String
        public var slug: String
        public var role: String
        public init(name: String, slug: String, role: String) {
            self.name = name
            self.slug = slug
            self.role = role
        }
    }

    public struct Model: Sendable {
        public var entries: [Entry]
        public var isAdmin: Bool
        public init(entries: [Entry], isAdmin: Bool) {
            self.entries = entries
            self.isAdmin = isAdmin
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        Page.render(
            title: "Your partnerships", chrome: chrome,
            content: .div(
                .h1(.text("Your partnerships")),
                .if(
                    model.entries.isEmpty,
                    .p(.text("You are not a member of any partnership yet. Ask a coordinator to invite you."))),
                .ul(
                    .class("cards"),
                    .forEach(model.entries) { entry in
                        .li(
                            .class("card"),
                            .h2(.a(.href(SiteURL.partnership(slug: entry.slug, .home).path), .text(entry.name))),
                            .p(.text("Your role: \(entry.role)")))
                    }),
                .if(model.isAdmin, .p(.a(.href(SiteURL.admin.path), .text("Manage partnerships and accounts"))))
            ))
    }
}
