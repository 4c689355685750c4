import Plot

/// The partnership plan: overdue and due-soon actions, then every action grouped by objective, partner or theme,
/// and the count of actions at each status month by month.
public enum PlanPage {
    public struct Group: Sendable {
        public var title: String
        public var rows: [PlanActionRow]
        public init(title: String, rows: [PlanActionRow]) {
            self.title = title
            self.rows = rows
        }
    }

    public struct Model: Sendable {
        public var slug: String
        /// objective, partner or theme.
        public var view: String
        public var partner: String
        public var partners: [(value: String, label: String)]
        public var groups: [Group]
        public var overdue: [PlanActionRow]
        public var dueSoon: [PlanActionRow]
        public var months: [String]
        public var statusSeries: [StackedChart.Series]
        public var total: Int
        public var canManage: Bool
        public init(
            slug: String, view: String, partner: String, partners: [(value: String, label: String)], groups: [Group],
            overdue: [PlanActionRow],
            dueSoon: [PlanActionRow], months: [String], statusSeries: [StackedChart.Series], total: Int, canManage: Bool
        ) {
            self.slug = slug
            self.view = view
            self.partner = partner
            self.partners = partners
            self.groups = groups
            self.overdue = overdue
            self.dueSoon = dueSoon
            self.months = months
            self.statusSeries = statusSeries
            self.total = total
            self.canManage = canManage
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        let slug = model.slug
        func link(_ page: PartnershipPage, _ text: String) -> Node<HTML.BodyContext> {
            .a(.href(SiteURL.partnership(slug: slug, page).path), .text(text))
        }
        return Page.render(
            title: "Partnership plan", chrome: chrome,
            content: .div(
                .h1(.text("Partnership plan")),
                .p(
                    .class("lead"),
                    .text(
                        "\(model.total) actions under the partnership's objectives: who does what, for whom, by when.")),
                .ul(
                    .class("inline-links"),
                    .if(model.canManage, .li(link(.planActionNew, "Add an action"))),
                    .li(link(.planCrossover, "Themes and audiences: gaps and duplicates")),
                    .li(link(.planTimeline, "Timeline")),
                    .li(link(.planMeetings, "Sub-group meetings")),
                    .li(link(.planExport, "Download the plan (CSV)"))),
                .h2(.text("Overdue")),
                model.overdue.isEmpty
                    ? .p(.text("No open action is past its due date."))
                    : PlanTable.render(model.overdue, slug: slug, caption: "Overdue actions"),
                .h2(.text("Due in the next 30 days")),
                model.dueSoon.isEmpty
                    ? .p(.text("Nothing is due in the next 30 days."))
                    : PlanTable.render(model.dueSoon, slug: slug, caption: "Actions due soon"),
                viewChooser(model),
                .forEach(model.groups) { group in
                    .section(
                        .h3(.text(group.title), .text(" "), .span(.class("hint"), .text("(\(group.rows.count))"))),
                        group.rows.isEmpty
                            ? .p(.class("hint"), .text("No actions."))
                            : PlanTable.render(group.rows, slug: slug, caption: group.title))
                },
                statusOverTime(model)
            ))
    }

    static func viewChooser(_ model: Model) -> Node<HTML.BodyContext> {
        .group(
            .h2(.text("All actions")),
            .form(
                .method(.get), .action(SiteURL.partnership(slug: model.slug, .plan).path), .class("no-print filters"),
                .element(
                    named: "div",
                    nodes: [
                        Form.select(
                            name: "by", label: "Group the actions by",
                            options: [("objective", "Objective"), ("partner", "Lead partner"), ("theme", "Theme")],
                            selected: model.view, errors: []),
                        Form.select(
                            name: "partner", label: "Show the commitments of",
                            options: [("", "Every partner")] + model.partners,
                            selected: model.partner, errors: []),
                        .button(.type(.submit), .class("button secondary"), .text("Show")),
                    ]))
        )
    }

    static func statusOverTime(_ model: Model) -> Node<HTML.BodyContext> {
        .section(
            .h2(.text("Status over time")),
            StackedChart.render(
                id: "status-chart", title: "Actions by status at the end of each month",
                description: "Stacked columns, one per month; the table below gives the same figures.",
                columns: model.months, series: model.statusSeries),
            TableScroll.region(
                .table(
                    .caption(.text("Actions by status at the end of each month")),
                    .thead(
                        .tr(
                            .th(.attribute(named: "scope", value: "col"), .text("Status")),
                            .forEach(model.months) {
                                .th(.attribute(named: "scope", value: "col"), .class("numeric"), .text($0))
                            })),
                    .tbody(
                        .forEach(model.statusSeries) { s in
                            .tr(
                                .th(.attribute(named: "scope", value: "row"), .text(s.label)),
                                .forEach(s.values) { .td(.class("numeric"), .text("\($0)")) })
                        })))
        )
    }
}
