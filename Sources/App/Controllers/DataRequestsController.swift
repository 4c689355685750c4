import Fluent
import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

/// Requests about one person's data (issue 21): find, then export or erase. Everything is POSTed, so the person's
/// address is never in a URL or a request log; Core audits each step.
struct DataRequestsController {
    func show(req: Request) async throws -> Response {
        let access = try await req.access(.handleDataRequests)
        let erased = req.query[Int.self, at: "erased"]
        let notice = erased.map {
            "Erased the personal details in \($0) record\($0 == 1 ? "" : "s"). Their counts are kept."
        }
        return page(req, access, DataRequestsPage.Model(slug: access.slug, csrf: req.csrfToken, notice: notice))
    }

    func submit(req: Request) async throws -> Response {
        let access = try await req.access(.handleDataRequests)
        let form = FormPairs(req)
        let who = String((form.first("who") ?? "").prefix(300))
        let refs = form.all("record").compactMap(SubjectAccess.Ref.init)
        let actor = access.staff.acting(req)
        var model = DataRequestsPage.Model(
            slug: access.slug, csrf: req.csrfToken, who: who, selected: Set(refs.map(\.text)))
        switch form.first("do") ?? "search" {
        case "search":
            do {
                let query = try SubjectAccess.Query.parse(who)
                model.records = try await SubjectAccess.find(
                    query, partnershipID: access.partnershipID, by: actor, on: req.db
                ).map(Self.row)
                return page(req, access, model)
            } catch let errors as FieldErrors {
                model.errors = errors.formErrors
                return page(req, access, model, status: .unprocessableEntity)
            }
        case "export-json", "export-page":
            do {
                let records = try await SubjectAccess.export(
                    refs, partnershipID: access.partnershipID, by: actor, on: req.db)
                if form.first("do") == "export-json" {
                    let response = Response(
                        status: .ok,
                        body: .init(
                            string: SubjectAccess.json(records, partnership: access.partnership.name) + "\n"))
                    response.headers.contentType = .json
                    response.headers.replaceOrAdd(
                        name: .contentDisposition, value: "attachment; filename=\"records-\(access.slug).json\"")
                    response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
                    return response
                }
                let response = DataRequestsPage.export(
                    records.map(Self.row), partnership: access.partnership.name,
                    date: UKTime.longDate(Date()), chrome: req.chrome(access, current: .dataRequests)
                ).htmlResponse()
                response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
                return response
            } catch let errors as FieldErrors {
                return try await again(req, access, model, refs: refs, errors: errors)
            }
        case "erase":
            guard !refs.isEmpty else {
                return try await again(
                    req, access, model, refs: refs,
                    errors: FieldErrors("records", "Choose at least one record that is the person’s"))
            }
            model.records = try await SubjectAccess.records(refs, partnershipID: access.partnershipID, on: req.db)
                .map(Self.row)
            let response = DataRequestsPage.confirmErase(model, chrome: req.chrome(access, current: .dataRequests))
                .htmlResponse()
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
            return response
        case "erase-confirmed":
            let count = try await SubjectAccess.erase(refs, partnershipID: access.partnershipID, by: actor, on: req.db)
            return req.redirect(
                to: SiteURL.partnership(slug: access.slug, .dataRequests).path + "?erased=\(count)",
                redirectType: .normal)
        default:
            throw Abort(.badRequest, reason: "Unknown action.")
        }
    }

    /// The search again (without auditing another search) with the error.
    private func again(
        _ req: Request, _ access: PartnershipAccess, _ model: DataRequestsPage.Model, refs: [SubjectAccess.Ref],
        errors: FieldErrors
    ) async throws -> Response {
        var model = model
        model.errors = errors.formErrors
        if let query = try? SubjectAccess.Query.parse(model.who) {
            model.records = try await SubjectAccess.find(
                query, partnershipID: access.partnershipID, by: access.staff.acting(req), on: req.db
            ).map(Self.row)
        }
        return page(req, access, model, status: .unprocessableEntity)
    }

    private func page(
        _ req: Request, _ access: PartnershipAccess, _ model: DataRequestsPage.Model, status: HTTPResponseStatus = .ok
    ) -> Response {
        let response = DataRequestsPage.render(model, chrome: req.chrome(access, current: .dataRequests))
            .htmlResponse(status)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    static func row(_ record: SubjectAccess.Record) -> DataRequestsPage.Record {
        DataRequestsPage.Record(
            ref: record.ref.text, kind: record.ref.kind.label, title: record.title, matchedBy: record.matchedBy,
            fields: record.fields.map { ($0.label, $0.value) }, holdsPersonalData: record.holdsPersonalData)
    }
}
