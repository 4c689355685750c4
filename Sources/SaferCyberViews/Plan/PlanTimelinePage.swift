import Plot

/// Open actions on a time line (a Gantt chart drawn as SVG), with the same dates in a table.
public enum PlanTimelinePage {
    public struct Bar: Sendable {
        public var label: String
        /// Fractions of the window, 0…1; `openStart`/`openEnd` when the action has no start or no due date.
        public var from: Double
        public var to: Double
        public var openStart: Bool
        public var openEnd: Bool
        public var rag: String
        public init(label: String, from: Double, to: Double, openStart: Bool, openEnd: Bool, rag: String) {
            self.label = label
            self.from = from
            self.to = to
            self.openStart = openStart
            self.openEnd = openEnd
            self.rag = rag
        }
    }

    public struct Model: Sendable {
        public var slug: String
        public var window: String
        public var months: [String]
        public var today: Double
        public var bars: [Bar]
        public var rows: [PlanActionRow]
        public init(slug: String, window: String, months: [String], today: Double, bars: [Bar], rows: [PlanActionRow]) {
            self.slug = slug
            self.window = window
            self.months = months
            self.today = today
            self.bars = bars
            self.rows = rows
        }
    }

    static let colours = ["green": "#00703c", "amber": "#b25800", "red": "#d4351c", "none": "#505a5f"]

    public static func render(_ model: Model, chrome: Chrome) -> String {
        Page.render(
            title: "Plan timeline", chrome: chrome,
            content: .div(
                .p(.a(.href(SiteURL.partnership(slug: model.slug, .plan).path), .text("Back to the plan"))),
                .h1(.text("Plan timeline")),
                .p(
                    .class("lead"),
                    .text(
                        "Open actions, \(model.window). Bar colours follow each action's rating; a faded end means no start or no due date."
                    )),
                TableScroll.region(chart(model)),
                PlanTable.render(model.rows, slug: model.slug, caption: "Open actions and their dates")
            ))
    }

    static func chart(_ model: Model) -> Node<HTML.BodyContext> {
        let labelWidth = 300
        let plotWidth = 600
        let rowHeight = 22
        let top = 28
        let height = top + rowHeight * model.bars.count + 10
        var nodes: [Node<HTML.BodyContext>] = [
            .element(
                named: "title",
                nodes: [.attribute(named: "id", value: "timeline-title"), .text("Timeline of open actions")]),
            .element(
                named: "desc",
                nodes: [
                    .attribute(named: "id", value: "timeline-desc"),
                    .text("One bar per action from its start to its due date; the table below gives the dates."),
                ]),
        ]
        for (i, month) in model.months.enumerated() {
            let x = labelWidth + plotWidth * i / max(model.months.count, 1)
            nodes.append(StackedChart.label(month, x: x + 4, y: 16, anchor: "start"))
            nodes.append(line(x1: x, y1: 20, x2: x, y2: height, stroke: "#b1b4b6"))
        }
        for (i, bar) in model.bars.enumerated() {
            let y = top + i * rowHeight
            let x1 = labelWidth + Int(Double(plotWidth) * bar.from)
            let x2 = labelWidth + Int(Double(plotWidth) * bar.to)
            nodes.append(StackedChart.label(String(bar.label.prefix(40)), x: 4, y: y + 15, anchor: "start"))
            nodes.append(
                .element(
                    named: "rect",
                    nodes: [
                        .attribute(named: "x", value: "\(x1)"), .attribute(named: "y", value: "\(y + 4)"),
                        .attribute(named: "width", value: "\(max(x2 - x1, 3))"),
                        .attribute(named: "height", value: "14"),
                        .attribute(named: "fill", value: colours[bar.rag] ?? "#505a5f"),
                        .attribute(named: "fill-opacity", value: bar.openStart || bar.openEnd ? "0.55" : "1"),
                    ]))
        }
        let todayX = labelWidth + Int(Double(plotWidth) * model.today)
        nodes.append(line(x1: todayX, y1: 20, x2: todayX, y2: height, stroke: "#0b0c0c"))
        nodes.append(StackedChart.label("Today", x: todayX + 3, y: height - 2, anchor: "start"))
        return .element(
            named: "svg",
            nodes: [
                .attribute(named: "viewBox", value: "0 0 \(labelWidth + plotWidth + 10) \(height + 4)"),
                .attribute(named: "role", value: "img"),
                .attribute(named: "aria-labelledby", value: "timeline-title timeline-desc"),
                .attribute(named: "class", value: "chart timeline-chart"),
                .attribute(named: "xmlns", value: "http://www.w3.org/2000/svg"),
            ] + nodes)
    }

    static func line(x1: Int, y1: Int, x2: Int, y2: Int, stroke: String) -> Node<HTML.BodyContext> {
        .element(
            named: "line",
            nodes: [
                .attribute(named: "x1", value: "\(x1)"), .attribute(named: "y1", value: "\(y1)"),
                .attribute(named: "x2", value: "\(x2)"),
                .attribute(named: "y2", value: "\(y2)"), .attribute(named: "stroke", value: stroke),
                .attribute(named: "stroke-width", value: "1"),
            ])
    }
}
