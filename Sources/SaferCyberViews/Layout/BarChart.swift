import Plot

/// A server-drawn SVG bar chart. It is an image with a text title and description; the same figures are
/// always given in a table next to it (WCAG 1.1.1), so the chart adds nothing a screen reader misses.
public enum BarChart {
    public struct Bar: Sendable, Equatable {
        public var label: String
        public var value: Int
        /// What to print above the bar ("812", or "<5" when suppressed).
        public var display: String
        public init(label: String, value: Int, display: String) {
            self.label = label
            self.value = value
            self.display = display
        }
    }

    public static func render(id: String, title: String, description: String, bars: [Bar]) -> Node<HTML.BodyContext> {
        let width = 720
        let height = 260
        let top = 24
        let bottom = 48
        let left = 8
        let plotHeight = height - top - bottom
        let maxValue = max(bars.map(\.value).max() ?? 0, 1)
        let slot = bars.isEmpty ? 0 : (width - left * 2) / bars.count
        let barWidth = max(Int(Double(slot) * 0.7), 2)
        var nodes: [Node<HTML.BodyContext>] = [
            .element(named: "title", nodes: [.attribute(named: "id", value: "\(id)-title"), .text(title)]),
            .element(named: "desc", nodes: [.attribute(named: "id", value: "\(id)-desc"), .text(description)]),
            .element(
                named: "line",
                nodes: [
                    .attribute(named: "x1", value: "0"), .attribute(named: "x2", value: "\(width)"),
                    .attribute(named: "y1", value: "\(top + plotHeight)"),
                    .attribute(named: "y2", value: "\(top + plotHeight)"),
                    .attribute(named: "class", value: "chart-axis"),
                ]),
        ]
        for (index, bar) in bars.enumerated() {
            let barHeight = Int(Double(plotHeight) * Double(bar.value) / Double(maxValue))
            let x = left + index * slot + (slot - barWidth) / 2
            let y = top + plotHeight - barHeight
            nodes.append(
                .element(
                    named: "rect",
                    nodes: [
                        .attribute(named: "x", value: "\(x)"), .attribute(named: "y", value: "\(y)"),
                        .attribute(named: "width", value: "\(barWidth)"),
                        .attribute(named: "height", value: "\(barHeight)"),
                        .attribute(named: "class", value: "chart-bar"),
                    ]))
            nodes.append(text(bar.display, x: x + barWidth / 2, y: y - 6, className: "chart-value"))
            // Label every bar when there is room, otherwise every fourth (a year of quarters).
            if bars.count <= 12 || index % 4 == 0 {
                nodes.append(text(bar.label, x: x + barWidth / 2, y: top + plotHeight + 18, className: "chart-label"))
            }
        }
        return .element(
            named: "svg",
            nodes: [
                .attribute(named: "viewBox", value: "0 0 \(width) \(height)"),
                .attribute(named: "role", value: "img"),
                .attribute(named: "aria-labelledby", value: "\(id)-title \(id)-desc"),
                .attribute(named: "class", value: "chart"),
                .attribute(named: "xmlns", value: "http://www.w3.org/2000/svg"),
            ] + nodes)
    }

    private static func text(_ value: String, x: Int, y: Int, className: String) -> Node<HTML.BodyContext> {
        .element(
            named: "text",
            nodes: [
                .attribute(named: "x", value: "\(x)"), .attribute(named: "y", value: "\(y)"),
                .attribute(named: "text-anchor", value: "middle"), .attribute(named: "class", value: className),
                .text(value),
            ])
    }
}
