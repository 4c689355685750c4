import Foundation
import Plot

// Escaping by construction (issue 20).
//
// Plot escapes text but writes attribute values verbatim (`name="value"`), so a `"` in data ends the attribute
// and whatever follows becomes markup: a public visitor's "email address" could add a <meta refresh> to a staff
// page. The declarations below have the same names and signatures as Plot's, so inside this module they shadow
// Plot's (a module's own declarations win over those it imports): every attribute page code writes — `.href`,
// `.value`, `.attribute(named:value:)`, … — goes through `HTMLEscape.attribute`, and the unescaped form is not
// reachable from page code. `href`, `src` and `action` are also checked for their scheme. App does not import
// Plot, so no code outside this module can build attributes. SafeAttributesTests checks every shadow.

/// The one escaping path for attribute values.
public enum HTMLEscape {
    /// `&`, `"`, `'`, `<` and `>` as character references; control characters other than tab and newline are
    /// dropped. Strings with none of these (almost all) are returned as they are.
    public static func attribute(_ text: String) -> String {
        guard
            text.utf8.contains(where: {
                $0 == 38 || $0 == 34 || $0 == 39 || $0 == 60 || $0 == 62 || $0 < 32 || $0 == 127
            })
        else { return text }
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\t", "\n": escaped.unicodeScalars.append(scalar)
            default:
                if scalar.value < 32 || scalar.value == 127 { continue }
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// Schemes a link or form may use. Anything else (`javascript:`, `data:`, `vbscript:`, …) becomes "#".
    static let allowedSchemes: Set<String> = ["http", "https", "mailto", "tel"]

    /// A URL for `href`, `src` or `action`: relative references pass; an absolute one only with an allowed
    /// scheme. Browsers ignore tabs, newlines and leading spaces inside a scheme ("java\tscript:"), so they are
    /// removed before the scheme is read.
    public static func url(_ value: String) -> String {
        // Bytes, not Characters: a ":" followed by a combining mark is one Character but still ends a scheme.
        let compact = Array(value.utf8.drop { $0 <= 32 }.filter { $0 != 9 && $0 != 10 && $0 != 13 })
        guard let colon = compact.firstIndex(of: UInt8(ascii: ":")) else { return attribute(value) }
        let beforeColon = compact[..<colon]
        // A ":" after "/", "?" or "#" belongs to a path, query or fragment, not a scheme.
        if beforeColon.contains(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }
        ) {
            return attribute(value)
        }
        let scheme = String(decoding: beforeColon, as: UTF8.self).lowercased()
        return allowedSchemes.contains(scheme) ? attribute(value) : "#"
    }
}

extension Node {
    static func attribute(named name: String, value: String?, ignoreIfValueIsEmpty: Bool = true) -> Node {
        .attribute(
            Attribute(name: name, value: value.map(HTMLEscape.attribute), ignoreIfValueIsEmpty: ignoreIfValueIsEmpty))
    }
}

extension Attribute {
    static func attribute(named name: String, value: String?) -> Self {
        Attribute(name: name, value: value.map(HTMLEscape.attribute))
    }
}

extension Attribute where Context: HTMLContext {
    static func id(_ id: String) -> Attribute { .attribute(named: "id", value: id) }
    static func `class`(_ className: String) -> Attribute { .attribute(named: "class", value: className) }
    static func data(named name: String, value: String) -> Attribute {
        .attribute(named: "data-" + name, value: value)
    }
    static func title(_ title: String) -> Attribute { .attribute(named: "title", value: title) }
}

extension Node where Context: HTMLContext {
    static func id(_ id: String) -> Node { .attribute(named: "id", value: id) }
    static func `class`(_ className: String) -> Node { .attribute(named: "class", value: className) }
    static func data(named name: String, value: String) -> Node { .attribute(named: "data-" + name, value: value) }
    static func title(_ title: String) -> Node { .attribute(named: "title", value: title) }
}

extension Attribute where Context: HTMLNamableContext {
    static func name(_ name: String) -> Attribute { .attribute(named: "name", value: name) }
}

