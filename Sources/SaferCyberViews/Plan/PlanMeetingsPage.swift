import Plot

/// The sub-group's meetings: the list with a form to record a new one, and one meeting with its generated agenda.
public enum PlanMeetingsPage {
    public struct Meeting: Sendable {
        public var id: String
        public var day: String
        public var title: String
        public var attendees: [String]
        public var actionsArising: Int
        public init(id: String, day: String, title: String, attendees: [String], actionsArising: Int) {
            self.id = id
            self.day = day
            self.title = title
            self.attendees = attendees
            self.actionsArising = actionsArising
        }
    }

    public struct Model: Sendable {
        public var slug: String
        public var meetings: [Meeting]
        public var agenda: [(title: String, items: [(heading: String, detail: String)])]
        public var partners: [(value: String, label: String)]
        public var canManage: Bool
        public var values: [String: String]
        public var attendees: Set<String>
        public var errors: [FormError]
        public init(
            slug: String, meetings: [Meeting], agenda: [(title: String, items: [(heading: String, detail: String)])],
            partners: [(value: String, label: String)], canManage: Bool, values: [String: String],
            attendees: Set<String>, errors: [FormError]
        ) {
            self.slug = slug
            self.meetings = meetings
            self.agenda = agenda
            self.partners = partners
            self.canManage = canManage
            self.values = values
            self.attendees = attendees
            self.errors = errors
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        Page.render(
            title: (model.errors.isEmpty ? "" : "Error: ") + "Sub-group meetings", chrome: chrome,
            content: .div(
                Form.errorSummary(model.errors),
                .p(.a(.href(SiteURL.partnership(slug: model.slug, .plan).path), .text("Back to the plan"))),
                .h1(.text("Sub-group meetings")),
                .h2(.text("Agenda for the next meeting")),
                .p(
                    .class("hint"),
                    .text(
                        "Generated from today's plan: overdue actions, actions rated red, and gaps and duplicates nobody has reviewed."
                    )),
                agenda(model.agenda),
                .h2(.text("Meetings")),
                model.meetings.isEmpty
                    ? .p(.text("No meetings recorded yet."))
                    : .ul(
                        .forEach(model.meetings) { m in
                            .li(
                                .a(
                                    .href(SiteURL.partnership(slug: model.slug, .planMeeting(id: m.id)).path),
                                    .text("\(m.day): \(m.title)")),
                                .span(
                                    .class("hint"),
                                    .text(" — \(m.attendees.count) partners, \(m.actionsArising) actions arising")))
                        }),
                .if(
                    model.canManage,
                    .section(
                        .class("no-print"), .h2(.text("Record a meeting")),
                        Form.post(
                            to: .partnership(slug: model.slug, .planMeetings), csrf: chrome.csrfToken, fields(model),
                            Form.submit("Save meeting"))))
            ))
    }

    static func agenda(_ sections: [(title: String, items: [(heading: String, detail: String)])]) -> Node<
        HTML.BodyContext
    > {
        sections.isEmpty
            ? .p(.text("Nothing is overdue, red or waiting for review."))
            : .ol(
                .class("agenda"),
                .forEach(sections) { section in
                    .li(
                        .strong(.text(section.title)),
                        .ul(
                            .forEach(section.items) { item in
                                .li(.text(item.heading), .br(), .span(.class("hint"), .text(item.detail)))
                            }))
                })
    }

    static func fields(_ model: Model) -> Node<HTML.BodyContext> {
        let v = model.values
        let e = model.errors
        return .group(
            Form.input(
                .init(
                    name: "title", label: "Meeting", hint: "For example, “Sub-group, spring 2026”.",
                    value: v["title"] ?? ""), errors: e),
            Form.input(
                .init(
                    name: "day", label: "Date", hint: "For example, 14/5/2026.", value: v["day"] ?? "",
                    width: "width-third"), errors: e),
            Form.checkboxes(
                name: "attendees", legend: "Partners present", options: model.partners, selected: model.attendees,
                errors: e),
            Form.textarea("notes", "Notes", hint: nil, value: v["notes"] ?? "", errors: e, rows: 5),
            Form.textarea(
                "decisions", "Decisions", hint: "One per line.", value: v["decisions"] ?? "", errors: e, rows: 4))
    }
}

/// One meeting: what was said and decided, the actions arising, and the form to change the record.
public enum PlanMeetingPage {
    public struct Model: Sendable {
        public var slug: String
        public var id: String
        public var title: String
        public var day: String
        public var attendees: [String]
        public var notes: String
        public var decisions: [String]
        public var actionsArising: [PlanActionRow]
        public var form: PlanMeetingsPage.Model
        public init(
            slug: String, id: String, title: String, day: String, attendees: [String], notes: String,
            decisions: [String],
            actionsArising: [PlanActionRow], form: PlanMeetingsPage.Model
        ) {
            self.slug = slug
            self.id = id
            self.title = title
            self.day = day
            self.attendees = attendees
            self.notes = notes
            self.decisions = decisions
            self.actionsArising = actionsArising
            self.form = form
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        Page.render(
            title: (model.form.errors.isEmpty ? "" : "Error: ") + model.title, chrome: chrome,
            content: .div(
                Form.errorSummary(model.form.errors),
                .p(.a(.href(SiteURL.partnership(slug: model.slug, .planMeetings).path), .text("All meetings"))),
                .span(.class("caption"), .text(model.day)),
                .h1(.text(model.title)),
                .p(
                    .strong(.text("Partners present: ")),
                    .text(model.attendees.isEmpty ? "not recorded" : model.attendees.joined(separator: ", "))),
                .h2(.text("Notes")),
                .forEach(model.notes.split(whereSeparator: \.isNewline)) { .p(.text(String($0))) },
                .h2(.text("Decisions")),
                model.decisions.isEmpty
                    ? .p(.text("None recorded.")) : .ul(.forEach(model.decisions) { .li(.text($0)) }),
                .h2(.text("Actions arising")),
                model.actionsArising.isEmpty
                    ? .p(.text("None yet."))
                    : PlanTable.render(model.actionsArising, slug: model.slug, caption: "Actions arising"),
                .if(
                    model.form.canManage,
                    .group(
                        .p(
                            .a(
                                .class("button secondary"),
                                .href(
                                    SiteURL.partnership(slug: model.slug, .planActionNew).path + "?meeting=\(model.id)"),
                                .text("Add an action arising"))),
                        .section(
                            .class("no-print"), .h2(.text("Change the record")),
                            Form.post(
                                to: .partnership(slug: model.slug, .planMeeting(id: model.id)), csrf: chrome.csrfToken,
                                PlanMeetingsPage.fields(model.form), Form.submit("Save changes")))))
            ))
    }
}
