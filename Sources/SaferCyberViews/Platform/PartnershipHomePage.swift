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
        /// What needs attention, each with the page where it is dealt with.
        public var attention: [(text: String, url: SiteURL)]
        /// The last complete quarter's board report at a glance (its own disclosure rules applied).
        public var glance: (quarter: String, sentences: [String], report: SiteURL)?
        public init(
            partnershipName: String, slug: String, role: String, roleSummary: String,
            figures: [(label: String, value: String)], modules: [Module],
            attention: [(text: String, url: SiteURL)] = [],
            glance: (quarter: String, sentences: [String], report: SiteURL)? = nil
        ) {
            self.partnershipName = partnershipName
            self.slug = slug
            self.role = role
            self.roleSummary = roleSummary
            self.figures = figures
            self.modules = modules
            self.attention = attention
            self.glance = glance
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        Page.render(
            title: model.partnershipName, chrome: chrome,
            content: .div(
                .h1(.text(model.partnershipName)),
                .p(.class("lead"), .text("You are signed in as \(model.role). \(model.roleSummary)")),
                .unwrap(model.glance) { glance in
                    .group(
                        .h2(.text("\(glance.quarter) at a glance")),
                        .p(
                            .text("From the board report for the last complete quarter. "),
                            .a(.href(glance.report.path), .text("Read the board report"))),
                        .ul(.forEach(glance.sentences) { .li(.text($0)) }))
                },
                .h2(.text("Needs attention")),
                .if(
                    model.attention.isEmpty,
                    .p(.text("Nothing needs attention at the moment.")),
                    else: .ul(
                        .class("attention"),
                        .forEach(model.attention) { item in .li(.a(.href(item.url.path), .text(item.text))) })),
                .h2(.text("The programme")),
                .ul(
                    .class("cards"),
                    .forEach(model.modules) { module in
                        .li(
                            .class("card"),
                            .h3(module.url.map { .a(.href($0.path), .text(module.title)) } ?? .text(module.title)),
                            .p(.text(module.summary)))
                    }),
                .h2(.text("This partnership")),
                .dl(
                    .class("figures"),
                    .forEach(model.figures) { figure in
                        .group(.dt(.text(figure.label)), .dd(.text(figure.value)))
                    })
            ))
    }
}
