import Foundation

/// Team names and nicknames: short, free of offensive words, and never personal details,
/// because players are often children and give nothing else.
public enum TeamNames {
    public static func tidy(_ name: String) -> String {
        name.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Why the name cannot be used, or nil.
    public static func problem(_ name: String) -> String? {
        if name.isEmpty { return "Enter a team name or nickname." }
        if name.count > 30 { return "Keep the name to 30 characters or fewer." }
        if name.contains("@") || name.filter(\.isNumber).count >= 6 {
            return "Use a made-up team name, not an email address or phone number."
        }
        if name.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) || $0 == "<" || $0 == ">" }
        ) {
            return "Use letters, numbers and simple punctuation only."
        }
        if isOffensive(name) { return "Choose a different name: that one is not suitable for the game." }
        return nil
    }

    /// Words refused anywhere in a name, even run together or with look-alike characters.
    static let blockedAnywhere: [String] = [
        "fuck", "shit", "cunt", "wank", "bitch", "bastard", "bollock", "arsehole", "asshole", "dickhead", "twat",
        "nigger", "nigga", "faggot", "retard", "spastic", "paedo", "rapist", "whore", "slut", "nazi", "hitler",
        "porn", "cocksucker", "motherfuck", "knobhead", "bellend",
    ]
    /// Short words refused only as whole words, so that names like "Scunthorpe" or "Essex" stay allowed.
    static let blockedWords: Set<String> = [
        "cock", "dick", "arse", "ass", "tit", "tits", "sex", "fag", "kkk", "rape", "piss", "cum", "nob", "knob", "isis",
        "pedo", "prick",
    ]

    static let innocent: Set<String> = [
        "scunthorpe", "therapist", "therapists", "swanky", "retardant", "penistone", "cockermouth",
    ]

    public static func isOffensive(_ name: String) -> Bool {
        let lowered = name.lowercased().folding(options: .diacriticInsensitive, locale: nil)
        let lookAlikes: [Character: Character] = [
            "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i", "|": "i",
        ]
        let mapped = String(lowered.map { lookAlikes[$0] ?? $0 })
        // Place names and ordinary words that happen to contain a blocked word are taken out first.
        let kept = mapped.split(whereSeparator: \.isWhitespace).filter {
            !innocent.contains(String($0).filter(\.isLetter))
        }
        let squashed = kept.joined().filter(\.isLetter)
        if blockedAnywhere.contains(where: { squashed.contains($0) }) { return true }
        let words = mapped.split { !$0.isLetter }.map(String.init)
        return words.contains { blockedWords.contains($0) }
    }
}
