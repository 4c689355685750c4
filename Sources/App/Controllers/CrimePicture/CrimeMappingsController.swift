import Fluent
import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

/// Saving column mappings chosen from a file's header.
struct CrimeMappingsController {
    func show(req: Request) async throws -> Response {
        let access = try await req.access(.manageCrimeData)
        return try await page(req, access, columns: nil, header: "", name: "", selected: [:], errors: [])
    }

    func submit(req: Request) async throws -> Response {
        let access = try await req.access(.manageCrimeData)
        let fields = FormPairs(req).fields
        let header = String((fields["header"] ?? "").prefix(8000))
        let line = header.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let columns = ((try? CrimeMappings.header(of: MemoryByteSource(line))) ?? []).map {
            $0.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
        guard columns.count >= 2 else {
            return try await page(
                req, access, columns: nil, header: header, name: "", selected: [:],
                errors: [
                    FormError(
                        field: "header",
                        message: "Paste the file's first line: at least two column names separated by commas")
                ])
        }
        guard fields["action"] == "save" else {
            // First visit to step 2: guess each field from the column names.
            var guesses: [String: String] = [:]
            for field in CrimeField.allCases { guesses[field.rawValue] = guess(field, columns) }
            return try await page(req, access, columns: columns, header: line, name: "", selected: guesses, errors: [])
        }
        var chosen: [CrimeField: String] = [:]
        for field in CrimeField.allCases {
            if let column = fields[field.rawValue], columns.contains(column) { chosen[field] = column }
        }
        do {
            try await CrimeMappings.save(
                name: fields["name"] ?? "", columns: chosen, partnershipID: access.partnershipID,
                by: access.staff.acting(req), on: req.db)
        } catch let errors as FieldErrors {
            return try await page(
                req, access, columns: columns, header: line, name: fields["name"] ?? "",
                selected: Dictionary(uniqueKeysWithValues: chosen.map { ($0.key.rawValue, $0.value) }),
                errors: errors.formErrors)
        }
        return req.redirect(to: SiteURL.partnership(slug: access.slug, .crimeImports).path, redirectType: .normal)
    }

    /// The column whose name is closest to the field's: same letters, or containing the field's key word.
    private func guess(_ field: CrimeField, _ columns: [String]) -> String {
        let words: [CrimeField: [String]] = [
            .reference: ["reference", "crimeref", "crimeid", "urn"], .recordedDate: ["recorded", "date"],
            .offenceCode: ["offencecode", "hocode", "code"],
            .offenceDescription: ["offencedescription", "offence", "crimetype", "description"],
            .onlineFlag: ["online", "cyberflag", "flag"],
            .victimAgeBand: ["ageband", "age"], .victimType: ["victimtype", "type"], .repeatVictim: ["repeat"],
            .lsoa: ["lsoa"],
            .outcome: ["outcome"], .modusOperandi: ["modusoperandi", "mo", "summary"],
        ]
        let simple = columns.map { ($0, String($0.lowercased().filter { $0.isLetter || $0.isNumber })) }
        for word in words[field] ?? [] {
            if let exact = simple.first(where: { $0.1 == word }) { return exact.0 }
            if word.count > 3, let partial = simple.first(where: { $0.1.contains(word) }) { return partial.0 }
        }
        return ""
    }

    private func page(
        _ req: Request, _ access: PartnershipAccess, columns: [String]?, header: String, name: String,
        selected: [String: String], errors: [FormError]
    ) async throws -> Response {
        let saved = try await CrimeMappings.list(partnershipID: access.partnershipID, on: req.db).map { mapping in
            (
                mapping.name,
                mapping.columns.sorted { $0.key.ordinalForDisplay < $1.key.ordinalForDisplay }
                    .map { "\($0.key.label) ← \($0.value)" }.joined(separator: "; ")
            )
        }
        let model = CrimeMappingsPage.Model(
            slug: access.slug, saved: saved, columns: columns, headerLine: header, name: name,
            choices: CrimeField.allCases.map {
                .init(
                    field: $0.rawValue, label: $0.label + ($0 == .recordedDate ? " (required)" : ""),
                    selected: selected[$0.rawValue] ?? "")
            },
            errors: errors)
        return CrimeMappingsPage.render(model, chrome: req.chrome(access, current: .crimeImports))
            .htmlResponse(errors.isEmpty ? .ok : .unprocessableEntity)
    }
}

extension CrimeField {
    var ordinalForDisplay: Int { CrimeField.allCases.firstIndex(of: self) ?? 0 }
}
