import FluentKit
import Foundation

/// A partnership's classification rules: the starting set, editing, and compiling them for an import.
public enum CrimeRules {
    struct Default {
        var kind: CrimeRule.Kind
        var pattern: String
        /// Index into `PartnershipDefaults.themes`, matched by name when the partnership still has that theme.
        var theme: String?
        var cyber: CyberClass?
    }

    /// The rules every partnership starts with. Offence wording differs between forces, so most rules look
    /// for words in the description rather than for codes; coordinators add their force's codes.
    static let defaults: [Default] = [
        Default(
            kind: .offenceText,
            pattern:
                "computer misuse, unauthorised access to computer, hacking, malware, virus, denial of service, ransomware",
            theme: "Hacking and computer misuse", cyber: .cyberDependent),
        Default(
            kind: .offenceText,
            pattern: "sexual communication with a child, grooming, indecent image, indecent photograph, child sexual",
            theme: "Online child sexual abuse and grooming", cyber: nil),
        Default(
            kind: .offenceText, pattern: "disclosing private sexual, intimate image, voyeurism, blackmail",
            theme: "Image-based abuse and sextortion", cyber: nil),
        Default(
            kind: .offenceText,
            pattern: "harassment, stalking, malicious communication, threats to kill, cyberbullying",
            theme: "Harassment, stalking and cyberbullying", cyber: nil),
        Default(
            kind: .offenceText, pattern: "terrorism, terrorist, extremis, racial hatred, religious hatred, stirring up",
            theme: "Extremism and radicalisation", cyber: nil),
        Default(
            kind: .offenceText,
            pattern: "fraud, scam, false representation, abuse of position, obtaining services dishonestly",
            theme: "Fraud and scams", cyber: nil),
        Default(
            kind: .moKeyword, pattern: "sextortion, nude image, intimate image, webcam",
            theme: "Image-based abuse and sextortion", cyber: .cyberEnabled),
        Default(
            kind: .moKeyword, pattern: "hacked, phishing, remote access, malware, ransomware, account takeover",
            theme: "Hacking and computer misuse", cyber: .cyberEnabled),
        Default(
            kind: .moKeyword,
            pattern:
                "online, internet, website, e-mail, email, social media, facebook, instagram, snapchat, whatsapp, tiktok, text message, dating app, online game, gaming, bitcoin, crypto, bank transfer request",
            theme: nil, cyber: .cyberEnabled),
    ]

    /// Creates the starting rules if the partnership has none. Call inside a `write`.
    public static func seedIfEmpty(partnershipID: UUID, on db: any Database) async throws {
        guard try await CrimeRule.query(on: db).filter(\.$partnership.$id == partnershipID).count() == 0 else { return }
        let themes = try await Theme.query(on: db).filter(\.$partnership.$id == partnershipID).all()
        for (index, rule) in defaults.enumerated() {
            let themeID = rule.theme.flatMap { name in themes.first { $0.name == name }?.id }
            // A rule whose theme was renamed away still sets the class; a theme-only rule with no theme is skipped.
            if rule.theme != nil && themeID == nil && rule.cyber == nil { continue }
            try await CrimeRule(
                partnershipID: partnershipID, number: index + 1, position: index + 1, kind: rule.kind,
                pattern: rule.pattern, themeID: themeID, cyber: rule.cyber
            ).create(on: db)
        }
    }

    public static func list(partnershipID: UUID, on db: any Database) async throws -> [CrimeRule] {
        try await CrimeRule.query(on: db).filter(\.$partnership.$id == partnershipID).sort(\.$position).all()
    }

    static func classifier(partnershipID: UUID, dictionary: CrimeDictionary, on db: any Database) async throws
        -> CrimeClassifier
    {
        let rules = try await list(partnershipID: partnershipID, on: db).filter(\.enabled)
        return CrimeClassifier(
            rules: rules.map { rule in
                CrimeClassifier.Rule(
                    number: rule.number, kind: rule.kind, terms: rule.terms,
                    theme: rule.themeID.map { dictionary.number(.theme, $0.uuidString) } ?? 0, cyber: rule.cyberClass)
            })
    }
}
