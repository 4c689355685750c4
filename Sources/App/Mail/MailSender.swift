import Fluent
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import SaferCyberCore
import Vapor

/// One message ready to leave: where it goes, its words, and (for SMTP) its rendered MIME text.
struct OutboundMail: Sendable {
    var id: UUID
    var recipient: String
    var subject: String
    var text: String
    var kind: MailKind?
    /// The idempotency key (Notify's `reference`).
    var key: String
    var data: String
}

/// A way out for messages. `deliver` answers one outcome per message, in order, and never throws. It starts no
/// message it could not finish before `deadline` (when the claim on the batch runs out and another sender may take
/// it): those are answered `.notTried`.
protocol MailTransport: Sendable {
    func deliver(_ messages: [OutboundMail], deadline: Date) async -> [Outbox.Outcome]
    /// Delivery reports for messages already handed over (Notify); empty for transports that have none.
    func statuses(of ids: [String]) async -> [String: (delivered: Bool, status: String)]
}

extension MailTransport {
    func statuses(of ids: [String]) async -> [String: (delivered: Bool, status: String)] { [:] }
}

/// `MAIL_TRANSPORT=none`: every message stays in the outbox, marked as not sent.
struct HeldTransport: MailTransport {
    func deliver(_ messages: [OutboundMail], deadline: Date) async -> [Outbox.Outcome] { messages.map { _ in .held } }
}

/// `MAIL_TRANSPORT=smtp`: one connection per batch, reset between messages.
struct SMTPTransport: MailTransport {
    var settings: SMTPConnection.Settings
    var from: String
    var group: any EventLoopGroup
    /// Connections opened at once for one batch (SMTP_CONNECTIONS): each carries a part of the batch in order, so a
    /// batch is not held to one connection's round trips.
    var connections = 1

    /// The batch in up to `connections` parts, each over its own connection, at the same time; outcomes in the
    /// batch's order.
    func deliver(_ messages: [OutboundMail], deadline: Date) async -> [Outbox.Outcome] {
        // Parts of at least 5 messages: a connection costs a few round trips of its own.
        let parts = max(1, min(connections, messages.count / 5))
        guard parts > 1 else { return await deliverOnOneConnection(messages, deadline: deadline).outcomes }
        let size = (messages.count + parts - 1) / parts
        let chunks = stride(from: 0, to: messages.count, by: size).map {
            Array(messages[$0..<min($0 + size, messages.count)])
        }
        return await withTaskGroup(of: (Int, (outcomes: [Outbox.Outcome], opened: Bool)).self) { group in
            for (index, chunk) in chunks.enumerated() {
                group.addTask { (index, await deliverOnOneConnection(chunk, deadline: deadline)) }
            }
            var results = [(outcomes: [Outbox.Outcome], opened: Bool)](repeating: ([], true), count: chunks.count)
            for await (index, result) in group { results[index] = result }
            // A relay that takes fewer connections than SMTP_CONNECTIONS (a second one refused) is not an outage: with
            // another connection working, the part that could not connect goes back to the queue at once, untried.
            // (A refusal on an open connection, such as 421 or MAIL FROM, keeps its wait.)
            guard results.contains(where: \.opened) else { return results.flatMap(\.outcomes) }
            return results.flatMap { part in part.opened ? part.outcomes : part.outcomes.map { _ in .notTried } }
        }
    }

