import Crypto
import FluentKit
import Foundation
import TestSupport
import XCTest

@testable import SaferCyberCore

/// Encryption at rest, key rotation, retention, the subject-access export and the anonymous figures.
final class SafeguardingTests: XCTestCase {
    static func draft(
        _ person: String, received: CalendarDay = CalendarDay.today().adding(days: -30),
        concerns: [String] = ["booters"]
    ) -> Referrals.Draft {
        var d = Referrals.Draft()
        d.receivedOn = received.iso
        d.person = person
        d.ageBand = "14 to 15"
        d.school = "Quarry Bank School"
        d.area = "Northtown"
        d.referrer = "PC Dixon"
        d.concerns = concerns
        d.consentYoungPerson = "given"
        d.consentParent = "given"
        d.risk = "medium"
        d.riskReason = "Paid for a booter"
        return d
    }

    /// Issue 20, case 8: a ciphertext copied to another child's record, or to another field, does not open; values
    /// sealed before binding ("v1", no associated data) still open and are re-sealed bound by `rotate`.
    func testSealedValuesAreBoundToTheirRecordAndField() throws {
        let key = FieldCipher.newKey(id: "k")
        let cipher = try FieldCipher(keys: key)
        let ann = UUID()
        let bob = UUID()
        let annName = try cipher.seal("Ann Example", for: .init("referrals", ann, "person"))
        XCTAssertThrowsError(try cipher.open(annName, for: .init("referrals", bob, "person"))) {
            XCTAssertTrue("\($0)".contains("does not belong to it"), "\($0)")
        }
        XCTAssertThrowsError(try cipher.open(annName, for: .init("referrals", ann, "school")))
        XCTAssertThrowsError(try cipher.open(annName, for: .init("referral_pathways", ann, "person")))
        XCTAssertEqual(try cipher.open(annName, for: .init("referrals", ann, "person")), "Ann Example")

        // A value written by the version before binding: AES-256-GCM with no associated data.
        let raw = Data(base64Encoded: String(key.split(separator: ":")[1]))!
        let box = try AES.GCM.seal(Data("Old Note".utf8), using: SymmetricKey(data: raw))
        let legacy = "v1:k:" + box.combined!.base64EncodedString()
        XCTAssertEqual(try cipher.open(legacy, for: .init("referrals", bob, "person")), "Old Note")
        XCTAssertFalse(cipher.isCurrent(legacy), "rotate re-seals it bound")
        XCTAssertTrue(cipher.isCurrent(annName))
        // Once rotation has left no unbound value (the server checks at start-up), an unbound one is refused: it can
        // only have been moved there by someone with the database.
        var strict = cipher
        strict.acceptsUnbound = false
        XCTAssertThrowsError(try strict.open(legacy, for: .init("referrals", bob, "person"))) {
            XCTAssertTrue("\($0)".contains("old unbound form"), "\($0)")
        }
        XCTAssertEqual(try strict.open(annName, for: .init("referrals", ann, "person")), "Ann Example")
    }

    /// Review of case 8: an intervention row moved to another child's referral showed its note there.
    func testANoteMovedToAnotherReferralDoesNotOpen() throws {
        let cipher = try FieldCipher(keys: FieldCipher.newKey(id: "k"))
        let item = ReferralIntervention()
        item.id = UUID()
        item.$referral.id = UUID()
        let sealed = try cipher.seal("Cyber Choices session", for: item.noteBinding)
        XCTAssertEqual(try cipher.open(sealed, for: item.noteBinding), "Cyber Choices session")
        item.$referral.id = UUID()
        XCTAssertThrowsError(try cipher.open(sealed, for: item.noteBinding))
    }

