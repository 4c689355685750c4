import Vapor

/// CSV output that spreadsheets open safely: every field quoted, and cells that start like a formula
/// prefixed with an apostrophe (CSV injection).
enum CSVText {
    static func field(_ value: String) -> String {
        var text = value
        // The first character that is not a space or a line break counts: a spreadsheet may skip those.
        let first = text.first { !$0.isWhitespace || $0 == "\t" || $0 == "\r" }
        if let first, "=+-@\t\r".contains(first), Double(text.trimmingCharacters(in: .whitespaces)) == nil {
            text = "'" + text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func line(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") + "\r\n" }

    static func response(_ text: String, fileName: String) -> Response {
        Response(
            status: .ok,
            headers: [
                "Content-Type": "text/csv; charset=utf-8",
                "Content-Disposition": "attachment; filename=\"\(fileName)\"",
            ], body: .init(string: "\u{FEFF}" + text))
    }
}
