import Foundation
import XCTest

@testable import SaferCyberViews

/// Issue 20, case 1: markup a member of the public types must never become markup on a page.
final class SafeAttributesTests: XCTestCase {
    /// The payload from the issue, and the other strings an attacker tries.
    static let hostile = [
        #"x"><meta/http-equiv="refresh"/content="0;url=https://evil.example/"><a/x="@a.co"#,
        #"' onmouseover='alert(1)"#, "</script><script>alert(1)</script>", "javascript:alert(1)",
        "a\u{0}b\u{7}c\u{1B}d", #"&quot;><b>x</b>"#,
    ]

    /// Tags and attribute names in document order, read the way a browser's tokenizer does for the quoting this
    /// project writes: an unescaped quote in a value ends it and starts new attributes or elements.
    static func structure(_ html: String) -> [String] {
        var out: [String] = []
        let chars = Array(html.unicodeScalars)
        var i = 0
        while i < chars.count {
            guard chars[i] == "<" else {
                i += 1
                continue
            }
            i += 1
            var name = ""
            while i < chars.count, chars[i] != " ", chars[i] != ">", chars[i] != "/" || name.isEmpty {
                name.unicodeScalars.append(chars[i])
                i += 1
            }
            out.append("<" + name.lowercased())
            if name.hasPrefix("!--") {
                while i + 2 < chars.count, !(chars[i] == "-" && chars[i + 1] == "-" && chars[i + 2] == ">") { i += 1 }
                continue
            }
            // attributes
            while i < chars.count, chars[i] != ">" {
                if chars[i] == " " || chars[i] == "/" {
                    i += 1
                    continue
                }
                var attribute = ""
                while i < chars.count, chars[i] != "=", chars[i] != " ", chars[i] != ">", chars[i] != "/" {
                    attribute.unicodeScalars.append(chars[i])
                    i += 1
                }
                out.append("@" + attribute.lowercased())
                if i < chars.count, chars[i] == "=" {
                    i += 1
                    if i < chars.count, chars[i] == "\"" || chars[i] == "'" {
                        let quote = chars[i]
                        i += 1
                        while i < chars.count, chars[i] != quote { i += 1 }
                        i += 1
                    } else {
                        while i < chars.count, chars[i] != " ", chars[i] != ">" { i += 1 }
                    }
                }
            }
            i += 1
            if name.lowercased() == "script" || name.lowercased() == "style" {
                // raw text until the closing tag
                let close = "</" + name.lowercased()
                while i < chars.count {
                    if chars[i] == "<",
                        String(String.UnicodeScalarView(chars[i..<min(chars.count, i + close.count)])).lowercased()
                            == close
                    {
                        break
                    }
                    i += 1
                }
            }
        }
        return out
    }

    /// Renders a page with a benign string and with each hostile one in the same places: the elements and
    /// attributes must be the same.
    func assertSameStructure(
        _ name: String, file: StaticString = #filePath, line: UInt = #line, _ render: (String) -> String
    ) {
        let expected = Self.structure(render("benign text"))
        for payload in Self.hostile {
            let html = render(payload)
            XCTAssertEqual(Self.structure(html), expected, "\(name) with \(payload)", file: file, line: line)
            XCTAssertFalse(
                html.lowercased().contains("<meta/http-equiv"), "\(name): a meta refresh got through", file: file,
                line: line)
            XCTAssertFalse(html.contains("href=\"javascript:"), "\(name): a javascript: link", file: file, line: line)
        }
    }

    func testFollowUpEmailCannotAddMarkupToTheStaffPage() {
        assertSameStructure("check follow-ups") { text in
            CheckFollowUpsPage.render(
                slug: "demo",
                rows: [
                    .init(
                        id: "1", organisation: text, contact: text, email: text, phone: text, sector: text, size: text,
                        area: text, check: text, score: text, completed: text, contacted: nil)
                ], chrome: Chrome(csrfToken: "t"))
        }
    }

    func testImageAltTextCannotAddMarkupToThePublicPage() {
        assertSameStructure("public resource") { text in
            ResourcePages.publicItem(
                slug: "demo",
                item: .init(
                    id: "1", title: text, description: text, kind: "poster", format: "PNG, 12 KB", tags: [text],
                    altText: text, transcript: text, isImage: true, isLink: false, status: "published",
                    statusLabel: "Published", note: text, addedBy: text, added: text, moderated: text, views: 1,
                    downloads: 1))
        }
    }

    func testQRCodeLabelIsEscaped() {
        assertSameStructure("QR code") { text in
            QRCodeView.render(.init(path: "M0 0h6v6h-6z", side: 42, label: text)).render()
        }
    }

    /// Every attribute this module shadows, with a hostile value: one element, the attributes the code wrote.
    /// (The samples are built inside SaferCyberViews: a test importing Plot as well would see both declarations.)
    func testEveryShadowedAttributeEscapes() {
        for payload in Self.hostile {
            let samples = SafeAttributeSamples.rendered(payload)
            XCTAssertEqual(samples.count, 9)
            for (tag, html) in samples {
                let structure = Self.structure(html)
                let tags = structure.filter { $0.hasPrefix("<") && !$0.hasPrefix("</") }
                XCTAssertEqual(tags.first, "<" + tag, html)
                XCTAssertFalse(tags.contains("<meta") || tags.contains("<script") || tags.contains("<b"), html)
                XCTAssertFalse(structure.contains { $0.hasPrefix("@onmouseover") || $0 == "@x" }, html)
                XCTAssertEqual(
                    structure,
                    Self.structure(SafeAttributeSamples.rendered("plain")[samples.firstIndex { $0.tag == tag }!].html),
                    html)
            }
        }
    }

    func testOnlySafeSchemesReachLinks() {
        XCTAssertEqual(HTMLEscape.url("javascript:alert(1)"), "#")
        XCTAssertEqual(HTMLEscape.url(" JaVa\tScRiPt:alert(1)"), "#")
        XCTAssertEqual(HTMLEscape.url("data:text/html,<script>"), "#")
        XCTAssertEqual(HTMLEscape.url("vbscript:x"), "#")
        XCTAssertEqual(HTMLEscape.url("javascript:\u{301}alert(1)"), "#", "a combining mark after the colon")
        XCTAssertEqual(HTMLEscape.url("https://example.org/a?b=c:d"), "https://example.org/a?b=c:d")
        XCTAssertEqual(HTMLEscape.url("mailto:jo@example.org"), "mailto:jo@example.org")
        XCTAssertEqual(HTMLEscape.url("/app/p/demo?from=1&to=2"), "/app/p/demo?from=1&amp;to=2")
        XCTAssertEqual(HTMLEscape.url("?q=a:b"), "?q=a:b")
        XCTAssertEqual(HTMLEscape.url("#top"), "#top")
    }

    func testEscapingLeavesOrdinaryTextAlone() {
        XCTAssertEqual(HTMLEscape.attribute("Fraud and scams – 2026"), "Fraud and scams – 2026")
        XCTAssertEqual(HTMLEscape.attribute(#"O'Brien & "Sons" <x>"#), "O&#39;Brien &amp; &quot;Sons&quot; &lt;x&gt;")
        XCTAssertEqual(HTMLEscape.attribute("a\u{0}b\tc"), "ab\tc")
    }
}
