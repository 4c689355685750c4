import FluentKit
import SaferCyberCore
import TestSupport
import XCTest

final class PartnershipTests: XCTestCase {
    func testNewPartnershipGetsTheDefaults() async throws {
        try await withTestDatabase { db, _ in
            let partnership = try await Partnerships.create(
                on: db, slug: "north-county", name: "North County CSP", by: .system("test"))
            let snapshot = try await PartnershipSettings.snapshot(on: db, partnershipID: partnership.requireID())
            XCTAssertEqual(snapshot.themes.map(\.name), PartnershipDefaults.themes)
            XCTAssertEqual(snapshot.objectives.count, 3)
            XCTAssertEqual(
                snapshot.audiences.map(\.name),
                [
                    "Residents", "Older people", "Young people", "Parents", "Students", "Businesses", "Charities",
                    "Schools",
                ])
        }
    }

    func testSlugsAreValidatedAndUnique() async throws {
        try await withTestDatabase { db, _ in
            _ = try await Partnerships.create(on: db, slug: "north", name: "North", by: .system("test"))
            for bad in ["North County", "-x", "a", "north"] {
                do {
                    _ = try await Partnerships.create(on: db, slug: bad, name: "Other", by: .system("test"))
                    XCTFail("slug ‘\(bad)’ should be refused")
                } catch let errors as FieldErrors {
                    XCTAssertNotNil(errors.message(for: "slug"))
                }
            }
            let value1 = try await Partnership.query(on: db).count()
            XCTAssertEqual(value1, 1)
        }
    }

    func testItemsOfOnePartnershipCannotBeChangedThroughAnother() async throws {
        try await withTestDatabase { db, _ in
            let alpha = try await Partnerships.create(on: db, slug: "alpha", name: "Alpha", by: .system("test"))
            let beta = try await Partnerships.create(on: db, slug: "beta", name: "Beta", by: .system("test"))
            let alphaTheme = try await unwrapOrFail(
                try await Theme.query(on: db).filter(\.$partnership.$id == alpha.requireID()).first())
            do {
                try await PartnershipSettings.remove(
                    on: db, list: .themes, partnershipID: beta.requireID(),
                    itemID: alphaTheme.requireID(), by: .system("test"))
                XCTFail("must not reach across partnerships")
            } catch is NotFound {}
            let value2 = try await Theme.find(alphaTheme.requireID(), on: db)
            XCTAssertNotNil(value2)
        }
    }

    func testDemoLoadsOnceAndRefusesRealData() async throws {
        try await withTestDatabase { db, hasher in
            let value3 = try await DemoPartnership.load(on: db, hasher: hasher)
            XCTAssertTrue(value3)
            let users = try await User.query(on: db).count()
            let memberships = try await Membership.query(on: db).count()
            let value4 = try await DemoPartnership.load(on: db, hasher: hasher)
            XCTAssertFalse(value4, "second load adds nothing")
            let value5 = try await User.query(on: db).count()
            XCTAssertEqual(value5, users)
            XCTAssertEqual(users, 6)
            XCTAssertEqual(memberships, 5)
            let value6 = try await Membership.query(on: db).count()
            XCTAssertEqual(value6, memberships)

            _ = try await Partnerships.create(on: db, slug: "real", name: "Real CSP", by: .system("test"))
            do {
                try await DemoPartnership.load(on: db, hasher: hasher)
                XCTFail("demo must refuse a database with real partnerships")
            } catch is DemoPartnership.Refused {}
        }
    }
}
