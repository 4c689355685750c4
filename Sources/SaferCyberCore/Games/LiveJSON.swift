import Foundation

/// A small JSON value written by hand: live messages are built for every event, and Foundation's
/// JSONSerialization (bridging and key sorting) cost more than everything else an answer does.
public enum LiveJSON: Sendable {
    case int(Int)
    case double(Double)
    case string(String)
    case bool(Bool)
    case array([LiveJSON])
    case object([(String, LiveJSON)])

    public var text: String {
        var out = ""
        write(to: &out)
        return out
    }

    /// How a table cell shows the value on the server-rendered page.
    public var display: String {
        switch self {
        case .int(let n): "\(n)"
        case .double(let d): "\(d)"
        case .string(let s): s
        case .bool(let b): b ? "Yes" : "No"
        case .array, .object: ""
        }
    }

    public func write(to out: inout String) {
        switch self {
        case .int(let n): out += String(n)
        // Swift's shortest form that reads back as the same number (as JSONEncoder writes it); "12.0" as "12".
        case .double(let d):
            let text = d.description
            out += text.hasSuffix(".0") ? String(text.dropLast(2)) : text
        case .bool(let b): out += b ? "true" : "false"
        case .string(let s): LiveJSON.quote(s, into: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { out += "," }
                LiveJSON.quote(key, into: &out)
                out += ":"
                value.write(to: &out)
            }
            out += "}"
        }
    }

    public static func quote(_ s: String, into out: inout String) {
        out += "\""
        // Nearly every string (ids, names, times) needs no escaping: append it whole.
        if !s.utf8.contains(where: {
            $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "<")
                || $0 == UInt8(ascii: ">")
        }) {
            out += s
            out += "\""
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            // Also escape < and > so a team name can never close a script block if the JSON is ever inlined.
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
