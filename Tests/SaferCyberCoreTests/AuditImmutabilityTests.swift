import FluentKit
import SQLKit
import SaferCyberCore
import TestSupport
import XCTest

/// The audit log is append-only, enforced by the database itself on SQLite and PostgreSQL.
final class AuditImmutabilityTests: XCTestCase {
    func testDatabaseRefusesUpdateAndDeleteOfAuditEntries() async throws {
        // The triggers refuse even the owner of the table; with two roles (PostgreSQL under scripts/test) the
        // server's own role is refused before the triggers are reached (AuditChainTests covers that role).
        try await withTestDatabases { _, db, hasher in
            // setup
            let partnership = try await Fixture.partnership("alpha", on: db, hasher: hasher)
            try await db.write { db in
                try await Audit.record(
                    on: db, partnershipID: partnership.id, by: .system("test"), action: .view,
                    entity: "referral", entityID: "r1", summary: "Viewed a restricted record")
            }
            let before = try await AuditEntry.query(on: db).count()
            let sql = try XCTUnwrap(db as? any SQLDatabase)

            // act + check: raw SQL, Fluent delete and Fluent update are all refused
            do {
                try await sql.raw("UPDATE audit_entries SET summary = 'rewritten'").run()
                XCTFail("UPDATE on the audit log should be refused")
            } catch {
                XCTAssertTrue(String(reflecting: error).contains("append-only"), "\(error)")
            }
            do {
                try await sql.raw("DELETE FROM audit_entries").run()
                XCTFail("DELETE on the audit log should be refused")
            } catch {
                XCTAssertTrue(String(reflecting: error).contains("append-only"), "\(error)")
            }
            let entry = try await unwrapOrFail(
                try await AuditEntry.query(on: db).filter(\.$entity == "referral").first())
            do {
                try await db.write { db in try await entry.delete(on: db) }
                XCTFail("Deleting an entry through Fluent should be refused")
            } catch {}
            entry.summary = "changed"
            do {
                try await db.write { db in try await entry.save(on: db) }
                XCTFail("Editing an entry through Fluent should be refused")
            } catch {}

            let after = try await AuditEntry.query(on: db).count()
            let unchanged = try await AuditEntry.query(on: db).filter(\.$entity == "referral").first()
            XCTAssertEqual(after, before)
            XCTAssertEqual(unchanged?.summary, "Viewed a restricted record")
        }
    }

    func testEditsRecordBeforeAndAfter() async throws {
        try await withTestDatabase { db, hasher in
            let partnership = try await Fixture.partnership("alpha", on: db, hasher: hasher)
            let id = try partnership.requireID()
            let theme = try await unwrapOrFail(
                try await Theme.query(on: db).filter(\.$partnership.$id == id).sort(\.$position).first())

            try await PartnershipSettings.rename(
                on: db, list: .themes, partnershipID: id, itemID: theme.requireID(),
                name: "Fraud, scams and doorstep crime", by: ActingUser(id: nil, email: "c@x.test"))

            let (entries, _) = try await Audit.entries(
                on: db, partnershipID: id, filter: .init(action: .update), page: 1)
            XCTAssertEqual(entries.count, 1)
            XCTAssertEqual(entries.first?.actorEmail, "c@x.test")
            XCTAssertEqual(entries.first?.beforeJSON, #"{"name":"Fraud and scams"}"#)
            XCTAssertEqual(entries.first?.afterJSON, #"{"name":"Fraud, scams and doorstep crime"}"#)
        }
    }
}

func unwrapOrFail<T>(_ value: T?, file: StaticString = #filePath, line: UInt = #line) throws -> T {
    try XCTUnwrap(value, file: file, line: line)
}
