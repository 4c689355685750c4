import Plot

/// A QR code drawn as inline SVG, built as elements (not concatenated text), so its label is escaped like every
/// other attribute.
public enum QRCodeView {
    public struct Model: Sendable, Equatable {
        /// SVG path data: numbers and path commands only (from `QRCode.svgPath`).
        public var path: String
        public var side: Int
        public var label: String
        public init(path: String, side: Int, label: String) {
            self.path = path
            self.side = side
            self.label = label
        }
    }

    public static func render(_ model: Model) -> Node<HTML.BodyContext> {
        let side = "\(model.side)"
        return .element(
            named: "svg",
            nodes: [
                .attribute(named: "xmlns", value: "http://www.w3.org/2000/svg"),
                .class("qr"), .attribute(named: "role", value: "img"), .ariaLabel(model.label),
                .attribute(named: "viewBox", value: "0 0 \(side) \(side)"),
                .attribute(named: "width", value: side), .attribute(named: "height", value: side),
                .selfClosedElement(
                    named: "rect",
                    attributes: [
                        .attribute(named: "width", value: "100%"), .attribute(named: "height", value: "100%"),
                        .attribute(named: "fill", value: "#fff"),
                    ]),
                .selfClosedElement(
                    named: "path",
                    attributes: [.attribute(named: "fill", value: "#000"), .attribute(named: "d", value: model.path)]),
            ])
    }
}
