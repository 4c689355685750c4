import Fluent
import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

/// Restricted referral records (safeguarding role only, `viewRestricted`), and the anonymous figures everyone in
/// the partnership may see. Without SAFEGUARDING_KEYS the records cannot be read or written at all.
struct ReferralsController {
    private func cipher(_ req: Request) throws -> FieldCipher {
        guard let cipher = req.application.safeguardingCipher else {
            throw Abort(
                .serviceUnavailable,
                reason:
                    "Referrals are stored encrypted and no key is set. Ask the administrator to set SAFEGUARDING_KEYS.")
        }
        return cipher
    }

    /// The list; a search is a POST, so a child's name never appears in an address, a log or browser history
    /// (issue 20, case 8). A `q` in the address is ignored.
    func list(req: Request) async throws -> Response {
        let access = try await req.access(.viewRestricted)
        let search =
            req.method == .POST ? String((FormPairs(req).first("q") ?? "").prefix(100)) : ""
        let viewer = access.staff.acting(req)
        let waiting = try await RoleGrants.pending(on: req.db, partnershipID: access.partnershipID).filter {
            RoleRequestsController.item($0, viewer: viewer).cannotDecide == nil
        }.count
        guard let cipher = req.application.safeguardingCipher else {
            return ReferralPages.list(
                slug: access.slug, rows: [], search: "", configured: false,
                chrome: req.chrome(access, current: .referrals), waitingRequests: waiting
            ).htmlResponse()
        }
        let found = try await Referrals.list(
            partnershipID: access.partnershipID, search: search, cipher: cipher, by: access.staff.acting(req),
            on: req.db)
        let rows = found.map { r, person in
            ReferralPages.Row(
                id: r.id!.uuidString, number: r.number, received: CalendarDay(r.receivedOn)?.label ?? r.receivedOn,
                person: r.anonymisedAt == nil ? person : "(removed)", ageBand: r.ageBand,
                risk: Referral.Risk(rawValue: r.risk)?.label ?? r.risk,
                status: r.outcome.flatMap(Referral.Outcome.init(rawValue:)).map { "Closed: \($0.label.lowercased())" }
                    ?? "Open",
                review: r.nextReviewOn.flatMap(CalendarDay.init)?.label ?? "")
        }
        return ReferralPages.list(
            slug: access.slug, rows: rows, search: search, configured: true,
            chrome: req.chrome(access, current: .referrals), waitingRequests: waiting
        ).htmlResponse()
    }

    private func partners(_ req: Request, _ access: PartnershipAccess) async throws -> [(value: String, label: String)]
    {
        try await PartnershipSettings.snapshot(on: req.db, partnershipID: access.partnershipID).partners.map {
            ($0.id.uuidString, $0.name)
        }
    }

    static func values(_ d: Referrals.Draft) -> [String: String] {
        [
            "receivedOn": d.receivedOn, "referrerPartner": d.referrerPartner, "referrer": d.referrer,
            "person": d.person, "ageBand": d.ageBand,
            "school": d.school, "area": d.area, "consentYoungPerson": d.consentYoungPerson,
            "consentParent": d.consentParent, "risk": d.risk,
            "riskReason": d.riskReason, "route": d.route, "handedOn": d.handedOn, "nextReviewOn": d.nextReviewOn,
        ]
    }

    static func draft(_ req: Request) -> Referrals.Draft {
        let form = FormPairs(req)
        var d = Referrals.Draft()
        let f = { (name: String) in form.first(name) ?? "" }
        d.receivedOn = f("receivedOn")
        d.referrerPartner = f("referrerPartner")
        d.referrer = f("referrer")
        d.person = f("person")
        d.ageBand = f("ageBand")
        d.school = f("school")
        d.area = f("area")
        d.concerns = form.all("concerns")
        d.consentYoungPerson = f("consentYoungPerson")
        d.consentParent = f("consentParent")
        d.risk = f("risk")
        d.riskReason = f("riskReason")
        d.route = f("route").isEmpty ? "none" : f("route")
        d.handedOn = f("handedOn")
        d.nextReviewOn = f("nextReviewOn")
        return d
    }

