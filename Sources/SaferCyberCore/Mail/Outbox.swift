import FluentKit
import Foundation
import SQLKit

/// The durable outbox: messages are queued in the transaction of the change that causes them, then claimed,
/// delivered and marked by the sender (docs/email.md). On PostgreSQL several instances claim with
/// `FOR UPDATE SKIP LOCKED`, so no message is claimed by two of them at once; on SQLite the write gate serialises
/// claims. A sender that dies mid-send leaves its claim to expire, and the message is sent again: the only
/// duplicates are messages in flight at the moment of a crash.
public enum Outbox {
    /// How long a claim lasts before another sender may take the message over.
    public static let claimLifetime: TimeInterval = 120
    /// Tries before a message is given up as failed.
    public static let maxAttempts = 8

    /// A message to queue.
    public struct Draft: Sendable {
        public var kind: MailKind
        public var partnershipID: UUID?
        public var recipient: String
        public var letter: Letter
        public var idempotencyKey: String
        public var attachments: [MailAttachment]
        public var secret: String?
        public var reference: String?
        /// Not sent before this time (reminders, the "after" survey).
        public var notBefore: Date?
        /// Kept with the message for the code that queued it (`OutboxMessage.context`).
        public var context: String?

        public init(
            kind: MailKind, partnershipID: UUID?, recipient: String, letter: Letter, idempotencyKey: String,
            attachments: [MailAttachment] = [], secret: String? = nil, reference: String? = nil, notBefore: Date? = nil
        ) {
            self.kind = kind
            self.partnershipID = partnershipID
            self.recipient = recipient
            self.letter = letter
            self.idempotencyKey = idempotencyKey
            self.attachments = attachments
            self.secret = secret
            self.reference = reference
            self.notBefore = notBefore
        }
    }

    /// Queues a message in the caller's transaction. A second draft with the same idempotency key is ignored, and so
    /// is a draft whose kind the partnership has switched off or whose address is not a plausible email address.
    /// Returns whether a row was written.
    @discardableResult
    public static func enqueue(_ draft: Draft, now: Date = Date(), on db: any Database) async throws -> Bool {
        try await enqueue([draft], now: now, on: db) == 1
    }

    /// Queues several messages in one statement (a batch of bookings). Returns how many rows were written.
    ///
    /// `partnership`, when the caller has it already, saves reading its switches again; `freshKeys` says every key
    /// names something created in this same transaction (a new booking), so none can exist yet and the look-up is
    /// skipped (the unique index still stands behind it). Both keep a booking's own latency down (issue 22: queueing
    /// adds at most 1 ms at the median).
    @discardableResult
    public static func enqueue(
        _ drafts: [Draft], partnership: Partnership? = nil, freshKeys: Bool = false, now: Date = Date(),
        on db: any Database
    ) async throws -> Int {
        var off: [UUID: Set<MailKind>] = [:]
        if let partnership, let id = partnership.id { off[id] = parseKinds(partnership.mailOff) }
        for id in Set(drafts.compactMap(\.partnershipID)) where off[id] == nil {
            off[id] = try await switchedOff(partnershipID: id, on: db)
        }
        var seen: Set<String> =
            freshKeys
            ? []
            : Set(
                try await OutboxMessage.query(on: db).filter(\.$idempotencyKey ~~ drafts.map(\.idempotencyKey))
                    .all(\.$idempotencyKey))
        var rows: [[any SQLExpression]] = []
        for draft in drafts {
            let recipient = User.normalise(email: draft.recipient)
            guard Accounts.isPlausibleEmail(recipient), seen.insert(draft.idempotencyKey).inserted else { continue }
            if let id = draft.partnershipID, draft.kind.canBeSwitchedOff, off[id]?.contains(draft.kind) == true {
                continue
            }
            // A subject is one line: no line break can reach a mail header.
            let subject = draft.letter.subject.components(separatedBy: .newlines).joined(separator: " ")
            let attachments =
                draft.attachments.isEmpty
                ? "[]" : String(decoding: try JSONEncoder().encode(draft.attachments), as: UTF8.self)
            rows.append([
                SQLBind(UUID()), SQLBind(draft.partnershipID), SQLBind(now), SQLBind(draft.idempotencyKey),
                SQLBind(draft.kind.rawValue), SQLBind(OutboxMessage.Status.queued), SQLBind(0),
                SQLBind(max(draft.notBefore ?? now, now)), SQLBind(recipient), SQLBind(String(subject.prefix(200))),
                SQLBind(draft.letter.text), SQLBind(draft.letter.html), SQLBind(attachments), SQLBind(draft.secret),
                SQLBind(draft.reference), SQLBind(draft.context),
            ])
        }
        guard !rows.isEmpty else { return 0 }
        try await db.sql.insert(into: OutboxMessage.schema)
            .columns(
                "id", "partnership_id", "created_at", "idempotency_key", "kind", "status", "attempts",
                "next_attempt_at", "recipient", "subject", "body_text", "body_html", "attachments_json", "secret",
                "reference", "context"
            )
            .rows(rows)
            .ignoringConflicts(with: ["idempotency_key"])
            .run()
        return rows.count
    }

