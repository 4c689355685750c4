import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

/// Students' own work (issue 23): coordinators make time-limited links; a school sends work through one into the
/// resource library's moderation.
struct SubmissionsController {
    /// Uploads one address may send through links in a day (a class on one connection shares it).
    static let uploadsPerAddress = 60

    // MARK: staff

    private func linksPage(
        _ req: Request, _ access: PartnershipAccess, newLink: String? = nil, typed: (String, String, String)? = nil,
        errors: [FormError] = [], status: HTTPStatus = .ok
    ) async throws -> Response {
        let now = Date()
        let links = try await Submissions.all(partnershipID: access.partnershipID, on: req.db).map { link in
            SubmissionPages.Link(
                id: link.id?.uuidString ?? "", label: link.label,
                made: "\(UKTime.longDate(link.createdAt)) by \(link.createdBy)",
                closes: UKTime.longDate(link.expiresAt), uses: "\(link.uses) of \(link.maxUses)",
                isOpen: link.isOpen(at: now))
        }
        var model = SubmissionPages.LinksModel(slug: access.slug, links: links)
        model.newLink = newLink
        model.errors = errors
        if let typed { (model.label, model.days, model.uploads) = typed }
        return SubmissionPages.links(model, chrome: req.chrome(access, current: .submissionLinks)).htmlResponse(status)
    }

    func list(req: Request) async throws -> Response {
        try await linksPage(req, try await req.access(.moderateResources))
    }

    func create(req: Request) async throws -> Response {
        let access = try await req.access(.moderateResources)
        let form = FormPairs(req)
        let typed = (form.first("label") ?? "", form.first("days") ?? "", form.first("uploads") ?? "")
        do {
            let made = try await Submissions.create(
                label: typed.0, days: Int(typed.1.trimmingCharacters(in: .whitespaces)) ?? 0,
                uploads: Int(typed.2.trimmingCharacters(in: .whitespaces)) ?? 0, partnershipID: access.partnershipID,
                by: access.staff.acting(req), on: req.db)
            let address = req.siteAddress + SiteURL.publicSubmit(slug: access.slug, token: made.token).path
            return try await linksPage(req, access, newLink: address)
        } catch let errors as FieldErrors {
            return try await linksPage(
                req, access, typed: typed, errors: errors.formErrors, status: .unprocessableEntity)
        }
    }

    func revoke(req: Request) async throws -> Response {
        let access = try await req.access(.moderateResources)
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else {
            throw NotFound("submission link")
        }
        try await Submissions.revoke(
            id: id, partnershipID: access.partnershipID, by: access.staff.acting(req), on: req.db)
        return req.redirect(to: SiteURL.partnership(slug: access.slug, .submissionLinks).path, redirectType: .normal)
    }

    // MARK: public

    private func open(_ req: Request) async throws -> (Partnership, SubmissionLink, String) {
        guard let slug = req.parameters.get("slug"),
            let partnership = try await Partnerships.find(on: req.db, slug: slug),
            let token = req.parameters.get("token"),
            let link = try await Submissions.open(token: token, partnershipID: partnership.requireID(), on: req.db)
        else {
            throw Abort(
                .notFound,
                reason: "This link is not open: it may have closed or taken all the work it can. Ask for a new link.")
        }
        return (partnership, link, token)
    }

    private func model(_ req: Request, _ partnership: Partnership, _ link: SubmissionLink, _ token: String)
        async throws -> SubmissionPages.FormModel
    {
        var model = SubmissionPages.FormModel(
            slug: partnership.slug, token: token, partnershipName: partnership.name, label: link.label,
            closes: UKTime.longDate(link.expiresAt),
            kinds: [LibraryResource.Kind.video, .poster, .leaflet, .presentation, .audio, .other].map {
                ($0.rawValue, $0.label)
            })
        let snapshot = try await PartnershipSettings.snapshot(on: req.db, partnershipID: partnership.requireID())
        model.themes = ResourceItems.options(snapshot.themes)
        model.audiences = ResourceItems.options(snapshot.audiences)
        return model
    }

