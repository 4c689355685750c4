import Foundation

/// Addresses with letters outside ASCII (issue 22). The forms accept them (`Accounts.isPlausibleEmail` takes any
/// letter), so the sender must either write them in ASCII or use SMTPUTF8:
/// - a domain is written in ASCII with IDNA's Punycode labels (`bücher.example` → `xn--bcher-kva.example`), which every
///   mail server takes;
/// - a local part outside ASCII (`zoë@example.org`) has no ASCII form: it needs a server that offers SMTPUTF8
///   (RFC 6531), and is refused for good, with that reason, by one that does not.
public enum InternationalEmail {
    /// The address with its domain in ASCII, or nil when its local part is not ASCII (it then needs SMTPUTF8).
    public static func asciiForm(_ address: String) -> String? {
        guard let at = address.lastIndex(of: "@") else { return address.allSatisfy(\.isASCII) ? address : nil }
        let local = address[..<at]
        guard local.allSatisfy(\.isASCII) else { return nil }
        return String(local) + "@" + asciiDomain(String(address[address.index(after: at)...]))
    }

    /// The address with its domain in ASCII where that is possible (for SMTPUTF8, whose servers take either form).
    public static func withASCIIDomain(_ address: String) -> String {
        guard let at = address.lastIndex(of: "@") else { return address }
        return String(address[..<at]) + "@" + asciiDomain(String(address[address.index(after: at)...]))
    }

    /// Each label outside ASCII as "xn--" and its Punycode. Mapped first as IDNA does (compatibility normal form and
    /// lower case: full-width "ＥＸＡＭＰＬＥ" is "example", "ﬁ" is "fi"), so the mail goes to the domain people meant.
    public static func asciiDomain(_ domain: String) -> String {
        domain.split(separator: ".", omittingEmptySubsequences: false).map { label -> String in
            let label = String(label).precomposedStringWithCompatibilityMapping.lowercased()
            guard !label.allSatisfy(\.isASCII), let encoded = punycode(label) else { return label }
            return "xn--" + encoded
        }.joined(separator: ".")
    }

    /// Whether the domain's ASCII form is one DNS can hold: labels of at most 63 characters, 253 in all (21 Chinese
    /// characters fit 63 bytes of UTF-8 but make a 79-character label).
    public static func domainFits(_ domain: String) -> Bool {
        let ascii = asciiDomain(domain)
        // Mapping can bring in characters no host name has (a few compatibility letters become a space).
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-.".utf8)
        return ascii.utf8.count <= 253 && ascii.utf8.allSatisfy(allowed.contains)
            && ascii.split(separator: ".").allSatisfy { $0.utf8.count <= 63 }
    }

    // RFC 3492, section 5: the parameters for Punycode.
    private static let base = 36
    private static let tMin = 1
    private static let tMax = 26
    private static let skew = 38
    private static let damp = 700
    private static let initialBias = 72
    private static let initialN = 128

    /// Punycode (RFC 3492, section 6.3) of `text`: its ASCII characters in order, a "-" if there were any, then the
    /// others as generalised variable-length integers. nil on overflow (far beyond any real label).
    public static func punycode(_ text: String) -> String? {
        let input = text.unicodeScalars.map { Int($0.value) }
        var output = input.filter { $0 < 0x80 }.map { Character(Unicode.Scalar(UInt8($0))) }
        let basic = output.count
        var handled = basic
        if basic > 0 { output.append("-") }
        var n = initialN
        var delta = 0
        var bias = initialBias
        while handled < input.count {
            guard let m = input.filter({ $0 >= n }).min() else { return nil }
            let (step, overflow) = (m - n).multipliedReportingOverflow(by: handled + 1)
            guard !overflow, delta <= Int(Int32.max) - step else { return nil }
            delta += step
            n = m
            for c in input {
                if c < n { delta += 1 }
                guard c == n else { continue }
                var q = delta
                var k = base
                while true {
                    let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                    if q < t { break }
                    output.append(digit(t + (q - t) % (base - t)))
                    q = (q - t) / (base - t)
                    k += base
                }
                output.append(digit(q))
                bias = adapt(delta, points: handled + 1, first: handled == basic)
                delta = 0
                handled += 1
            }
            delta += 1
            n += 1
        }
        return String(output)
    }

    private static func digit(_ d: Int) -> Character {
        Character(Unicode.Scalar(UInt8(d < 26 ? 97 + d : 22 + d)))
    }

    private static func adapt(_ delta: Int, points: Int, first: Bool) -> Int {
        var delta = first ? delta / damp : delta / 2
        delta += delta / points
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + ((base - tMin + 1) * delta) / (delta + skew)
    }
}
