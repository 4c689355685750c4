import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import SaferCyberCore

/// A small SMTP client (RFC 5321) over SwiftNIO: EHLO, STARTTLS or implicit TLS, AUTH PLAIN or LOGIN, then any number
/// of messages on one connection. Every step has a timeout, so a server that stops answering cannot hold the sender.
struct SMTPReply: Sendable, Equatable {
    var code: Int
    var lines: [String]
    var text: String { lines.joined(separator: " ") }
}

enum SMTPError: Error, CustomStringConvertible, Equatable {
    case timeout(step: String)
    case reply(step: String, code: Int, text: String)
    case closed(step: String)
    case noStartTLS
    case malformed(String)
    /// The address's local part is not ASCII and the server does not offer SMTPUTF8 (RFC 6531).
    case needsSMTPUTF8

    /// Only an answer about this one message is for good: the address refused at RCPT TO (550 no such mailbox,
    /// 551 not local, 553 not allowed) or the message refused as too large (552). A policy refusal (enhanced code
    /// 5.7.x: relaying denied, authentication required) and any refusal of MAIL FROM are the deployment's problem:
    /// the message waits for a later try instead of being given up.
    var isPermanent: Bool {
        if self == .needsSMTPUTF8 { return true }
        guard case .reply(let step, let code, let text) = self, !text.hasPrefix("5.7.") else { return false }
        switch step {
        case "RCPT TO": return [550, 551, 553].contains(code)
        case "end of message": return code == 552
        default: return false
        }
    }

    /// A refusal that will happen to every message on this connection (the sender, not the recipient): the rest of
    /// the batch waits, and none of it counts as a try.
    var stopsTheBatch: Bool {
        guard case .reply(let step, let code, _) = self else { return false }
        return step == "MAIL FROM" || code == 530 || code == 421
    }

    var description: String {
        switch self {
        case .timeout(let step): "The mail server did not answer in time (\(step))."
        case .reply(let step, let code, let text): "The mail server refused (\(step)): \(code) \(text)"
        case .closed(let step): "The mail server closed the connection (\(step))."
        case .noStartTLS: "The mail server does not offer STARTTLS, so the message was not sent unencrypted."
        case .malformed(let text): "The mail server's answer could not be read: \(text)"
        case .needsSMTPUTF8:
            "The address has letters outside ASCII before the @, and the mail server does not accept such addresses "
                + "(it does not offer SMTPUTF8). Ask the person for another address."
        }
    }
}

/// Splits the server's bytes into replies (multi-line replies use "250-" until "250 ") and hands them out in order.
/// All of its state is touched on the channel's event loop only.
final class SMTPReplyHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer

    private var partial = ""
    private var lines: [String] = []
    private var ready: [Result<SMTPReply, any Error>] = []
    private var waiter: EventLoopPromise<SMTPReply>?
    private var timeout: Scheduled<Void>?
    private var failure: (any Error)?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        partial += buffer.readString(length: buffer.readableBytes) ?? ""
        // A server that never ends a line cannot fill memory.
        if partial.utf8.count > 65_536 {
            deliver(.failure(SMTPError.malformed("a line longer than 64 KB")))
            context.close(promise: nil)
            return
        }
        while let end = partial.range(of: "\n") {
            var line = String(partial[..<end.lowerBound])
            partial = String(partial[end.upperBound...])
            if line.hasSuffix("\r") { line.removeLast() }
            let characters = Array(line)
            guard characters.count >= 3, let code = Int(String(characters[0..<3])) else {
                deliver(.failure(SMTPError.malformed(String(line.prefix(100)))))
                continue
            }
            let text = characters.count > 4 ? String(characters[4...]) : ""
            lines.append(text)
            if characters.count > 3 && characters[3] == "-" { continue }
            deliver(.success(SMTPReply(code: code, lines: lines)))
            lines = []
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failure = error
        deliver(.failure(error))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if failure == nil { failure = SMTPError.closed(step: "connection") }
        if let waiter {
            self.waiter = nil
            timeout?.cancel()
            waiter.fail(failure!)
        }
        context.fireChannelInactive()
    }

    private func deliver(_ result: Result<SMTPReply, any Error>) {
        if let waiter {
            self.waiter = nil
            timeout?.cancel()
            waiter.completeWith(result)
        } else {
            ready.append(result)
        }
    }

    /// The next reply, or a failure after `timeout` (the connection is then closed).
    func next(on channel: any Channel, timeout: TimeAmount, step: String) -> EventLoopFuture<SMTPReply> {
        channel.eventLoop.preconditionInEventLoop()
        if !ready.isEmpty { return channel.eventLoop.makeCompletedFuture(ready.removeFirst()) }
        if let failure { return channel.eventLoop.makeFailedFuture(failure) }
        let promise = channel.eventLoop.makePromise(of: SMTPReply.self)
        waiter = promise
        self.timeout = channel.eventLoop.scheduleTask(in: timeout) { [weak self] in
            guard let self, let waiter = self.waiter else { return }
            self.waiter = nil
            self.failure = SMTPError.timeout(step: step)
            waiter.fail(SMTPError.timeout(step: step))
            channel.close(promise: nil)
        }
        return promise.futureResult
    }
}

