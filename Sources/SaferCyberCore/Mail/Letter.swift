import Foundation

/// A message's words, written once and rendered as plain text and as simple HTML (no images, no tracking, no
/// styles that hide anything). Every value is escaped in the HTML part.
public struct Letter: Sendable, Equatable {
    public enum Block: Sendable, Equatable {
        case paragraph(String)
        /// A labelled link, shown in full in the plain-text part.
        case link(label: String, url: String)
        /// Label and value pairs (event, when, where).
        case facts([Fact])
        case list([String])
    }

    public struct Fact: Sendable, Equatable {
        public var label: String
        public var value: String
        public init(_ label: String, _ value: String) {
            self.label = label
            self.value = value
        }
    }

    public var subject: String
    public var greeting: String
    public var blocks: [Block]
    /// Who sent it and how to reach them (the partnership's name and contact).
    public var signature: [String]

    public init(subject: String, greeting: String, blocks: [Block], signature: [String]) {
        self.subject = subject
        self.greeting = greeting
        self.blocks = blocks
        self.signature = signature
    }

    public var text: String {
        var parts = [greeting]
        for block in blocks {
            switch block {
            case .paragraph(let words): parts.append(words)
            case .link(let label, let url): parts.append("\(label):\n\(url)")
            case .facts(let facts): parts.append(facts.map { "\($0.label): \($0.value)" }.joined(separator: "\n"))
            case .list(let items): parts.append(items.map { "- \($0)" }.joined(separator: "\n"))
            }
        }
        parts.append(signature.joined(separator: "\n"))
        return parts.joined(separator: "\n\n") + "\n"
    }

    public var html: String {
        let e = Letter.escape
        var body = "<p>\(e(greeting))</p>\n"
        for block in blocks {
            switch block {
            case .paragraph(let words): body += "<p>\(e(words))</p>\n"
            case .link(let label, let url): body += "<p><a href=\"\(e(url))\">\(e(label))</a></p>\n"
            case .facts(let facts):
                body += "<table role=\"presentation\">\n"
                for fact in facts {
                    body += "<tr><th align=\"left\">\(e(fact.label))</th><td>\(e(fact.value))</td></tr>\n"
                }
                body += "</table>\n"
            case .list(let items): body += "<ul>\n" + items.map { "<li>\(e($0))</li>\n" }.joined() + "</ul>\n"
            }
        }
        body += "<p>" + signature.map(e).joined(separator: "<br>\n") + "</p>\n"
        return """
            <!DOCTYPE html>
            <html lang="en-GB"><head><meta charset="utf-8"><title>\(e(subject))</title></head>
            <body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5;">
            \(body)</body></html>

            """
    }

    /// HTML text and attribute escaping (the five characters that mean something in HTML).
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
