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

extension FormPairs {
    /// Each name's first value: for forms whose fields are named per row or per question.
    var fields: [String: String] {
        var result: [String: String] = [:]
        for pair in pairs where result[pair.name] == nil { result[pair.name] = pair.value }
        return result
    }

    /// The form as a typed value whose stored properties are `String?` (or `String`, or `[String]` for a field sent
    /// more than once, named "name" or "name[]"), each read by its name: the one reader of URL-encoded forms (issue 18). A field not sent reads
    /// as nil (or ""), so a form always reaches the page's own validation and is re-shown with its errors, rather
    /// than failing as a whole. Other property types are a programming error, reported as such.
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: FormFieldDecoder(form: self)) }
}

private struct FormFieldDecoder: Decoder {
    let form: FormPairs
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Fields<Key>(form: form))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { throw Self.unsupported("a list", codingPath) }
    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        throw Self.unsupported("a single value", codingPath)
    }

    static func unsupported(_ what: String, _ path: [any CodingKey]) -> DecodingError {
        .dataCorrupted(.init(codingPath: path, debugDescription: "A form is read as named text fields, not \(what)."))
    }

    struct Fields<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let form: FormPairs
        var codingPath: [any CodingKey] = []
        var allKeys: [Key] { form.pairs.compactMap { Key(stringValue: $0.name) } }

        // A list is sent as "name" or, as PHP and Vapor write it, "name[]".
        func contains(_ key: Key) -> Bool {
            form.first(key.stringValue) != nil || form.first(key.stringValue + "[]") != nil
        }
        func decodeNil(forKey key: Key) throws -> Bool { !contains(key) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { form.first(key.stringValue) ?? "" }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            if T.self == [String].self, let all = (form.all(key.stringValue) + form.all(key.stringValue + "[]")) as? T {
                return all
            }
            throw FormFieldDecoder.unsupported("\(T.self)", codingPath + [key])
        }
        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
            -> KeyedDecodingContainer<NestedKey>
        { throw FormFieldDecoder.unsupported("a nested form", codingPath + [key]) }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            throw FormFieldDecoder.unsupported("a list", codingPath + [key])
        }
        func superDecoder() throws -> any Decoder { FormFieldDecoder(form: form, codingPath: codingPath) }
        func superDecoder(forKey key: Key) throws -> any Decoder {
            FormFieldDecoder(form: form, codingPath: codingPath + [key])
        }
    }
}
