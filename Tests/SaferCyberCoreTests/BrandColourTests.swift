import Foundation
import TestSupport
import XCTest

@testable import SaferCyberCore

final class BrandColourTests: XCTestCase {
    /// Contrast with white, against values computed independently in Python with WCAG 2.x's formula
    /// (relative luminance with the 0.03928 threshold; (L1 + 0.05) / (L2 + 0.05)).
    func testContrastMatchesReferenceValues() {
        let reference: [(String, Double)] = [
            ("#1d70b8", 5.1698), ("#ffdd00", 1.3466), ("#00703c", 6.2077), ("#d4351c", 4.8550),
            ("#767676", 4.5422), ("#777777", 4.4781), ("#0b0c0c", 19.5872),
        ]
        for (hex, ratio) in reference {
            XCTAssertEqual(BrandColour(hex)!.contrast(with: .white), ratio, accuracy: 0.0001, hex)
        }
        XCTAssertEqual(BrandColour("17B")?.hex, "#1177bb")
        XCTAssertNil(BrandColour("blue"))
        XCTAssertNil(BrandColour("#12345g"))
        XCTAssertNil(BrandColour("#1d70b8;}body{display:none"))
    }

    func testOnlyReadableColoursAreSaved() async throws {
        try await withTestDatabase { db, hasher in
            try await Fixture.demo(on: db, hasher: hasher)
            let partnership = try await Partnerships.find(on: db, slug: DemoPartnership.slug)!
            let id = try partnership.requireID()
            do {
                try await BrandColour.set("#777777", partnershipID: id, by: .system("test"), on: db)
                XCTFail("accepted a colour just under 4.5:1")
            } catch let errors as FieldErrors {
                XCTAssertTrue(errors.message(for: "brandColour")?.contains("4.5:1") ?? false)
            }
            try await BrandColour.set("#767676", partnershipID: id, by: .system("test"), on: db)
            let stored = try await Partnerships.find(on: db, slug: DemoPartnership.slug)?.brandColour
            XCTAssertEqual(stored, "#767676", "exactly the boundary's side that passes")
            try await BrandColour.set("", partnershipID: id, by: .system("test"), on: db)
            let reset = try await Partnerships.find(on: db, slug: DemoPartnership.slug)?.brandColour
            XCTAssertNil(reset)
        }
    }
}