    func testTheCipherSealsOpensAndExplainsMissingKeys() throws {
        let a = FieldCipher.newKey(id: "a")
        let b = FieldCipher.newKey(id: "b")
        let cipher = try FieldCipher(keys: a)
        let child = FieldCipher.Binding("referrals", UUID(), "person")
        let sealed = try cipher.seal("Zebedee Quartermaine", for: child)
        XCTAssertTrue(sealed.hasPrefix("v2:a:"))
        XCTAssertFalse(sealed.contains("Zebedee"))
        XCTAssertNotEqual(sealed, try cipher.seal("Zebedee Quartermaine", for: child), "a fresh nonce each time")
        XCTAssertEqual(try cipher.open(sealed, for: child), "Zebedee Quartermaine")
        let onlyB = try FieldCipher(keys: b)
        XCTAssertThrowsError(try onlyB.open(sealed, for: child)) {
            XCTAssertTrue("\($0)".contains("key “a”, which is not in SAFEGUARDING_KEYS"), "\($0)")
        }
        var tampered = Array(sealed)
        tampered[tampered.count - 3] = tampered[tampered.count - 3] == "A" ? "B" : "A"
        XCTAssertThrowsError(try cipher.open(String(tampered), for: child), "AES-GCM refuses altered text")
        XCTAssertThrowsError(try FieldCipher(keys: "a:c2hvcnQ=")) {
            XCTAssertTrue("\($0)".contains("32 random bytes"), "\($0)")
        }
        XCTAssertThrowsError(try FieldCipher(keys: ""))
        XCTAssertThrowsError(try FieldCipher(keys: "\(a),\(a)")) { XCTAssertTrue("\($0)".contains("used twice")) }
    }