    /// Attachments as stored (`attachments_json`).
    static func attachmentsText(_ attachments: [MailAttachment]) throws -> String {
        attachments.isEmpty ? "[]" : String(decoding: try JSONEncoder().encode(attachments), as: UTF8.self)
    }

    /// Deletes messages about `reference` (a booking) that have not been sent yet: a cancelled booking gets no
    /// reminder.
    public static func withdraw(reference: String, on db: any Database) async throws {
        try await OutboxMessage.query(on: db).filter(\.$reference == reference)
            .filter(\.$status == OutboxMessage.Status.queued).delete()
    }

    /// Removes everything personal from the messages about these references (bookings, checks): used when the
    /// person's details are erased on request or at the end of their retention period, so no copy survives in the
    /// outbox. Messages not yet sent are deleted. Finished ones are emptied (no address, no words) but keep their
    /// key and status, so that asking again cannot send the same message a second time (review finding: withdrawing
    /// and re-entering a check's details re-sent its acknowledgement to any address, as often as anyone liked).
    public static func forget(references: [String], on db: any Database) async throws {
        for chunk in stride(from: 0, to: references.count, by: 500) {
            let part = Array(references[chunk..<min(chunk + 500, references.count)])
            try await empty({ $0.filter(\.$reference ~~ part) }, on: db)
        }
    }

    /// Empties the messages named (withdrawing those still waiting), as `forget(references:)` does.
    public static func forget(ids: [UUID], on db: any Database) async throws {
        for chunk in stride(from: 0, to: ids.count, by: 500) {
            let part = Array(ids[chunk..<min(chunk + 500, ids.count)])
            try await empty({ $0.filter(\.$id ~~ part) }, on: db)
        }
    }

    /// Deletes the chosen messages still waiting and empties the words and links of the rest.
    private static func empty(
        _ chosen: (QueryBuilder<OutboxMessage>) -> QueryBuilder<OutboxMessage>, on db: any Database
    ) async throws {
        let waiting = [OutboxMessage.Status.queued, OutboxMessage.Status.sending]
        try await chosen(OutboxMessage.query(on: db)).filter(\.$status ~~ waiting).delete()
        try await chosen(OutboxMessage.query(on: db)).filter(\.$status !~ waiting)
            .set(\.$recipient, to: "").set(\.$subject, to: erased).set(\.$bodyText, to: erased)
            .set(\.$bodyHTML, to: erased).set(\.$attachmentsJSON, to: "[]").set(\.$secret, to: nil)
            .set(\.$lastError, to: nil).set(\.$context, to: nil).update()
    }

    /// What an emptied message says instead of its words.
    public static let erased = "[erased at the person's request or at the end of the retention period]"

    static func count(key: String, on db: any Database) async throws -> Int {
        try await OutboxMessage.query(on: db).filter(\.$idempotencyKey == key).count()
    }

