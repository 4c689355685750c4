import Fluent
import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

/// The resource library as staff see it: every item with its status and counts, adding one (upload or link),
/// and approval by a coordinator before anything is public.
struct LibraryController {
    func list(req: Request) async throws -> Response {
        let access = try await req.access(.viewAggregates)
        let status = req.query[String.self, at: "status"].flatMap(LibraryResource.Status.init(rawValue:))
        let all = try await Resources.all(partnershipID: access.partnershipID, on: req.db)
        let snapshot = try await PartnershipSettings.snapshot(on: req.db, partnershipID: access.partnershipID)
        let shown = all.filter { status == nil || $0.status == status }.map(
            ResourceItems(snapshot: snapshot).item)
        let counts = LibraryResource.Status.allCases.map { s in
            (status: s.rawValue, label: s.label, count: all.filter { $0.status == s }.count)
        }
        return ResourcePages.staffList(
            slug: access.slug, items: shown, canAdd: access.allows(.addResources), status: status?.rawValue ?? "",
            counts: counts, chrome: req.chrome(access, current: .resources),
            canMakeLinks: access.allows(.moderateResources)
        ).htmlResponse()
    }

    private func newModel(_ req: Request, _ access: PartnershipAccess) async throws -> ResourcePages.NewModel {
        let snapshot = try await PartnershipSettings.snapshot(on: req.db, partnershipID: access.partnershipID)
        return ResourcePages.NewModel(
            slug: access.slug, kinds: LibraryResource.Kind.allCases.map { ($0.rawValue, $0.label) },
            themes: ResourceItems.options(snapshot.themes), audiences: ResourceItems.options(snapshot.audiences),
            objectives: ResourceItems.options(snapshot.objectives), maxSize: "200 MB")
    }

    func new(req: Request) async throws -> Response {
        let access = try await req.access(.addResources)
        return ResourcePages.new(try await newModel(req, access), chrome: req.chrome(access, current: .resources))
            .htmlResponse()
    }

    /// The form is multipart and streamed to a temporary file (videos can be large), with its form token checked
    /// (`Request.streamedUpload`, as for crime imports).
    func add(req: Request) async throws -> Response {
        let access = try await req.access(.addResources)
        // The largest any kind may be (UploadCheck says which kinds may be that large), plus room for the text fields.
        let limit = (UploadCheck.Kind.allCases.map(\.largestBytes).max() ?? 0) + 300_000
        let response = try await req.streamedUpload(
            suffix: "upload", limit: limit + Captions.largestBytes, fieldLimit: Captions.largestBytes + 1,
            textFiles: ["captions"]
        ) { form, path in try await received(req, access, form, path) }
        if let response { return response }
        var model = try await newModel(req, access)
        model.errors = [FormError(field: "file", message: "Choose a file to upload, or give a link to where it is")]
        return ResourcePages.new(model, chrome: req.chrome(access, current: .resources)).htmlResponse(
            .unprocessableEntity)
    }

    private func received(_ req: Request, _ access: PartnershipAccess, _ form: UploadedForm, _ path: String)
        async throws -> Response
    {
        var draft = Resources.Draft()
        draft.title = form.fields["title"] ?? ""
        draft.description = form.fields["description"] ?? ""
        draft.kind = form.fields["kind"] ?? ""
        draft.link = form.fields["link"] ?? ""
        draft.altText = form.fields["altText"] ?? ""
        draft.transcript = form.fields["transcript"] ?? ""
        draft.themes = (form.lists["themes"] ?? []).compactMap(UUID.init(uuidString:))
        draft.audiences = (form.lists["audiences"] ?? []).compactMap(UUID.init(uuidString:))
        draft.objectives = (form.lists["objectives"] ?? []).compactMap(UUID.init(uuidString:))
        Self.readVideo(form, into: &draft)
        // Checked and stored from the temporary file, a megabyte at a time (removed when this request ends).
        let upload = form.fileBytes > 0 ? try Resources.Upload(fileName: form.fileName, path: path) : nil
        do {
            let resource = try await Resources.add(
                draft, upload: upload, partnershipID: access.partnershipID, by: access.staff.acting(req), on: req.db)
            return req.redirect(
                to: SiteURL.partnership(slug: access.slug, .resource(id: resource.id!.uuidString)).path,
                redirectType: .normal)
        } catch let errors as FieldErrors {
            var model = try await newModel(req, access)
            model.title = draft.title
            model.description = draft.description
            model.kind = draft.kind
            model.link = draft.link
            model.altText = draft.altText
            model.transcript = draft.transcript
            model.themeIDs = Set(draft.themes.map(\.uuidString))
            model.audienceIDs = Set(draft.audiences.map(\.uuidString))
            model.objectiveIDs = Set(draft.objectives.map(\.uuidString))
            model.video = Self.videoDetails(draft)
            // A file cannot be re-shown in a form: say so if one was sent and everything else was the problem.
            model.errors =
                errors.formErrors + Self.chooseCaptionsAgain(draft, errors)
                + (upload != nil && errors.message(for: "file") == nil
                    ? [
                        FormError(
                            field: "file",
                            message: "Choose the file again: files are not kept when the form has problems")
                    ] : [])
            return ResourcePages.new(model, chrome: req.chrome(access, current: .resources)).htmlResponse(
                .unprocessableEntity)
        }
    }

