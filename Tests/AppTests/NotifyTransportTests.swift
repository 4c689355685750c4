import Fluent
import Foundation
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

/// GOV.UK Notify (issue 22) against `scripts/notify_stub.py`, which checks the JWT and the request as Notify's public
/// API documentation describes them, with its own (Python) code.
final class NotifyTransportTests: XCTestCase {
    struct Notification: Decodable {
        var id: String
        var emailAddress: String
        var templateID: String
        var personalisation: [String: String]
        var reference: String?
        enum CodingKeys: String, CodingKey {
            case id, personalisation, reference
            case emailAddress = "email_address"
            case templateID = "template_id"
        }
    }

    let service = UUID().uuidString.lowercased()
    let secret = UUID().uuidString.lowercased()
    let generic = UUID().uuidString.lowercased()
    let resets = UUID().uuidString.lowercased()

    var apiKey: String { "safercyber_test-\(service)-\(secret)" }

    func config(port: Int, key: String? = nil, templates: [MailKind: String]? = nil) -> MailConfig {
        var config = MailConfig()
        config.transport = .notify
        config.notifyAPIKey = key ?? apiKey
        config.notifyBaseURL = "http://127.0.0.1:\(port)"
        config.notifyTemplate = generic
        config.notifyTemplates = templates ?? [.passwordReset: resets]
        config.smtpTimeout = 5
        return config
    }

    func testTheKeyIsSplitAsNotifyDocumentsAndTheEnvironmentIsChecked() throws {
        let key = try XCTUnwrap(NotifyTransport.Key(apiKey))
        XCTAssertEqual(key.serviceID, service)
        XCTAssertEqual(key.secret, secret)
        XCTAssertNil(NotifyTransport.Key("not-a-key"))
        XCTAssertThrowsError(
            try MailConfig.fromEnvironment(["MAIL_TRANSPORT": "notify", "NOTIFY_API_KEY": apiKey]),
            "a template id is required")
        XCTAssertThrowsError(
            try MailConfig.fromEnvironment([
                "MAIL_TRANSPORT": "notify", "NOTIFY_API_KEY": apiKey, "NOTIFY_TEMPLATE_ID": generic,
                "NOTIFY_BASE_URL": "http://notify.example",
            ]), "plain http only for localhost")
        let parsed = try MailConfig.fromEnvironment([
            "MAIL_TRANSPORT": "notify", "NOTIFY_API_KEY": apiKey, "NOTIFY_TEMPLATE_ID": generic,
            "NOTIFY_TEMPLATES": "password-reset=\(resets)",
        ])
        XCTAssertEqual(parsed.notifyTemplates, [.passwordReset: resets])
        XCTAssertTrue(parsed.background)
        XCTAssertThrowsError(
            try MailConfig.fromEnvironment([
                "MAIL_TRANSPORT": "notify", "NOTIFY_API_KEY": apiKey, "NOTIFY_TEMPLATE_ID": generic,
                "NOTIFY_TEMPLATES": "no-such-kind=\(resets)",
            ]))
    }

    func testMessagesGoToNotifyWithTheirTemplateAndBouncesComeBack() async throws {
        let stub = try MailSink(
            ["--key", apiKey, "--templates", "\(generic),\(resets)", "--bounce", "bounced.example"],
            script: "notify_stub.py")
        defer { stub.stop() }
        try await withApp(mail: config(port: stub.port)) { app in
            let partnershipID = try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
                .requireID()
            try await Outbox.enqueue(
                ["ok@example.org", "gone@bounced.example"].map {
                    Outbox.Draft(
                        kind: .bookingConfirmation, partnershipID: partnershipID, recipient: $0,
                        letter: Letter(
                            subject: "Booking confirmed: Talk", greeting: "Hello,", blocks: [.paragraph("Body")],
                            signature: ["T"]), idempotencyKey: "confirm|\($0)")
                }, on: app.db)
            let officer = try await User.query(on: app.db).filter(\.$email == "officer@alpha.test").first()!
            let token = try await PasswordResets.issue(
                for: officer, links: app.mailLinks, by: .system("test"), on: app.db)

            try await app.mailSender.runOnce()
            let sent = try stub.records(Notification.self)
            XCTAssertEqual(sent.count, 3)
            let byAddress = Dictionary(uniqueKeysWithValues: sent.map { ($0.emailAddress, $0) })
            XCTAssertEqual(byAddress["ok@example.org"]?.templateID, generic)
            XCTAssertEqual(byAddress["ok@example.org"]?.personalisation["subject"], "Booking confirmed: Talk")
            XCTAssertTrue(byAddress["ok@example.org"]?.personalisation["body"]?.contains("Body") ?? false)
            XCTAssertEqual(byAddress["ok@example.org"]?.reference, "confirm|ok@example.org")
            XCTAssertEqual(byAddress["officer@alpha.test"]?.templateID, resets, "the kind's own template")
            XCTAssertTrue(byAddress["officer@alpha.test"]?.personalisation["body"]?.contains(token) ?? false)

            let stored = try await OutboxMessage.query(on: app.db).all()
            XCTAssertTrue(stored.allSatisfy { $0.status == .sent && $0.providerID != nil })
            XCTAssertEqual(Set(stored.compactMap(\.providerID)), Set(sent.map(\.id)))

            // Delivery reports: the bounced address is marked, the others are delivered.
            let reports = try await app.mailSender.checkStatuses()
            XCTAssertEqual(reports, 3)
            let after = Dictionary(
                uniqueKeysWithValues: try await OutboxMessage.query(on: app.db).all().map { ($0.recipient, $0) })
            XCTAssertEqual(after["gone@bounced.example"]?.status, .bounced)
            XCTAssertEqual(after["gone@bounced.example"]?.lastError, "Not delivered: permanent-failure")
            XCTAssertEqual(after["ok@example.org"]?.status, .sent)
            XCTAssertEqual(after["ok@example.org"]?.providerStatus, "delivered")
            let again = try await app.mailSender.checkStatuses()
            XCTAssertEqual(again, 0, "a final report is read once")
        }
    }

