import FluentKit
import SaferCyberCore
import TestSupport
import XCTest

/// Concurrent read-then-write transactions must all succeed, on SQLite and PostgreSQL alike.
final class ConcurrentWriteTests: XCTestCase {
    func testFiftyConcurrentWritersAllSucceedWithDistinctPositions() async throws {
        try await withTestDatabase { db, _ in
            // setup: a partnership starts with 6 default themes
            let partnership = try await Partnerships.create(on: db, slug: "busy", name: "Busy", by: .system("test"))
            let id = try partnership.requireID()

            // act: 50 writers each read the last position and insert after it
            let failures = await withTaskGroup(of: Bool.self) { group in
                for i in 0..<50 {
                    group.addTask {
                        do {
                            try await PartnershipSettings.add(
                                on: db, list: .themes, partnershipID: id, name: "Theme \(i)",
                                by: .system("test"))
                            return false
                        } catch {
                            return true
                        }
                    }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }

            // check: no "database is locked", every row saved, every position distinct (no lost update)
            XCTAssertEqual(failures, 0)
            let themes = try await Theme.query(on: db).filter(\.$partnership.$id == id).all()
            XCTAssertEqual(themes.count, 56)
            XCTAssertEqual(Set(themes.map(\.position)), Set(1...56))
            let audited = try await AuditEntry.query(on: db).filter(\.$entity == "theme").count()
            XCTAssertEqual(audited, 50)
        }
    }

    func testAFailedWriteLeavesNothingBehind() async throws {
        try await withTestDatabase { db, _ in
            let before = try await Partnership.query(on: db).count()
            struct Boom: Error {}
            do {
                try await db.write { db in
                    try await Partnership(slug: "half", name: "Half").create(on: db)
                    throw Boom()
                }
            } catch is Boom {}
            let value1 = try await Partnership.query(on: db).count()
            XCTAssertEqual(value1, before)
        }
    }
}
