import Crypto
import Foundation

/// The anonymous code that pairs a person's "before" and "after" answers without a name.
/// Six characters (shown as `K7P-4QX`): five random characters and a check character, so that a
/// mistyped code on a card is caught rather than silently creating an unpaired answer.
public enum ParticipantCode {
    /// Crockford's base 32: no I, L, O or U, which are easily misread.
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    /// A fresh random code, for printed cards.
    public static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        return withCheck((0..<5).map { _ in alphabet[Int(generator.next() % 32)] })
    }

    /// The code shown on a booking's page, derived from its private token. The database holds only a
    /// different hash of the token, so nobody can link a code to a booking without the booking's link.
    public static func forBooking(token: String) -> String {
        let digest = Array(SHA256.hash(data: Data("participant-code:\(token)".utf8)))
        return withCheck((0..<5).map { alphabet[Int(digest[$0]) % 32] })
    }

    /// The code as people read it: two groups of three.
    public static func display(_ code: String) -> String {
        code.count == 6 ? "\(code.prefix(3))-\(code.suffix(3))" : code
    }

    /// The code in stored form, or nil when it is not a code we could have issued.
    /// Accepts lower case, spaces and dashes, and the letters people confuse with digits.
    public static func normalised(_ text: String) -> String? {
        var characters: [Character] = []
        for character in text.uppercased() {
            switch character {
            case " ", "-", "–": continue
            case "O": characters.append("0")
            case "I", "L": characters.append("1")
            case "U": characters.append("V")
            default:
                guard alphabet.contains(character) else { return nil }
                characters.append(character)
            }
        }
        guard characters.count == 6, check(for: Array(characters.prefix(5))) == characters[5] else { return nil }
        return String(characters)
    }

    static func withCheck(_ body: [Character]) -> String { String(body) + String(check(for: body)) }

    /// Weighted sum with odd weights: any single wrong character changes the check character.
    static func check(for body: [Character]) -> Character {
        let sum = body.enumerated().reduce(0) { total, item in
            total + (2 * item.offset + 1) * (alphabet.firstIndex(of: item.element) ?? 0)
        }
        return alphabet[sum % 32]
    }
}
