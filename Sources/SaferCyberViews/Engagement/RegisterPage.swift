import Plot

/// The register on the day: big touch targets for a tablet, and a clean table when printed.
public enum RegisterPage {
    public struct Line: Sendable {
        public var bookingID: String
        public var name: String
        public var detail: String
        public var places: Int
        public var attended: Int
        public var shortCode: String
        public init(bookingID: String, name: String, detail: String, places: Int, attended: Int, shortCode: String) {
            self.bookingID = bookingID
            self.name = name
            self.detail = detail
            self.places = places
            self.attended = attended
            self.shortCode = shortCode
        }
    }

    public struct Model: Sendable {
        public var slug: String
        public var eventID: String
        public var title: String
        public var when: String
        public var search: String
        public var lines: [Line]
        public var totals: [(String, String)]
        public var byAudience: [(String, String)]
        public var audiences: [(value: String, label: String)]
        public var notice: String?
        public var followOnLink: String
        /// The same link as a QR code to show on screen or print (issue 23).
        public var followOnQR: QRCodeView.Model?
        /// The before and after links of the surveys that list this event, with their QR codes.
        public var surveyLinks: [(title: String, link: String, qr: QRCodeView.Model?)] = []
        public var errors: [FormError]
        public init(
            slug: String, eventID: String, title: String, when: String, search: String, lines: [Line],
            totals: [(String, String)],
            byAudience: [(String, String)], audiences: [(value: String, label: String)], notice: String? = nil,
            followOnLink: String = "", errors: [FormError] = []
        ) {
            self.followOnLink = followOnLink
            self.slug = slug
            self.eventID = eventID
            self.title = title
            self.when = when
            self.search = search
            self.lines = lines
            self.totals = totals
            self.byAudience = byAudience
            self.audiences = audiences
            self.notice = notice
            self.errors = errors
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        Page.render(
            title: "Register: \(model.title)", chrome: chrome,
            content: .div(
                Form.errorSummary(model.errors),
                .unwrap(model.notice) {
                    .div(.class("notice success no-print"), .attribute(named: "role", value: "status"), .p(.text($0)))
                },
                .h1(.text("Register: \(model.title)")),
                .p(.text(model.when)),
                .p(
                    .class("no-print"),
                    .a(
                        .href(SiteURL.partnership(slug: model.slug, .eventAttendees(id: model.eventID)).path),
                        .text("Everyone booked, with their answers and access needs"))),
                .dl(
                    .class("figures inline-figures"),
                    .forEach(model.totals) { .group(.dt(.text($0.0)), .dd(.text($0.1))) }),
                .form(
                    .action(SiteURL.partnership(slug: model.slug, .eventRegister(id: model.eventID)).path),
                    .method(.get), .class("no-print"),
                    .element(
                        named: "div",
                        nodes: [
                            Form.input(
                                .init(
                                    name: "search", label: "Find a name or a check-in code", value: model.search,
                                    width: "width-half"), errors: []),
                            Form.submit("Find"),
                        ])),
                TableScroll.region(
                    .table(
                        .class("register"),
                        .caption(.class("visually-hidden"), .text("Bookings")),
                        .thead(
                            .tr(
                                .th(.text("Name")), .th(.text("Code")), .th(.class("numeric"), .text("Places")),
                                .th(.text("Here")))),
                        .tbody(
                            .forEach(model.lines) { line in
                                .tr(
                                    .th(
                                        .attribute(named: "scope", value: "row"), .text(line.name),
                                        .if(
                                            !line.detail.isEmpty,
                                            .group(.br(), .span(.class("hint"), .text(line.detail))))),
                                    .td(.code(.text(line.shortCode))), .td(.class("numeric"), .text("\(line.places)")),
                                    .td(checkIn(model, line, csrf: chrome.csrfToken)))
                            })
                    )),
                .section(
                    .class("no-print"),
                    .h2(.text("Add walk-ins")),
                    Form.post(
                        to: .partnership(slug: model.slug, .eventWalkIn(id: model.eventID)), csrf: chrome.csrfToken,
                        Form.input(
                            .init(name: "name", label: "Name (optional)", width: "width-half"), errors: model.errors),
                        Form.select(
                            name: "audience", label: "Who they are (optional)",
                            options: [("", "Not given")] + model.audiences, selected: nil, errors: []),
                        Form.input(
                            .init(
                                name: "places", label: "Number of people", value: "1", type: .number,
                                width: "width-third"), errors: model.errors),
                        Form.submit("Add walk-in"))),
                .section(
                    .class("no-print"),
                    .h2(.text("Link to give out at this event")),
                    .p(
                        .text(
                            "People who book later sessions through this link are counted as signing up as a direct result of this event."
                        )),
                    .unwrap(model.followOnQR) { QRCodeView.render($0) },
                    .p(.code(.class("secret"), .text(model.followOnLink))),
                    .forEach(model.surveyLinks) { survey in
                        .div(
                            .h3(.text(survey.title)),
                            .unwrap(survey.qr) { QRCodeView.render($0) },
                            .p(.code(.text(survey.link))))
                    },
                    .p(
                        .a(
                            .href(SiteURL.partnership(slug: model.slug, .eventCards(id: model.eventID)).path),
                            .text("Print QR cards for this event")))),
                .h2(.text("Attendance by audience")),
                .table(
                    .caption(.class("visually-hidden"), .text("Attendance by audience")),
                    .thead(.tr(.th(.text("Audience")), .th(.class("numeric"), .text("Attended")))),
                    .tbody(
                        .forEach(model.byAudience) {
                            .tr(
                                .th(.attribute(named: "scope", value: "row"), .text($0.0)),
                                .td(.class("numeric"), .text($0.1)))
                        }))
            ))
    }

    static func checkIn(_ model: Model, _ line: Line, csrf: String) -> Node<HTML.BodyContext> {
        .group(
            .span(.class("print-only"), .text(line.attended > 0 ? "✓ \(line.attended)" : "☐")),
            .form(
                .action(SiteURL.partnership(slug: model.slug, .eventCheckIn(id: model.eventID)).path), .method(.post),
                .class("inline-form no-print"),
                .element(
                    named: "div",
                    nodes: [
                        Form.csrfField(csrf), Form.hidden("booking", line.bookingID),
                        line.places > 1
                            ? Form.input(
                                .init(
                                    name: "places", label: "How many came",
                                    value: "\(line.attended > 0 ? line.attended : line.places)",
                                    type: .number, width: "width-third", id: "places-\(line.bookingID)"), errors: [])
                            : Form.hidden("places", line.attended > 0 ? "0" : "1"),
                        .button(
                            .type(.submit), .class(line.attended > 0 ? "button secondary" : "button"),
                            .text(line.places > 1 ? "Save" : line.attended > 0 ? "Undo check-in" : "Check in"),
                            .span(.class("visually-hidden"), .text(" \(line.name)"))),
                    ])))
    }
}
