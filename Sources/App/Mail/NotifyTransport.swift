import Crypto
import Foundation
import SaferCyberCore
import Vapor

/// `MAIL_TRANSPORT=notify`: GOV.UK Notify's HTTP API (POST /v2/notifications/email), authenticated with the JWT its
/// documentation describes: HS256, `{"typ":"JWT","alg":"HS256"}`, claims `iss` = the service id and `iat` = now in
/// seconds, signed with the key's secret. An API key is `{name}-{service id}-{secret}` (both ids 36 characters).
struct NotifyTransport: MailTransport {
    struct Key: Sendable, Equatable {
        var serviceID: String
        var secret: String

        /// Splits an API key; nil when it does not have the documented shape.
        init?(_ apiKey: String) {
            guard apiKey.count >= 74 else { return nil }
            let secret = String(apiKey.suffix(36))
            let service = String(apiKey.dropLast(37).suffix(36))
            guard UUID(uuidString: secret) != nil, UUID(uuidString: service) != nil,
                apiKey.dropLast(36).hasSuffix("-")
            else { return nil }
            self.serviceID = service
            self.secret = secret
        }
    }

    var key: Key
    var baseURL: String
    /// The template used for every kind without its own (it must contain ((subject)) and ((body))).
    var template: String
    var templates: [MailKind: String]
    var client: any Client
    var timeout: TimeInterval

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The bearer token for a request made at `now`.
    static func token(_ key: Key, now: Date = Date()) -> String {
        let header = base64URL(Data(#"{"typ":"JWT","alg":"HS256"}"#.utf8))
        let claims = base64URL(Data(#"{"iss":"\#(key.serviceID)","iat":\#(Int(now.timeIntervalSince1970))}"#.utf8))
        let signature = HMAC<SHA256>.authenticationCode(
            for: Data("\(header).\(claims)".utf8), using: SymmetricKey(data: Data(key.secret.utf8)))
        return "\(header).\(claims).\(base64URL(Data(signature)))"
    }

    struct EmailRequest: Content {
        var emailAddress: String
        var templateID: String
        var personalisation: [String: String]
        var reference: String
        enum CodingKeys: String, CodingKey {
            case emailAddress = "email_address"
            case templateID = "template_id"
            case personalisation, reference
        }
    }

    struct Created: Content { var id: String }
    struct Failure: Content {
        struct Item: Content {
            var error: String
            var message: String
        }
        var errors: [Item]?
    }

    func deliver(_ messages: [OutboundMail], deadline: Date) async -> [Outbox.Outcome] {
        var outcomes: [Outbox.Outcome] = []
        for message in messages {
            guard Date().addingTimeInterval(timeout) < deadline else {
                outcomes.append(.notTried)
                continue
            }
            outcomes.append(await send(message))
        }
        return outcomes
    }

    func send(_ message: OutboundMail) async -> Outbox.Outcome {
        let body = EmailRequest(
            emailAddress: message.recipient,
            templateID: message.kind.flatMap { templates[$0] } ?? template,
            personalisation: ["subject": message.subject, "body": message.text],
            // Notify keeps the reference with the notification: the idempotency key finds it again.
            reference: message.key)
        do {
            let response = try await client.post(
                URI(string: baseURL + "/v2/notifications/email"),
                headers: ["Authorization": "Bearer \(Self.token(key))", "User-Agent": "SaferCyber"]
            ) { request in
                try request.content.encode(body, as: .json)
                request.timeout = .seconds(Int64(timeout))
            }.get()
            switch response.status.code {
            case 201:
                let created = try response.content.decode(Created.self)
                return .sent(providerID: created.id)
            case 400:
                let reason = Self.reason(response)
                // Only a refused address is this message's for good. Anything else (a trial-mode or team-only key, a
                // template without the two fields) is the deployment's to fix: the message waits.
                return reason.contains("email_address")
                    ? .permanentFailure("Notify refused it: \(reason)")
                    : .deferred("Notify answered 400: \(reason)")
            case 403:
                return .deferred("Notify refused the key (403): \(Self.reason(response))")
            default:
                // 429 (rate limit), 5xx: Notify's side; try again later.
                return .temporaryFailure("Notify answered \(response.status.code): \(Self.reason(response))")
            }
        } catch {
            return .deferred("Notify could not be reached: \(error)")
        }
    }

    static func reason(_ response: ClientResponse) -> String {
        let failure = try? response.content.decode(Failure.self)
        return failure?.errors?.map { "\($0.error): \($0.message)" }.joined(separator: "; ")
            ?? String(response.body.map { String(buffer: $0) }?.prefix(300) ?? "")
    }

    struct Status: Content { var status: String }

    /// Notify's status for each notification: true delivered, false failed for good, nil not final yet.
    func statuses(of ids: [String]) async -> [String: (delivered: Bool, status: String)] {
        var result: [String: (Bool, String)] = [:]
        for id in ids {
            guard UUID(uuidString: id) != nil,
                let response = try? await client.get(
                    URI(string: baseURL + "/v2/notifications/\(id)"),
                    headers: ["Authorization": "Bearer \(Self.token(key))", "User-Agent": "SaferCyber"]
                ).get(), response.status == .ok, let status = try? response.content.decode(Status.self)
            else { continue }
            switch status.status {
            case "delivered": result[id] = (true, status.status)
            case "permanent-failure", "temporary-failure", "technical-failure", "validation-failed":
                result[id] = (false, status.status)
            default: continue
            }
        }
        return result
    }
}