    func show(req: Request) async throws -> Response {
        let (partnership, link, token) = try await open(req)
        return SubmissionPages.form(try await model(req, partnership, link, token), csrf: req.csrfToken).htmlResponse()
    }

    /// Streamed to a temporary file like staff uploads; the form token is checked once the body is read.
    func submit(req: Request) async throws -> Response {
        let (partnership, link, token) = try await open(req)
        var page = try await model(req, partnership, link, token)
        let largest = (UploadCheck.Kind.allCases.map(\.largestBytes).max() ?? 0) + 300_000 + Captions.largestBytes
        let response = try await req.streamedUpload(
            suffix: "upload", limit: largest, fieldLimit: Captions.largestBytes + 1, textFiles: ["captions"],
            expired: "This form has expired. Go back, refresh the page and try again."
        ) { form, path in try await received(req, partnership, link, page, form, path) }
        if let response { return response }
        page.errors = [FormError(field: "file", message: "Choose a file to send")]
        return SubmissionPages.form(page, csrf: req.csrfToken).htmlResponse(.unprocessableEntity)
    }

    private func received(
        _ req: Request, _ partnership: Partnership, _ link: SubmissionLink, _ shown: SubmissionPages.FormModel,
        _ form: UploadedForm, _ path: String
    ) async throws -> Response {
        var page = shown
        // Counted once the form is known to come from the page (review: counting first let forged posts use up a
        // school's allowance).
        let limit = PublicLimits.Rule(
            "submission|\(req.limitAddress)", limit: Self.uploadsPerAddress, window: 24 * 3600)
        if let wait = try await PublicLimits.take([limit], on: req.db).retryAfter {
            page.errors = [
                FormError(field: "file", message: "Too much has been sent from here today. Try again tomorrow.")
            ]
            return SubmissionPages.form(page, csrf: req.csrfToken).htmlResponse(.tooManyRequests).retryAfter(wait)
        }
        var draft = Resources.Draft()
        draft.title = form.fields["title"] ?? ""
        draft.description = form.fields["description"] ?? ""
        draft.kind = form.fields["kind"] ?? ""
        draft.altText = form.fields["altText"] ?? ""
        draft.transcript = form.fields["transcript"] ?? ""
        draft.submitter = form.fields["submitter"] ?? ""
        draft.themes = (form.lists["themes"] ?? []).compactMap(UUID.init(uuidString:))
        draft.audiences = (form.lists["audiences"] ?? []).compactMap(UUID.init(uuidString:))
        LibraryController.readVideo(form, into: &draft)
        let upload = form.fileBytes > 0 ? try Resources.Upload(fileName: form.fileName, path: path) : nil
        do {
            guard upload != nil else { throw FieldErrors("file", "Choose a file to send") }
            try await Resources.add(
                draft, upload: upload, partnershipID: partnership.requireID(),
                by: ActingUser(id: nil, email: "Submission link for \(link.label)"), submission: link, on: req.db)
        } catch let errors as FieldErrors {
            (page.title, page.description, page.kind) = (draft.title, draft.description, draft.kind)
            (page.altText, page.transcript, page.submitter) = (draft.altText, draft.transcript, draft.submitter)
            page.themeIDs = Set(draft.themes.map(\.uuidString))
            page.audienceIDs = Set(draft.audiences.map(\.uuidString))
            page.video = LibraryController.videoDetails(draft)
            page.errors =
                errors.formErrors + LibraryController.chooseCaptionsAgain(draft, errors)
                + (upload != nil && errors.message(for: "file") == nil
                    ? [
                        FormError(
                            field: "file",
                            message: "Choose the file again: files are not kept when the form has problems")
                    ]
                    : [])
            return SubmissionPages.form(page, csrf: req.csrfToken).htmlResponse(.unprocessableEntity)
        }
        page.thanks = true
        return SubmissionPages.form(page, csrf: req.csrfToken).htmlResponse()
    }
}
