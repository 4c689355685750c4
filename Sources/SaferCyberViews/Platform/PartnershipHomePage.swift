import Plot

/// A partnership's home: what the person can do here, and the modules as they arrive.
public enum PartnershipHomePage {
    public struct Module: Sendable {
        public var title: String
        public var summary: String
        public var url: SiteURL?
        public init(title: String, summary: String, url: SiteURL? = nil) {
            self.title = title
            self.summary = summary
            self.url = url
        }
    }

    public struct Model: Sendable {
        public var partnershipName: String
        public var slug: String
        public var role: String
        public var roleSummary: String
        public var figures: [(label: String, value: String)]
        public var modules: [Module]
        public init(
            partnershipName: String, slug: String, role: String, roleSummary: String,
            figures: [(label: String, value: String)], modules: [Module]
        ) {
            self.partnershipName = partnershipName
            self.slug = slug
            self.role = role
            self.roleSummary = roleSummary
            self.figures = figures
            self.modules = modules
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        Page.render(
            title: model.partnershipName, chrome: chrome,
            content: .div(
                .h1(.text(model.partnershipName)),
                .p(.class("lead"), .text("You are signed in as \(model.role). \(model.roleSummary)")),
                .dl(
                    .class("figures"),
                    .forEach(model.figures) { figure in
                        .group(.dt(.text(figure.label)), .dd(.text(figure.value)))
                    }),
                .h2(.text("The programme")),
                .ul(
                    .class("cards"),
                    .forEach(model.modules) { module in
                        .li(
                            .class("card"),
                            .h3(module.url.map { .a(.href($0.path), .text(module.title)) } ?? .text(module.title)),
                            .p(.text(module.summary)),
                            .if(module.url == nil, .p(.span(.class("tag"), .text("Coming soon")))))
                    })
            ))
    }
}
