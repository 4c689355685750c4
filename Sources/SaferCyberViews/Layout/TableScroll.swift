import Plot

/// A table that scrolls sideways on a small screen, as a keyboard-reachable, labelled region (WCAG 2.1.1, 1.4.10):
/// the one wrapper every table uses (issue 18: it was written out 39 times).
public enum TableScroll {
    public static let defaultLabel = "Table (scrolls sideways on a small screen)"

    public static func region(label: String = defaultLabel, _ content: Node<HTML.BodyContext>...)
        -> Node<HTML.BodyContext>
    {
        .div(
            .class("table-scroll"), .attribute(named: "tabindex", value: "0"),
            .attribute(named: "role", value: "region"), .attribute(named: "aria-label", value: label),
            .group(content))
    }
}
