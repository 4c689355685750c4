import FluentKit
import Foundation

/// A realistic demo partnership with one sign-in per role, for trying SaferCyber out.
public enum DemoPartnership {
    public static let slug = "demo"
    public static let password = "demo-password-2026"
    public static let accounts: [(role: Role, name: String)] = [
        (.admin, "Alex Admin"), (.coordinator, "Chris Coordinator"), (.officer, "Olu Officer"),
        (.analyst, "Ana Analyst"), (.safeguarding, "Sam Safeguarding"), (.viewer, "Councillor Val Viewer"),
    ]
    static let partners: [(String, PartnerKind)] = [
        ("Demo Constabulary — Cyber Protect", .police), ("Demo County Council — Community Safety", .council),
        ("Demo County Council — Trading Standards", .council), ("Demo Fire and Rescue Service", .fire),
        ("Demo College of Further Education", .college), ("Demo Valley Academy Trust", .school),
        ("Demo University", .university), ("Demo Age Friendly Network", .voluntary),
    ]

    public static func email(for role: Role) -> String { "\(role.rawValue)@demo.test" }

    public struct Refused: Error, CustomStringConvertible {
        public var description: String {
            "This database holds real partnerships, so the demo accounts were not added. Use a separate database for the demo."
        }
    }

    /// Loads the demo partnership and accounts. Safe to run again: it adds only what is missing.
    /// Returns true when anything was added.
    @discardableResult
    public static func load(on db: any Database, hasher: any PasswordHashing) async throws -> Bool {
        if try await Partnerships.holdsRealData(on: db) { throw Refused() }
        var added = false
        let system = ActingUser.system("demo loader")
        let partnership: Partnership
        if let existing = try await Partnerships.find(on: db, slug: slug) {
            partnership = existing
        } else {
            partnership = try await Partnerships.create(
                on: db, slug: slug, name: "Demo County Safer Communities Partnership", isDemo: true, by: system)
            // The privacy notice's controller and DPO (fictional), as a real partnership fills them in on Settings.
            try await PrivacyNotice.setDetails(
                controller: "Demo County Council (fictional), lead partner of the partnership",
                dpo: "dpo@demo-county.example (fictional)", partnershipID: partnership.requireID(), by: system, on: db)
            for (name, kind) in partners {
                try await PartnershipSettings.add(
                    on: db, list: .partners, partnershipID: partnership.requireID(), name: name, kind: kind, by: system)
            }
            added = true
        }
        let partnershipID = try partnership.requireID()
        for (role, name) in accounts
        where try await User.query(on: db).filter(\.$email == email(for: role)).first() == nil {
            let user = try await Accounts.create(
                on: db, email: email(for: role), displayName: name, password: password, isAdmin: role == .admin,
                hasher: hasher, by: system)
            if role != .admin {
                try await Members.add(
                    on: db, userID: user.requireID(), partnershipID: partnershipID, role: role, by: system)
            }
            added = true
        }
        return added
    }
}