/// One open conversation with a mail server.
final class SMTPConnection: @unchecked Sendable {
    struct Settings: Sendable {
        var host: String
        var port: Int
        var tls: MailConfig.TLSMode
        var username: String?
        var password: String?
        var caFile: String?
        var timeout: TimeAmount
        /// The name this server gives in EHLO.
        var clientName: String
    }

    private let channel: any Channel
    private let handler: SMTPReplyHandler
    private let settings: Settings
    private(set) var capabilities: [String] = []

    private init(channel: any Channel, handler: SMTPReplyHandler, settings: Settings) {
        self.channel = channel
        self.handler = handler
        self.settings = settings
    }

    static func tlsContext(caFile: String?) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if let caFile {
            configuration.additionalTrustRoots = [.file(caFile)]
        }
        return try NIOSSLContext(configuration: configuration)
    }

    static func serverName(_ host: String) -> String? {
        // SNI and certificate checks need a name; an IP address is checked against the certificate's IP entries.
        host.allSatisfy { $0.isNumber || $0 == "." || $0 == ":" } ? nil : host
    }

    /// Connects, greets, secures and signs in. Throws `SMTPError` or the TLS error.
    static func open(_ settings: Settings, group: any EventLoopGroup) async throws -> SMTPConnection {
        let context = settings.tls == .off ? nil : try tlsContext(caFile: settings.caFile)
        let handler = SMTPReplyHandler()
        let implicit = settings.tls == .implicit
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(settings.timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if implicit, let context {
                        try channel.pipeline.syncOperations.addHandler(
                            try NIOSSLClientHandler(context: context, serverHostname: serverName(settings.host)))
                    }
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: settings.host, port: settings.port).get()
        } catch {
            throw SMTPError.closed(step: "connecting to \(settings.host):\(settings.port): \(error)")
        }
        let connection = SMTPConnection(channel: channel, handler: handler, settings: settings)
        do {
            _ = try await connection.reply(step: "greeting", expect: [220])
            try await connection.hello()
            if settings.tls == .starttls, let context {
                guard connection.capabilities.contains(where: { $0.uppercased() == "STARTTLS" }) else {
                    throw SMTPError.noStartTLS
                }
                _ = try await connection.command("STARTTLS", step: "STARTTLS", expect: [220])
                try await channel.eventLoop.submit {
                    try channel.pipeline.syncOperations.addHandler(
                        try NIOSSLClientHandler(context: context, serverHostname: serverName(settings.host)),
                        position: .first)
                }.get()
                try await connection.hello()
            }
            if let username = settings.username, let password = settings.password {
                try await connection.authenticate(username: username, password: password)
            }
        } catch {
            connection.abort()
            throw error
        }
        return connection
    }

    private func hello() async throws {
        let reply = try await command("EHLO \(settings.clientName)", step: "EHLO", expect: [250])
        capabilities = Array(reply.lines.dropFirst())
    }

    private func authenticate(username: String, password: String) async throws {
        let mechanisms =
            capabilities.first { $0.uppercased().hasPrefix("AUTH") }?.uppercased()
            .split(separator: " ").map(String.init) ?? []
        if mechanisms.contains("PLAIN") || !mechanisms.contains("LOGIN") {
            let token = Data("\u{0}\(username)\u{0}\(password)".utf8).base64EncodedString()
            _ = try await command("AUTH PLAIN \(token)", step: "AUTH PLAIN", expect: [235], redacted: true)
        } else {
            _ = try await command("AUTH LOGIN", step: "AUTH LOGIN", expect: [334])
            _ = try await command(
                Data(username.utf8).base64EncodedString(), step: "AUTH LOGIN user", expect: [334], redacted: true)
            _ = try await command(
                Data(password.utf8).base64EncodedString(), step: "AUTH LOGIN password", expect: [235], redacted: true)
        }
    }

    /// Sends one message (`data` is the whole RFC 5322 message with CRLF line ends). Throws `SMTPError`.
    ///
    /// An address whose domain is not ASCII goes with its IDNA (Punycode) form; one whose local part is not ASCII needs
    /// a server that offers SMTPUTF8, and is refused for good (`SMTPError.needsSMTPUTF8`) by one that does not.
    func send(from: String, to: String, data: String) async throws {
        let recipient: String
        var utf8 = ""
        if let ascii = InternationalEmail.asciiForm(to) {
            recipient = ascii
        } else if capabilities.contains(where: { $0.uppercased() == "SMTPUTF8" }) {
            recipient = InternationalEmail.withASCIIDomain(to)
            utf8 = " SMTPUTF8"
        } else {
            throw SMTPError.needsSMTPUTF8
        }
        _ = try await command("MAIL FROM:<\(from)>\(utf8)", step: "MAIL FROM", expect: [250])
        _ = try await command("RCPT TO:<\(recipient)>", step: "RCPT TO", expect: [250, 251])
        _ = try await command("DATA", step: "DATA", expect: [354])
        // Dot-stuffing (RFC 5321 4.5.2): a line that starts with "." gets another one.
        var body = data.replacingOccurrences(of: "\r\n.", with: "\r\n..")
        if body.hasPrefix(".") { body = "." + body }
        if !body.hasSuffix("\r\n") { body += "\r\n" }
        try await write(body + ".\r\n")
        _ = try await reply(step: "end of message", expect: [250])
    }

    /// Clears a failed transaction so the connection can carry the next message.
    func reset() async throws {
        _ = try await command("RSET", step: "RSET", expect: [250])
    }

    /// Says goodbye and closes (best effort).
    func close() async {
        _ = try? await command("QUIT", step: "QUIT", expect: [221])
        abort()
    }

    func abort() {
        channel.close(promise: nil)
    }

    private func write(_ text: String) async throws {
        var buffer = channel.allocator.buffer(capacity: text.utf8.count)
        buffer.writeString(text)
        do { try await channel.writeAndFlush(buffer).get() } catch { throw SMTPError.closed(step: "writing") }
    }

    @discardableResult
    private func command(_ line: String, step: String, expect: Set<Int>, redacted: Bool = false) async throws
        -> SMTPReply
    {
        try await write(line + "\r\n")
        return try await reply(step: step, expect: expect)
    }

    private func reply(step: String, expect: Set<Int>) async throws -> SMTPReply {
        let handler = self.handler
        let channel = self.channel
        let timeout = settings.timeout
        let reply = try await channel.eventLoop.flatSubmit {
            handler.next(on: channel, timeout: timeout, step: step)
        }.get()
        guard expect.contains(reply.code) else {
            throw SMTPError.reply(step: step, code: reply.code, text: String(reply.text.prefix(300)))
        }
        return reply
    }
}
