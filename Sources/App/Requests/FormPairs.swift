import Vapor

/// A URL-encoded form body as it was sent: every name with every value, in order. Vapor's decoder needs
/// names declared in advance; survey pages have one field per question, named by the question.
struct FormPairs {
    let pairs: [(name: String, value: String)]

    init(_ req: Request) {
        let body = req.body.string ?? ""
        pairs = body.split(separator: "&").compactMap { part in
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String? { FormPairs.decode(text) }
            guard let name = pieces.first.flatMap(decode) else { return nil }
            return (name, pieces.count > 1 ? decode(pieces[1]) ?? "" : "")
        }
    }

    /// One URL-encoded name or value. Most need no decoding at all; Foundation's is only asked when they do.
    static func decode(_ text: Substring) -> String? {
        // Bytes, not Foundation's contains(String), which searched with locale-aware comparison on every field.
        if !text.utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) { return String(text) }
        return String(text.map { $0 == "+" ? " " : $0 }).removingPercentEncoding
    }

    func first(_ name: String) -> String? { pairs.first { $0.name == name }?.value }
    func all(_ name: String) -> [String] { pairs.filter { $0.name == name }.map(\.value) }

    /// Every value of every field whose name starts with `prefix`, keyed by the rest of the name.
    func grouped(prefix: String) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for pair in pairs where pair.name.hasPrefix(prefix) {
            result[String(pair.name.dropFirst(prefix.count)), default: []].append(pair.value)
        }
        return result
    }
}
