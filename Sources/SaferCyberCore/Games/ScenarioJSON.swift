/// A small JSON reader that remembers the line of every value, so a scenario author is told
/// "line 42" rather than only a path. Foundation's parser gives neither lines nor every error.
struct ScenarioJSON: Sendable {
    indirect enum Value: Sendable {
        case object([(key: String, node: ScenarioJSON)])
        case array([ScenarioJSON])
        case string(String)
        case number(Double)
        case bool(Bool)
        case null
    }

    var value: Value
    var line: Int

    struct SyntaxError: Error, Sendable {
        var line: Int
        var column: Int
        var message: String
    }

    static func parse(_ text: String) throws -> ScenarioJSON {
        var reader = Reader(scalars: Array(text.unicodeScalars))
        reader.skipSpace()
        let value = try reader.value()
        reader.skipSpace()
        if reader.index < reader.scalars.count { throw reader.error("there is more after the end of the scenario") }
        return value
    }

    private struct Reader {
        var scalars: [Unicode.Scalar]
        var index = 0
        var line = 1
        var lineStart = 0

        func error(_ message: String) -> SyntaxError {
            SyntaxError(line: line, column: index - lineStart + 1, message: message)
        }

        var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

        mutating func advance() {
            if current == "\n" {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }

        mutating func skipSpace() {
            while let c = current, c == " " || c == "\t" || c == "\n" || c == "\r" { advance() }
        }

        mutating func expect(_ c: Unicode.Scalar, _ what: String) throws {
            skipSpace()
            guard current == c else { throw error("expected \(what)") }
            advance()
        }

        mutating func value() throws -> ScenarioJSON {
            skipSpace()
            let at = line
            guard let c = current else { throw error("the file ends where a value was expected") }
            switch c {
            case "{":
                advance()
                var members: [(key: String, node: ScenarioJSON)] = []
                skipSpace()
                if current == "}" {
                    advance()
                    return ScenarioJSON(value: .object(members), line: at)
                }
                while true {
                    skipSpace()
                    guard current == "\"" else { throw error("expected a field name in double quotes") }
                    let key = try string()
                    try expect(":", "a colon after the field name “\(key)”")
                    members.append((key, try value()))
                    skipSpace()
                    if current == "," {
                        advance()
                        continue
                    }
                    if current == "}" {
                        advance()
                        break
                    }
                    throw error("expected a comma or } after the field “\(key)”")
                }
                return ScenarioJSON(value: .object(members), line: at)
            case "[":
                advance()
                var items: [ScenarioJSON] = []
                skipSpace()
                if current == "]" {
                    advance()
                    return ScenarioJSON(value: .array(items), line: at)
                }
                while true {
                    items.append(try value())
                    skipSpace()
                    if current == "," {
                        advance()
                        continue
                    }
                    if current == "]" {
                        advance()
                        break
                    }
                    throw error("expected a comma or ] in the list")
                }
                return ScenarioJSON(value: .array(items), line: at)
            case "\"":
                return ScenarioJSON(value: .string(try string()), line: at)
            case "t":
                try word("true")
                return ScenarioJSON(value: .bool(true), line: at)
            case "f":
                try word("false")
                return ScenarioJSON(value: .bool(false), line: at)
            case "n":
                try word("null")
                return ScenarioJSON(value: .null, line: at)
            default:
                return ScenarioJSON(value: .number(try number()), line: at)
            }
        }

        mutating func word(_ text: String) throws {
            for expected in text.unicodeScalars {
                guard current == expected else { throw error("expected \(text)") }
                advance()
            }
        }

        mutating func number() throws -> Double {
            let start = index
            while let c = current, "+-0123456789.eE".unicodeScalars.contains(c) { advance() }
            let text = String(String.UnicodeScalarView(scalars[start..<index]))
            guard !text.isEmpty, let number = Double(text) else {
                throw error("expected a value (text in double quotes, a number, true, false, a list or an object)")
            }
            return number
        }

        mutating func string() throws -> String {
            advance()  // opening quote
            var out = String.UnicodeScalarView()
            while true {
                guard let c = current else { throw error("a piece of text is missing its closing double quote") }
                if c == "\n" {
                    throw error("a piece of text runs onto the next line; close it with a double quote or write \\n")
                }
                advance()
                if c == "\"" { return String(out) }
                guard c == "\\" else {
                    out.append(c)
                    continue
                }
                guard let escaped = current else { throw error("the file ends inside a piece of text") }
                advance()
                switch escaped {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                case "b", "f": break
                case "u":
                    var hex = ""
                    for _ in 0..<4 {
                        if let h = current {
                            hex.unicodeScalars.append(h)
                            advance()
                        }
                    }
                    guard let code = UInt32(hex, radix: 16) else {
                        throw error("\\u must be followed by four hex digits")
                    }
                    if let scalar = Unicode.Scalar(code) { out.append(scalar) }
                default: out.append(escaped)
                }
            }
        }
    }
}
