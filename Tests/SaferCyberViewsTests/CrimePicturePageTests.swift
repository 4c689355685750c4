import Foundation
import Plot
import SaferCyberViews
import XCTest

final class CrimePicturePageTests: XCTestCase {
    func testChartIsALabelledImageWithBarsInProportion() {
        let bars = [
            BarChart.Bar(label: "Q1", value: 100, display: "100"), BarChart.Bar(label: "Q2", value: 50, display: "50"),
            BarChart.Bar(label: "Q3", value: 0, display: "<5"),
        ]
        let html = Node.render(
            BarChart.render(
                id: "c", title: "Records per quarter", description: "Same figures as the table.", bars: bars))
        XCTAssertTrue(html.contains(#"role="img""#))
        XCTAssertTrue(html.contains(#"aria-labelledby="c-title c-desc""#))
        XCTAssertTrue(html.contains(#"<title id="c-title">Records per quarter</title>"#))
        // The plot area is 188 px tall (260 − 24 − 48): the tallest bar fills it, half the value is half as tall.
        XCTAssertTrue(html.contains(#"height="188""#))
        XCTAssertTrue(html.contains(#"height="94""#))
        XCTAssertTrue(html.contains("&lt;5"), "a suppressed bar is labelled, not drawn")
    }

    func testTablesHaveRowAndColumnHeadersAndADownloadLink() {
        let model = CrimePicturePage.Model(
            slug: "demo", hasData: true, suppressed: true, canManage: false, periodLabel: "Jul–Sep 2026", total: "812",
            quarterOnQuarter: "812 against 745.", yearOnYear: "812 against 700.", bars: [],
            tables: [
                .init(
                    key: "themes", title: "By theme", columns: ["", "Records", "Share"],
                    rows: [["Fraud and scams", "<5", "–"]])
            ],
            filter: ["from": "20263", "to": "20263"], quarterOptions: [("20263", "Jul–Sep 2026")],
            scopeOptions: [("cyber", "Cyber")],
            themeOptions: [], areaOptions: [])
        let html = CrimePicturePage.render(model, chrome: Chrome(csrfToken: "t"))
        XCTAssertTrue(html.contains(#"<th scope="row">Fraud and scams</th><td class="numeric">&lt;5</td>"#))
        XCTAssertTrue(
            html.contains(#"<th scope="col" class="numeric">Records</th>"#)
                || html.contains(#"<th class="numeric" scope="col">Records</th>"#))
        XCTAssertTrue(
            // `&` in an attribute is written `&amp;` (every attribute value is escaped; browsers read it as `&`).
            html.contains("/app/p/demo/crime/export.csv?table=themes&amp;from=20263&amp;to=20263"),
            String(html[html.range(of: "export.csv")!.lowerBound...].prefix(80)))
        XCTAssertTrue(html.contains("Counts under 5 are shown as"))
        XCTAssertFalse(html.contains("Import crime records"), "no import link for a role that cannot import")
    }
}

private enum Node {
    static func render(_ node: Plot.Node<Plot.HTML.BodyContext>) -> String { node.render() }
}

final class AttributeEscapingTests: XCTestCase {
    /// Plot writes attribute values verbatim; a value someone typed must not be able to close the attribute.
    func testTypedValuesCannotBreakOutOfAttributes() {
        let typed = #"x"><img src=y onerror=alert(1)>'"#
        let html = Plot.Node<Plot.HTML.BodyContext>.div(
            Form.input(.init(name: "name", label: "Name", value: typed), errors: []),
            Form.select(name: "column", label: "Column", options: [(typed, typed)], selected: typed, errors: []),
            Form.hidden("header", typed)
        ).render()
        XCTAssertFalse(html.contains("<img"), html)
        XCTAssertTrue(html.contains(#"value="x&quot;&gt;&lt;img src=y onerror=alert(1)&gt;&#39;""#))
    }
}
