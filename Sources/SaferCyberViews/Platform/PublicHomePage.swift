import Plot

/// A partnership's public front page at `/p/{slug}` (the public hub issue fills it).
public enum PublicHomePage {
    public struct Model: Sendable {
        public var partnershipName: String
        public var slug: String
        public init(partnershipName: String, slug: String = "") {
            self.partnershipName = partnershipName
            self.slug = slug
        }
    }

    public static func render(_ model: Model) -> String {
        Page.render(title: model.partnershipName, chrome: Chrome(), content: .div(
            .h1(.text(model.partnershipName)),
            .p(.class("lead"), .text("Help to stay safe online, find local events and report cyber crime.")),
            .h2(.text("If you have lost money or been hacked")),
            .p(.text("Report fraud and cyber crime to Report Fraud on 0300 123 2040. If someone is in immediate danger, call 999.")),
            .p(.a(.class("button"), .href(SiteURL.publicReport(slug: model.slug).path), .text("Where do I report this?"))),
            .h2(.text("Events")),
            .p(.a(.href(SiteURL.publicEvents(slug: model.slug).path), .text("Find a free talk, workshop or session near you"))),
            .p(.text("Short courses will appear here soon."))
        ))
    }
}
