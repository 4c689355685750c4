import Fluent
import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

/// Classification rules: list, add, change, re-run over history; and looking up one record.
struct CrimeRulesController {
    private struct RuleForm: Content {
        var action: String?
        var kind: String?
        var pattern: String?
        var theme: String?
        var cyber: String?
    }

    func show(req: Request) async throws -> Response {
        let access = try await req.access(.manageCrimeData)
        try await req.db.write { tx in try await CrimeRules.seedIfEmpty(partnershipID: access.partnershipID, on: tx) }
        return try await page(
            req, access, notice: req.query[String.self, at: "done"].map(notice), errors: [], status: .ok)
    }

    private func notice(_ key: String) -> String {
        switch key {
        case "added": "Rule added. Re-run the rules to apply it to records already imported."
        case "changed": "Rule changed. Re-run the rules to apply the change to records already imported."
        default:
            key.hasPrefix("reclassified-")
                ? "Rules re-run: \(key.dropFirst("reclassified-".count)) records changed theme or class. Counts have been rebuilt."
                : "Done."
        }
    }

    private func page(
        _ req: Request, _ access: PartnershipAccess, notice: String?, errors: [FormError], status: HTTPResponseStatus
    ) async throws -> Response {
        let rules = try await CrimeRules.list(partnershipID: access.partnershipID, on: req.db)
        let themes = try await PartnershipSettings.items(Theme.self, partnershipID: access.partnershipID, on: req.db)
        let names = Dictionary(uniqueKeysWithValues: themes.compactMap { t in t.id.map { ($0, t.name) } })
        let model = CrimeRulesPage.Model(
            slug: access.slug,
            rules: rules.map { rule in
                .init(
                    id: rule.id?.uuidString ?? "", number: rule.number, kind: rule.kind.rawValue,
                    kindLabel: rule.kind.label,
                    pattern: rule.pattern,
                    themeID: rule.themeID?.uuidString ?? "", theme: rule.themeID.flatMap { names[$0] } ?? "–",
                    cyber: rule.cyberClass.map { "\($0.rawValue)" } ?? "", cyberLabel: rule.cyberClass?.label ?? "–",
                    enabled: rule.enabled)
            },
            kinds: CrimeRule.Kind.allCases.map { ($0.rawValue, $0.label) },
            themes: themes.compactMap { t in t.id.map { ($0.uuidString, t.name) } },
            classes: CyberClass.allCases.map { ("\($0.rawValue)", $0.label) }, notice: notice, errors: errors)
        return CrimeRulesPage.render(model, chrome: req.chrome(access, current: .crimeRules)).htmlResponse(status)
    }

    private func draft(_ form: RuleForm) -> CrimeRules.Draft {
        CrimeRules.Draft(
            kind: form.kind.flatMap(CrimeRule.Kind.init(rawValue:)), pattern: form.pattern ?? "",
            themeID: form.theme.flatMap(UUID.init(uuidString:)),
            cyber: form.cyber.flatMap(Int.init).flatMap(CyberClass.init(rawValue:)))
    }

    func add(req: Request) async throws -> Response {
        let access = try await req.access(.manageCrimeData)
        let form = try FormPairs(req).decode(RuleForm.self)
        do {
            try await CrimeRules.add(
                draft(form), partnershipID: access.partnershipID, by: access.staff.acting(req), on: req.db)
        } catch let errors as FieldErrors {
            return try await page(req, access, notice: nil, errors: errors.formErrors, status: .unprocessableEntity)
        }
        return req.redirect(
            to: SiteURL.partnership(slug: access.slug, .crimeRules).path + "?done=added", redirectType: .normal)
    }

    func change(req: Request) async throws -> Response {
        let access = try await req.access(.manageCrimeData)
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw NotFound("rule") }
        let form = try FormPairs(req).decode(RuleForm.self)
        let change: CrimeRules.Change
        switch form.action {
        case "up": change = .moveUp
        case "down": change = .moveDown
        case "toggle": change = .toggle
        case "remove": change = .remove
        default: change = .edit(draft(form))
        }
        do {
            try await CrimeRules.change(
                change, ruleID: id, partnershipID: access.partnershipID, by: access.staff.acting(req), on: req.db)
        } catch let errors as FieldErrors {
            return try await page(req, access, notice: nil, errors: errors.formErrors, status: .unprocessableEntity)
        }
        return req.redirect(
            to: SiteURL.partnership(slug: access.slug, .crimeRules).path + "?done=changed", redirectType: .normal)
    }

    func reclassify(req: Request) async throws -> Response {
        let access = try await req.access(.manageCrimeData)
        let result = try await CrimeRecords.reclassify(
            partnershipID: access.partnershipID, by: access.staff.acting(req), on: req.db)
        return req.redirect(
            to: SiteURL.partnership(slug: access.slug, .crimeRules).path + "?done=reclassified-\(result.changed)",
            redirectType: .normal)
    }

    func record(req: Request) async throws -> Response {
        let access = try await req.access(.manageCrimeData)
        let reference = String(
            (req.query[String.self, at: "reference"] ?? "").trimmingCharacters(in: .whitespaces).prefix(64))
        let detail =
            reference.isEmpty
            ? nil : try await CrimeRecords.find(reference: reference, partnershipID: access.partnershipID, on: req.db)
        if let detail {
            let actor = access.staff.acting(req)
            let partnershipID = access.partnershipID
            try await req.db.write { tx in
                try await Audit.record(
                    on: tx, partnershipID: partnershipID, by: actor, action: .view, entity: "crime-record",
                    entityID: detail.reference, summary: "Looked at crime record \(detail.reference)")
            }
        }
        let facts: [(String, String)] =
            detail.map { d in
                [
                    ("Recorded", d.date), ("Offence", d.offence), ("Online flag", d.onlineFlag),
                    ("Victim age band", d.ageBand),
                    ("Victim type", d.victimType), ("Repeat victim", d.repeatVictim ? "Yes" : "No"), ("Place", d.lsoa),
                    ("Outcome", d.outcome),
                    ("Modus operandi", d.modusOperandi.isEmpty ? "None given" : d.modusOperandi), ("Theme", d.theme),
                    ("Class", d.cyber),
                    ("Why cyber", d.basis), ("Theme decided by", d.themeRule),
                    (
                        "Class decided by",
                        d.classRule == "None" && d.basis == ClassificationBasis.policeFlag.label
                            ? "The police online flag" : d.classRule
                    ), ("Last written by import", "\(d.importNumber)"),
                ]
            } ?? []
        let model = CrimeRecordPage.Model(slug: access.slug, reference: reference, facts: facts, found: detail != nil)
        return CrimeRecordPage.render(model, chrome: req.chrome(access, current: .crimeRules)).htmlResponse(
            detail == nil ? .notFound : .ok)
    }
}