    /// The video details of an upload form (issue 23): the captions file's text, the credit and the consent.
    static func readVideo(_ form: UploadedForm, into draft: inout Resources.Draft) {
        draft.captions = form.fields["captions"] ?? ""
        draft.credit = form.fields["credit"] ?? ""
        draft.showsYoungPeople = form.fields["showsYoungPeople"] ?? ""
        draft.consentNote = form.fields["consentNote"] ?? ""
        draft.consentConfirmed = form.fields["consentConfirmed"] == "yes"
    }

    static func videoDetails(_ draft: Resources.Draft) -> ResourcePages.VideoDetails {
        var video = ResourcePages.VideoDetails()
        video.credit = draft.credit
        video.showsYoungPeople = draft.showsYoungPeople
        video.consentNote = draft.consentNote
        video.consentConfirmed = draft.consentConfirmed
        return video
    }

    /// Files are not kept when a form has problems: captions that were fine must be chosen again too.
    static func chooseCaptionsAgain(_ draft: Resources.Draft, _ errors: FieldErrors) -> [FormError] {
        !draft.captions.isEmpty && errors.message(for: "captions") == nil
            ? [
                FormError(
                    field: "captions",
                    message: "Choose the captions file again: files are not kept when the form has problems")
            ]
            : []
    }

    private func find(_ req: Request, _ access: PartnershipAccess) async throws -> LibraryResource {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
            let resource = try await LibraryResource.find(id, partnershipID: access.partnershipID, on: req.db)
        else { throw NotFound("resource") }
        return resource
    }

    private func page(
        _ req: Request, _ access: PartnershipAccess, _ resource: LibraryResource, errors: [FormError] = [],
        note: String = ""
    ) async throws -> Response {
        let snapshot = try await PartnershipSettings.snapshot(on: req.db, partnershipID: access.partnershipID)
        var item = ResourceItems(snapshot: snapshot).item(resource)
        // The consent record may name children: only those who add or approve resources read it (review).
        if !access.allows(.addResources), let shows = resource.showsYoungPeople {
            item.consent = shows ? "Yes (the consent record is for those who add or approve resources)" : "No"
        }
        return ResourcePages.staffItem(
            slug: access.slug, item: item,
            canModerate: access.allows(.moderateResources),
            canOpenFile: access.allows(.addResources), errors: errors, note: note,
            chrome: req.chrome(access, current: .resources)
        ).htmlResponse(errors.isEmpty ? .ok : .unprocessableEntity)
    }

    func show(req: Request) async throws -> Response {
        let access = try await req.access(.viewAggregates)
        return try await page(req, access, try await find(req, access))
    }

    func moderate(req: Request) async throws -> Response {
        let access = try await req.access(.moderateResources)
        let resource = try await find(req, access)
        let form = FormPairs(req)
        let note = form.first("note") ?? ""
        guard let decision = form.first("decision").flatMap(Resources.Decision.init(rawValue:)) else {
            return try await page(
                req, access, resource,
                errors: [FormError(field: "note", message: "Choose publish, turn down or withdraw")], note: note)
        }
        do {
            try await Resources.moderate(resource, decision, note: note, by: access.staff.acting(req), on: req.db)
        } catch let errors as FieldErrors {
            return try await page(
                req, access, resource,
                errors: errors.formErrors.map {
                    $0.field == "decision" ? FormError(field: "note", message: $0.message) : $0
                }, note: note)
        }
        req.application.publicPageCache.clear()
        return req.redirect(
            to: SiteURL.partnership(slug: access.slug, .resource(id: resource.id!.uuidString)).path,
            redirectType: .normal)
    }

    /// Deletes an item that is not public, and its file, for good.
    func delete(req: Request) async throws -> Response {
        let access = try await req.access(.moderateResources)
        let resource = try await find(req, access)
        do {
            try await Resources.delete(resource, by: access.staff.acting(req), on: req.db)
        } catch let errors as FieldErrors {
            return try await page(req, access, resource, errors: errors.formErrors)
        }
        req.application.publicPageCache.clear()
        return req.redirect(
            to: SiteURL.partnership(slug: access.slug, .resources).path + "?deleted=1", redirectType: .normal)
    }

    /// The file of any item, for the partner checking it before approval (not counted); a video plays in the page.
    func file(req: Request) async throws -> Response {
        let access = try await req.access(.addResources)
        let resource = try await find(req, access)
        let inline = req.query[String.self, at: "view"] == "inline" && resource.isVideo
        return try await PublicResourcesController.send(resource, inline: inline, req)
    }

    /// A video's captions, for the partner checking it.
    func captions(req: Request) async throws -> Response {
        let access = try await req.access(.addResources)
        return try PublicResourcesController.captions(try await find(req, access))
    }
}
