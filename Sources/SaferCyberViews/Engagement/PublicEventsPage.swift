import Plot

/// Upcoming public events of a partnership, with filters.
public enum PublicEventsPage {
    public struct Item: Sendable {
        public var url: String
        public var title: String
        public var when: String
        public var place: String
        public var kind: String
        public var availability: String
        public init(url: String, title: String, when: String, place: String, kind: String, availability: String) {
            self.url = url
            self.title = title
            self.when = when
            self.place = place
            self.kind = kind
            self.availability = availability
        }
    }

    public struct Model: Sendable {
        public var partnershipName: String
        public var slug: String
        public var items: [Item]
        public var audiences: [(value: String, label: String)]
        public var areas: [(value: String, label: String)]
        public var kinds: [(value: String, label: String)]
        public var selected: [String: String]
        public init(
            partnershipName: String, slug: String, items: [Item], audiences: [(value: String, label: String)],
            areas: [(value: String, label: String)], kinds: [(value: String, label: String)], selected: [String: String]
        ) {
            self.partnershipName = partnershipName
            self.slug = slug
            self.items = items
            self.audiences = audiences
            self.areas = areas
            self.kinds = kinds
            self.selected = selected
        }
    }

    public static func render(_ model: Model) -> String {
        Page.render(
            title: "Events – \(model.partnershipName)", chrome: .publicPage(slug: model.slug),
            content: .div(
                .p(.a(.href(SiteURL.publicHome(slug: model.slug).path), .text(model.partnershipName))),
                .h1(.text("Events")),
                .p(
                    .class("lead"),
                    .text("Free talks, workshops and sessions about staying safe online. Booking takes a minute.")),
                .form(
                    .action(SiteURL.publicEvents(slug: model.slug).path), .method(.get), .class("filters"),
                    .element(
                        named: "div",
                        nodes: [
                            Form.select(
                                name: "audience", label: "Who it is for", options: [("", "Everyone")] + model.audiences,
                                selected: model.selected["audience"], errors: []),
                            Form.select(
                                name: "area", label: "Area", options: [("", "All areas")] + model.areas,
                                selected: model.selected["area"], errors: []),
                            Form.select(
                                name: "type", label: "Type of event", options: [("", "All types")] + model.kinds,
                                selected: model.selected["type"], errors: []),
                            Form.submit("Show events"),
                        ])),
                .p(
                    .attribute(named: "role", value: "status"),
                    .text(
                        model.items.isEmpty
                            ? "No upcoming events match."
                            : "\(model.items.count) upcoming \(model.items.count == 1 ? "event" : "events").")),
                .ul(
                    .class("event-list"),
                    .forEach(model.items) { item in
                        .li(
                            .class("event-card"),
                            .h2(.a(.href(item.url), .text(item.title))),
                            .p(.strong(.text(item.when))),
                            .p(.text("\(item.kind) · \(item.place)")),
                            .p(.class("tag"), .text(item.availability)))
                    })
            ))
    }
}
