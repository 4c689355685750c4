import Foundation

/// The figures of one page, CSV or report after the disclosure rule: small counts "<5", and enough further
/// counts withheld ("[c]") that none of them can be worked out from the published sums. Pages build one of these
/// from their counts and the sums that tie them, then read every count back through `text(_:)`.
public struct ProtectedFigures: Sendable {
    public let policy: DisclosurePolicy
    public let figures: PublishedFigures
    public let visibility: [String: Visibility]

    public init(policy: DisclosurePolicy, secondary: Bool = true, _ build: (inout PublishedFigures) -> Void) {
        var figures = PublishedFigures()
        build(&figures)
        self.policy = policy
        self.figures = figures
        visibility = policy.protect(figures, secondary: secondary)
    }

    /// A published count by its id: the number, "<5" or "[c]".
    public func text(_ id: String) -> String { policy.text(id, in: figures, visibility) }

    /// A published count rounded as `DisclosurePolicy.rounded` says (for counts that are counted again and again, like
    /// a survey's answers): "about 10" is written "10", hidden counts as `text(_:)`. Exact for roles with exact counts.
    public func roundedText(_ id: String) -> String {
        isHidden(id) || !policy.applies ? text(id) : policy.text(policy.rounded(figures.values[id] ?? 0))
    }

    /// The count `roundedText(_:)` shows, for shares worked out from it (nil when hidden).
    public func roundedValue(_ id: String) -> Int? {
        isHidden(id) ? nil : policy.rounded(figures.values[id] ?? 0)
    }

    /// Whether the count is not shown, so that nothing worked out from it (a share, a median) may be shown.
    public func isHidden(_ id: String) -> Bool { (visibility[id] ?? .shown) != .shown }

    /// Every published cell as a reader sees it (for the disclosure checks); figures that are never shown read "?".
    public var published: [String: String] {
        figures.values.keys.reduce(into: [:]) { $0[$1] = figures.unpublished.contains($1) ? "?" : text($1) }
    }
}