    /// The text a page may show: the secret is masked unless `revealSecrets` (only with `MAIL_TRANSPORT=none`, where
    /// the outbox is the only way the message reaches anyone, and never for password resets).
    public static func visibleText(_ message: OutboxMessage, revealSecrets: Bool) -> String {
        // A reset link never; a survey link neither (it carries the participant code, which beside the person's name
        // would tie them to their anonymous answers).
        guard !(revealSecrets && message.mailKind != .passwordReset && message.mailKind != .afterSurvey) else {
            return message.bodyText
        }
        return secrets(message).reduce(message.bodyText) { $0.replacingOccurrences(of: $1, with: masked) }
    }

    /// Records a delivery report that came later (Notify: delivered, permanent-failure, temporary-failure, …).
    public static func providerStatus(providerID: String, delivered: Bool, reason: String, on db: any Database)
        async throws
    {
        try await db.write { tx in
            guard let message = try await OutboxMessage.query(on: tx).filter(\.$providerID == providerID).first()
            else { return }
            message.providerStatus = reason
            if !delivered {
                message.status = OutboxMessage.Status.bounced
                message.lastError = "Not delivered: \(reason)"
            }
            try await message.save(on: tx)
        }
    }

    /// Provider ids of messages sent since `since` with no final delivery report yet.
    public static func awaitingReport(since: Date, limit: Int, on db: any Database) async throws -> [String] {
        try await OutboxMessage.query(on: db).filter(\.$status == OutboxMessage.Status.sent)
            .filter(\.$providerID != nil).filter(\.$providerStatus == nil).filter(\.$sentAt >= since)
            .sort(\.$sentAt).limit(limit).all().compactMap(\.providerID)
    }

    /// A partnership's messages, newest first (the Outbox page).
    /// With `viewedBy`, the view is audited (the list shows recipients' addresses).
    public static func list(
        partnershipID: UUID, limit: Int = 200, viewedBy: ActingUser? = nil, on db: any Database
    ) async throws -> [OutboxMessage] {
        let messages = try await OutboxMessage.query(on: db).filter(\.$partnershipID == partnershipID)
            .sort(\.$createdAt, .descending).limit(limit).all()
        if let viewedBy, !messages.isEmpty {
            try await Audit.read(
                on: db, partnershipID: partnershipID, by: viewedBy, entity: "outbox",
                summary: "Viewed the outbox (\(messages.count) emails listed)")
        }
        return messages
    }

    /// One of a partnership's messages, or nil (ids are scoped to the partnership). With `viewedBy`, the view is
    /// audited (an email names its recipient and can hold their details).
    public static func find(
        _ id: UUID, partnershipID: UUID, viewedBy: ActingUser? = nil, on db: any Database
    ) async throws -> OutboxMessage? {
        let message = try await OutboxMessage.query(on: db).filter(\.$id == id)
            .filter(\.$partnershipID == partnershipID).first()
        if let viewedBy, let message {
            try await Audit.read(
                on: db, partnershipID: partnershipID, by: viewedBy, entity: "email", entityID: id.uuidString,
                summary: "Viewed an email (\(message.mailKind?.label ?? message.kind))")
        }
        return message
    }

    /// How many of a partnership's messages are in each status.
    public static func counts(partnershipID: UUID, on db: any Database) async throws -> [OutboxMessage.Status: Int] {
        let rows = try await db.sql.raw(
            "SELECT status, COUNT(*) AS n FROM outbox_messages WHERE partnership_id = \(bind: partnershipID) GROUP BY status"
        ).all()
        var counts: [OutboxMessage.Status: Int] = [:]
        for row in rows {
            if let status = OutboxMessage.Status(rawValue: try row.decode(column: "status", as: String.self)) {
                counts[status] = try row.decode(column: "n", as: Int.self)
            }
        }
        return counts
    }

