import Fluent
import SaferCyberCore
import SaferCyberViews
import Vapor

/// Partnership settings: the name and the four editable lists.
struct SettingsController {
    struct NameForm: Content { var partnershipName: String? }
    struct ItemForm: Content {
        var name: String?
        var kind: String?
    }

    func show(req: Request) async throws -> Response {
        let access = try await req.access(.viewSettings)
        return try await render(
            req, access, errors: [],
            notice: req.query[String.self, at: "saved"].map { _ in "Your change has been saved." })
    }

    func rename(req: Request) async throws -> Response {
        let access = try await req.access(.editSettings)
        let form = try FormPairs(req).decode(NameForm.self)
        do {
            try await PartnershipSettings.renamePartnership(
                on: req.db, partnershipID: access.partnershipID, name: form.partnershipName ?? "",
                by: access.staff.acting(req))
        } catch let errors as FieldErrors {
            return try await render(req, access, errors: errors.formErrors, status: .unprocessableEntity)
        }
        return saved(req, access)
    }

    struct RetentionForm: Content { var months: String? }

    func retention(req: Request) async throws -> Response {
        let access = try await req.access(.editSettings)
        let form = try FormPairs(req).decode(RetentionForm.self)
        do {
            try await Retention.setMonths(
                Int((form.months ?? "").trimmingCharacters(in: .whitespaces)) ?? 0,
                partnershipID: access.partnershipID, by: access.staff.acting(req), on: req.db)
        } catch let errors as FieldErrors {
            return try await render(
                req, access, errors: errors.formErrors, status: .unprocessableEntity, monthsField: form.months ?? "")
        }
        req.application.publicPageCache.clear()
        return saved(req, access)
    }

    func privacy(req: Request) async throws -> Response {
        let access = try await req.access(.editSettings)
        let form = FormPairs(req)
        let controller = form.first("controller") ?? ""
        let dpo = form.first("dpo") ?? ""
        do {
            try await PrivacyNotice.setDetails(
                controller: controller, dpo: dpo, partnershipID: access.partnershipID, by: access.staff.acting(req),
                on: req.db)
        } catch let errors as FieldErrors {
            return try await render(
                req, access, errors: errors.formErrors, status: .unprocessableEntity, privacyFields: (controller, dpo))
        }
        return saved(req, access)
    }

    func disclosure(req: Request) async throws -> Response {
        let access = try await req.access(.editSettings)
        let typed = FormPairs(req).first("threshold") ?? ""
        do {
            try await DisclosurePolicy.setThreshold(
                Int(typed.trimmingCharacters(in: .whitespaces)) ?? 0, partnershipID: access.partnershipID,
                by: access.staff.acting(req), on: req.db)
        } catch let errors as FieldErrors {
            return try await render(
                req, access, errors: errors.formErrors, status: .unprocessableEntity, thresholdField: typed)
        }
        return saved(req, access)
    }

    func yearStart(req: Request) async throws -> Response {
        let access = try await req.access(.editSettings)
        do {
            try await ReportingYear.setStart(
                Int(FormPairs(req).first("month") ?? "") ?? 0, partnershipID: access.partnershipID,
                by: access.staff.acting(req), on: req.db)
        } catch let errors as FieldErrors {
            return try await render(req, access, errors: errors.formErrors, status: .unprocessableEntity)
        }
        return saved(req, access)
    }

    func twoStep(req: Request) async throws -> Response {
        let access = try await req.access(.editSettings)
        try await TwoFactor.setRequiredForEveryone(
            FormPairs(req).first("required") == "yes", partnershipID: access.partnershipID,
            by: access.staff.acting(req), on: req.db)
        return saved(req, access)
    }

    func localContacts(req: Request) async throws -> Response {
        let access = try await req.access(.editSettings)
        let text = FormPairs(req).first("localContacts") ?? ""
        do {
            try await LocalContacts.set(
                text, partnershipID: access.partnershipID, by: access.staff.acting(req), on: req.db)
        } catch let errors as FieldErrors {
            return try await render(
                req, access, errors: errors.formErrors, status: .unprocessableEntity, contactsField: text)
        }
        return saved(req, access)
    }

    func brandColour(req: Request) async throws -> Response {
        let access = try await req.access(.editSettings)
        let text = FormPairs(req).first("brandColour") ?? ""
        do {
            try await BrandColour.set(
                text, partnershipID: access.partnershipID, by: access.staff.acting(req), on: req.db)
        } catch let errors as FieldErrors {
            return try await render(
                req, access, errors: errors.formErrors, status: .unprocessableEntity, colourField: text)
        }
        req.application.publicPageCache.clear()
        return saved(req, access)
    }

    /// The logo form is multipart (under the normal body limit, so the CSRF check reads its token as usual).
    func logo(req: Request) async throws -> Response {
        let access = try await req.access(.editSettings)
        struct LogoForm: Content {
            var logo: File?
            var action: String?
        }
        let form = try? req.content.decode(LogoForm.self)
        do {
            if form?.action == "remove" {
                try await Logos.remove(partnershipID: access.partnershipID, by: access.staff.acting(req), on: req.db)
            } else {
                guard let file = form?.logo, file.data.readableBytes > 0 else {
                    throw FieldErrors("logo", "Choose a PNG or JPEG file for the logo")
                }
                let bytes = Array(file.data.readableBytesView)
                try await Logos.set(
                    .init(fileName: file.filename, bytes: bytes), partnershipID: access.partnershipID,
                    by: access.staff.acting(req), on: req.db)
            }
        } catch let errors as FieldErrors {
            return try await render(req, access, errors: errors.formErrors, status: .unprocessableEntity)
        }
        req.application.publicPageCache.clear()
        return saved(req, access)
    }

