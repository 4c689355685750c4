import Foundation
import SnapshotTesting
import XCTest

@testable import SaferCyberViews

/// Every page, from its mock model (`PageCatalogue`): safe with hostile text, kept as a snapshot, and none missing.
final class PageCatalogueTests: XCTestCase {
    /// Issue 20: every page's mock model with each hostile string in every text field has the elements and
    /// attributes it has with plain text, and nothing the page did not write (no meta refresh, no script, no
    /// `javascript:` link, no event handler).
    func testNoTextFieldOfAnyPageCanAddMarkup() {
        for entry in PageCatalogue.all {
            let expected = SafeAttributesTests.structure(entry.render("benign text"))
            XCTAssertFalse(expected.isEmpty, entry.name)
            for payload in SafeAttributesTests.hostile {
                let html = entry.render(payload)
                let structure = SafeAttributesTests.structure(html)
                if structure != expected {
                    let added = Set(structure).subtracting(expected).sorted()
                    XCTFail("\(entry.name) with \(payload.debugDescription): markup changed; new: \(added)")
                }
                let lower = html.lowercased()
                XCTAssertFalse(lower.contains("<meta/http-equiv"), "\(entry.name): a meta refresh got through")
                XCTAssertFalse(lower.contains("href=\"javascript:"), "\(entry.name): a javascript: link")
                XCTAssertFalse(lower.contains("<script>alert"), "\(entry.name): a script got through")
                XCTAssertFalse(structure.contains { $0.hasPrefix("@on") }, "\(entry.name): an event handler")
            }
        }
    }

    /// Issue 18: each page's markup is kept under __Snapshots__/PageCatalogueTests/, so a change to a page is seen
    /// in review. A deliberate change: delete the page's file and run the test again to record the new markup.
    func testEveryPageMatchesItsSnapshot() {
        for entry in PageCatalogue.all {
            // One tag a line, so a change reads as a small diff.
            let html = entry.render("Sample text").replacingOccurrences(of: "><", with: ">\n<")
            assertSnapshot(of: html, as: .lines, named: entry.name)
        }
    }

    func testEntryNamesAreUnique() {
        let names = PageCatalogue.all.map(\.name)
        XCTAssertEqual(
            names.count, Set(names).count, "duplicate: \(names.filter { n in names.filter { $0 == n }.count > 1 })")
    }

    /// Every public function of SaferCyberViews that returns a whole page (`-> String`) has a catalogue entry, so a
    /// new page cannot skip the checks above.
    func testEveryPageFunctionHasAnEntry() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/SaferCyberViews")
        let pages = try Self.pageFunctions(in: sources)
        XCTAssertGreaterThan(pages.count, 50, "the source reader found the pages")
        let covered = Set(PageCatalogue.all.map(\.renders))
        XCTAssertEqual(
            pages.subtracting(covered).subtracting(Self.notPages.keys).sorted(), [], "pages without a catalogue entry")
        XCTAssertEqual(covered.subtracting(pages).sorted(), [], "entries naming no page function")
    }

    /// Public functions returning a `String` that are not pages, each with why.
    static let notPages: [String: String] = [
        "BoardReportPage.bodyHTML": "the report's body, inside the board-report entries",
        "HTMLEscape.attribute": "the escaping itself (SafeAttributesTests)",
        "HTMLEscape.url": "the escaping itself (SafeAttributesTests)",
        "Page.render": "the frame every page renders through",
        "PlanCrossoverPage.fieldID": "a field id",
        "SiteURL.param": "a query parameter",
    ]

    /// "Type.function" for each `public static func` returning `String`, read from the source files: the type is the
    /// declaration or extension the function sits in.
    static func pageFunctions(in folder: URL) throws -> Set<String> {
        var found: Set<String> = []
        let files =
            FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        let typeLine = try NSRegularExpression(
            pattern: #"^(?:public |private |fileprivate |internal )?(?:final )?(?:enum|struct|class|extension) (\w+)"#)
        let nestedType = try NSRegularExpression(pattern: #"^    (?:public )?(?:enum|struct) (\w+Page\w*)\b"#)
        let function = try NSRegularExpression(pattern: #"^\s+public static func (\w+)\("#)
        for file in files {
            let lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
            var type = ""
            var outer = ""
            for (index, line) in lines.enumerated() {
                let range = NSRange(line.startIndex..., in: line)
                if let match = typeLine.firstMatch(in: line, range: range) {
                    outer = String(line[Range(match.range(at: 1), in: line)!])
                    type = outer
                    continue
                }
                if let match = nestedType.firstMatch(in: line, range: range) {
                    type = String(line[Range(match.range(at: 1), in: line)!])
                    continue
                }
                if line.hasPrefix("    }") { type = outer }
                guard let match = function.firstMatch(in: line, range: range) else { continue }
                // The signature runs to the line that opens the body.
                var signature = ""
                for next in lines[index...] {
                    signature += next
                    if next.contains("{") { break }
                }
                let head = signature.components(separatedBy: "{")[0]
                guard head.replacingOccurrences(of: " ", with: "").hasSuffix("->String") else { continue }
                found.insert(type + "." + String(line[Range(match.range(at: 1), in: line)!]))
            }
        }
        return found
    }
}
