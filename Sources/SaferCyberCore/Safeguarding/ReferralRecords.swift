import FluentKit
import Foundation

/// What the law asks of the record as a whole: the subject-access export, key rotation and the end of retention.
public enum ReferralRecords {
    /// Other referrals of the partnership whose name, as written, is the same as on `referral` (ignoring case and
    /// spaces): suggestions only. Initials and common names are shared by different children, so none of them is
    /// exported unless the safeguarding lead confirms it (issue 21).
    public static func possibleMatches(_ referral: Referral, cipher: FieldCipher, on db: any Database) async throws
        -> [Referral]
    {
        let key = { (text: String) in text.lowercased().filter { !$0.isWhitespace } }
        let person = key(try cipher.openOptional(referral.personSealed, for: referral.binding("person")))
        guard !person.isEmpty else { return [] }
        var matches: [Referral] = []
        for candidate in try await Referral.query(on: db).filter(\.$partnership.$id == referral.$partnership.id)
            .sort(\.$number).all() where candidate.id != referral.id
        {
            let name = key(try cipher.openOptional(candidate.personSealed, for: candidate.binding("person")))
            if name == person { matches.append(candidate) }
        }
        return matches
    }

    /// Everything held about the person on `referral`, and on the other referrals of the same partnership that the
    /// safeguarding lead has confirmed are the same person (`also`; never chosen by name alone): each referral, its
    /// interventions, pathways and audit trail. Ids of another partnership are ignored. The export is itself audited.
    /// Returned as pretty-printed JSON.
    public static func subjectAccess(
        _ referral: Referral, also: [UUID] = [], cipher: FieldCipher, partners: [UUID: String],
        by actor: ActingUser, on db: any Database
    ) async throws -> String {
        let confirmed = Set(also).subtracting([try referral.requireID()])
        var matches = [referral]
        if !confirmed.isEmpty {
            matches += try await Referral.query(on: db).filter(\.$partnership.$id == referral.$partnership.id)
                .filter(\.$id ~~ Array(confirmed)).all()
        }
        matches.sort { $0.number < $1.number }
        var records: [[String: Any]] = []
        for r in matches {
            let id = try r.requireID()
            let d = try Referrals.draft(of: r, cipher: cipher)
            var record: [String: Any] = [
                "referral": r.number, "received": r.receivedOn, "person": d.person, "ageBand": r.ageBand,
                "school": d.school, "area": d.area,
                "referredBy": d.referrer, "referringPartner": r.referrerPartnerID.flatMap { partners[$0] } ?? "",
                "concerns": r.concernList.map(\.label), "consentYoungPerson": r.consentYoungPerson,
                "consentParentOrCarer": r.consentParent,
                "risk": r.risk, "riskReason": d.riskReason, "statutoryRoute": r.statutoryRoute,
                "handedOn": r.handedOn ?? "",
                "nextReview": r.nextReviewOn ?? "", "outcome": r.outcome ?? "", "closed": r.closedOn ?? "",
                "followUp6Months": r.followUp6 ?? "", "followUp12Months": r.followUp12 ?? "",
                "anonymised": r.anonymisedAt.map { ISO8601DateFormatter().string(from: $0) } ?? "",
            ]
            record["interventions"] = try await Referrals.interventions(id, on: db).map { i -> [String: Any] in
                [
                    "kind": i.kind, "planned": i.plannedOn ?? "", "delivered": i.deliveredOn ?? "",
                    "note": try cipher.openOptional(i.noteSealed, for: i.noteBinding),
                ]
            }
            record["pathways"] = try await Referrals.pathways(id, on: db).map { p -> [String: Any] in
                [
                    "kind": p.kind, "offered": p.offeredOn,
                    "takenUp": p.takenUp.map { $0 ? "yes" : "no" } ?? "not known",
                    "note": try cipher.openOptional(p.noteSealed, for: p.noteBinding),
                ]
            }
            record["auditTrail"] = try await AuditEntry.query(on: db).filter(\.$entity == "referral").filter(
                \.$entityID == id.uuidString
            )
            .sort(\.$at).all().map {
                ["at": ISO8601DateFormatter().string(from: $0.at), "by": $0.actorEmail, "what": $0.summary]
            }
            records.append(record)
        }
        let numbers = matches.map { "#\($0.number)" }.joined(separator: ", ")
        try await db.write { tx in
            try await Audit.record(
                on: tx, partnershipID: referral.$partnership.id, by: actor, action: .export, entity: "referral",
                entityID: referral.id?.uuidString,
                summary:
                    "Exported everything held about the person on referral #\(referral.number) (referrals \(numbers), confirmed as theirs)"
            )
        }
        let document: [String: Any] = ["generated": ISO8601DateFormatter().string(from: Date()), "referrals": records]
        let data = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    /// How many fields are still sealed in the old unbound form ("v1"). At start-up, none left means none may open
    /// again (`FieldCipher.acceptsUnbound`).
    public static func unboundRemaining(on db: any Database) async throws -> Int {
        func old(_ value: String?) -> Bool { value?.hasPrefix("v1:") == true }
        var count = 0
        for r in try await Referral.query(on: db).all() {
            count +=
                [r.personSealed, r.referrerSealed, r.schoolSealed, r.areaSealed, r.riskReasonSealed].filter(old)
                .count
        }
        count += try await ReferralIntervention.query(on: db).all().filter { old($0.noteSealed) }.count
        count += try await ReferralPathway.query(on: db).all().filter { old($0.noteSealed) }.count
        return count
    }

    /// Re-encrypts every personal field not already under the current key. Nothing is lost: each field is opened
    /// with its own key first; a field whose key is missing stops the whole rotation before anything is written.
    @discardableResult
    public static func rotate(cipher: FieldCipher, on db: any Database) async throws -> Int {
        // Under an old key, or sealed before fields were bound to their record ("v1"): opened, then sealed bound.
        func redo(_ value: String?, _ binding: FieldCipher.Binding) throws -> (String?, Bool) {
            guard let value, !cipher.isCurrent(value) else { return (value, false) }
            return (try cipher.seal(try cipher.open(value, for: binding), for: binding), true)
        }
        let fields: [(ReferenceWritableKeyPath<Referral, String?>, String)] = [
            (\Referral.personSealed, "person"), (\Referral.referrerSealed, "referrer"),
            (\Referral.schoolSealed, "school"), (\Referral.areaSealed, "area"),
            (\Referral.riskReasonSealed, "risk-reason"),
        ]
        var changed = 0
        let referrals = try await Referral.query(on: db).all()
        let interventions = try await ReferralIntervention.query(on: db).all()
        let pathways = try await ReferralPathway.query(on: db).all()
        for r in referrals {
            var any = false
            for (path, field) in fields {
                let (value, did) = try redo(r[keyPath: path], r.binding(field))
                if did {
                    r[keyPath: path] = value
                    any = true
                    changed += 1
                }
            }
            _ = any
        }
        for i in interventions {
            let (value, did) = try redo(i.noteSealed, i.noteBinding)
            if did {
                i.noteSealed = value
                changed += 1
            }
        }
        for p in pathways {
            let (value, did) = try redo(p.noteSealed, p.noteBinding)
            if did {
                p.noteSealed = value
                changed += 1
            }
        }
        let total = changed
        try await db.write { tx in
            for r in referrals where r.hasChanges { try await r.save(on: tx) }
            for i in interventions where i.hasChanges { try await i.save(on: tx) }
            for p in pathways where p.hasChanges { try await p.save(on: tx) }
            try await Audit.record(
                on: tx, partnershipID: nil, by: .system("key rotation"), action: .update, entity: "referral",
                entityID: nil,
                summary: "Re-encrypted \(total) personal fields with key “\(cipher.currentID)”")
        }
        return changed
    }

    /// Removes the personal fields of referrals closed more than `months` ago: the categories (age band, concerns,
    /// dates, outcome) stay for the anonymous counts; names, school, area, reasons and notes go.
    @discardableResult
    public static func applyRetention(
        months: Int, today: CalendarDay = .today(), at now: Date = Date(), on db: any Database
    ) async throws -> Int {
        let cutoff = today.firstOfMonth(adding: -months).adding(days: today.day - 1)
        let due = try await Referral.query(on: db).filter(\.$anonymisedAt == nil).filter(\.$closedOn != nil).all()
            .filter { CalendarDay($0.closedOn ?? "").map { $0 < cutoff } ?? false }
        guard !due.isEmpty else { return 0 }
        let ids = due.compactMap(\.id)
        let interventions = try await ReferralIntervention.query(on: db).filter(\.$referral.$id ~~ ids).all()
        let pathways = try await ReferralPathway.query(on: db).filter(\.$referral.$id ~~ ids).all()
        for r in due {
            r.personSealed = nil
            r.referrerSealed = nil
            r.schoolSealed = nil
            r.areaSealed = nil
            r.riskReasonSealed = nil
            r.anonymisedAt = now
        }
        for i in interventions { i.noteSealed = nil }
        for p in pathways { p.noteSealed = nil }
        try await db.write { tx in
            for r in due { try await r.save(on: tx) }
            for i in interventions where i.hasChanges { try await i.save(on: tx) }
            for p in pathways where p.hasChanges { try await p.save(on: tx) }
            for (partnershipID, group) in Dictionary(grouping: due, by: { $0.$partnership.id }) {
                try await Audit.record(
                    on: tx, partnershipID: partnershipID, by: .system("retention"), action: .update, entity: "referral",
                    entityID: nil,
                    summary:
                        "Removed the personal details of \(group.count) referral\(group.count == 1 ? "" : "s") closed more than \(months) months ago (\(group.map { "#\($0.number)" }.joined(separator: ", "))); counts kept"
                )
            }
        }
        return due.count
    }
}
