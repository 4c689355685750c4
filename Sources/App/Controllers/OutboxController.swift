import SaferCyberCore
import SaferCyberViews
import Vapor

/// The partnership's outbox and its email settings (issue 22), for coordinators.
struct OutboxController {
    static func transportText(_ config: MailConfig) -> String {
        switch config.transport {
        case .none:
            "This server does not send email (MAIL_TRANSPORT=none): messages stay here, so you can see what would have been sent. Links in them work."
        case .smtp:
            "Email is sent through the mail server \(config.smtpHost). Links in messages are not shown here; they reach only the person's mailbox."
        case .notify:
            "Email is sent through GOV.UK Notify. Links in messages are not shown here; they reach only the person's mailbox."
        }
    }

    func show(req: Request) async throws -> Response {
        let access = try await req.access(.editSettings)
        return try await page(req, access, notice: req.query[String.self, at: "saved"] == "1" ? "Saved." : nil)
    }

    private func page(
        _ req: Request, _ access: PartnershipAccess, notice: String?, errors: [FormError] = [],
        form: FormPairs? = nil, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let messages = try await Outbox.list(
            partnershipID: access.partnershipID, viewedBy: access.staff.acting(req), on: req.db)
        let counts = try await Outbox.counts(partnershipID: access.partnershipID, on: req.db)
        let off = try await Outbox.switchedOff(partnershipID: access.partnershipID, on: req.db)
        let partnership: Partnership? = access.partnership
        var model = OutboxPage.Model(
            slug: access.slug, transport: Self.transportText(req.application.config.mail),
            counts: OutboxMessage.Status.allCases.compactMap { status in counts[status].map { (status.label, $0) } },
            rows: messages.map {
                OutboxPage.Row(
                    id: $0.id?.uuidString ?? "", createdAt: UKTime.dateTime($0.createdAt),
                    kind: $0.mailKind?.label ?? $0.kind, recipient: $0.recipient, subject: $0.subject,
                    status: $0.status.label, attempts: $0.attempts, lastError: $0.lastError)
            },
            kinds: MailKind.allCases.filter(\.canBeSwitchedOff).map {
                .init(value: $0.rawValue, label: $0.label, on: !off.contains($0))
            },
            contactEmail: form?.first("contactEmail") ?? partnership?.contactEmail ?? "", notice: notice,
            errors: errors)
        model.reminderHours =
            form?.first("reminderHours") ?? "\(partnership?.reminderHours ?? MailSchedule.defaultReminderHours)"
        model.afterSurveyHours =
            form?.first("afterSurveyHours")
            ?? "\(partnership?.afterSurveyHours ?? MailSchedule.defaultAfterSurveyHours)"
        return OutboxPage.render(model, chrome: req.chrome(access, current: .outbox)).htmlResponse(status)
    }

    func message(req: Request) async throws -> Response {
        let access = try await req.access(.editSettings)
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
            let message = try await Outbox.find(
                id, partnershipID: access.partnershipID, viewedBy: access.staff.acting(req), on: req.db)
        else { throw NotFound("email") }
        let config = req.application.config.mail
        let response = OutboxPage.message(
            slug: access.slug, subject: message.subject,
            facts: [
                ("To", message.recipient), ("Kind", message.mailKind?.label ?? message.kind),
                ("Status", message.status.label), ("Queued", UKTime.dateTime(message.createdAt)),
                ("Sent", message.sentAt.map(UKTime.dateTime) ?? "Not yet"), ("Tries", "\(message.attempts)"),
                ("Attachments", message.attachments.map(\.filename).joined(separator: ", ")),
            ] + (message.lastError.map { [("Last error", $0)] } ?? []),
            text: Outbox.visibleText(message, revealSecrets: !config.sends),
            chrome: req.chrome(access, current: .outbox)
        ).htmlResponse()
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    func save(req: Request) async throws -> Response {
        let access = try await req.access(.editSettings)
        let form = FormPairs(req)
        let on = Set(form.all("on").compactMap(MailKind.init(rawValue:)))
        let off = Set(MailKind.allCases.filter { $0.canBeSwitchedOff && !on.contains($0) })
        do {
            func hours(_ name: String) -> Int? {
                guard let text = form.first(name)?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
                    return nil
                }
                return Int(text) ?? -1
            }
            try await Outbox.saveSettings(
                partnershipID: access.partnershipID, off: off, contactEmail: form.first("contactEmail") ?? "",
                reminderHours: hours("reminderHours"), afterSurveyHours: hours("afterSurveyHours"),
                by: access.staff.acting(req), on: req.db)
        } catch let errors as FieldErrors {
            return try await page(
                req, access, notice: nil, errors: errors.formErrors, form: form, status: .unprocessableEntity)
        }
        return req.redirect(
            to: SiteURL.partnership(slug: access.slug, .outbox).path + "?saved=1", redirectType: .normal)
    }
}
