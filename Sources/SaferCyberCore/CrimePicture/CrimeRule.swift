import FluentKit
import Foundation

/// One classification rule of a partnership, applied in `position` order.
/// A rule may decide the theme, the cyber class, or both; the first rule that decides each wins.
public final class CrimeRule: Model, @unchecked Sendable {
    public static let schema = "crime_rules"

    public enum Kind: String, CaseIterable, Codable, Sendable {
        /// Offence codes, comma-separated; "53*" matches every code starting 53.
        case offenceCode = "offence-code"
        /// Words or phrases in the offence description (or street-level crime type).
        case offenceText = "offence-text"
        /// Words or phrases in the modus operandi text.
        case moKeyword = "mo-keyword"

        public var label: String {
            switch self {
            case .offenceCode: "Offence code is"
            case .offenceText: "Offence description contains"
            case .moKeyword: "Modus operandi contains"
            }
        }
    }

    // managed fields
    @ID(key: .id) public var id: UUID?
    @Parent(key: "partnership_id") public var partnership: Partnership
    /// Stable number stored on each record it classifies, so a record can say which rule matched.
    @Field(key: "number") public var number: Int

    // data fields
    @Field(key: "position") public var position: Int
    @Field(key: "kind") public var kind: Kind
    @Field(key: "pattern") public var pattern: String
    @OptionalField(key: "theme_id") public var themeID: UUID?
    /// -1: the rule leaves the cyber class to other rules; otherwise a `CyberClass` raw value.
    @Field(key: "cyber") public var cyber: Int
    @Field(key: "enabled") public var enabled: Bool

    public init() {}

    public init(
        partnershipID: UUID, number: Int, position: Int, kind: Kind, pattern: String, themeID: UUID?,
        cyber: CyberClass?, enabled: Bool = true
    ) {
        self.$partnership.id = partnershipID
        self.number = number
        self.position = position
        self.kind = kind
        self.pattern = pattern
        self.themeID = themeID
        self.cyber = cyber?.rawValue ?? -1
        self.enabled = enabled
    }

    public var cyberClass: CyberClass? { CyberClass(rawValue: cyber) }

    /// The pattern split into its comma-separated terms, lower-cased and trimmed.
    public var terms: [String] {
        pattern.split(separator: ",").map { String($0).lowercased().trimmingSpaces() }.filter { !$0.isEmpty }
    }
}
