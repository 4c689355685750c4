/// Problems with what someone typed, each tied to the form field it belongs to, in plain English.
/// Pages show them as an error summary with links to the fields.
public struct FieldErrors: Error, Sendable, Equatable {
    public struct Problem: Sendable, Equatable {
        public var field: String
        public var message: String
    }

    public private(set) var problems: [Problem] = []

    public init() {}
    public init(_ field: String, _ message: String) { add(field, message) }

    public mutating func add(_ field: String, _ message: String) {
        problems.append(Problem(field: field, message: message))
    }

    public var isEmpty: Bool { problems.isEmpty }
    public func message(for field: String) -> String? { problems.first { $0.field == field }?.message }

    /// Throws `self` when there is anything to report.
    public func throwIfAny() throws { if !isEmpty { throw self } }

    /// One of a fixed set of choices from a form: `empty` when nothing was chosen, the choice when it is one of the
    /// set, and otherwise `empty` with `message` added for `field` — a value outside the set (a tampered or stale
    /// form) is refused, not quietly taken as the default (issue 18).
    public mutating func choice<Choice: RawRepresentable>(
        _ text: String, _ field: String, empty: Choice, message: String
    ) -> Choice where Choice.RawValue == String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return empty }
        guard let chosen = Choice(rawValue: trimmed) else {
            add(field, message)
            return empty
        }
        return chosen
    }
}

/// A request that names something that does not exist (or that this user may not know exists).
public struct NotFound: Error, Sendable {
    public var what: String
    public init(_ what: String) { self.what = what }
}
