import FluentKit
import Foundation
import SQLKit

/// One stored crime record, explained: what it says and which rules classified it.
public struct CrimeRecordDetail: Sendable, Equatable {
    public var reference: String
    public var date: String
    public var offence: String
    public var onlineFlag: String
    public var ageBand: String
    public var victimType: String
    public var repeatVictim: Bool
    public var lsoa: String
    public var outcome: String
    public var modusOperandi: String
    public var theme: String
    public var cyber: String
    public var basis: String
    public var themeRule: String
    public var classRule: String
    public var importNumber: Int
}

public enum CrimeRecords {
    /// Finds a record by its reference and says how it was classified. The caller audits the view.
    public static func find(reference: String, partnershipID: UUID, on db: any Database) async throws
        -> CrimeRecordDetail?
    {
        guard let key = try await CrimeDictionary.existingSourceKey(partnershipID: partnershipID, on: db) else {
            return nil
        }
        let sql = db.sql
        guard
            let row = try await sql.raw(
                """
                SELECT reference, month, day, offence, online_flag, age_band, victim_type, repeat_victim, lsoa, outcome, mo,
                       theme, cyber, basis, theme_rule, class_rule, import_number
                FROM crime_records WHERE source_key = \(bind: key) AND reference = \(bind: reference.trimmingSpaces())
                """
            ).first()
        else { return nil }
        func int(_ name: String) throws -> Int { try row.decode(column: name, as: Int.self) }
        let dictionary = try await CrimeDictionary.load(sourceKey: key, on: db)
        let rules = Dictionary(
            try await CrimeRules.list(partnershipID: partnershipID, on: db).map { ($0.number, $0) },
            uniquingKeysWith: { a, _ in a })
        let themes = Dictionary(
            try await Theme.query(on: db).filter(\.$partnership.$id == partnershipID).all().compactMap { t in
                t.id.map { ($0.uuidString, t.name) }
            },
            uniquingKeysWith: { a, _ in a })
        func describe(_ number: Int) -> String {
            guard number > 0 else { return "None" }
            guard let rule = rules[number] else { return "Rule \(number) (since removed)" }
            return "Rule \(number): \(rule.kind.label.lowercased()) \(rule.pattern)"
        }
        let month = try int("month")
        let day = try int("day")
        let lsoaNumber = try int("lsoa")
        var lsoa = "Not recorded"
        if lsoaNumber > 0,
            let place = try await sql.raw(
                "SELECT code, name, ward_name, la_name FROM geo_lsoas WHERE number = \(bind: lsoaNumber)"
            ).first()
        {
            lsoa =
                "\(try place.decode(column: "code", as: String.self)) (\(try place.decode(column: "ward_name", as: String.self)), \(try place.decode(column: "la_name", as: String.self)))"
        } else if lsoaNumber < 0 {
            lsoa = "\(dictionary.label(.unknownLSOA, -lsoaNumber) ?? "?") (not in the loaded geography)"
        }
        let offence = (dictionary.label(.offence, try int("offence")) ?? "|").split(
            separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
        return CrimeRecordDetail(
            reference: try row.decode(column: "reference", as: String.self),
            date: day == 0
                ? String(format: "%04d-%02d", month / 100, month % 100)
                : String(format: "%04d-%02d-%02d", month / 100, month % 100, day),
            offence: offence.count > 1
                ? "\(offence[1])\(offence[0].isEmpty ? "" : " (\(offence[0]))")" : "Not recorded",
            onlineFlag: ["No", "Yes", "Not recorded"][min(max(try int("online_flag"), 0), 2)],
            ageBand: AgeBand(rawValue: try int("age_band"))?.label ?? "Not recorded",
            victimType: VictimType(rawValue: try int("victim_type"))?.label ?? "Not recorded",
            repeatVictim: try int("repeat_victim") == 1, lsoa: lsoa,
            outcome: dictionary.label(.outcome, try int("outcome")) ?? "Not recorded",
            modusOperandi: try row.decode(column: "mo", as: String.self),
            theme: dictionary.label(.theme, try int("theme")).flatMap { themes[$0] } ?? "No theme matched",
            cyber: CyberClass(rawValue: try int("cyber"))?.label ?? "",
            basis: ClassificationBasis(rawValue: try int("basis"))?.label ?? "",
            themeRule: describe(try int("theme_rule")), classRule: describe(try int("class_rule")),
            importNumber: try int("import_number"))
    }

    /// Re-runs the partnership's current rules over every record it holds, then rebuilds its counts.
    /// Returns how many records changed theme or class.
    public static func reclassify(partnershipID: UUID, by actor: ActingUser, on db: any Database) async throws -> (
        checked: Int, changed: Int
    ) {
        try await db.write { tx in
            try await tx.lockPartnership(partnershipID)
            guard let key = try await CrimeDictionary.existingSourceKey(partnershipID: partnershipID, on: tx) else {
                return (0, 0)
            }
            let sql = tx.sql
            let dictionary = try await CrimeDictionary.load(sourceKey: key, on: tx)
            try await CrimeRules.seedIfEmpty(partnershipID: partnershipID, on: tx)
            let classifier = try await CrimeRules.classifier(
                partnershipID: partnershipID, dictionary: dictionary, on: tx)
            var offenceBits: [Int: UInt64] = [:]
            var after = ""
            var checked = 0
            var changed = 0
            while true {
                // Keyset pagination: each page starts after the last reference seen, so memory stays flat.
                let rows = try await sql.raw(
                    """
                    SELECT reference, offence, online_flag, mo, theme, cyber, basis, theme_rule, class_rule FROM crime_records
                    WHERE source_key = \(bind: key) AND reference > \(bind: after) ORDER BY reference LIMIT 5000
                    """
                ).all()
                guard !rows.isEmpty else { break }
                for row in rows {
                    checked += 1
                    let reference = try row.decode(column: "reference", as: String.self)
                    after = reference
                    let offence = try row.decode(column: "offence", as: Int.self)
                    if offenceBits[offence] == nil {
                        let parts = (dictionary.label(.offence, offence) ?? "|").split(
                            separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
                        offenceBits[offence] = classifier.offenceBits(
                            code: String(parts[0]), description: parts.count > 1 ? String(parts[1]) : "")
                    }
                    let mo = Array(try row.decode(column: "mo", as: String.self).utf8)
                    let flag = OnlineFlag(rawValue: try row.decode(column: "online_flag", as: Int.self)) ?? .unknown
                    let result = mo.withUnsafeBufferPointer {
                        classifier.classify(offenceBits: offenceBits[offence]!, mo: $0, flag: flag)
                    }
                    let old = [
                        try row.decode(column: "theme", as: Int.self), try row.decode(column: "cyber", as: Int.self),
                        try row.decode(column: "basis", as: Int.self),
                        try row.decode(column: "theme_rule", as: Int.self),
                        try row.decode(column: "class_rule", as: Int.self),
                    ]
                    let new = [
                        result.theme, result.cyber.rawValue, result.basis.rawValue, result.themeRule, result.classRule,
                    ]
                    guard old != new else { continue }
                    if old[0] != new[0] || old[1] != new[1] { changed += 1 }
                    try await sql.raw(
                        """
                        UPDATE crime_records SET theme = \(bind: new[0]), cyber = \(bind: new[1]), basis = \(bind: new[2]),
                          theme_rule = \(bind: new[3]), class_rule = \(bind: new[4])
                        WHERE source_key = \(bind: key) AND reference = \(bind: reference)
                        """
                    ).run()
                }
            }
            try await dictionary.saveAdded(on: tx)
            try await CrimeCounts.rebuild(sourceKey: key, on: tx)
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .update, entity: "crime-records",
                summary: "Re-ran the classification rules over \(checked) records: \(changed) changed theme or class")
            return (checked, changed)
        }
    }
}
