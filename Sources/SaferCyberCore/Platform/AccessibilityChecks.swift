/// What the accessibility statement says about the project's own automated checks (issue 21). The smoke test
/// (`scripts/smoke_test.py`) runs axe-core on every kind of page it visits and fails on any serious or critical
/// problem; it also checks that `pagesChecked` is no more than the kinds of page it checked. Update this when the
/// checks change.
public enum AccessibilityChecks {
    public static let checkedOn = "4 December 2026"
    public static let tool =
        "axe-core 4.12 (the WCAG 2.0, 2.1 and 2.2 level A and AA rules) in headless Chromium, run by the smoke test on every change"
    public static let standard = "Web Content Accessibility Guidelines version 2.2 AA standard"
    /// Kinds of public and staff page the smoke test runs axe on (a lower bound of what it checks).
    public static let pagesChecked = 90
    public static let violations = 0
    /// What is known not to meet the standard, in plain words, for the statement.
    public static let knownIssues = [
        "Videos in the resource library can be downloaded but have no captions or transcript yet (WCAG 1.2.2 and 1.2.3).",
        "Game screens show other teams’ progress as it happens only with JavaScript; without it, reload the page to see it.",
    ]
}
