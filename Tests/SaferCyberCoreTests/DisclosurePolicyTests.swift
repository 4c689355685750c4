import SaferCyberCore
import XCTest

/// The small-number rule has one implementation, here in Core (issue 18, step 2).
final class DisclosurePolicyTests: XCTestCase {
    func testHidesOneToFourByDefaultAndNothingForExactRoles() {
        let published = DisclosurePolicy.published
        XCTAssertEqual((0...6).filter(published.hides), [1, 2, 3, 4])
        XCTAssertEqual((0...6).map(published.text), ["0", "<5", "<5", "<5", "<5", "5", "6"])
        XCTAssertEqual(published.text(12345), "12,345")
        XCTAssertEqual((0...6).filter(DisclosurePolicy.exact.hides), [])
        XCTAssertEqual(DisclosurePolicy.exact.text(3), "3")
    }

    func testThresholdIsConfigurable() {
        let ten = DisclosurePolicy(threshold: 10, applies: true)
        XCTAssertTrue(ten.hides(9))
        XCTAssertFalse(ten.hides(10))
        XCTAssertEqual(ten.text(7), "<10")
        XCTAssertTrue(ten.explanation.contains("1 to 9"))
    }

    /// A share or rate worked out from a hidden count would give it back.
    func testFiguresFromHiddenCountsAreNotShown() {
        let policy = DisclosurePolicy.published
        XCTAssertFalse(policy.allowsFigure(from: 3, 20), "15% of 20 gives 3")
        XCTAssertFalse(policy.allowsFigure(from: 20, 4))
        XCTAssertTrue(policy.allowsFigure(from: 0, 20), "0% gives nothing away")
        XCTAssertTrue(policy.allowsFigure(from: 5, 20))
        XCTAssertTrue(DisclosurePolicy.exact.allowsFigure(from: 3, 20))
    }
}