    func testAWrongKeyOrAnUnknownTemplateWaitsAndARefusedAddressFailsForGood() async throws {
        let stub = try MailSink(["--key", apiKey, "--templates", generic], script: "notify_stub.py")
        defer { stub.stop() }
        let wrong = "safercyber_test-\(service)-\(UUID().uuidString.lowercased())"
        try await withApp(mail: config(port: stub.port, key: wrong)) { app in
            let partnershipID = try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
                .requireID()
            try await Outbox.enqueue(
                Outbox.Draft(
                    kind: .bookingConfirmation, partnershipID: partnershipID, recipient: "a@example.org",
                    letter: Letter(subject: "S", greeting: "Hi", blocks: [], signature: ["T"]), idempotencyKey: "k"),
                on: app.db)
            try await app.mailSender.runOnce()
            let message = try await OutboxMessage.query(on: app.db).first()
            XCTAssertEqual(message?.status, .queued)
            XCTAssertTrue(message?.lastError?.contains("403") ?? false, message?.lastError ?? "")
            XCTAssertEqual(message?.attempts, 0, "a wrong key does not use up the message's tries")
            XCTAssertTrue(try stub.records(Notification.self).isEmpty)
        }
        try await withApp(mail: config(port: stub.port, templates: [.weeklyDigest: UUID().uuidString.lowercased()])) {
            app in
            let partnershipID = try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
                .requireID()
            try await Outbox.enqueue(
                Outbox.Draft(
                    kind: .weeklyDigest, partnershipID: partnershipID, recipient: "a@example.org",
                    letter: Letter(subject: "S", greeting: "Hi", blocks: [], signature: ["T"]), idempotencyKey: "k"),
                on: app.db)
            try await app.mailSender.runOnce()
            // Review finding: a template mix-up is the deployment's to fix, not the message's: it waits, no try used.
            let message = try await OutboxMessage.query(on: app.db).first()
            XCTAssertEqual(message?.status, .queued)
            XCTAssertEqual(message?.attempts, 0)
            XCTAssertTrue(message?.lastError?.contains("Template not found") ?? false, message?.lastError ?? "")
            // An address Notify refuses is this message's problem, for good.
            let refused = await app.mailSender.transport.deliver(
                [
                    OutboundMail(
                        id: UUID(), recipient: "not an address", subject: "S", text: "T", kind: .reminder, key: "r",
                        data: "")
                ], deadline: Date().addingTimeInterval(600))
            guard case .permanentFailure(let reason) = refused.first else {
                return XCTFail("expected a permanent failure, got \(refused)")
            }
            XCTAssertTrue(reason.contains("email_address"), reason)
        }
    }

    func testTheTokenIsAnHS256JWTOverIssAndIat() throws {
        // Checked against an independent HMAC here too: header and claims decoded, signature recomputed.
        let key = try XCTUnwrap(NotifyTransport.Key(apiKey))
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let parts = NotifyTransport.token(key, now: now).split(separator: ".").map(String.init)
        XCTAssertEqual(parts.count, 3)
        func decode(_ part: String) -> [String: Any] {
            var text = part.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            while text.count % 4 != 0 { text += "=" }
            return (try? JSONSerialization.jsonObject(with: Data(base64Encoded: text)!)) as? [String: Any] ?? [:]
        }
        XCTAssertEqual(decode(parts[0]) as? [String: String], ["typ": "JWT", "alg": "HS256"])
        XCTAssertEqual(decode(parts[1])["iss"] as? String, service)
        XCTAssertEqual(decode(parts[1])["iat"] as? Int, 1_700_000_000)
    }
}
