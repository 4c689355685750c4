import FluentKit
import Foundation
import SQLKit
import TestSupport
import XCTest

@testable import SaferCyberCore

/// The audit log as hash chains (issue 21): whoever gets round the append-only triggers (on SQLite anyone holding the
/// file can drop them; on PostgreSQL the table's owner can disable them) and edits, removes or reorders an entry is
/// found by `AuditChain.verify`, which names the entry. On PostgreSQL with two roles, the server's own role cannot
/// even try.
final class AuditChainTests: XCTestCase {
    /// The hash is SHA-256 over a documented text; the value here was computed independently with Python's hashlib
    /// (the script is in the comment), so a change to the format or the digest fails this test.
    func testHashMatchesAnIndependentComputation() {
        // python3: t = "safercyber-audit-v1\n" + "0"*64 + "\n"; for each field: f"{len(f.encode())}:{f}\n" or "-\n";
        // hashlib.sha256(t.encode()).hexdigest()
        let content = AuditChain.Content(
            id: UUID(uuidString: "00000000-0000-0000-0000-000000000001")!, chain: "deployment", position: 1,
            at: Date(timeIntervalSince1970: 1_700_000_000.123), partnershipID: nil, actorID: nil,
            actorEmail: "a@x.test", action: "create", entity: "user", entityID: "u1", summary: "Added “Zoë”",
            beforeJSON: nil, afterJSON: #"{"name":"Z"}"#, requestID: nil)
        XCTAssertEqual(
            AuditChain.hash(content, previous: AuditChain.genesis),
            "8eeda2809ee45f27cc4ac252955e7aa9388b104daf0971ddc922eed625a3069a")
    }

    func testEveryPartnershipHasItsOwnUnbrokenChain() async throws {
        try await withTestDatabases { db, _, hasher in
            let alpha = try await Fixture.partnership("alpha", on: db, hasher: hasher)
            let beta = try await Fixture.partnership("beta", on: db, hasher: hasher)
            for partnership in [alpha, beta] {
                try await Self.record(5, in: partnership.id, on: db)
            }
            let sql = try XCTUnwrap(db as? any SQLDatabase)
            let report = try await AuditChain.verify(sql)
            XCTAssertTrue(report.isIntact, "\(report.problems)")
            // One chain per partnership and one for the deployment; positions run 1…n without gaps in each.
            let total = try await AuditEntry.query(on: db).count()
            XCTAssertEqual(report.entries, total)
            XCTAssertEqual(
                Set(report.chains.keys),
                [AuditChain.name(alpha.id), AuditChain.name(beta.id), AuditChain.deployment])
            for (chain, count) in report.chains {
                let positions = try await AuditEntry.query(on: db).filter(\.$chain == chain).all()
                    .compactMap(\.position).sorted()
                XCTAssertEqual(positions, Array(1...count), chain)
            }
            let heads = try await AuditChain.heads(on: db)
            XCTAssertEqual(heads.count, 3)
            XCTAssertEqual(
                heads.first { $0.chain == AuditChain.name(alpha.id) }?.position,
                report.chains[AuditChain.name(alpha.id)])
        }
    }

    /// Many writers at once (on PostgreSQL each in its own transaction and connection) never fork a chain.
    func testParallelWritersKeepOneChain() async throws {
        try await withTestDatabases { db, _, hasher in
            let alpha = try await Fixture.partnership("alpha", on: db, hasher: hasher)
            let before = try await AuditEntry.query(on: db).filter(\.$partnershipID == alpha.id).count()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<40 {
                    group.addTask {
                        try await db.write { tx in
                            try await Audit.record(
                                on: tx, partnershipID: alpha.id, by: .system("test"), action: .update,
                                entity: "theme", entityID: "t\(i)", summary: "Edit \(i)")
                        }
                    }
                }
                try await group.waitForAll()
            }
            let report = try await AuditChain.verify(try XCTUnwrap(db as? any SQLDatabase))
            XCTAssertTrue(report.isIntact, "\(report.problems)")
            XCTAssertEqual(report.chains[AuditChain.name(alpha.id)], before + 40)
        }
    }