    /// One connection's part of a batch: its outcomes, and whether the connection opened at all.
    func deliverOnOneConnection(_ messages: [OutboundMail], deadline: Date) async -> (
        outcomes: [Outbox.Outcome], opened: Bool
    ) {
        var outcomes: [Outbox.Outcome] = []
        // The longest one message can take: MAIL FROM, RCPT TO, DATA, the message itself and RSET, each timed out.
        let worstCase = Double(settings.timeout.nanoseconds) / 1e9 * 5
        let connection: SMTPConnection
        do {
            connection = try await SMTPConnection.open(settings, group: group)
        } catch {
            // Whatever went wrong before the first message (unreachable, TLS, a wrong password) is the deployment's
            // to fix, not the message's: every message waits, and no try is used up.
            return (messages.map { _ in .deferred("\(error)") }, false)
        }
        for (index, message) in messages.enumerated() {
            guard Date().addingTimeInterval(worstCase) < deadline else {
                outcomes += messages[index...].map { _ in .notTried }
                break
            }
            do {
                try await connection.send(from: from, to: message.recipient, data: message.data)
                outcomes.append(.sent(providerID: nil))
            } catch let error as SMTPError {
                if error.stopsTheBatch {
                    // The server refuses the sender itself: nothing in this batch can go; all of it waits.
                    outcomes += messages[index...].map { _ in .deferred("\(error)") }
                    await connection.close()
                    return (outcomes, true)
                }
                outcomes.append(error.isPermanent ? .permanentFailure("\(error)") : .temporaryFailure("\(error)"))
                // Refused before a word was sent: the connection carries on.
                if error == .needsSMTPUTF8 { continue }
                if case .reply = error, (try? await connection.reset()) != nil { continue }
                // The connection is gone: the rest were not tried, and wait for the next round.
                outcomes += messages[(index + 1)...].map { _ in .deferred("\(error)") }
                connection.abort()
                return (outcomes, true)
            } catch {
                outcomes.append(.temporaryFailure("\(error)"))
                outcomes += messages[(index + 1)...].map { _ in .deferred("\(error)") }
                connection.abort()
                return (outcomes, true)
            }
        }
        await connection.close()
        return (outcomes, true)
    }
}

/// Claims due messages from the outbox, hands them to the configured transport and records each outcome. Several
/// instances can run it at once against one PostgreSQL database (claims use SKIP LOCKED).
package final class MailSender: Sendable {
    let transport: any MailTransport
    let config: MailConfig
    let database: @Sendable () -> any Database
    let logger: Logger
    package let batchSize: Int
    /// Links for messages the sender queues itself (the weekly digest).
    let links: MailLinks
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)

    init(
        transport: any MailTransport, config: MailConfig, database: @escaping @Sendable () -> any Database,
        logger: Logger, links: MailLinks, batchSize: Int = 50
    ) {
        self.links = links
        self.transport = transport
        self.config = config
        self.database = database
        self.logger = logger
        self.batchSize = batchSize
    }

    /// How long a batch is claimed: long enough for several messages even when each step takes its whole timeout
    /// (at least the core's 2 minutes). The transport starts no message it could not finish inside it.
    var claimLifetime: TimeInterval { max(Outbox.claimLifetime, 20 * config.smtpTimeout) }

    /// Sends one batch of due messages. Returns how many were handled.
    @discardableResult
    package func runOnce(now: Date = Date()) async throws -> Int {
        let db = database()
        let claimed = try await Outbox.claim(
            limit: batchSize, lifetime: claimLifetime, links: links, keepLinks: config.transport == .none, now: now,
            on: db)
        guard !claimed.isEmpty else { return 0 }
        var partnerships: [UUID: Partnership] = [:]
        for id in Set(claimed.compactMap(\.partnershipID)) { partnerships[id] = try await Partnership.find(id, on: db) }
        let outbound = claimed.map { message in
            let partnership = message.partnershipID.flatMap { partnerships[$0] }
            return OutboundMail(
                id: message.id!, recipient: message.recipient, subject: message.subject, text: message.bodyText,
                kind: message.mailKind, key: message.idempotencyKey,
                data: config.transport != .smtp
                    ? ""
                    : MIMEMessage.render(
                        message, fromAddress: config.fromAddress,
                        fromName: partnership?.name ?? "SaferCyber", replyTo: partnership?.contactEmail))
        }
        // A margin for the clock and the database round trips: past the deadline, another sender may take the batch.
        let outcomes = await transport.deliver(
            outbound, deadline: now.addingTimeInterval(claimLifetime - 30 - config.smtpTimeout))
        // One transaction for the batch's outcomes; if it fails, each on its own, so that one bad write does not
        // leave the whole batch to be sent again.
        let results = zip(claimed, outcomes).map { (id: $0.id!, outcome: $1, attempt: Optional($0.attempts)) }
        do {
            try await Outbox.finish(results, on: db)
        } catch {
            logger.warning("Could not record a batch of email outcomes at once, recording them one by one: \(error)")
            for result in results {
                do { try await Outbox.finish([result], on: db) } catch {
                    logger.error("Could not record email \(result.id.uuidString)'s outcome: \(error)")
                }
            }
        }
        for (message, outcome) in zip(claimed, outcomes) {
            switch outcome {
            case .temporaryFailure(let reason), .permanentFailure(let reason):
                // No address in the log: the message id finds it in the outbox.
                logger.warning(
                    "Email \(message.id!.uuidString) (\(message.kind)) not sent: \(MailSender.redacted(reason, message.recipient))"
                )
            default: break
            }
        }
        return claimed.count
    }

    /// Reads delivery reports for messages sent in the last 3 days that have none yet (Notify), and marks bounces.
    /// Returns how many reports were recorded.
    @discardableResult
    func checkStatuses(now: Date = Date()) async throws -> Int {
        let db = database()
        let waiting = try await Outbox.awaitingReport(since: now.addingTimeInterval(-3 * 24 * 3600), limit: 200, on: db)
        guard !waiting.isEmpty else { return 0 }
        let reports = await transport.statuses(of: waiting)
        for (id, report) in reports {
            try await Outbox.providerStatus(providerID: id, delivered: report.delivered, reason: report.status, on: db)
        }
        return reports.count
    }

    static func redacted(_ text: String, _ address: String) -> String {
        text.replacingOccurrences(of: address, with: "[address]")
    }

    func start() {
        task.withLockedValue { current in
            guard current == nil else { return }
            current = Task { [self] in
                var lastReport = Date.distantPast
                var lastDigest = Date.distantPast
                var lastRelease = Date.distantPast
                while !Task.isCancelled {
                    if Date().timeIntervalSince(lastRelease) > 60 {
                        lastRelease = Date()
                        // Places from the waiting list not confirmed in time go to the next person (who is emailed).
                        do { try await Bookings.releaseUnconfirmed(on: database()) } catch {
                            logger.warning("Could not release unconfirmed places: \(error)")
                        }
                    }
                    if Date().timeIntervalSince(lastDigest) > 600 {
                        lastDigest = Date()
                        do { try await WeeklyDigest.queue(links: links, on: database()) } catch {
                            logger.warning("Could not queue the weekly digest: \(error)")
                        }
                    }
                    if config.transport == .notify && Date().timeIntervalSince(lastReport) > 300 {
                        lastReport = Date()
                        do { try await checkStatuses() } catch {
                            logger.warning("Could not read delivery reports: \(error)")
                        }
                    }
                    let handled: Int
                    do { handled = try await runOnce() } catch {
                        logger.error("The email sender could not read the outbox: \(error)")
                        handled = 0
                    }
                    if handled == 0 { try? await Task.sleep(for: .seconds(1)) }
                }
            }
        }
    }

    func stop() async {
        let running = task.withLockedValue { current -> Task<Void, Never>? in
            defer { current = nil }
            return current
        }
        running?.cancel()
        await running?.value
    }
}