    func courses(req: Request) async throws -> Response {
        let access = try await req.access(.editSettings)
        let chosen = Set(FormPairs(req).all("course"))
        try await Courses.choose(
            enabled: chosen, partnershipID: access.partnershipID, library: req.application.courses,
            by: access.staff.acting(req), on: req.db)
        req.application.publicPageCache.clear()
        return saved(req, access)
    }

    func add(req: Request) async throws -> Response {
        let access = try await req.access(.editSettings)
        let list = try self.list(req)
        let form = try FormPairs(req).decode(ItemForm.self)
        do {
            var parsed = FieldErrors()
            let kind = parsed.choice(
                form.kind ?? "", "kind", empty: PartnerKind.other, message: "Choose what kind of organisation it is")
            try parsed.throwIfAny()
            try await PartnershipSettings.add(
                on: req.db, list: list, partnershipID: access.partnershipID, name: form.name ?? "", kind: kind,
                by: access.staff.acting(req))
        } catch let errors as FieldErrors {
            return try await render(
                req, access,
                errors: errors.formErrors.map {
                    FormError(
                        field: "add-\(list.rawValue)",
                        message: "\(list.singular.capitalizedFirst): \($0.message.lowercasedFirst)")
                }, status: .unprocessableEntity)
        }
        return saved(req, access)
    }

    func renameItem(req: Request) async throws -> Response {
        let access = try await req.access(.editSettings)
        let list = try self.list(req)
        let form = try FormPairs(req).decode(ItemForm.self)
        let id = try itemID(req)
        do {
            try await PartnershipSettings.rename(
                on: req.db, list: list, partnershipID: access.partnershipID, itemID: id, name: form.name ?? "",
                by: access.staff.acting(req))
        } catch let errors as FieldErrors {
            return try await render(
                req, access,
                errors: errors.formErrors(on: "rename-\(list.rawValue)-\(id.uuidString)"), status: .unprocessableEntity)
        }
        return saved(req, access)
    }

    func removeItem(req: Request) async throws -> Response {
        let access = try await req.access(.editSettings)
        try await PartnershipSettings.remove(
            on: req.db, list: try list(req), partnershipID: access.partnershipID, itemID: try itemID(req),
            by: access.staff.acting(req))
        return saved(req, access)
    }

    func list(_ req: Request) throws -> PartnershipSettings.List {
        guard let list = req.parameters.get("list").flatMap(PartnershipSettings.List.init(rawValue:)) else {
            throw NotFound("list")
        }
        return list
    }

    func itemID(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw NotFound("item") }
        return id
    }

    func saved(_ req: Request, _ access: PartnershipAccess) -> Response {
        req.redirect(to: SiteURL.partnership(slug: access.slug, .settings).path + "?saved=1", redirectType: .normal)
    }

    func render(
        _ req: Request, _ access: PartnershipAccess, errors: [FormError], notice: String? = nil,
        status: HTTPResponseStatus = .ok, monthsField: String? = nil, contactsField: String? = nil,
        colourField: String? = nil, thresholdField: String? = nil, privacyFields: (String, String)? = nil
    ) async throws -> Response {
        let snapshot = try await PartnershipSettings.snapshot(on: req.db, partnershipID: access.partnershipID)
        let lists: [SettingsPage.List] = [
            .init(
                key: "partners", title: "Partner organisations", singular: "partner organisation",
                items: snapshot.partners.map { .init(id: $0.id.uuidString, name: $0.name, detail: $0.kind.label) }),
            .init(
                key: "themes", title: "Themes", singular: "theme",
                items: snapshot.themes.map { .init(id: $0.id.uuidString, name: $0.name) }),
            .init(
                key: "objectives", title: "Objectives", singular: "objective",
                items: snapshot.objectives.map { .init(id: $0.id.uuidString, name: $0.name) }),
            .init(
                key: "audiences", title: "Audiences", singular: "audience",
                items: snapshot.audiences.map { .init(id: $0.id.uuidString, name: $0.name) }),
        ]
        var model = SettingsPage.Model(
            slug: access.slug, partnershipName: access.partnership.name, canEdit: access.allows(.editSettings),
            lists: lists,
            partnerKinds: PartnerKind.allCases.map { ($0.rawValue, $0.label) }, errors: errors, notice: notice,
            retentionMonths: monthsField ?? "\(access.partnership.bookingRetentionMonths ?? Bookings.retentionMonths)",
            localContacts: contactsField ?? access.partnership.localContacts ?? "",
            brandColour: colourField ?? access.partnership.brandColour ?? "")
        let off = try await Courses.switchedOff(partnershipID: access.partnershipID, on: req.db)
        model.courses = req.application.courses.courses.map { ($0.id, $0.title, !off.contains($0.id)) }
        model.hasLogo = try await Logos.find(partnershipID: access.partnershipID, on: req.db) != nil
        model.threshold =
            thresholdField ?? "\(access.partnership.disclosureThreshold ?? DisclosurePolicy.defaultThreshold)"
        model.yearStart = ReportingYear(access.partnership).startMonth
        let config = req.application.config
        let notice = PrivacyNotice.build(
            partnership: access.partnership, checkContactMonths: config.checkContactRetentionMonths,
            safeguardingMonths: config.safeguardingRetentionMonths)
        model.controller = privacyFields?.0 ?? access.partnership.controllerName ?? ""
        model.dpo = privacyFields?.1 ?? access.partnership.dpoContact ?? ""
        model.privacyMissing = notice.missing
        model.kept = notice.retention.map { ($0.what, $0.keptFor, $0.then) }
        return SettingsPage.render(model, chrome: req.chrome(access, current: .settings)).htmlResponse(status)
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
    var lowercasedFirst: String { prefix(1).lowercased() + dropFirst() }
}