    func testAnEditedEntryIsNamed() async throws {
        try await tampered { db, owner, chain in
            let target = try await Self.entry(at: 3, of: chain, on: db)
            try await owner.sql.raw(
                "UPDATE audit_entries SET summary = 'Nothing happened' WHERE id = \(bind: target.requireID())"
            ).run()
            let problem = try await Self.onlyProblem(db)
            XCTAssertEqual(problem.kind, .changed)
            XCTAssertEqual(problem.entryID, target.id)
            XCTAssertEqual(problem.position, 3)
        }
    }

    func testAnEditedTimeIsNamed() async throws {
        try await tampered { db, owner, chain in
            let target = try await Self.entry(at: 2, of: chain, on: db)
            try await owner.sql.raw(
                "UPDATE audit_entries SET at = \(bind: target.at.addingTimeInterval(-86_400)) WHERE id = \(bind: target.requireID())"
            ).run()
            let problem = try await Self.onlyProblem(db)
            XCTAssertEqual(problem.kind, .changed)
            XCTAssertEqual(problem.entryID, target.id)
        }
    }

    func testARemovedEntryIsFoundAtTheNextOne() async throws {
        try await tampered { db, owner, chain in
            let removed = try await Self.entry(at: 3, of: chain, on: db)
            let next = try await Self.entry(at: 4, of: chain, on: db)
            try await owner.sql.raw(
                "DELETE FROM audit_entries WHERE id = \(bind: removed.requireID())"
            ).run()
            let problem = try await Self.onlyProblem(db)
            XCTAssertEqual(problem.kind, .removed)
            XCTAssertEqual(problem.entryID, next.id)
            XCTAssertTrue(problem.detail.contains("position 3 is missing"), problem.detail)
        }
    }

    /// Removing an entry and renumbering the rest to hide the gap breaks the link instead.
    func testARemovedAndRenumberedEntryIsFound() async throws {
        try await tampered { db, owner, chain in
            let removed = try await Self.entry(at: 2, of: chain, on: db)
            let sql = owner.sql
            try await sql.raw("DELETE FROM audit_entries WHERE id = \(bind: removed.requireID())").run()
            let later = try await AuditEntry.query(on: db).filter(\.$chain == chain).filter(\.$position > 2)
                .sort(\.$position).all()
            for entry in later {
                try await sql.raw(
                    "UPDATE audit_entries SET chain_position = \(bind: entry.position! - 1) WHERE id = \(bind: entry.requireID())"
                ).run()
            }
            let problem = try await Self.onlyProblem(db)
            XCTAssertEqual(problem.entryID, later.first?.id)
            XCTAssertEqual(problem.position, 2)
        }
    }

    func testSwappedEntriesAreNamed() async throws {
        try await tampered { db, owner, chain in
            let second = try await Self.entry(at: 2, of: chain, on: db)
            let third = try await Self.entry(at: 3, of: chain, on: db)
            let sql = owner.sql
            try await sql.raw("UPDATE audit_entries SET chain_position = -1 WHERE id = \(bind: second.requireID())")
                .run()
            try await sql.raw("UPDATE audit_entries SET chain_position = 2 WHERE id = \(bind: third.requireID())").run()
            try await sql.raw("UPDATE audit_entries SET chain_position = 3 WHERE id = \(bind: second.requireID())")
                .run()
            let problem = try await Self.onlyProblem(db)
            XCTAssertEqual(problem.entryID, third.id, "the first entry out of place is named")
            XCTAssertEqual(problem.position, 2)
        }
    }

