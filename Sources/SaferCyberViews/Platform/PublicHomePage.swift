import Plot

/// A partnership's public front page at `/p/{slug}`: where to report, the next events, and (to come) courses and
/// resources.
public enum PublicHomePage {
    public struct Event: Sendable {
        public var title: String
        public var when: String
        public var place: String
        public var url: SiteURL
        public init(title: String, when: String, place: String, url: SiteURL) {
            self.title = title
            self.when = when
            self.place = place
            self.url = url
        }
    }

    public struct Model: Sendable {
        public var partnershipName: String
        public var slug: String
        public var events: [Event]
        public init(partnershipName: String, slug: String = "", events: [Event] = []) {
            self.partnershipName = partnershipName
            self.slug = slug
            self.events = events
        }
    }

    public static func render(_ model: Model) -> String {
        Page.render(title: model.partnershipName, chrome: .publicPage(slug: model.slug), content: .div(
            .h1(.text(model.partnershipName)),
            .p(.class("lead"), .text("Help to stay safe online, find local events and report cyber crime.")),
            .h2(.text("Has something happened?")),
            .p(.text("If someone is in immediate danger, call 999. Otherwise, answer a few questions to find out where to report it and where to get help.")),
            .p(.a(.class("button"), .href(SiteURL.publicReport(slug: model.slug).path), .text("Where do I report this?"))),
            .h2(.text("Coming up")),
            model.events.isEmpty ? .p(.text("No events are open for booking at the moment."))
                : .ul(.class("event-list"), .forEach(model.events) { event in
                    .li(.a(.href(event.url.path), .text(event.title)), .br(), .span(.class("hint"), .text("\(event.when) · \(event.place)")))
                }),
            .p(.a(.href(SiteURL.publicEvents(slug: model.slug).path), .text("See all free talks, workshops and sessions"))),
            .p(.class("hint"), .text("Short courses and a library of posters, videos and lesson plans will appear here soon."))
        ))
    }
}
