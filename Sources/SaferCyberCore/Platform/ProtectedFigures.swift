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

    /// Whether the count is not shown, so that nothing worked out from it (a share, a median) may be shown.
    public func isHidden(_ id: String) -> Bool { (visibility[id] ?? .shown) != .shown }

    /// Every published cell as a reader sees it (for the disclosure checks); figures that are never shown read "?".
    public var published: [String: String] {
        figures.values.keys.reduce(into: [:]) { $0[$1] = figures.unpublished.contains($1) ? "?" : text($1) }
    }
}
