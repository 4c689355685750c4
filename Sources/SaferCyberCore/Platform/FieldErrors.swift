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
}

/// A request that names something that does not exist (or that this user may not know exists).
public struct NotFound: Error, Sendable {
    public var what: String
    public init(_ what: String) { self.what = what }
}
