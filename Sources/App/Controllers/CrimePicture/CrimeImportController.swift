import Fluent
import Foundation
import MultipartKit
import SaferCyberCore
import SaferCyberViews
import Vapor

/// Import history, web upload (streamed to disk), one import's result and its rejected rows.
struct CrimeImportController {
    func list(req: Request) async throws -> Response {
        let access = try await req.access(.manageCrimeData)
        return try await page(req, access, errors: [], status: .ok)
    }

    private func page(_ req: Request, _ access: PartnershipAccess, errors: [FormError], status: HTTPResponseStatus)
        async throws -> Response
    {
        let history = try await CrimeImporter.history(partnershipID: access.partnershipID, on: req.db)
        let mappings = try await CrimeMappings.list(partnershipID: access.partnershipID, on: req.db)
        let profiles =
            [
                ("force-extract", "Force extract (SaferCyber's columns)"),
                ("police-uk-street", "data.police.uk street-level file"),
            ]
            + mappings.map { ($0.name, "Saved mapping: \($0.name)") }
        let model = CrimeImportsPage.Model(
            slug: access.slug, profiles: profiles,
            entries: history.map { entry in
                .init(
                    id: entry.id?.uuidString ?? "", when: UKTime.dateTime(entry.startedAt), who: entry.actorEmail,
                    file: entry.fileName,
                    profile: entry.profile, status: entry.status, message: entry.message)
            },
            maxUpload: req.application.config.uploadMaxSize.uppercased(), errors: errors)
        return CrimeImportsPage.render(model, chrome: req.chrome(access, current: .crimeImports)).htmlResponse(status)
    }

    /// The form is multipart; its body is streamed to a temporary file, so a large extract never sits in memory
    /// (`Request.streamedUpload`, which also checks the form token).
    func upload(req: Request) async throws -> Response {
        let access = try await req.access(.manageCrimeData)
        let limit = ByteCount(stringLiteral: req.application.config.uploadMaxSize).value
        let response = try await req.streamedUpload(suffix: "csv", limit: limit) { form, path in
            try await received(req, access, form, path)
        }
        if let response { return response }
        return try await page(
            req, access, errors: [FormError(field: "file", message: "Choose a CSV file to import")],
            status: .unprocessableEntity)
    }

    private func received(_ req: Request, _ access: PartnershipAccess, _ form: UploadedForm, _ path: String)
        async throws -> Response
    {
        var errors: [FormError] = []
        if form.fileName.isEmpty || form.fileBytes == 0 {
            errors.append(FormError(field: "file", message: "Choose a CSV file to import"))
        }
        let profileName = form.fields["profile"] ?? ""
        var profile: CrimeProfile?
        do {
            profile = try await CrimeMappings.profile(
                named: profileName, partnershipID: access.partnershipID, on: req.db)
        } catch { errors.append(FormError(field: "profile", message: "Choose the kind of file")) }
        guard errors.isEmpty, let profile else {
            return try await page(req, access, errors: errors, status: .unprocessableEntity)
        }

        let summary = try await CrimeImporter.importFile(
            path: path, partnershipID: access.partnershipID,
            options: CrimeImportOptions(
                profile: profile, fileName: form.fileName, skipBadRows: form.fields["skip"] == "yes",
                actor: access.staff.acting(req)), on: req.db)
        return req.redirect(
            to: SiteURL.partnership(slug: access.slug, .crimeImport(id: summary.importID.uuidString)).path,
            redirectType: .normal)
    }

    func show(req: Request) async throws -> Response {
        let access = try await req.access(.manageCrimeData)
        return try await page(req, access, entry: try await find(req, access))
    }

    /// A coordinator or analyst confirms which months the file holds in full.
    func confirmComplete(req: Request) async throws -> Response {
        let access = try await req.access(.manageCrimeData)
        let entry = try await find(req, access)
        let month = FormPairs(req).first("complete-to").flatMap(Int.init) ?? 0
        // With more than one area on the form, what is ticked; every area ticked is the whole partnership.
        let all = Set(try await CrimeCoverage.areas(partnershipID: access.partnershipID, on: req.db).map(\.code))
        let ticked = Set(FormPairs(req).all("areas")).intersection(all)
        do {
            try await CrimeCoverage.confirm(
                importID: entry.requireID(), partnershipID: access.partnershipID, completeTo: month,
                areas: all.count > 1 && ticked != all ? Array(ticked) : nil, actor: access.staff.acting(req),
                on: req.db)
        } catch let errors as FieldErrors {
            return try await page(
                req, access, entry: entry, errors: errors, typedAreas: ticked, status: .unprocessableEntity)
        }
        return req.redirect(
            to: SiteURL.partnership(slug: access.slug, .crimeImport(id: try entry.requireID().uuidString)).path,
            redirectType: .normal)
    }