    func testPersonalFieldsAreNotReadableInTheDatabaseFile() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sc-sealed-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await withFileDatabase(folder: folder) { db, hasher in
            let alpha = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            let cipher = try FieldCipher(keys: FieldCipher.newKey(id: "k1"))
            let referral = try await Referrals.create(
                Self.draft("Zebedee Quartermaine"), partnershipID: alpha, cipher: cipher, by: .system("test"), on: db)
            try await Referrals.addIntervention(
                referral, kind: "mentoring", plannedOn: "", deliveredOn: CalendarDay.today().iso,
                note: "Met at Quarry Bank library",
                cipher: cipher, by: .system("test"), on: db)
        }
        var bytes = Data()
        for file in try FileManager.default.contentsOfDirectory(atPath: folder) {
            bytes.append(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + file)))
        }
        let text = String(decoding: bytes, as: UTF8.self)
        XCTAssertTrue(text.contains("v2:k1:"), "the sealed fields are in the file")
        for secret in ["Zebedee", "Quartermaine", "Quarry Bank", "Northtown", "PC Dixon", "Paid for a booter"] {
            XCTAssertFalse(text.contains(secret), "“\(secret)” is readable in the database file")
        }
        XCTAssertTrue(text.contains("14 to 15"), "the categories for the counts are plain")
    }

    func testRotationReEncryptsEverythingWithoutLoss() async throws {
        try await withTestDatabase { db, hasher in
            let alpha = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            let oldKey = FieldCipher.newKey(id: "old")
            let newKey = FieldCipher.newKey(id: "new")
            let old = try FieldCipher(keys: oldKey)
            let r = try await Referrals.create(
                Self.draft("Zebedee Quartermaine"), partnershipID: alpha, cipher: old, by: .system("test"), on: db)
            try await Referrals.addPathway(
                r, kind: "ctf-club", offeredOn: CalendarDay.today().iso, takenUp: "yes", note: "Loves puzzles",
                cipher: old,
                by: .system("test"), on: db)
            let before = try Referrals.draft(of: r, cipher: old)

            // Without the old key the rotation stops before writing anything.
            let onlyNew = try FieldCipher(keys: newKey)
            do {
                try await ReferralRecords.rotate(cipher: onlyNew, on: db)
                XCTFail("the old key is needed to read the fields")
            } catch {}
            let untouched = try await Referral.find(r.id, on: db)!
            XCTAssertEqual(FieldCipher.keyID(of: untouched.personSealed!), "old")

            let both = try FieldCipher(keys: "\(newKey),\(oldKey)")
            let changed = try await ReferralRecords.rotate(cipher: both, on: db)
            XCTAssertEqual(changed, 6, "person, referrer, school, area, risk reason and the pathway note")
            let again = try await ReferralRecords.rotate(cipher: both, on: db)
            XCTAssertEqual(again, 0, "nothing left under the old key")
            let rotated = try await Referral.find(r.id, on: db)!
            XCTAssertEqual(
                try Referrals.draft(of: rotated, cipher: onlyNew), before,
                "every field reads the same with only the new key")
            let note = try await ReferralPathway.query(on: db).first()!
            XCTAssertEqual(try onlyNew.open(note.noteSealed!, for: note.noteBinding), "Loves puzzles")
        }
    }

    func testRetentionRemovesPersonalDetailsButKeepsTheCounts() async throws {
        try await withTestDatabase { db, hasher in
            let alpha = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            let cipher = try FieldCipher(keys: FieldCipher.newKey(id: "k"))
            let today = CalendarDay.today()
            let long = try await Referrals.create(
                Self.draft("Old Case", received: today.adding(days: -1500)), partnershipID: alpha, cipher: cipher,
                by: .system("t"), on: db)
            try await Referrals.addIntervention(
                long, kind: "workshop", plannedOn: "", deliveredOn: today.adding(days: -1490).iso, note: "Secret note",
                cipher: cipher,
                by: .system("t"), on: db)
            try await Referrals.close(
                long, outcome: "diverted", on: today.adding(days: -1400).iso, by: .system("t"), on: db)
            let recent = try await Referrals.create(
                Self.draft("Recent Case", received: today.adding(days: -400)), partnershipID: alpha, cipher: cipher,
                by: .system("t"), on: db)
            try await Referrals.close(
                recent, outcome: "escalated", on: today.adding(days: -300).iso, by: .system("t"), on: db)
            let open = try await Referrals.create(
                Self.draft("Open Case", received: today.adding(days: -2000)), partnershipID: alpha, cipher: cipher,
                by: .system("t"), on: db)
            let from = Quarter.adding(-30, to: today.quarter)
            let to = today.quarter
            let countsBefore = try await ReferralFigures.build(
                partnershipID: alpha, fromQuarter: from, toQuarter: to, on: db)

            let removed = try await ReferralRecords.applyRetention(months: 36, on: db)
            XCTAssertEqual(removed, 1, "only the referral closed more than 36 months ago")
            let gone = try await Referral.find(long.id, on: db)!
            XCTAssertNil(gone.personSealed)
            XCTAssertNil(gone.schoolSealed)
            XCTAssertNil(gone.areaSealed)
            XCTAssertNil(gone.referrerSealed)
            XCTAssertNil(gone.riskReasonSealed)
            XCTAssertNotNil(gone.anonymisedAt)
            let note = try await ReferralIntervention.query(on: db).first()!
            XCTAssertNil(note.noteSealed)
            XCTAssertEqual(
                note.deliveredOn, today.adding(days: -1490).iso, "dates stay for the time-to-intervention figure")
            let kept = try await Referral.find(recent.id, on: db)!
            let stillOpen = try await Referral.find(open.id, on: db)!
            XCTAssertEqual(try cipher.open(kept.personSealed!, for: kept.binding("person")), "Recent Case")
            XCTAssertEqual(
                try cipher.open(stillOpen.personSealed!, for: stillOpen.binding("person")), "Open Case",
                "open referrals are never removed by retention")
            let countsAfter = try await ReferralFigures.build(
                partnershipID: alpha, fromQuarter: from, toQuarter: to, on: db)
            XCTAssertEqual(countsAfter, countsBefore, "the anonymous counts do not change")
            XCTAssertEqual(countsAfter.total, 3)
            let again = try await ReferralRecords.applyRetention(months: 36, on: db)
            XCTAssertEqual(again, 0)
        }
    }

    func testSubjectAccessExportHoldsEverythingAboutThePersonAndNothingElse() async throws {
        try await withTestDatabase { db, hasher in
            let alpha = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            let cipher = try FieldCipher(keys: FieldCipher.newKey(id: "k"))
            let first = try await Referrals.create(
                Self.draft("Z. Q."), partnershipID: alpha, cipher: cipher, by: .system("t"), on: db)
            try await Referrals.addIntervention(
                first, kind: "cyber-choices", plannedOn: CalendarDay.today().iso, deliveredOn: "",
                note: "First session booked",
                cipher: cipher, by: .system("t"), on: db)
            try await Referrals.addPathway(
                first, kind: "coding-club", offeredOn: CalendarDay.today().iso, takenUp: "", note: "Tuesday club",
                cipher: cipher,
                by: .system("t"), on: db)
            let second = try await Referrals.create(
                Self.draft("z.q."), partnershipID: alpha, cipher: cipher, by: .system("t"), on: db)
            _ = try await Referrals.create(
                Self.draft("Someone Else"), partnershipID: alpha, cipher: cipher, by: .system("t"), on: db)
            // The same name as written is offered as a possible match, whatever the spacing or case…
            let offered = try await ReferralRecords.possibleMatches(second, cipher: cipher, on: db)
            XCTAssertEqual(offered.map(\.number), [first.number])
            // …but only a referral the lead confirms goes into the export (issue 21: children share initials).
            let alone = try await ReferralRecords.subjectAccess(
                second, cipher: cipher, partners: [:], by: ActingUser(id: nil, email: "sg@alpha.test"), on: db)
            let aloneRecords =
                (try JSONSerialization.jsonObject(with: Data(alone.utf8)) as! [String: Any])["referrals"]
                as! [[String: Any]]
            XCTAssertEqual(aloneRecords.map { $0["referral"] as! Int }, [second.number])
            XCTAssertFalse(alone.contains("First session booked"), "nothing of the unconfirmed referral")
            let json = try await ReferralRecords.subjectAccess(
                second, also: [try first.requireID()], cipher: cipher, partners: [:],
                by: ActingUser(id: nil, email: "sg@alpha.test"), on: db)
            let document = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
            let records = document["referrals"] as! [[String: Any]]
            XCTAssertEqual(
                records.map { $0["referral"] as! Int }, [first.number, second.number],
                "both referrals, once the lead has confirmed the first is the same person")
            XCTAssertFalse(json.contains("Someone Else"))
            for expected in [
                "First session booked", "Tuesday club", "Quarry Bank School", "Northtown", "PC Dixon",
                "Paid for a booter", "cyber-choices", "coding-club",
                "Added referral #\(first.number)",
            ] {
                XCTAssertTrue(json.contains(expected), "the export lacks \(expected)")
            }
            let keys = Set((records[0]).keys)
            for field in [
                "person", "ageBand", "school", "area", "referredBy", "concerns", "consentYoungPerson",
                "consentParentOrCarer", "risk", "riskReason",
                "statutoryRoute", "outcome", "followUp6Months", "followUp12Months", "interventions", "pathways",
                "auditTrail",
            ] {
                XCTAssertTrue(keys.contains(field), "the export has no \(field)")
            }
            let exported = try await AuditEntry.query(on: db).filter(\.$action == AuditAction.export.rawValue).all()
            XCTAssertEqual(exported.map(\.actorEmail), ["sg@alpha.test", "sg@alpha.test"], "each export is audited")
            XCTAssertFalse(exported[0].summary.contains("Z. Q."), "the audit log names no one")
        }
    }

    func testDemoReferralsAndFiguresRecount() async throws {
        try await withTestDatabase { db, hasher in
            try await Fixture.demo(on: db, hasher: hasher)
            let cipher = try FieldCipher(keys: FieldCipher.newKey(id: "demo"))
            try await DemoReferrals.load(on: db, cipher: cipher)
            try await DemoReferrals.load(on: db, cipher: cipher)  // idempotent
            let id = try await Fixture.demoID(on: db)
            let rows = try await Referral.query(on: db).filter(\.$partnership.$id == id).all()
            XCTAssertEqual(rows.count, DemoReferrals.cases.count)
            XCTAssertTrue(
                try rows.allSatisfy {
                    try cipher.open($0.personSealed!, for: $0.binding("person")).contains("(fictional)")
                })
            let today = CalendarDay.today()
            let figures = try await ReferralFigures.build(
                partnershipID: id, fromQuarter: Quarter.adding(-8, to: today.quarter), toQuarter: today.quarter, on: db)
            XCTAssertEqual(figures.total, rows.count)
            XCTAssertEqual(figures.quarters.map(\.received).reduce(0, +), rows.count)
            XCTAssertEqual(
                figures.byConcern.first { $0.label == "Booters / DDoS" }?.count,
                rows.filter { $0.concerns.contains("booters") }.count)
            XCTAssertEqual(figures.outcomes.first { $0.label == "Diverted" }?.count, 4)
            XCTAssertEqual(figures.outcomes.first { $0.label == "Still open" }?.count, 4)
            XCTAssertEqual(figures.handedOn.map(\.count).reduce(0, +), 2)
            // Time to first intervention, worked out from the demo's own days: received → first delivered.
            let interventions = try await ReferralIntervention.query(on: db).all()
            var days: [Int] = []
            for r in rows {
                let delivered = interventions.filter { $0.$referral.id == r.id }.compactMap {
                    $0.deliveredOn.flatMap(CalendarDay.init)
                }
                if let first = delivered.min() { days.append(CalendarDay(r.receivedOn)!.days(until: first)) }
            }
            XCTAssertEqual(figures.quarters.map(\.withIntervention).reduce(0, +), days.count)
        }
    }
}
