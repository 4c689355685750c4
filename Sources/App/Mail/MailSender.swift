import Fluent
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import SaferCyberCore
import Vapor

/// One message ready to leave: its rendered MIME text and where it goes.
struct OutboundMail: Sendable {
    var id: UUID
    var recipient: String
    var data: String
}

/// A way out for messages. `deliver` answers one outcome per message, in order, and never throws.
protocol MailTransport: Sendable {
    func deliver(_ messages: [OutboundMail]) async -> [Outbox.Outcome]
}

/// `MAIL_TRANSPORT=none`: every message stays in the outbox, marked as not sent.
struct HeldTransport: MailTransport {
    func deliver(_ messages: [OutboundMail]) async -> [Outbox.Outcome] { messages.map { _ in .held } }
}

/// `MAIL_TRANSPORT=smtp`: one connection per batch, reset between messages.
struct SMTPTransport: MailTransport {
    var settings: SMTPConnection.Settings
    var from: String
    var group: any EventLoopGroup

    func deliver(_ messages: [OutboundMail]) async -> [Outbox.Outcome] {
        var outcomes: [Outbox.Outcome] = []
        let connection: SMTPConnection
        do {
            connection = try await SMTPConnection.open(settings, group: group)
        } catch {
            // Whatever went wrong before the first message (unreachable, TLS, a wrong password) is the deployment's
            // to fix, not the message's: every message waits for a later try.
            return messages.map { _ in .temporaryFailure("\(error)") }
        }
        for (index, message) in messages.enumerated() {
            do {
                try await connection.send(from: from, to: message.recipient, data: message.data)
                outcomes.append(.sent(providerID: nil))
            } catch let error as SMTPError {
                outcomes.append(error.isPermanent ? .permanentFailure("\(error)") : .temporaryFailure("\(error)"))
                if case .reply = error, (try? await connection.reset()) != nil { continue }
                // The connection is gone: the rest wait for the next round.
                outcomes += messages[(index + 1)...].map { _ in .temporaryFailure("\(error)") }
                connection.abort()
                return outcomes
            } catch {
                outcomes.append(.temporaryFailure("\(error)"))
                outcomes += messages[(index + 1)...].map { _ in .temporaryFailure("\(error)") }
                connection.abort()
                return outcomes
            }
        }
        await connection.close()
        return outcomes
    }
}

/// Claims due messages from the outbox, hands them to the configured transport and records each outcome. Several
/// instances can run it at once against one PostgreSQL database (claims use SKIP LOCKED).
final class MailSender: Sendable {
    let transport: any MailTransport
    let config: MailConfig
    let database: @Sendable () -> any Database
    let logger: Logger
    let batchSize: Int
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)

    init(
        transport: any MailTransport, config: MailConfig, database: @escaping @Sendable () -> any Database,
        logger: Logger, batchSize: Int = 50
    ) {
        self.transport = transport
        self.config = config
        self.database = database
        self.logger = logger
        self.batchSize = batchSize
    }

    /// Sends one batch of due messages. Returns how many were handled.
    @discardableResult
    func runOnce(now: Date = Date()) async throws -> Int {
        let db = database()
        let claimed = try await Outbox.claim(limit: batchSize, now: now, on: db)
        guard !claimed.isEmpty else { return 0 }
        var partnerships: [UUID: Partnership] = [:]
        for id in Set(claimed.compactMap(\.partnershipID)) { partnerships[id] = try await Partnership.find(id, on: db) }
        let outbound = claimed.map { message in
            let partnership = message.partnershipID.flatMap { partnerships[$0] }
            return OutboundMail(
                id: message.id!, recipient: message.recipient,
                data: MIMEMessage.render(
                    message, fromAddress: config.fromAddress,
                    fromName: partnership?.name ?? "SaferCyber", replyTo: partnership?.contactEmail))
        }
        let outcomes = await transport.deliver(outbound)
        for (message, outcome) in zip(claimed, outcomes) {
            try await Outbox.finish(message.id!, outcome, on: db)
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

    static func redacted(_ text: String, _ address: String) -> String {
        text.replacingOccurrences(of: address, with: "[address]")
    }

    func start() {
        task.withLockedValue { current in
            guard current == nil else { return }
            current = Task { [self] in
                while !Task.isCancelled {
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

struct MailSenderLifecycle: LifecycleHandler {
    let sender: MailSender
    func didBootAsync(_ application: Application) async throws { sender.start() }
    func shutdownAsync(_ application: Application) async { await sender.stop() }
}

extension Application {
    private struct MailSenderKey: StorageKey { typealias Value = MailSender }

    /// The outbox's sender for this configuration.
    var mailSender: MailSender {
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
                from: config.fromAddress, group: eventLoopGroup)
        case .none, .notify:
            transport = HeldTransport()
        }
        return MailSender(transport: transport, config: config, database: { [self] in self.db }, logger: logger)
    }
}
