import Plot

/// One action as a row of the plan's tables.
public struct PlanActionRow: Sendable {
    public var id: String
    public var number: Int
    public var title: String
    public var lead: String
    public var officer: String
    public var themes: String
    public var audiences: String
    public var area: String
    public var starts: String
    public var due: String
    public var status: String
    public var rag: String
    public var ragLabel: String
    public var ragReason: String
    public var overdue: Bool
    public init(
        id: String, number: Int, title: String, lead: String, officer: String, themes: String, audiences: String,
        area: String,
        starts: String, due: String, status: String, rag: String, ragLabel: String, ragReason: String, overdue: Bool
    ) {
        self.id = id
        self.number = number
        self.title = title
        self.lead = lead
        self.officer = officer
        self.themes = themes
        self.audiences = audiences
        self.area = area
        self.starts = starts
        self.due = due
        self.status = status
        self.rag = rag
        self.ragLabel = ragLabel
        self.ragReason = ragReason
        self.overdue = overdue
    }
}

/// The plan's action table, used by the plan views, the meeting page and the crossover cells.
enum PlanTable {
    static func render(_ rows: [PlanActionRow], slug: String, caption: String) -> Node<HTML.BodyContext> {
        TableScroll.region(
            .table(
                .caption(.class("visually-hidden"), .text(caption)),
                .thead(
                    .tr(
                        .th(.attribute(named: "scope", value: "col"), .class("numeric"), .text("No.")),
                        .th(.attribute(named: "scope", value: "col"), .text("Action")),
                        .th(.attribute(named: "scope", value: "col"), .text("Lead")),
                        .th(.attribute(named: "scope", value: "col"), .text("Themes and audiences")),
                        .th(.attribute(named: "scope", value: "col"), .text("Due")),
                        .th(.attribute(named: "scope", value: "col"), .text("Status")))),
                .tbody(
                    .forEach(rows) { row in
                        .tr(
                            .td(.class("numeric"), .text("\(row.number)")),
                            .td(
                                .a(
                                    .href(SiteURL.partnership(slug: slug, .planAction(id: row.id)).path),
                                    .text(row.title)),
                                .if(!row.area.isEmpty, .group(.br(), .span(.class("hint"), .text(row.area))))),
                            .td(
                                .text(row.lead),
                                .if(!row.officer.isEmpty, .group(.br(), .span(.class("hint"), .text(row.officer))))),
                            .td(.text(row.themes), .br(), .span(.class("hint"), .text(row.audiences))),
                            .td(
                                .text(row.due),
                                .if(row.overdue, .group(.br(), .strong(.class("tag tag-refused"), .text("Overdue"))))),
                            .td(
                                .text(row.status), .br(), .span(.class("rag rag-\(row.rag)"), .text(row.ragLabel)),
                                .if(!row.ragReason.isEmpty, .group(.br(), .span(.class("hint"), .text(row.ragReason)))))
                        )
                    })))
    }
}