    /// A chain recomputed from the edited entry onwards is consistent in itself: only an exported head finds it, and
    /// a chain cut short at its end likewise.
    func testARewrittenOrShortenedChainIsFoundAgainstAnExportedHead() async throws {
        try await tampered { db, owner, chain in
            let sql = owner.sql
            let exported = try await AuditChain.heads(on: db)
            let line = AuditChain.Export(exportedAt: Date(), heads: exported).jsonLine()
            let heads = try AuditChain.Export.read(line + "\n\n").flatMap(\.heads)
            XCTAssertEqual(
                heads.map { "\($0.chain) \($0.position) \($0.hash)" },
                exported.map { "\($0.chain) \($0.position) \($0.hash)" })
            let intact = try await AuditChain.verify(db.sql, heads: heads)
            XCTAssertEqual(intact.problems.map(\.kind), [.unguarded], "only the lifted triggers: \(intact.problems)")
            XCTAssertEqual(intact.headsChecked, heads.count)

            // Rewrite: edit entry 2, then recompute every hash from there on, as someone who knows the format could.
            let entries = try await AuditEntry.query(on: db).filter(\.$chain == chain).sort(\.$position).all()
            var previous = entries[0].entryHash!
            for entry in entries.dropFirst() {
                if entry.position == 2 { entry.summary = "Rewritten" }
                let digest = AuditChain.hash(try AuditChain.Content(entry), previous: previous)
                try await sql.raw(
                    """
                    UPDATE audit_entries SET summary = \(bind: entry.summary), previous_hash = \(bind: previous),
                    entry_hash = \(bind: digest) WHERE id = \(bind: entry.requireID())
                    """
                ).run()
                previous = digest
            }
            let alone = try await AuditChain.verify(db.sql)
            XCTAssertEqual(
                alone.problems.map(\.kind), [.unguarded],
                "a consistent rewrite passes without a head to check against (only the lifted triggers show)")
            let againstHead = try await AuditChain.verify(db.sql, heads: heads)
            XCTAssertEqual(againstHead.problems.map(\.kind).filter { $0 != .unguarded }, [.rewritten])
            XCTAssertEqual(againstHead.problems.first { $0.kind == .rewritten }?.entryID, entries.last?.id)

            // Shorten: remove the last entry.
            try await sql.raw("DELETE FROM audit_entries WHERE id = \(bind: entries.last!.requireID())").run()
            let shortened = try await AuditChain.verify(db.sql, heads: heads)
            XCTAssertEqual(shortened.problems.map(\.kind).filter { $0 != .unguarded }, [.shortened])
            XCTAssertEqual(shortened.problems.first { $0.kind == .shortened }?.position, entries.count)
        }
    }

    func testAnEntryWrittenByHandIsFound() async throws {
        try await tampered { db, owner, _ in
            let id = UUID()
            try await owner.sql.raw(
                """
                INSERT INTO audit_entries (id, at, actor_email, action, entity, summary)
                VALUES (\(bind: id), \(bind: Date()), 'x@x.test', 'view', 'referral', 'Looked at nothing')
                """
            ).run()
            let problem = try await Self.onlyProblem(db)
            XCTAssertEqual(problem.kind, .unchained)
            XCTAssertEqual(problem.entryID, id)
        }
    }