    /// Deletes messages that have finished (sent, failed, bounced, held) once they are older than the partnership's
    /// retention period; account messages after `Bookings.retentionMonths`. Returns how many were deleted.
    @discardableResult
    public static func purge(now: Date = Date(), on db: any Database) async throws -> Int {
        let finished: [OutboxMessage.Status] = [.sent, .failed, .bounced, .held]
        var total = 0
        let calendar = Calendar(identifier: .gregorian)
        for partnership in try await Partnership.query(on: db).all() {
            let months = partnership.bookingRetentionMonths ?? Bookings.retentionMonths
            guard let cutoff = calendar.date(byAdding: .month, value: -months, to: now) else { continue }
            let old = OutboxMessage.query(on: db).filter(\.$partnershipID == partnership.id).filter(
                \.$status ~~ finished
            )
            .filter(\.$createdAt < cutoff)
            let n = try await old.count()
            if n > 0 {
                try await db.write { tx in
                    try await OutboxMessage.query(on: tx).filter(\.$partnershipID == partnership.id)
                        .filter(\.$status ~~ finished).filter(\.$createdAt < cutoff).delete()
                }
                total += n
            }
        }
        if let cutoff = calendar.date(byAdding: .month, value: -Bookings.retentionMonths, to: now) {
            let n = try await OutboxMessage.query(on: db).filter(\.$partnershipID == nil).filter(\.$status ~~ finished)
                .filter(\.$createdAt < cutoff).count()
            if n > 0 {
                try await db.write { tx in
                    try await OutboxMessage.query(on: tx).filter(\.$partnershipID == nil).filter(\.$status ~~ finished)
                        .filter(\.$createdAt < cutoff).delete()
                }
                total += n
            }
        }
        return total
    }

    // MARK: - Switches

    /// The kinds a partnership has switched off.
    public static func switchedOff(partnershipID: UUID, on db: any Database) async throws -> Set<MailKind> {
        guard let partnership = try await Partnership.find(partnershipID, on: db) else { return [] }
        return parseKinds(partnership.mailOff)
    }

    static func parseKinds(_ text: String?) -> Set<MailKind> {
        Set((text ?? "").split(separator: ",").compactMap { MailKind(rawValue: String($0)) })
    }

    /// Sets which kinds are switched off (kinds that cannot be switched off are ignored) and the contact address
    /// shown in every message. Audited.
    public static func saveSettings(
        partnershipID: UUID, off: Set<MailKind>, contactEmail rawContact: String, reminderHours: Int? = nil,
        afterSurveyHours: Int? = nil, by actor: ActingUser, on db: any Database
    ) async throws {
        let contact = User.normalise(email: rawContact)
        var errors = FieldErrors()
        if !contact.isEmpty && !Accounts.isPlausibleEmail(contact) {
            errors.add("contactEmail", "Enter an email address in the correct format, like name@example.org")
        }
        if let hours = reminderHours, !(1...336).contains(hours) {
            errors.add("reminderHours", "Enter a number of hours from 1 to 336 (two weeks)")
        }
        if let hours = afterSurveyHours, !(0...720).contains(hours) {
            errors.add("afterSurveyHours", "Enter a number of hours from 0 to 720 (30 days)")
        }
        try errors.throwIfAny()
        let kinds = off.filter(\.canBeSwitchedOff).map(\.rawValue).sorted()
        try await db.write { tx in
            guard let partnership = try await Partnership.find(partnershipID, on: tx) else {
                throw NotFound("partnership")
            }
            let before = ["off": partnership.mailOff ?? "", "contact": partnership.contactEmail ?? ""]
            partnership.mailOff = kinds.joined(separator: ",")
            partnership.contactEmail = contact.isEmpty ? nil : contact
            if let reminderHours { partnership.reminderHours = reminderHours }
            if let afterSurveyHours { partnership.afterSurveyHours = afterSurveyHours }
            try await partnership.save(on: tx)
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .update, entity: "email settings",
                summary: "Changed which emails are sent", before: before,
                after: [
                    "off": kinds.joined(separator: ","), "contact": contact,
                    "reminderHours": "\(partnership.reminderHours ?? MailSchedule.defaultReminderHours)",
                    "afterSurveyHours": "\(partnership.afterSurveyHours ?? MailSchedule.defaultAfterSurveyHours)",
                ])
        }
    }
}
