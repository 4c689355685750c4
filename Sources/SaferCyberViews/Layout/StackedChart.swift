import Plot

/// A server-drawn SVG of stacked columns (e.g. actions by status at each month end). Like `BarChart`, it is an
/// image with a title and description, and the page gives the same figures in a table.
public enum StackedChart {
    public struct Series: Sendable {
        public var label: String
        public var colour: String
        public var values: [Int]
        public init(label: String, colour: String, values: [Int]) {
            self.label = label
            self.colour = colour
            self.values = values
        }
    }

    public static func render(id: String, title: String, description: String, columns: [String], series: [Series])
        -> Node<HTML.BodyContext>
    {
        let width = 720
        let height = 280
        let top = 16
        let bottom = 70
        let left = 8
        let plotHeight = height - top - bottom
        let totals = columns.indices.map { i in
            series.reduce(0) { $0 + ($1.values.indices.contains(i) ? $1.values[i] : 0) }
        }
        let maxValue = max(totals.max() ?? 0, 1)
        let slot = columns.isEmpty ? 0 : (width - left * 2) / columns.count
        let barWidth = max(Int(Double(slot) * 0.7), 2)
        var nodes: [Node<HTML.BodyContext>] = [
            .element(named: "title", nodes: [.attribute(named: "id", value: "\(id)-title"), .text(title)]),
            .element(named: "desc", nodes: [.attribute(named: "id", value: "\(id)-desc"), .text(description)]),
        ]
        for (index, column) in columns.enumerated() {
            var y = top + plotHeight
            let x = left + index * slot + (slot - barWidth) / 2
            for s in series {
                let value = s.values.indices.contains(index) ? s.values[index] : 0
                let h = Int(Double(plotHeight) * Double(value) / Double(maxValue))
                guard h > 0 else { continue }
                y -= h
                nodes.append(
                    .element(
                        named: "rect",
                        nodes: [
                            .attribute(named: "x", value: "\(x)"), .attribute(named: "y", value: "\(y)"),
                            .attribute(named: "width", value: "\(barWidth)"),
                            .attribute(named: "height", value: "\(h)"), .attribute(named: "fill", value: s.colour),
                            .attribute(named: "stroke", value: "#ffffff"),
                            .attribute(named: "stroke-width", value: "1"),
                        ]))
            }
            nodes.append(label(column, x: x + barWidth / 2, y: top + plotHeight + 16, anchor: "middle"))
        }
        // Legend under the columns; colours also differ in lightness so it reads in greyscale print.
        var legendX = left
        for s in series {
            nodes.append(
                .element(
                    named: "rect",
                    nodes: [
                        .attribute(named: "x", value: "\(legendX)"), .attribute(named: "y", value: "\(height - 30)"),
                        .attribute(named: "width", value: "14"),
                        .attribute(named: "height", value: "14"), .attribute(named: "fill", value: s.colour),
                    ]))
            nodes.append(label(s.label, x: legendX + 20, y: height - 18, anchor: "start"))
            legendX += 28 + s.label.count * 8
        }
        return .element(
            named: "svg",
            nodes: [
                .attribute(named: "viewBox", value: "0 0 \(width) \(height)"), .attribute(named: "role", value: "img"),
                .attribute(named: "aria-labelledby", value: "\(id)-title \(id)-desc"),
                .attribute(named: "class", value: "chart"),
                .attribute(named: "xmlns", value: "http://www.w3.org/2000/svg"),
            ] + nodes)
    }

    static func label(_ value: String, x: Int, y: Int, anchor: String) -> Node<HTML.BodyContext> {
        .element(
            named: "text",
            nodes: [
                .attribute(named: "x", value: "\(x)"), .attribute(named: "y", value: "\(y)"),
                .attribute(named: "text-anchor", value: anchor),
                .attribute(named: "class", value: "chart-label"), .text(value),
            ])
    }
}