    /// Forged entries with a correct hash (anyone who knows the format can compute one) in a chain that is not their
    /// partnership's, in a made-up chain, or dated before the entry ahead of them (outside review findings).
    func testForgedEntriesWithCorrectHashesAreFound() async throws {
        try await tampered { db, owner, chain in
            let partnershipID = try XCTUnwrap(UUID(uuidString: chain))
            let head = try await Self.entry(at: 6, of: chain, on: db)
            // A chain of its own: the partnership's name plus a space.
            try await Self.forge(
                chain: chain + " ", position: 1, previous: AuditChain.genesis, partnershipID: partnershipID,
                at: Date(), on: owner)
            var report = try await AuditChain.verify(db.sql)
            XCTAssertEqual(report.problems.map(\.kind).filter { $0 != .unguarded }, [.misplaced], "\(report.problems)")
            try await owner.sql.raw(
                "DELETE FROM audit_entries WHERE chain <> \(bind: chain) AND partnership_id = \(bind: partnershipID)"
            ).run()

            // Appended to the deployment's chain while naming the partnership.
            let deploymentHead = try await AuditEntry.query(on: db).filter(\.$chain == AuditChain.deployment)
                .sort(\.$position, .descending).first()
            let forgedID = try await Self.forge(
                chain: AuditChain.deployment, position: (deploymentHead?.position ?? 0) + 1,
                previous: deploymentHead?.entryHash ?? AuditChain.genesis, partnershipID: partnershipID, at: Date(),
                on: owner)
            report = try await AuditChain.verify(db.sql)
            XCTAssertEqual(report.problems.map(\.kind).filter { $0 != .unguarded }, [.misplaced], "\(report.problems)")
            XCTAssertEqual(report.problems.first { $0.kind == .misplaced }?.entryID, forgedID)
            try await owner.sql.raw("DELETE FROM audit_entries WHERE id = \(bind: forgedID)").run()

            // Appended to the right chain but dated a month back.
            let backdatedID = try await Self.forge(
                chain: chain, position: 7, previous: head.entryHash!, partnershipID: partnershipID,
                at: head.at.addingTimeInterval(-30 * 86_400), on: owner)
            report = try await AuditChain.verify(db.sql)
            XCTAssertEqual(report.problems.map(\.kind).filter { $0 != .unguarded }, [.backdated], "\(report.problems)")
            XCTAssertEqual(report.problems.first { $0.kind == .backdated }?.entryID, backdatedID)
            try await owner.sql.raw("DELETE FROM audit_entries WHERE id = \(bind: backdatedID)").run()

            // …or dated in the future, or placed before the chain's start.
            let futureID = try await Self.forge(
                chain: chain, position: 7, previous: head.entryHash!, partnershipID: partnershipID,
                at: Date().addingTimeInterval(5 * 365 * 86_400), on: owner)
            report = try await AuditChain.verify(db.sql)
            XCTAssertEqual(report.problems.first { $0.kind == .backdated }?.entryID, futureID, "\(report.problems)")
            try await owner.sql.raw("DELETE FROM audit_entries WHERE id = \(bind: futureID)").run()
            let zeroID = try await Self.forge(
                chain: chain, position: 0, previous: "x", partnershipID: partnershipID, at: Date(), on: owner)
            report = try await AuditChain.verify(db.sql)
            XCTAssertEqual(report.problems.map(\.kind).filter { $0 != .unguarded }, [.reordered], "\(report.problems)")
            XCTAssertEqual(report.problems.first { $0.kind == .reordered }?.entryID, zeroID)
        }
    }

    /// Two entries at one position (the unique index dropped): found wherever they are, not only inside a page.
    func testARepeatedPositionIsFound() async throws {
        try await tampered { db, owner, chain in
            let sql = owner.sql
            try await sql.drop(index: "audit_entries_chain_position").run()
            let second = try await Self.entry(at: 2, of: chain, on: db)
            let intruder = try await Self.forge(
                chain: chain, position: 3, previous: second.entryHash!, partnershipID: UUID(uuidString: chain),
                at: second.at, on: owner, id: UUID(uuidString: "00000000-0000-0000-0000-000000000001")!)
            let report = try await AuditChain.verify(db.sql)
            let problems = report.problems.filter { $0.kind != .unguarded }
            XCTAssertEqual(problems.count, 1, "\(report.problems)")
            XCTAssertEqual(problems.first?.position, 3)
            XCTAssertEqual(problems.first?.entryID, intruder)
        }
    }

    /// On SQLite ids are text: one rewritten in lower case would hide the entry from the audit page while its hash
    /// (over the id's value) still matched.
    func testAnIdRewrittenInAnotherFormIsFound() async throws {
        try await tampered { db, owner, chain in
            guard owner.isSQLite else { return }
            let target = try await Self.entry(at: 4, of: chain, on: db)
            try await owner.sql.raw(
                "UPDATE audit_entries SET partnership_id = lower(partnership_id) WHERE id = \(bind: target.requireID())"
            ).run()
            let problem = try await Self.onlyProblem(db)
            XCTAssertEqual(problem.kind, .changed)
            XCTAssertEqual(problem.entryID, target.id)
        }
    }

