import Plot

/// A booking seen through its private link: status, what to bring, calendar, cancel.
public enum BookingPage {
    public struct Model: Sendable {
        public var slug: String
        public var token: String
        public var isNew: Bool
        public var status: String
        public var statusText: String
        public var eventTitle: String
        public var facts: [(String, String)]
        public var canCancel: Bool
        public var privateLink: String
        public init(slug: String, token: String, isNew: Bool, status: String, statusText: String, eventTitle: String,
                    facts: [(String, String)], canCancel: Bool, privateLink: String) {
            self.slug = slug
            self.token = token
            self.isNew = isNew
            self.status = status
            self.statusText = statusText
            self.eventTitle = eventTitle
            self.facts = facts
            self.canCancel = canCancel
            self.privateLink = privateLink
        }
    }

    public static func render(_ model: Model, csrf: String) -> String {
        Page.render(title: "Your booking: \(model.eventTitle)", chrome: Chrome(csrfToken: csrf), content: .div(
            .div(.class(model.status == "cancelled" ? "panel panel-problem" : "panel panel-success"), .attribute(named: "role", value: "status"),
                 .h1(.text(model.isNew ? (model.status == "waiting" ? "You are on the waiting list" : "Booking confirmed") : "Your booking")),
                 .p(.text(model.statusText))),
            .dl(.class("facts"), .forEach(model.facts) { fact in .group(.dt(.text(fact.0)), .dd(.text(fact.1))) }),
            .h2(.text("Keep this link")),
            .p(.text("This page is your booking. Bookmark it or copy the link: anyone with it can see and cancel the booking, so do not share it.")),
            .p(.code(.class("secret"), .text(model.privateLink))),
            .p(.a(.href(SiteURL.publicBookingCalendar(slug: model.slug, token: model.token).path), .text("Add to your calendar (.ics file)"))),
            .if(model.canCancel, .group(
                .h2(.text("Cannot come?")),
                .p(.text("Cancel so that someone on the waiting list can have your place. Your details are then deleted.")),
                Form.postButton(to: .publicBookingCancel(slug: model.slug, token: model.token), label: "Cancel my booking", csrf: csrf, style: "button warning")))
        ))
    }
}
