import Foundation
import SaferCyberCore

/// Writes an outbox message as an RFC 5322 / MIME message: a plain-text part and an HTML part (multipart/alternative),
/// plus attachments (multipart/mixed). Text is base64 in UTF-8, so no line is too long and none starts with a dot.
enum MIMEMessage {
    /// An RFC 2047 encoded word when the text is not plain ASCII; header values never carry a line break.
    static func headerText(_ text: String) -> String {
        let oneLine = text.components(separatedBy: .newlines).joined(separator: " ")
        if oneLine.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 32 && $0.value != 127 }) { return oneLine }
        return "=?UTF-8?B?\(Data(oneLine.utf8).base64EncodedString())?="
    }

    /// A display name and address: `"Name" <a@b.c>`, the name quoted or encoded.
    static func mailbox(name: String?, address: String) -> String {
        guard let name, !name.isEmpty else { return "<\(address)>" }
        let encoded = headerText(name)
        if encoded.hasPrefix("=?") { return "\(encoded) <\(address)>" }
        let quoted = encoded.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(quoted)\" <\(address)>"
    }

    static func base64Lines(_ data: Data) -> String {
        let text = data.base64EncodedString()
        var lines: [Substring] = []
        var index = text.startIndex
        while index < text.endIndex {
            let end = text.index(index, offsetBy: 76, limitedBy: text.endIndex) ?? text.endIndex
            lines.append(text[index..<end])
            index = end
        }
        return lines.joined(separator: "\r\n")
    }

    static let dateFormatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter
    }()

    static func render(
        _ message: OutboxMessage, fromAddress: String, fromName: String?, replyTo: String?, date: Date = Date()
    ) -> String {
        let id = message.id?.uuidString.lowercased() ?? UUID().uuidString.lowercased()
        let domain = fromAddress.split(separator: "@").last.map(String.init) ?? "safercyber.invalid"
        let boundary = "=_sc_\(id.prefix(8))_alt"
        let mixed = "=_sc_\(id.prefix(8))_mix"
        var headers = [
            "From: \(mailbox(name: fromName, address: fromAddress))",
            // In ASCII where the address has an ASCII form (RFC 6532 allows UTF-8 here only over SMTPUTF8).
            "To: <\(InternationalEmail.asciiForm(message.recipient) ?? InternationalEmail.withASCIIDomain(message.recipient))>",
            "Subject: \(headerText(message.subject))",
            "Date: \(dateFormatter.string(from: date))",
            // The same message id on every try, so a mail system can drop a duplicate sent after a crash.
            "Message-ID: <\(id)@\(domain)>",
            "MIME-Version: 1.0",
            "Auto-Submitted: auto-generated",
            "X-Auto-Response-Suppress: All",
        ]
        if let replyTo, !replyTo.isEmpty { headers.append("Reply-To: <\(replyTo)>") }
        let alternative = [
            "--\(boundary)",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "",
            base64Lines(Data(message.bodyText.utf8)),
            "--\(boundary)",
            "Content-Type: text/html; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "",
            base64Lines(Data(message.bodyHTML.utf8)),
            "--\(boundary)--",
        ].joined(separator: "\r\n")
        let attachments = message.attachments
        var body: String
        if attachments.isEmpty {
            headers.append("Content-Type: multipart/alternative; boundary=\"\(boundary)\"")
            body = alternative
        } else {
            headers.append("Content-Type: multipart/mixed; boundary=\"\(mixed)\"")
            var parts = [
                "--\(mixed)", "Content-Type: multipart/alternative; boundary=\"\(boundary)\"", "", alternative,
            ]
            for attachment in attachments {
                let name = attachment.filename.filter { $0.isLetter || $0.isNumber || "._-".contains($0) }
                parts += [
                    "--\(mixed)",
                    "Content-Type: \(attachment.contentType); name=\"\(name)\"",
                    "Content-Disposition: attachment; filename=\"\(name)\"",
                    "Content-Transfer-Encoding: base64",
                    "",
                    base64Lines(Data(attachment.content.utf8)),
                ]
            }
            parts.append("--\(mixed)--")
            body = parts.joined(separator: "\r\n")
        }
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + body + "\r\n"
    }
}