    /// The database's own guards are part of what is checked: triggers removed, disabled or added (one that drops
    /// entries silently), or the unique index dropped (outside review findings).
    func testMissingOrExtraTriggersAreFound() async throws {
        try await withTestDatabases { db, owner, hasher in
            let alpha = try await Fixture.partnership("alpha", on: db, hasher: hasher)
            try await Self.record(2, in: alpha.id, on: db)
            let sql = try XCTUnwrap(owner as? any SQLDatabase)
            var report = try await AuditChain.verify(sql)
            XCTAssertTrue(report.isIntact, "\(report.problems)")
            if owner.isSQLite {
                try await sql.raw(
                    """
                    CREATE TRIGGER audit_entries_hint BEFORE INSERT ON audit_entries
                    WHEN NEW.entity = 'event-register' BEGIN SELECT RAISE(IGNORE); END
                    """
                ).run()
            } else {
                try await sql.raw("ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_change").run()
            }
            report = try await AuditChain.verify(sql)
            XCTAssertEqual(report.problems.map(\.kind), [.unguarded], "\(report.problems)")
        }
    }

    /// Entries written before the chains existed are linked, oldest first, by the migration that adds them.
    func testEntriesFromBeforeTheChainsAreLinked() async throws {
        try await tampered { db, owner, chain in
            let sql = owner.sql
            try await sql.raw(
                "UPDATE audit_entries SET chain = NULL, chain_position = NULL, previous_hash = NULL, entry_hash = NULL"
            ).run()
            let unlinked = try await AuditChain.verify(db.sql)
            XCTAssertEqual(unlinked.problems.map(\.kind).filter { $0 != .unguarded }, [.unchained])
            try await AuditChain.chainExisting(on: owner)
            let linked = try await AuditChain.verify(db.sql)
            XCTAssertEqual(linked.problems.map(\.kind), [.unguarded], "\(linked.problems)")
            XCTAssertEqual(linked.chains[chain], 6)
        }
    }

    /// With two roles (PostgreSQL under scripts/test), the server's role is refused by the database itself: it may
    /// add to and read the log, and nothing else.
    func testTheServersRoleCannotTamperWithTheLog() async throws {
        guard TestDatabase.runtimeURL != nil else {
            throw XCTSkip("Needs PostgreSQL with two roles (TEST_DATABASE_APP_URL), as scripts/test runs it.")
        }
        try await withTestDatabases { db, owner, hasher in
            let alpha = try await Fixture.partnership("alpha", on: db, hasher: hasher)
            try await Self.record(2, in: alpha.id, on: db)
            let sql = try XCTUnwrap(db as? any SQLDatabase)
            let attempts = [
                "UPDATE audit_entries SET summary = 'rewritten'",
                "DELETE FROM audit_entries",
                "TRUNCATE audit_entries",
                "ALTER TABLE audit_entries DISABLE TRIGGER USER",
                "ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_change",
                "DROP TRIGGER audit_entries_no_change ON audit_entries",
                "ALTER TABLE audit_entries ADD COLUMN note text",
                "DROP TABLE audit_entries",
                "CREATE TABLE scratch (id int)",
                "CREATE TRIGGER t BEFORE INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()",
            ]
            for attempt in attempts {
                do {
                    try await sql.raw(SQLQueryString(attempt)).run()
                    XCTFail("The server's role could run: \(attempt)")
                } catch {
                    let text = String(reflecting: error)
                    XCTAssertTrue(
                        text.contains("42501") || text.contains("permission denied") || text.contains("must be owner"),
                        "\(attempt): \(text)")
                }
            }
            // It can still add and read, and the log is whole.
            try await Self.record(1, in: alpha.id, on: db)
            let report = try await AuditChain.verify(try XCTUnwrap(owner as? any SQLDatabase))
            XCTAssertTrue(report.isIntact, "\(report.problems)")
        }
    }

