import Foundation

/// Short lists of ids kept in one text column, comma-separated (a partnership has a handful of themes, partners,
/// linked events…): simpler than a join table and the same on SQLite and PostgreSQL.
public enum IDList {
    public static func parse(_ text: String) -> [UUID] {
        text.split(separator: ",").compactMap { UUID(uuidString: String($0)) }
    }
    public static func text(_ ids: [UUID]) -> String { ids.map(\.uuidString).joined(separator: ",") }
}
