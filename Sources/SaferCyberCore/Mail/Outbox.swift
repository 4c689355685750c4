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
                SQLBind(draft.kind.rawValue), SQLBind(OutboxMessage.Status.queued.rawValue), SQLBind(0),
                SQLBind(max(draft.notBefore ?? now, now)), SQLBind(recipient), SQLBind(String(subject.prefix(200))),
                SQLBind(draft.letter.text), SQLBind(draft.letter.html), SQLBind(attachments), SQLBind(draft.secret),
                SQLBind(draft.reference), SQLBind(draft.context),
            ])
        }
        guard !rows.isEmpty else { return 0 }
        try await (db as! any SQLDatabase).insert(into: OutboxMessage.schema)
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
            .filter(\.$status == OutboxMessage.Status.queued.rawValue).delete()
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
        let waiting = [OutboxMessage.Status.queued.rawValue, OutboxMessage.Status.sending.rawValue]
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

    /// Claims up to `limit` messages that are due, for `claimLifetime` seconds. Expired claims (a sender that died)
    /// are claimed again.
    ///
    /// With `links`, survey emails are written with the surveys open at that moment (`MailSchedule.stillWanted`).
    /// The words written now are saved with their private link removed (the claimed copies the sender gets keep it;
    /// the link itself stays in `secret` for a retry), so that a message sent needs only the batch's one bulk update
    /// (issue 22's sending rate); `keepLinks` saves them whole (`MAIL_TRANSPORT=none`: the outbox page is how they
    /// reach anyone).
    public static func claim(
        limit: Int, lifetime: TimeInterval = claimLifetime, links: MailLinks? = nil, keepLinks: Bool = false,
        now: Date = Date(), on db: any Database
    ) async throws -> [OutboxMessage] {
        try await db.write { tx in
            let sql = tx as! any SQLDatabase
            let lock = tx.isSQLite ? "" : " FOR UPDATE SKIP LOCKED"
            let rows = try await sql.raw(
                """
                SELECT id FROM outbox_messages
                WHERE (status = \(bind: OutboxMessage.Status.queued.rawValue) AND next_attempt_at <= \(bind: now))
                   OR (status = \(bind: OutboxMessage.Status.sending.rawValue) AND claimed_until < \(bind: now))
                ORDER BY next_attempt_at LIMIT \(bind: limit)\(unsafeRaw: lock)
                """
            ).all()
            let ids = try rows.map { try $0.decode(column: "id", as: UUID.self) }
            guard !ids.isEmpty else { return [] }
            let messages = try await MailSchedule.stillWanted(
                try await OutboxMessage.query(on: tx).filter(\.$id ~~ ids).all(), links: links, on: tx)
            // Bodies written now (stand-ins) are saved in one statement per 200, as is the claim itself per 500.
            let written = messages.filter(\.hasChanges)
            if keepLinks {
                for message in written { try await message.save(on: tx) }
            } else {
                try await saveWords(written, on: tx)
            }
            let until = now.addingTimeInterval(lifetime)
            let claimedIDs = messages.compactMap(\.id)
            for chunk in stride(from: 0, to: claimedIDs.count, by: 500) {
                try await OutboxMessage.query(on: tx).filter(
                    \.$id ~~ Array(claimedIDs[chunk..<min(chunk + 500, claimedIDs.count)])
                )
                .set([
                    "status": .bind(OutboxMessage.Status.sending.rawValue), "claimed_until": .bind(until),
                    "attempts": .custom(
                        SQLBinaryExpression(
                            left: SQLColumn("attempts"), op: SQLBinaryOperator.add, right: SQLLiteral.numeric("1"))),
                ]
                ).update()
            }
            for message in messages {
                message.status = OutboxMessage.Status.sending.rawValue
                message.claimedUntil = until
                message.attempts += 1
            }
            return messages.sorted { $0.nextAttemptAt < $1.nextAttemptAt }
        }
    }

    /// Saves messages' subjects, bodies and attachments, their private links removed, in one statement per 200
    /// messages (`UPDATE … FROM` a list of values, on SQLite and PostgreSQL alike).
    static func saveWords(_ messages: [OutboxMessage], on tx: any Database) async throws {
        let sql = tx as! any SQLDatabase
        for chunk in stride(from: 0, to: messages.count, by: 200) {
            let rows = messages[chunk..<min(chunk + 200, messages.count)].map { message -> SQLQueryString in
                let secrets = secrets(message)
                let text = secrets.reduce(message.bodyText) { $0.replacingOccurrences(of: $1, with: masked) }
                let html = secrets.reduce(message.bodyHTML) { $0.replacingOccurrences(of: $1, with: masked) }
                return
                    "(\(bind: message.id!), \(bind: message.subject), \(bind: text), \(bind: html), \(bind: message.attachmentsJSON))"
            }
            try await sql.raw(
                """
                WITH words(id, subject, body_text, body_html, attachments_json) AS (VALUES \(rows.joined(separator: ", ")))
                UPDATE outbox_messages SET subject = words.subject, body_text = words.body_text,
                    body_html = words.body_html, attachments_json = words.attachments_json
                FROM words WHERE outbox_messages.id = words.id
                """
            ).run()
        }
    }

    /// How a try ended.
    public enum Outcome: Sendable, Equatable {
        case sent(providerID: String?)
        /// Worth another try later (a timeout, a 4xx reply, the server unreachable).
        case temporaryFailure(String)
        /// Refused for good (a 5xx reply, an address Notify rejects).
        case permanentFailure(String)
        /// `MAIL_TRANSPORT=none`.
        case held
        /// Not tried: the sender ran out of its claim's time before reaching it. Back in the queue at once, and the
        /// claim does not count as a try.
        case notTried
        /// The deployment's problem, not the message's (the mail server unreachable, a wrong password, the sender
        /// refused): waits `deferral` and tries again, without using up its tries, so an outage over a weekend
        /// loses nothing.
        case deferred(String)
    }

    /// How long a message waits after a problem of the deployment's.
    public static let deferral: TimeInterval = 5 * 60

    /// Waits before try n + 1 after n failed tries: 1, 5 and 15 minutes, then 1, 3, 6 and 12 hours.
    public static func backOff(afterAttempts attempts: Int) -> TimeInterval {
        let minutes = [1, 5, 15, 60, 180, 360, 720]
        return TimeInterval(minutes[min(max(attempts, 1), minutes.count) - 1] * 60)
    }

    /// Records how a claimed message's try ended. The secret leaves the body once the message has gone.
    ///
    /// `attempt` is the claim's try number (`attempts` as claimed): a sender whose claim ran out and was taken over
    /// by another cannot overwrite the newer try's outcome.
    public static func finish(
        _ id: UUID, _ outcome: Outcome, attempt: Int? = nil, now: Date = Date(), on db: any Database
    ) async throws {
        try await finish([(id, outcome, attempt)], now: now, on: db)
    }

    /// Records a whole batch's outcomes in one transaction (one commit for the batch, not one per message: issue 22's
    /// sending rate).
    public static func finish(
        _ results: [(id: UUID, outcome: Outcome, attempt: Int?)], now: Date = Date(), on db: any Database
    ) async throws {
        guard !results.isEmpty else { return }
        try await db.write { tx in
            var byID: [UUID: OutboxMessage] = [:]
            for chunk in stride(from: 0, to: results.count, by: 500) {
                let ids = results[chunk..<min(chunk + 500, results.count)].map(\.id)
                // On PostgreSQL, the rows are locked before they are read: a claim by another instance (its clock
                // ahead, so this one's claim looks expired) either waits for this outcome or commits first and is
                // seen here (a newer try: nothing written), never overwritten by an outcome read before it.
                if !tx.isSQLite {
                    let sql = tx as! any SQLDatabase
                    try await sql.raw(
                        "SELECT id FROM outbox_messages WHERE id IN (\(ids.map { SQLQueryString("\(bind: $0)") }.joined(separator: ", "))) ORDER BY id FOR UPDATE"
                    ).run()
                }
                for message in try await OutboxMessage.query(on: tx).filter(\.$id ~~ ids).all() {
                    if let id = message.id { byID[id] = message }
                }
            }
            // The usual case, sent with nothing to redact or follow up, is written for the whole batch at once.
            var plainlySent: [UUID] = []
            for (id, outcome, attempt) in results {
                // Gone (erased meanwhile), or no longer claimed (another sender took it over and finished it): nothing
                // to do.
                guard let message = byID[id], message.messageStatus == .sending,
                    attempt.map({ $0 == message.attempts }) ?? true
                else { continue }
                // Written at the claim with its link already removed, a message with a link is plain too: the
                // update below forgets the link.
                let linkInWords = secrets(message).contains {
                    message.bodyText.contains($0) || message.bodyHTML.contains($0)
                }
                if outcome == .sent(providerID: nil), !linkInWords, message.mailKind != .promotion {
                    plainlySent.append(id)
                    continue
                }
                message.claimedUntil = nil
                switch outcome {
                case .notTried:
                    message.status = OutboxMessage.Status.queued.rawValue
                    message.attempts = max(0, message.attempts - 1)
                    message.nextAttemptAt = now
                case .deferred(let reason):
                    message.status = OutboxMessage.Status.queued.rawValue
                    message.attempts = max(0, message.attempts - 1)
                    message.nextAttemptAt = now.addingTimeInterval(deferral)
                    message.lastError = String(reason.prefix(500))
                case .sent(let providerID):
                    message.status = OutboxMessage.Status.sent.rawValue
                    message.sentAt = now
                    message.providerID = providerID
                    message.lastError = nil
                    redact(message)
                case .held:
                    message.status = OutboxMessage.Status.held.rawValue
                    // Never sent, and never shown: nothing to keep the survey link (and its code) for.
                    if message.mailKind == .afterSurvey { redact(message) }
                case .permanentFailure(let reason):
                    message.status = OutboxMessage.Status.failed.rawValue
                    message.lastError = String(reason.prefix(500))
                    redact(message)
                case .temporaryFailure(let reason):
                    message.lastError = String(reason.prefix(500))
                    if message.attempts >= maxAttempts {
                        message.status = OutboxMessage.Status.failed.rawValue
                        redact(message)
                    } else {
                        message.status = OutboxMessage.Status.queued.rawValue
                        message.nextAttemptAt = now.addingTimeInterval(backOff(afterAttempts: message.attempts))
                    }
                }
                try await message.save(on: tx)
                if message.mailKind == .promotion, let bookingID = message.reference.flatMap(UUID.init(uuidString:)) {
                    switch message.messageStatus {
                    case .sent:
                        try await Bookings.promotionEmailFinished(bookingID: bookingID, sent: true, now: now, on: tx)
                    case .held, .failed:
                        try await Bookings.promotionEmailFinished(bookingID: bookingID, sent: false, now: now, on: tx)
                    default: break
                    }
                }
            }
            for chunk in stride(from: 0, to: plainlySent.count, by: 500) {
                try await OutboxMessage.query(on: tx)
                    .filter(\.$id ~~ Array(plainlySent[chunk..<min(chunk + 500, plainlySent.count)]))
                    .filter(\.$status == OutboxMessage.Status.sending.rawValue)
                    .set(\.$status, to: OutboxMessage.Status.sent.rawValue).set(\.$sentAt, to: now)
                    .set(\.$claimedUntil, to: nil).set(\.$lastError, to: nil).set(\.$providerID, to: nil)
                    .set(\.$secret, to: nil).update()
            }
        }
    }

    static func redact(_ message: OutboxMessage) {
        for secret in secrets(message) {
            message.bodyText = message.bodyText.replacingOccurrences(of: secret, with: masked)
            message.bodyHTML = message.bodyHTML.replacingOccurrences(of: secret, with: masked)
        }
        message.secret = nil
    }

    /// What must not outlive the sending: the private link's token, and for the after-event survey the participant
    /// code derived from it (kept beside a name, it would tie the person to their "anonymous" answers).
    static func secrets(_ message: OutboxMessage) -> [String] {
        guard let secret = message.secret, !secret.isEmpty else { return [] }
        guard message.mailKind == .afterSurvey else { return [secret] }
        let code = ParticipantCode.forBooking(token: secret)
        return [secret, code, ParticipantCode.display(code)]
    }

    static let masked = "[removed]"

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
                message.status = OutboxMessage.Status.bounced.rawValue
                message.lastError = "Not delivered: \(reason)"
            }
            try await message.save(on: tx)
        }
    }

    /// Provider ids of messages sent since `since` with no final delivery report yet.
    public static func awaitingReport(since: Date, limit: Int, on db: any Database) async throws -> [String] {
        try await OutboxMessage.query(on: db).filter(\.$status == OutboxMessage.Status.sent.rawValue)
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
        let rows = try await (db as! any SQLDatabase).raw(
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
        let finished = [
            OutboxMessage.Status.sent, .failed, .bounced, .held,
        ].map(\.rawValue)
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