    private func formPage(
        _ req: Request, _ access: PartnershipAccess, id: String?, draft: Referrals.Draft, errors: [FormError]
    ) async throws -> Response {
        let model = ReferralPages.FormModel(
            slug: access.slug, id: id, values: Self.values(draft), concerns: Set(draft.concerns),
            partners: try await partners(req, access), errors: errors)
        return ReferralPages.form(model, chrome: req.chrome(access, current: .referrals)).htmlResponse(
            errors.isEmpty ? .ok : .unprocessableEntity)
    }

    func new(req: Request) async throws -> Response {
        let access = try await req.access(.viewRestricted)
        _ = try cipher(req)
        var draft = Referrals.Draft()
        draft.receivedOn = CalendarDay.today().typed
        return try await formPage(req, access, id: nil, draft: draft, errors: [])
    }

    func create(req: Request) async throws -> Response {
        let access = try await req.access(.viewRestricted)
        let draft = Self.draft(req)
        do {
            let referral = try await Referrals.create(
                draft, partnershipID: access.partnershipID, cipher: try cipher(req), by: access.staff.acting(req),
                on: req.db)
            return req.redirect(
                to: SiteURL.partnership(slug: access.slug, .referral(id: referral.id!.uuidString)).path,
                redirectType: .normal)
        } catch let errors as FieldErrors {
            return try await formPage(req, access, id: nil, draft: draft, errors: errors.formErrors)
        }
    }

