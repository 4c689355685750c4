/// A partnership's rules compiled for speed: one pass over a record's text finds every rule that matches.
///
/// Rules are ordered. The theme comes from the first matching rule that names a theme; the cyber class from
/// the first matching rule that names a class. A record the police flagged online is at least cyber-enabled
/// (basis "police flag"); one that is not flagged but that a rule makes cyber is "inferred".
public struct CrimeClassifier: Sendable {
    /// Rules beyond this many cannot be told apart by the record's bit set; editing refuses more.
    public static let maxRules = 64

    public struct Rule: Sendable {
        public var number: Int
        public var kind: CrimeRule.Kind
        public var terms: [String]
        /// The theme's number in the partnership's dictionary, 0 for none.
        public var theme: Int
        public var cyber: CyberClass?
    }

    public struct Result: Sendable, Equatable {
        public var theme: Int
        public var cyber: CyberClass
        public var basis: ClassificationBasis
        public var themeRule: Int
        public var classRule: Int
    }

    public let rules: [Rule]
    private let themeMask: UInt64
    private let classMask: UInt64
    private let moMask: UInt64
    /// Rules that say "cyber-enabled": a police flag already says so, so for flagged records they are not
    /// consulted for the class (they still give a theme).
    private let enabledMask: UInt64
    /// Keyword terms by first byte, for the single scan of the modus operandi text.
    private let termsByFirstByte: [[(term: [UInt8], rule: Int)]]

    public init(rules: [Rule]) {
        let rules = Array(rules.prefix(Self.maxRules))
        self.rules = rules
        var themeMask: UInt64 = 0
        var classMask: UInt64 = 0
        var moMask: UInt64 = 0
        var enabled: UInt64 = 0
        var buckets = Array(repeating: [(term: [UInt8], rule: Int)](), count: 256)
        for (index, rule) in rules.enumerated() {
            let bit: UInt64 = 1 << UInt64(index)
            if rule.theme != 0 { themeMask |= bit }
            if rule.cyber != nil { classMask |= bit }
            if rule.cyber == .cyberEnabled { enabled |= bit }
            guard rule.kind == .moKeyword else { continue }
            moMask |= bit
            for term in rule.terms {
                let bytes = Array(term.utf8)
                if let first = bytes.first { buckets[Int(first)].append((bytes, index)) }
            }
        }
        self.themeMask = themeMask
        self.classMask = classMask
        self.moMask = moMask
        self.enabledMask = enabled
        self.termsByFirstByte = buckets
    }

    /// Which offence-level rules match an offence: computed once per distinct offence, not per row.
    public func offenceBits(code: String, description: String) -> UInt64 {
        var bits: UInt64 = 0
        let code = code.lowercased().trimmingSpaces()
        let description = description.lowercased()
        for (index, rule) in rules.enumerated() {
            let matches: Bool
            switch rule.kind {
            case .offenceCode:
                matches =
                    !code.isEmpty
                    && rule.terms.contains { term in
                        term.hasSuffix("*") ? code.hasPrefix(term.dropLast()) : code == term
                    }
            case .offenceText:
                matches = rule.terms.contains { description.contains($0) }
            case .moKeyword:
                matches = false
            }
            if matches { bits |= 1 << UInt64(index) }
        }
        return bits
    }

    /// Classifies one record from its offence's rule bits, its modus operandi text and the online flag.
    public func classify(offenceBits: UInt64, mo: UnsafeBufferPointer<UInt8>, flag: OnlineFlag) -> Result {
        var bits = offenceBits
        let classRules = flag == .yes ? classMask & ~enabledMask : classMask
        let themeFirst = firstBit(bits & themeMask)
        let classFirst = firstBit(bits & classRules)
        // Scan the text only when a keyword rule earlier than the offence rules' choice could change it.
        if (moMask & themeMask & below(themeFirst)) | (moMask & classRules & below(classFirst)) != 0 {
            bits |= keywordBits(mo)
        }
        let themeIndex = firstBit(bits & themeMask)
        let classIndex = firstBit(bits & classRules)
        let theme = themeIndex < rules.count ? rules[themeIndex].theme : 0
        let themeRule = themeIndex < rules.count ? rules[themeIndex].number : 0
        var cyber = classIndex < rules.count ? (rules[classIndex].cyber ?? .notCyber) : .notCyber
        let classRule = classIndex < rules.count ? rules[classIndex].number : 0
        var basis = ClassificationBasis.none
        if flag == .yes {
            if cyber == .notCyber { cyber = .cyberEnabled }
            basis = .policeFlag
        } else if cyber != .notCyber {
            basis = .inferred
        }
        return Result(theme: theme, cyber: cyber, basis: basis, themeRule: themeRule, classRule: classRule)
    }

    @inline(__always) private func firstBit(_ bits: UInt64) -> Int { bits == 0 ? 64 : bits.trailingZeroBitCount }
    @inline(__always) private func below(_ index: Int) -> UInt64 { index >= 64 ? ~0 : (1 << UInt64(index)) &- 1 }

    private func keywordBits(_ text: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var bits: UInt64 = 0
        let count = text.count
        var i = 0
        // Terms are lower case; the text is folded to lower case (ASCII letters) as it is read.
        @inline(__always) func lower(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte | 0x20 : byte }
        while i < count {
            let bucket = termsByFirstByte[Int(lower(text[i]))]
            if !bucket.isEmpty {
                for (term, rule) in bucket where i + term.count <= count {
                    var j = 1
                    while j < term.count && lower(text[i + j]) == term[j] { j += 1 }
                    if j == term.count { bits |= 1 << UInt64(rule) }
                }
            }
            i += 1
        }
        return bits
    }
}
