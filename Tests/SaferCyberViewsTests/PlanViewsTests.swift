import Plot
import XCTest

@testable import SaferCyberViews

final class PlanViewsTests: XCTestCase {
    /// An empty option value must be written out: without it a browser sends the option's text ("None") instead.
    func testEmptyOptionValueIsRendered() {
        let html = Node<HTML.BodyContext>.div(
            Form.select(
                name: "meeting", label: "Meeting", options: [("", "None"), ("a", "A")], selected: nil, errors: [])
        )
        .render()
        // `<option value>` is an empty value in HTML (the attribute is present), which is what a browser then sends.
        XCTAssertTrue(html.contains(#"<option value>None</option>"#), html)
    }

    /// The flag note field's id is the same in every process (it is posted back and used as the error anchor).
    func testFlagFieldIDIsStable() {
        XCTAssertEqual(PlanCrossoverPage.fieldID("gap:A:B"), PlanCrossoverPage.fieldID("gap:A:B"))
        XCTAssertNotEqual(PlanCrossoverPage.fieldID("gap:A:B"), PlanCrossoverPage.fieldID("gap:A:C"))
        // FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c (the published test vector).
        XCTAssertEqual(PlanCrossoverPage.fieldID("a"), "note-" + String(0xaf63_dc4c_8601_ec8c as UInt64, radix: 36))
    }

    func testProgressReportMarksOverdueAndSlips() {
        let model = RecommendationsReportPage.Model(
            slug: "demo", reviewID: "r", reviewTitle: "Young people", partnershipName: "Demo", asOf: "1 October 2026",
            asOfValue: "1/10/2026",
            summary: [("Recommendations", "1")],
            rows: [
                .init(
                    number: 1, text: "Train staff", owner: "Schools", response: "Accepted", status: "In progress",
                    target: "31 Dec 2026",
                    slipped: "First agreed 30 Sep 2026; moved 1 time", overdue: true, latest: "1 Sep 2026: postponed")
            ],
            error: nil)
        let html = RecommendationsReportPage.render(model, chrome: Chrome(csrfToken: "t"))
        XCTAssertTrue(html.contains("<strong>Overdue</strong>"))
        XCTAssertTrue(html.contains("First agreed 30 Sep 2026; moved 1 time"))
        XCTAssertTrue(html.contains(#"class="report""#), "the print stylesheet's report rules apply")
    }
}