    // MARK: helpers

    /// A partnership with six entries in its chain and the triggers lifted as an attacker would (drop them from the
    /// SQLite file; disable them as the table's owner on PostgreSQL). The body tampers and checks.
    private func tampered(
        _ body: (_ db: any Database, _ owner: any Database, _ chain: String) async throws -> Void
    ) async throws {
        try await withTestDatabases { db, owner, hasher in
            let partnership = try await Fixture.partnership("alpha", on: db, hasher: hasher)
            let chain = AuditChain.name(partnership.id)
            let already = try await AuditEntry.query(on: db).filter(\.$chain == chain).count()
            try await Self.record(6 - already, in: partnership.id, on: db)
            let report = try await AuditChain.verify(try XCTUnwrap(db as? any SQLDatabase))
            XCTAssertTrue(report.isIntact, "\(report.problems)")
            let sql = try XCTUnwrap(owner as? any SQLDatabase)
            if owner.isSQLite {
                try await sql.raw("DROP TRIGGER audit_entries_no_update").run()
                try await sql.raw("DROP TRIGGER audit_entries_no_delete").run()
            } else {
                try await sql.raw("ALTER TABLE audit_entries DISABLE TRIGGER USER").run()
            }
            try await body(db, owner, chain)
        }
    }

    private static func record(_ count: Int, in partnershipID: UUID?, on db: any Database) async throws {
        for i in 0..<max(0, count) {
            try await db.write { tx in
                try await Audit.record(
                    on: tx, partnershipID: partnershipID, by: ActingUser(id: UUID(), email: "c@x.test"),
                    action: .update, entity: "action", entityID: "a\(i)", summary: "Changed action \(i)",
                    before: ["status": "planned"], after: ["status": "done"])
            }
        }
    }

    /// Inserts an entry with a correct hash for what it says, as someone who knows the format could.
    @discardableResult
    private static func forge(
        chain: String, position: Int, previous: String, partnershipID: UUID?, at: Date, on owner: any Database,
        id: UUID = UUID()
    ) async throws -> UUID {
        let at = Date(timeIntervalSince1970: Double(AuditChain.milliseconds(at)) / 1000)
        let content = AuditChain.Content(
            id: id, chain: chain, position: position, at: at, partnershipID: partnershipID, actorID: nil,
            actorEmail: "officer@alpha.test", action: "export", entity: "referral", entityID: nil,
            summary: "Exported every referral (forged)", beforeJSON: nil, afterJSON: nil, requestID: nil)
        let hash = AuditChain.hash(content, previous: previous)
        try await owner.sql.raw(
            """
            INSERT INTO audit_entries (id, at, partnership_id, actor_email, action, entity, summary, chain,
            chain_position, previous_hash, entry_hash)
            VALUES (\(bind: id), \(bind: at), \(bind: partnershipID), 'officer@alpha.test', 'export', 'referral',
            'Exported every referral (forged)', \(bind: chain), \(bind: position), \(bind: previous), \(bind: hash))
            """
        ).run()
        return id
    }

    private static func entry(at position: Int, of chain: String, on db: any Database) async throws -> AuditEntry {
        let found = try await AuditEntry.query(on: db).filter(\.$chain == chain).filter(\.$position == position).first()
        return try XCTUnwrap(found)
    }

    /// The one problem the tampering caused, besides the lifted triggers (`unguarded`, checked on its own).
    private static func onlyProblem(_ db: any Database) async throws -> AuditChain.Problem {
        let report = try await AuditChain.verify(try XCTUnwrap(db as? any SQLDatabase))
        let problems = report.problems.filter { $0.kind != .unguarded }
        XCTAssertEqual(problems.count, 1, "\(report.problems)")
        return try XCTUnwrap(problems.first)
    }
}