/// Stops the sender when the application shuts down. It is started by `serve` only, once the database is migrated:
/// command-line tools (`user`, `import`, `backup`, …) never send email behind the operator's back.
struct MailSenderLifecycle: LifecycleHandler {
    let sender: MailSender
    func shutdownAsync(_ application: Application) async { await sender.stop() }
}

extension Application {
    private struct MailSenderKey: StorageKey { typealias Value = MailSender }

    /// The outbox's sender for this configuration.
    package var mailSender: MailSender {
        get { storage[MailSenderKey.self]! }
        set { storage[MailSenderKey.self] = newValue }
    }

    func makeMailSender(_ config: MailConfig) -> MailSender {
        let transport: any MailTransport
        switch config.transport {
        case .smtp:
            let name = config.fromAddress.split(separator: "@").last.map(String.init) ?? "localhost"
            transport = SMTPTransport(
                settings: .init(
                    host: config.smtpHost, port: config.smtpPort, tls: config.smtpTLS, username: config.smtpUsername,
                    password: config.smtpPassword, caFile: config.smtpCAFile,
                    timeout: .milliseconds(Int64(config.smtpTimeout * 1000)), clientName: name),
                from: config.fromAddress, group: eventLoopGroup, connections: config.smtpConnections)
        case .notify:
            transport = NotifyTransport(
                key: NotifyTransport.Key(config.notifyAPIKey ?? "")!, baseURL: config.notifyBaseURL,
                template: config.notifyTemplate, templates: config.notifyTemplates, client: client,
                timeout: config.smtpTimeout)
        case .none:
            transport = HeldTransport()
        }
        return MailSender(
            transport: transport, config: config, database: { [self] in self.db }, logger: logger, links: mailLinks)
    }
}
