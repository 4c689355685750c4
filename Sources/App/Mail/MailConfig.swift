import Foundation
import SaferCyberCore

/// How email leaves SaferCyber (docs/email.md): `MAIL_TRANSPORT` = none | smtp | notify and the settings each needs.
public struct MailConfig: Sendable, Equatable {
    public enum Transport: String, Sendable, Equatable { case none, smtp, notify }
    public enum TLSMode: String, Sendable, Equatable { case starttls, implicit, off }

    public var transport: Transport = .none
    /// The sender address (`MAIL_FROM`), e.g. `SaferCyber <safercyber@council.gov.uk>`.
    public var from: String = ""
    public var smtpHost: String = ""
    public var smtpPort: Int = 587
    public var smtpTLS: TLSMode = .starttls
    public var smtpUsername: String?
    public var smtpPassword: String?
    /// A PEM file of certificates to trust besides the system's (a council's own relay, or the tests' throwaway one).
    public var smtpCAFile: String?
    /// Seconds allowed for each step of the conversation with the mail server.
    public var smtpTimeout: Double = 30
    /// SMTP_CONNECTIONS: how many connections one sender opens at once, each carrying part of a batch (1 to 8).
    public var smtpConnections = 2
    public var notifyAPIKey: String?
    public var notifyBaseURL: String = "https://api.notifications.service.gov.uk"
    /// NOTIFY_TEMPLATE_ID: a Notify email template whose subject is ((subject)) and body ((body)), used for every kind.
    public var notifyTemplate: String = ""
    /// NOTIFY_TEMPLATES: kind=template-id pairs, comma-separated, for kinds with their own template (same fields).
    public var notifyTemplates: [MailKind: String] = [:]
    /// Whether the server runs the background sender. On for a server started from the environment; tests that
    /// build their own configuration run the sender by hand (`MailSender.runOnce`).
    public var background = false

    public init() {}

    /// True when messages leave the server (so secrets in them are never shown on a page).
    public var sends: Bool { transport != .none }

    /// The bare address in `from` ("a@b.c" from "Name <a@b.c>").
    public var fromAddress: String {
        if let open = from.lastIndex(of: "<"), let close = from.lastIndex(of: ">"), open < close {
            return String(from[from.index(after: open)..<close]).trimmingCharacters(in: .whitespaces)
        }
        return from.trimmingCharacters(in: .whitespaces)
    }

    static let loopbackHosts: Set<String> = ["localhost", "127.0.0.1", "::1", "[::1]"]

    /// Reads the mail settings, refusing with one plain sentence any combination that cannot work or is unsafe.
    static func fromEnvironment(_ env: [String: String]) throws -> MailConfig {
        func value(_ key: String) -> String? { env[key].flatMap { $0.isEmpty ? nil : $0 } }
        var config = MailConfig()
        config.background = true
        if let raw = value("MAIL_TRANSPORT") {
            guard let transport = Transport(rawValue: raw.lowercased()) else {
                throw StartupError("MAIL_TRANSPORT must be none, smtp or notify (got \(raw)).")
            }
            config.transport = transport
        }
        config.from = value("MAIL_FROM") ?? ""
        switch config.transport {
        case .none:
            break
        case .smtp:
            guard Accounts.isPlausibleEmail(User.normalise(email: config.fromAddress)) else {
                throw StartupError("MAIL_FROM must be an email address, like SaferCyber <safercyber@example.gov.uk>.")
            }
            guard let host = value("SMTP_HOST") else {
                throw StartupError("SMTP_HOST is needed when MAIL_TRANSPORT=smtp.")
            }
            config.smtpHost = host
            if let raw = value("SMTP_TLS") {
                guard let mode = TLSMode(rawValue: raw.lowercased()) else {
                    throw StartupError("SMTP_TLS must be starttls, implicit or off (got \(raw)).")
                }
                config.smtpTLS = mode
            }
            if config.smtpTLS == .off && !loopbackHosts.contains(host.lowercased()) {
                throw StartupError(
                    "SMTP_TLS=off is allowed only for a mail server on this machine (localhost); use starttls or implicit for \(host)."
                )
            }
            let defaultPort = config.smtpTLS == .implicit ? 465 : config.smtpTLS == .starttls ? 587 : 25
            if let raw = value("SMTP_PORT") {
                guard let port = Int(raw), (1...65535).contains(port) else {
                    throw StartupError("SMTP_PORT must be a port number from 1 to 65535.")
                }
                config.smtpPort = port
            } else {
                config.smtpPort = defaultPort
            }
            config.smtpUsername = value("SMTP_USERNAME")
            config.smtpPassword = value("SMTP_PASSWORD")
            if (config.smtpUsername == nil) != (config.smtpPassword == nil) {
                throw StartupError("Set both SMTP_USERNAME and SMTP_PASSWORD, or neither.")
            }
            config.smtpCAFile = value("SMTP_CA_FILE")
            if let file = config.smtpCAFile, !FileManager.default.isReadableFile(atPath: file) {
                throw StartupError("SMTP_CA_FILE (\(file)) cannot be read.")
            }
            if let raw = value("SMTP_TIMEOUT") {
                guard let seconds = Double(raw), seconds > 0, seconds <= 600 else {
                    throw StartupError("SMTP_TIMEOUT must be a number of seconds from 1 to 600.")
                }
                config.smtpTimeout = seconds
            }
            if let raw = value("SMTP_CONNECTIONS") {
                guard let count = Int(raw), (1...8).contains(count) else {
                    throw StartupError("SMTP_CONNECTIONS must be a whole number from 1 to 8.")
                }
                config.smtpConnections = count
            }
        case .notify:
            guard let key = value("NOTIFY_API_KEY") else {
                throw StartupError("NOTIFY_API_KEY is needed when MAIL_TRANSPORT=notify.")
            }
            guard NotifyTransport.Key(key) != nil else {
                throw StartupError(
                    "NOTIFY_API_KEY does not look like a GOV.UK Notify API key (name-serviceid-secret); copy it again from Notify's API integration page."
                )
            }
            config.notifyAPIKey = key
            if let base = value("NOTIFY_BASE_URL") {
                guard
                    base.hasPrefix("https://")
                        || (URL(string: base).flatMap(\.host).map(loopbackHosts.contains) ?? false)
                else {
                    throw StartupError("NOTIFY_BASE_URL must start with https:// (plain http only for localhost).")
                }
                config.notifyBaseURL = base.hasSuffix("/") ? String(base.dropLast()) : base
            }
            guard let template = value("NOTIFY_TEMPLATE_ID"), UUID(uuidString: template) != nil else {
                throw StartupError(
                    "NOTIFY_TEMPLATE_ID is needed when MAIL_TRANSPORT=notify: the id of a Notify email template whose subject is ((subject)) and body ((body))."
                )
            }
            config.notifyTemplate = template
            for pair in (value("NOTIFY_TEMPLATES") ?? "").split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, let kind = MailKind(rawValue: parts[0]), UUID(uuidString: parts[1]) != nil
                else {
                    throw StartupError(
                        "NOTIFY_TEMPLATES must be kind=template-id pairs separated by commas (kinds: \(MailKind.allCases.map(\.rawValue).joined(separator: ", ")))."
                    )
                }
                config.notifyTemplates[kind] = parts[1]
            }
        }
        return config
    }
}