extension Node where Context: HTMLNamableContext {
    static func name(_ name: String) -> Node { .attribute(named: "name", value: name) }
}

extension Attribute where Context: HTMLValueContext {
    static func value(_ value: String) -> Attribute { .attribute(named: "value", value: value) }
}

extension Node where Context: HTMLValueContext {
    static func value(_ value: String) -> Node { .attribute(named: "value", value: value) }
}

extension Attribute where Context: HTMLLinkableContext {
    static func href(_ url: URLRepresentable) -> Attribute {
        Attribute(name: "href", value: HTMLEscape.url(url.description))
    }
}

extension Node where Context: HTMLLinkableContext {
    static func href(_ url: URLRepresentable) -> Node { .attribute(Attribute.href(url)) }
}

extension Node where Context == HTML.TimeContext {
    static func datetime(_ datetime: String) -> Node { .attribute(named: "datetime", value: datetime) }
}

extension Attribute where Context: HTMLSourceContext {
    static func src(_ url: URLRepresentable) -> Attribute {
        Attribute(name: "src", value: HTMLEscape.url(url.description))
    }
}

extension Node where Context: HTMLSourceContext {
    static func src(_ url: URLRepresentable) -> Node { .attribute(Attribute.src(url)) }
}

extension Node where Context == HTML.FormContext {
    static func action(_ url: URLRepresentable) -> Node {
        .attribute(Attribute(name: "action", value: HTMLEscape.url(url.description)))
    }
}

extension Node where Context == HTML.LabelContext {
    static func `for`(_ target: String) -> Node { .attribute(named: "for", value: target) }
}

extension Attribute where Context == HTML.InputContext {
    static func placeholder(_ placeholder: String) -> Attribute { .attribute(named: "placeholder", value: placeholder) }
}

extension Node where Context == HTML.TextAreaContext {
    static func placeholder(_ placeholder: String) -> Node { .attribute(named: "placeholder", value: placeholder) }
}

extension Attribute where Context == HTML.OptionContext {
    static func label(_ label: String) -> Attribute {
        Attribute(name: "label", value: HTMLEscape.attribute(label), ignoreIfValueIsEmpty: false)
    }
}

extension Node where Context: HTMLStylableContext {
    static func style(_ css: String) -> Node { .attribute(named: "style", value: css) }
}

extension Attribute where Context == HTML.MetaContext {
    static func content(_ content: String) -> Attribute { .attribute(named: "content", value: content) }
}

extension Attribute where Context == HTML.ImageContext {
    static func alt(_ text: String) -> Attribute { .attribute(named: "alt", value: text) }
}

extension Node where Context: HTML.BodyContext {
    static func ariaLabel(_ label: String) -> Node { .attribute(named: "aria-label", value: label) }
    static func ariaControls(_ child: String) -> Node { .attribute(named: "aria-controls", value: child) }
}

extension Node where Context == HTML.HeadContext {
    /// Plot's `.stylesheet` writes its URL verbatim (a partnership's brand stylesheet carries its slug).
    static func stylesheet(_ url: URLRepresentable) -> Node {
        .link(.rel(.stylesheet), .href(url))
    }
}

/// One element per shadowed attribute, rendered with `value` in every attribute: SafeAttributesTests checks that
/// no value can add an element or an attribute.
enum SafeAttributeSamples {
    static func rendered(_ value: String) -> [(tag: String, html: String)] {
        let nodes: [(String, Node<HTML.BodyContext>)] = [
            ("a", .a(.href(value), .id(value), .class(value), .title(value), .data(named: "x", value: value))),
            ("div", .div(.attribute(named: "data-y", value: value), .ariaLabel(value), .ariaControls(value))),
            ("form", .form(.action(value))),
            ("img", .img(.src(value), .alt(value))),
            ("input", .input(.name(value), .value(value), .placeholder(value))),
            ("label", .label(.for(value), .text(value))),
            ("textarea", .textarea(.placeholder(value), .name(value))),
            ("time", .time(.datetime(value))),
            ("select", .select(.option(.value(value), .label(value)))),
        ]
        return nodes.map { ($0.0, $0.1.render()) }
    }
}
