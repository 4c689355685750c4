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
        /// A place from the waiting list to confirm by this time ("Tuesday 8 December 2026, 6pm"), or nil.
        public var confirmBy: String? = nil
        public var privateLink: String
        /// nil: cannot be an ambassador (not confirmed); 0: not yet; otherwise the pledge.
        public var pledge: Int?
        public var told: String?
        public var errors: [FormError]
        /// The anonymous participant code for this event's before/after surveys, and the surveys to answer now.
        public var surveyCode: String? = nil
        public var surveys: [(label: String, url: String)] = []
        public init(
            slug: String, token: String, isNew: Bool, status: String, statusText: String, eventTitle: String,
            facts: [(String, String)], canCancel: Bool, privateLink: String, pledge: Int? = nil, told: String? = nil,
            errors: [FormError] = []
        ) {
            self.pledge = pledge
            self.told = told
            self.errors = errors
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
        Page.render(
            title: "Your booking: \(model.eventTitle)", chrome: .publicPage(slug: model.slug, csrfToken: csrf),
            content: .div(
                Form.errorSummary(model.errors),
                .div(
                    .class(model.status == "cancelled" ? "panel panel-problem" : "panel panel-success"),
                    .attribute(named: "role", value: "status"),
                    .h1(
                        .text(
                            model.isNew
                                ? (model.status == "waiting" ? "You are on the waiting list" : "Booking confirmed")
                                : "Your booking")),
                    .p(.text(model.statusText))),
                .dl(.class("facts"), .forEach(model.facts) { fact in .group(.dt(.text(fact.0)), .dd(.text(fact.1))) }),
                .h2(.text("Keep this link")),
                .p(
                    .text(
                        "This page is your booking. Bookmark it or copy the link: anyone with it can see and cancel the booking, so do not share it."
                    )),
                .p(.code(.class("secret"), .text(model.privateLink))),
                .p(
                    .a(
                        .href(SiteURL.publicBookingCalendar(slug: model.slug, token: model.token).path),
                        .text("Add to your calendar (.ics file)"))),
                .if(
                    !model.surveys.isEmpty,
                    .section(
                        .h2(.text("Help us see what works")),
                        .unwrap(model.surveyCode) {
                            .p(
                                .text("Your participant code is "), .strong(.class("code"), .text($0)),
                                .text(
                                    ". It pairs your answers before and after the session without your name: we cannot tell whose answers they are."
                                ))
                        },
                        .ul(.forEach(model.surveys) { .li(.a(.href($0.url), .text($0.label))) }))),
                .unwrap(model.confirmBy) { by in
                    .section(
                        .class("notice"),
                        .h2(.text("Confirm your place")),
                        .p(
                            .text(
                                "This place came from the waiting list. Confirm by \(by) that you still want it; if you do not, it goes to the next person waiting."
                            )),
                        Form.postButton(
                            to: .publicBookingConfirm(slug: model.slug, token: model.token), label: "Confirm my place",
                            csrf: csrf, style: "button"),
                        Form.postButton(
                            to: .publicBookingCancel(slug: model.slug, token: model.token),
                            label: "Release the place", csrf: csrf, style: "button warning"))
                },
                .unwrap(model.pledge) { ambassador(model, pledge: $0, csrf: csrf) },
                .if(
                    model.canCancel,
                    .group(
                        .h2(.text("Cannot come?")),
                        .p(
                            .text(
                                "Cancel so that someone on the waiting list can have your place. Your details are then deleted."
                            )),
                        Form.postButton(
                            to: .publicBookingCancel(slug: model.slug, token: model.token), label: "Cancel my booking",
                            csrf: csrf, style: "button warning"))),
                .h2(.text("Your details")),
                .p(
                    .text(
                        model.facts.contains { $0.0 == "Name" }
                            ? "You can delete your name and email now. If the event is still to come, this also cancels the booking."
                            : "Your name and email have been deleted.")),
                .if(
                    model.facts.contains { $0.0 == "Name" },
                    Form.postButton(
                        to: .publicBookingErase(slug: model.slug, token: model.token), label: "Delete my details",
                        csrf: csrf, style: "button secondary"))
            ))
    }

    static func ambassador(_ model: Model, pledge: Int, csrf: String) -> Node<HTML.BodyContext> {
        .section(
            .h2(.text("Pass it on")),
            pledge == 0
                ? .group(
                    .p(
                        .text(
                            "Ambassadors share what they learn with family, friends, colleagues or neighbours. Will you?"
                        )),
                    Form.post(
                        to: .publicBookingPledge(slug: model.slug, token: model.token), csrf: csrf,
                        Form.input(
                            .init(
                                name: "pledge", label: "How many people will you tell?", value: "3", type: .number,
                                width: "width-third"), errors: model.errors),
                        Form.submit("Become an ambassador")))
                : .group(
                    .p(
                        .text(
                            "You said you would tell \(pledge) \(pledge == 1 ? "person" : "people"). Thank you. When you have, tell us how many (no names)."
                        )),
                    .unwrap(model.told) { .p(.strong(.text($0))) },
                    Form.post(
                        to: .publicBookingTold(slug: model.slug, token: model.token), csrf: csrf,
                        Form.fieldset(
                            "How many people did you tell?",
                            [
                                Form.input(
                                    .init(
                                        name: "family", label: "Family", value: "0", type: .number, width: "width-third"
                                    ), errors: model.errors),
                                Form.input(
                                    .init(
                                        name: "friends", label: "Friends", value: "0", type: .number,
                                        width: "width-third"), errors: []),
                                Form.input(
                                    .init(
                                        name: "colleagues", label: "Colleagues", value: "0", type: .number,
                                        width: "width-third"), errors: []),
                                Form.input(
                                    .init(
                                        name: "neighbours", label: "Neighbours", value: "0", type: .number,
                                        width: "width-third"), errors: []),
                            ]),
                        Form.submit("Send")))
        )
    }
}