    private func page(
        _ req: Request, _ access: PartnershipAccess, entry: CrimeImport, errors: FieldErrors = FieldErrors(),
        typedAreas: Set<String>? = nil, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let problems = try await CrimeImporter.rejections(importID: entry.requireID(), on: req.db)
        var model = CrimeImportPage.Model(
            slug: access.slug, id: try entry.requireID().uuidString, file: entry.fileName,
            imported: entry.status == "imported",
            message: entry.message,
            facts: [
                ("Kind of file", entry.profile), ("Imported by", entry.actorEmail),
                ("Started", UKTime.dateTime(entry.startedAt)),
                ("Rows read", "\(entry.rowsRead)"), ("New records", "\(entry.inserted)"),
                ("Updated records", "\(entry.updated)"),
                ("Unchanged records", "\(entry.unchanged)"), ("Rows with problems", "\(entry.rejected)"),
            ] + coverageFacts(entry),
            problems: problems.prefix(500).map {
                .init(line: "\($0.line)", column: $0.column, value: $0.value, reason: $0.reason)
            },
            problemCount: problems.count, completeToOptions: completeToOptions(entry),
            completeTo: entry.completeToMonth.map(String.init), errors: errors.formErrors)
        let areas = try await CrimeCoverage.areas(partnershipID: access.partnershipID, on: req.db)
        model.areaOptions = areas.map { ($0.code, "\($0.name) (\($0.code))") }
        model.coveredAreas = typedAreas ?? entry.areaSet ?? Set(areas.map(\.code))
        return CrimeImportPage.render(model, chrome: req.chrome(access, current: .crimeImports)).htmlResponse(status)
    }

    private func coverageFacts(_ entry: CrimeImport) -> [(String, String)] {
        guard let first = entry.firstMonth, let last = entry.lastMonth else { return [] }
        return [
            (
                "Months of the records",
                first == last ? Month.name(first) : "\(Month.name(first)) to \(Month.name(last))"
            ),
            (
                "Held in full up to",
                entry.completeToMonth.map { $0 < first ? "None of its months" : Month.name($0) } ?? "Not known"
            ),
        ]
    }

    private func completeToOptions(_ entry: CrimeImport) -> [(value: String, label: String)] {
        guard entry.status == CrimeImport.Status.imported.rawValue, let first = entry.firstMonth,
            let last = entry.lastMonth
        else { return [] }
        let latest = CrimeCoverage.latestConfirmable(entry) ?? last
        return [("\(Month.adding(-1, to: first))", "None of its months")]
            + Month.range(first, latest).map { ("\($0)", Month.name($0)) }
    }

    func rejections(req: Request) async throws -> Response {
        let access = try await req.access(.manageCrimeData)
        let entry = try await find(req, access)
        var csv = CSVText.line(["line", "column", "value", "problem"])
        for problem in try await CrimeImporter.rejections(importID: entry.requireID(), on: req.db) {
            csv += CSVText.line(["\(problem.line)", problem.column, problem.value, problem.reason])
        }
        let actor = access.staff.acting(req)
        let partnershipID = access.partnershipID
        let entryID = entry.id?.uuidString
        let file = entry.fileName
        try await req.db.write { tx in
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .export, entity: "crime-import",
                entityID: entryID, summary: "Downloaded the rejected rows of \(file)")
        }
        return CSVText.response(csv, fileName: "rejected-rows-\(entry.number).csv")
    }

    private func find(_ req: Request, _ access: PartnershipAccess) async throws -> CrimeImport {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
            let entry = try await CrimeImport.find(id, partnershipID: access.partnershipID, on: req.db)
        else {
            throw NotFound("import")
        }
        return entry
    }
}