    private func referral(_ req: Request, _ access: PartnershipAccess) async throws -> Referral {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw NotFound("referral") }
        return try await Referrals.open(
            id, partnershipID: access.partnershipID, by: access.staff.acting(req), on: req.db)
    }

    func edit(req: Request) async throws -> Response {
        let access = try await req.access(.viewRestricted)
        let referral = try await referral(req, access)
        return try await formPage(
            req, access, id: referral.id!.uuidString, draft: try Referrals.draft(of: referral, cipher: try cipher(req)),
            errors: [])
    }

    func update(req: Request) async throws -> Response {
        let access = try await req.access(.viewRestricted)
        let referral = try await referral(req, access)
        let draft = Self.draft(req)
        do {
            try await Referrals.update(
                referral, draft, cipher: try cipher(req), by: access.staff.acting(req), on: req.db)
        } catch let errors as FieldErrors {
            return try await formPage(req, access, id: referral.id!.uuidString, draft: draft, errors: errors.formErrors)
        }
        return req.redirect(
            to: SiteURL.partnership(slug: access.slug, .referral(id: referral.id!.uuidString)).path,
            redirectType: .normal)
    }

    private func showPage(_ req: Request, _ access: PartnershipAccess, _ r: Referral, errors: [FormError] = [])
        async throws -> Response
    {
        let cipher = try cipher(req)
        let d = try Referrals.draft(of: r, cipher: cipher)
        let id = try r.requireID()
        let partners = Dictionary(uniqueKeysWithValues: try await partners(req, access).map { ($0.value, $0.label) })
        let day = { (text: String?) in text.flatMap(CalendarDay.init)?.label ?? "" }
        var facts: [(String, String)] = [
            ("Received", day(r.receivedOn)),
            (
                "Referred by",
                [partners[d.referrerPartner] ?? "", d.referrer].filter { !$0.isEmpty }.joined(separator: ", ")
            ),
            ("Young person", r.anonymisedAt == nil ? d.person : "(removed)"), ("Age band", r.ageBand),
            ("School or college", d.school), ("Area", d.area),
            ("Concerns", r.concernList.map(\.label).joined(separator: "; ")),
            ("Consent: young person", Referral.Consent(rawValue: r.consentYoungPerson)?.label ?? ""),
            ("Consent: parent or carer", Referral.Consent(rawValue: r.consentParent)?.label ?? ""),
            (
                "Risk",
                (Referral.Risk(rawValue: r.risk)?.label ?? "") + (d.riskReason.isEmpty ? "" : ": \(d.riskReason)")
            ),
            (
                "Statutory route",
                (Referral.Route(rawValue: r.statutoryRoute)?.label ?? "") + (r.handedOn.map { " on \(day($0))" } ?? "")
            ),
            ("Next review", day(r.nextReviewOn)),
        ]
        if let outcome = r.outcome.flatMap(Referral.Outcome.init(rawValue:)) {
            facts.append(("Outcome", "\(outcome.label), closed \(day(r.closedOn))"))
            facts.append(
                (
                    "Follow-up at 6 months",
                    r.followUp6.flatMap(Referral.FollowUp.init(rawValue:))?.label ?? "Not yet recorded"
                ))
            facts.append(
                (
                    "Follow-up at 12 months",
                    r.followUp12.flatMap(Referral.FollowUp.init(rawValue:))?.label ?? "Not yet recorded"
                ))
        }
        let interventions = try await Referrals.interventions(id, on: req.db).map { i in
            ReferralPages.Intervention(
                id: i.id!.uuidString, kind: ReferralIntervention.Kind(rawValue: i.kind)?.label ?? i.kind,
                planned: day(i.plannedOn),
                delivered: day(i.deliveredOn), note: try cipher.openOptional(i.noteSealed, for: i.noteBinding))
        }
        let pathways = try await Referrals.pathways(id, on: req.db).map { p in
            ReferralPages.Pathway(
                id: p.id!.uuidString, kind: ReferralPathway.Kind(rawValue: p.kind)?.label ?? p.kind,
                offered: day(p.offeredOn),
                takenUp: p.takenUp.map { $0 ? "Yes" : "No" } ?? "Not known yet",
                note: try cipher.openOptional(p.noteSealed, for: p.noteBinding))
        }
        let model = ReferralPages.ShowModel(
            slug: access.slug, id: id.uuidString, number: r.number, facts: facts.filter { !$0.1.isEmpty },
            anonymised: r.anonymisedAt != nil, closed: r.isClosed, interventions: interventions, pathways: pathways,
            errors: errors)
        return ReferralPages.show(model, chrome: req.chrome(access, current: .referrals)).htmlResponse(
            errors.isEmpty ? .ok : .unprocessableEntity)
    }

    func show(req: Request) async throws -> Response {
        let access = try await req.access(.viewRestricted)
        return try await showPage(req, access, try await referral(req, access))
    }

    /// Runs a change from the referral page; problems re-show the page with an error summary.
    private func change(_ req: Request, _ body: (Referral, PartnershipAccess, FormPairs) async throws -> Void)
        async throws -> Response
    {
        let access = try await req.access(.viewRestricted)
        let referral = try await referral(req, access)
        guard referral.anonymisedAt == nil else {
            throw Abort(.conflict, reason: "This referral was anonymised at the end of its retention period.")
        }
        do {
            try await body(referral, access, FormPairs(req))
        } catch let errors as FieldErrors {
            return try await showPage(req, access, referral, errors: errors.formErrors)
        }
        return req.redirect(
            to: SiteURL.partnership(slug: access.slug, .referral(id: referral.id!.uuidString)).path,
            redirectType: .normal)
    }

    func addIntervention(req: Request) async throws -> Response {
        let cipher = try cipher(req)
        return try await change(req) { r, access, form in
            try await Referrals.addIntervention(
                r, kind: form.first("interventionKind") ?? "", plannedOn: form.first("plannedOn") ?? "",
                deliveredOn: form.first("deliveredOn") ?? "", note: form.first("interventionNote") ?? "",
                cipher: cipher,
                by: access.staff.acting(req), on: req.db)
        }
    }

    func delivered(req: Request) async throws -> Response {
        try await change(req) { r, access, form in
            guard let item = req.parameters.get("intervention").flatMap(UUID.init(uuidString:)) else {
                throw NotFound("intervention")
            }
            try await Referrals.markDelivered(
                item, referral: r, on: form.first("deliveredOn") ?? "", by: access.staff.acting(req), on: req.db)
        }
    }

    func addPathway(req: Request) async throws -> Response {
        let cipher = try cipher(req)
        return try await change(req) { r, access, form in
            try await Referrals.addPathway(
                r, kind: form.first("pathwayKind") ?? "", offeredOn: form.first("offeredOn") ?? "",
                takenUp: form.first("takenUp") ?? "",
                note: form.first("pathwayNote") ?? "", cipher: cipher, by: access.staff.acting(req), on: req.db)
        }
    }

    func takenUp(req: Request) async throws -> Response {
        try await change(req) { r, access, form in
            guard let item = req.parameters.get("pathway").flatMap(UUID.init(uuidString:)) else {
                throw NotFound("pathway")
            }
            let action = form.first("action")
            try await Referrals.setTakenUp(
                item, referral: r, takenUp: action == "yes" ? true : action == "no" ? false : nil,
                by: access.staff.acting(req), on: req.db)
        }
    }

    func close(req: Request) async throws -> Response {
        try await change(req) { r, access, form in
            try await Referrals.close(
                r, outcome: form.first("outcome") ?? "", on: form.first("closedOn") ?? "", by: access.staff.acting(req),
                on: req.db)
        }
    }

    func followUp(req: Request) async throws -> Response {
        try await change(req) { r, access, form in
            try await Referrals.followUp(
                r, months: Int(form.first("months") ?? "") ?? 0, result: form.first("followUp") ?? "",
                by: access.staff.acting(req), on: req.db)
        }
    }

    /// Subject access, step 1: which referrals are this person's (the lead confirms; names alone never decide).
    func subjectAccess(req: Request) async throws -> Response {
        let access = try await req.access(.viewRestricted)
        let referral = try await referral(req, access)
        let cipher = try cipher(req)
        let candidates = try await ReferralRecords.possibleMatches(referral, cipher: cipher, on: req.db).map { r in
            let draft = try Referrals.draft(of: r, cipher: cipher)
            return ReferralPages.Candidate(
                id: try r.requireID().uuidString, number: r.number, received: r.receivedOn, ageBand: r.ageBand,
                school: draft.school, area: draft.area)
        }
        let response = ReferralPages.subjectAccess(
            .init(
                slug: access.slug, id: try referral.requireID().uuidString, number: referral.number,
                csrf: req.csrfToken, candidates: candidates),
            chrome: req.chrome(access, current: .referrals)
        ).htmlResponse()
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// Subject access, step 2: the export of this referral and the ones confirmed (ticked, or given by number).
    func export(req: Request) async throws -> Response {
        let access = try await req.access(.viewRestricted)
        let referral = try await referral(req, access)
        let form = FormPairs(req)
        var also = form.all("also").compactMap(UUID.init(uuidString:))
        let numbers = (form.first("numbers") ?? "").split(whereSeparator: { $0 == "," || $0 == " " })
            .compactMap { Int($0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "#", with: "")) }
        if !numbers.isEmpty {
            also += try await Referrals.ids(numbers: numbers, partnershipID: access.partnershipID, on: req.db)
        }
        let partners = try await PartnershipSettings.snapshot(on: req.db, partnershipID: access.partnershipID)
            .partnerNames
        let json = try await ReferralRecords.subjectAccess(
            referral, also: also, cipher: try cipher(req), partners: partners, by: access.staff.acting(req),
            on: req.db)
        return Response(
            status: .ok,
            headers: [
                "Content-Type": "application/json; charset=utf-8",
                "Content-Disposition": "attachment; filename=\"subject-access-referral-\(referral.number).json\"",
                "Cache-Control": "no-store",
            ],
            body: .init(string: json))
    }

}

extension Application {
    private struct CipherKey: StorageKey { typealias Value = FieldCipher }

    private struct AccountKeysKey: StorageKey { typealias Value = FieldCipher }

    /// The key that seals two-step sign-in secrets (ACCOUNT_KEYS or the data folder's key file), set by
    /// `prepareDatabase`.
    var accountKeys: FieldCipher? {
        get { storage[AccountKeysKey.self] }
        set { storage[AccountKeysKey.self] = newValue }
    }

    /// The account keys, or a plain refusal if the database was never prepared (cannot happen under `serve`).
    func requireAccountKeys() throws -> FieldCipher {
        guard let keys = accountKeys else {
            throw Abort(.serviceUnavailable, reason: "SaferCyber is still starting. Try again in a moment.")
        }
        return keys
    }

    /// The safeguarding cipher from SAFEGUARDING_KEYS (set at start-up), or nil when none is configured.
    var safeguardingCipher: FieldCipher? {
        get { storage[CipherKey.self] }
        set { storage[CipherKey.self] = newValue }
    }
}
