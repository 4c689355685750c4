import Vapor

/// Parts of a request that several middleware and controllers read, worked out once per request.
/// Vapor re-parses `url.path` and the Cookie header on every call; under game load each was a few per cent of an answer.
extension Request {
    private struct PathKey: StorageKey { typealias Value = String }

    /// The path, without the query.
    var urlPath: String {
        if let path = storage[PathKey.self] { return path }
        let path = url.path
        storage[PathKey.self] = path
        return path
    }

    private struct FormKey: StorageKey { typealias Value = FormPairs }

    /// The URL-encoded form body, as name–value pairs.
    var form: FormPairs {
        if let form = storage[FormKey.self] { return form }
        let form = FormPairs(self)
        storage[FormKey.self] = form
        return form
    }

    /// One cookie's value, read straight from the Cookie header (for cookies SaferCyber sets itself: plain tokens).
    func cookieValue(_ name: String) -> String? {
        for header in headers[.cookie] {
            for part in header.split(separator: ";") {
                let pair = part.drop { $0 == " " }
                if pair.hasPrefix(name), pair.dropFirst(name.count).first == "=" {
                    return String(pair.dropFirst(name.count + 1))
                }
            }
        }
        return nil
    }

    /// "scheme://host[:port]" of an absolute address, lowercased; nil without a scheme or a host.
    static func origin(of address: String) -> String? {
        guard let separator = address.firstRange(of: "://") else { return nil }
        let rest = address[separator.upperBound...]
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !host.isEmpty, !address[..<separator.lowerBound].isEmpty else { return nil }
        return (address[..<separator.upperBound] + host).lowercased()
    }
}
