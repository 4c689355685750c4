import Foundation
import SaferCyberCore
import XCTest

/// The one text cleaner (issue 18): what happens to control characters and spaces in text people type.
final class TypedTextTests: XCTestCase {
    func testControlCharactersBecomeSpacesAndLineBreaksStayOnlyWhenAsked() {
        let typed = " Pat\tExample\r\nSecond line\rthird\u{7}\u{1B}[31m \u{85}end "
        XCTAssertEqual(typed.replacingControlCharacters(), " Pat Example  Second line third  [31m  end ")
        XCTAssertEqual(
            typed.replacingControlCharacters(keepingLineBreaks: true), " Pat Example\nSecond line\nthird  [31m  end ")
        XCTAssertEqual(typed.replacingControlCharacters().trimmingSpaces(), "Pat Example  Second line third  [31m  end")
        XCTAssertEqual("\n\t \u{00A0}".trimmingSpaces(), "")
    }
}
