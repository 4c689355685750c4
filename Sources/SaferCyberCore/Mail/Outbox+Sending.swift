import FluentKit
import Foundation
import SQLKit

/// Sending: claiming due messages (written when sent, saved without their links), how a try ended, and recording
/// outcomes (issue 22).
extension Outbox {
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
            let sql = tx.sql
            let lock = tx.isSQLite ? "" : " FOR UPDATE SKIP LOCKED"
            let rows = try await sql.raw(
                """
                SELECT id FROM outbox_messages
                WHERE (status = \(bind: OutboxMessage.Status.queued) AND next_attempt_at <= \(bind: now))
                   OR (status = \(bind: OutboxMessage.Status.sending) AND claimed_until < \(bind: now))
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
                    "status": .bind(OutboxMessage.Status.sending), "claimed_until": .bind(until),
                    "attempts": .custom(
                        SQLBinaryExpression(
                            left: SQLColumn("attempts"), op: SQLBinaryOperator.add, right: SQLLiteral.numeric("1"))),
                ]
                ).update()
            }
            for message in messages {
                message.status = OutboxMessage.Status.sending
                message.claimedUntil = until
                message.attempts += 1
            }
            return messages.sorted { $0.nextAttemptAt < $1.nextAttemptAt }
        }
    }

    /// Saves messages' subjects, bodies and attachments, their private links removed, in one statement per 200
    /// messages (`UPDATE … FROM` a list of values, on SQLite and PostgreSQL alike).
    static func saveWords(_ messages: [OutboxMessage], on tx: any Database) async throws {
        let sql = tx.sql
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
                    let sql = tx.sql
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
                guard let message = byID[id], message.status == .sending,
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
                    message.status = OutboxMessage.Status.queued
                    message.attempts = max(0, message.attempts - 1)
                    message.nextAttemptAt = now
                case .deferred(let reason):
                    message.status = OutboxMessage.Status.queued
                    message.attempts = max(0, message.attempts - 1)
                    message.nextAttemptAt = now.addingTimeInterval(deferral)
                    message.lastError = String(reason.prefix(500))
                case .sent(let providerID):
                    message.status = OutboxMessage.Status.sent
                    message.sentAt = now
                    message.providerID = providerID
                    message.lastError = nil
                    redact(message)
                case .held:
                    message.status = OutboxMessage.Status.held
                    // Never sent, and never shown: nothing to keep the survey link (and its code) for.
                    if message.mailKind == .afterSurvey { redact(message) }
                case .permanentFailure(let reason):
                    message.status = OutboxMessage.Status.failed
                    message.lastError = String(reason.prefix(500))
                    redact(message)
                case .temporaryFailure(let reason):
                    message.lastError = String(reason.prefix(500))
                    if message.attempts >= maxAttempts {
                        message.status = OutboxMessage.Status.failed
                        redact(message)
                    } else {
                        message.status = OutboxMessage.Status.queued
                        message.nextAttemptAt = now.addingTimeInterval(backOff(afterAttempts: message.attempts))
                    }
                }
                try await message.save(on: tx)
                if message.mailKind == .promotion, let bookingID = message.reference.flatMap(UUID.init(uuidString:)) {
                    switch message.status {
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
                    .filter(\.$status == OutboxMessage.Status.sending)
                    .set(\.$status, to: OutboxMessage.Status.sent).set(\.$sentAt, to: now)
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
}
