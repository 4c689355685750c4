import FluentKit
import Foundation

/// A partnership's colour for its public pages (header and buttons, with white text on it). It must keep white
/// text readable: a contrast of at least 4.5:1 (WCAG 2.2 AA, 1.4.3), worked out as WCAG defines it.
public struct BrandColour: Sendable, Equatable {
    public var red: Int, green: Int, blue: Int

    /// Reads "#1d70b8", "1d70b8" or "#17b"; nil for anything else.
    public init?(_ text: String) {
        var hex = text.trimmingCharacters(in: .whitespaces).lowercased()
        if hex.hasPrefix("#") { hex.removeFirst() }
        if hex.count == 3 { hex = hex.map { "\($0)\($0)" }.joined() }
        guard hex.count == 6, hex.allSatisfy(\.isHexDigit), let value = Int(hex, radix: 16) else { return nil }
        red = value >> 16 & 0xff
        green = value >> 8 & 0xff
        blue = value & 0xff
    }

    public var hex: String { String(format: "#%02x%02x%02x", red, green, blue) }

    /// WCAG relative luminance.
    public var luminance: Double {
        func channel(_ c: Int) -> Double {
            let s = Double(c) / 255
            return s <= 0.03928 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)
    }

    public func contrast(with other: BrandColour) -> Double {
        let a = luminance
        let b = other.luminance
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)
    }

    public static let white = BrandColour("#ffffff")!
    public static let minimumContrast = 4.5

    /// Saves the colour, or explains (with the figure) why white text on it would be hard to read. Empty resets it.
    public static func set(_ text: String, partnershipID: UUID, by actor: ActingUser, on db: any Database) async throws
    {
        guard let partnership = try await Partnership.find(partnershipID, on: db) else { throw NotFound("partnership") }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty {
            partnership.brandColour = nil
        } else {
            guard let colour = BrandColour(trimmed) else {
                throw FieldErrors("brandColour", "Enter the colour as a hex code, like #1d70b8")
            }
            let ratio = colour.contrast(with: .white)
            guard ratio >= minimumContrast else {
                throw FieldErrors(
                    "brandColour",
                    String(
                        format:
                            "White text on %@ has a contrast of %.1f:1; it needs at least 4.5:1 to be readable. Choose a darker colour.",
                        colour.hex, ratio))
            }
            partnership.brandColour = colour.hex
        }
        try await db.write { tx in
            try await partnership.save(on: tx)
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .update, entity: "partnership",
                entityID: partnershipID.uuidString,
                summary: "Changed the public pages' colour to \(partnership.brandColour ?? "the default")")
        }
    }
}
