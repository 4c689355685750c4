import FluentKit
import Foundation

/// Creating and changing staff accounts.
public enum Accounts {
    /// Creates an account. Validates the email, name and password and reports every problem at once.
    public static func create(
        on db: any Database, email rawEmail: String, displayName rawName: String, password: String,
        isAdmin: Bool = false, hasher: any PasswordHashing, by actor: ActingUser, now: Date = Date()
    ) async throws -> User {
        let email = User.normalise(email: rawEmail)
        let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
        var errors = FieldErrors()
        if !isPlausibleEmail(email) {
            errors.add("email", "Enter an email address in the correct format, like name@example.org")
        }
        if name.isEmpty { errors.add("displayName", "Enter the person's name") }
        if name.count > 120 { errors.add("displayName", "The name must be 120 characters or fewer") }
        if let problem = PasswordPolicy.problems(with: password, email: email).first { errors.add("password", problem) }
        if errors.isEmpty, try await User.query(on: db).filter(\.$email == email).first() != nil {
            errors.add("email", "An account with this email address already exists")
        }
        try errors.throwIfAny()
        let hash = try await hasher.hash(PasswordPolicy.prehash(password))
        return try await db.write { db in
            let user = User(email: email, displayName: name, passwordHash: hash, isAdmin: isAdmin, now: now)
            try await user.create(on: db)
            try await Audit.record(
                on: db, partnershipID: nil, by: actor, action: .create, entity: "user", entityID: user.id?.uuidString,
                summary: "Created account \(email)\(isAdmin ? " (deployment administrator)" : "")", at: now)
            return user
        }
    }

    /// An address in the usual grammar: a dot-atom local part (letters, digits and ! # $ % & ' * + / = ? ^ _ `
    /// { | } ~ -, no leading, trailing or double dots, at most 64 characters) and a domain of at least two labels of
    /// letters, digits and hyphens (not at either end of a label). Quoted local parts, comments, IP literals and
    /// every character that means something in HTML or mail headers (`"`, `<`, `>`, `(`, `)`, `,`, `;`, `:`, `\`,
    /// spaces, control characters) are refused: nobody's real address needs them, and an attacker's does.
    public static func isPlausibleEmail(_ email: String) -> Bool {
        guard email.utf8.count <= 254 else { return false }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        let local = parts[0]
        let domain = parts[1]
        let localSymbols = Set("!#$%&'*+/=?^_`{|}~-.")
        guard !local.isEmpty, local.utf8.count <= 64, !local.hasPrefix("."), !local.hasSuffix("."),
            !local.contains(".."),
            local.unicodeScalars.allSatisfy({
                $0.properties.isAlphabetic || ("0"..."9").contains($0) || localSymbols.contains(Character($0))
            })
        else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, InternationalEmail.domainFits(String(domain)) else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.unicodeScalars.allSatisfy {
                    $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-"
                }
        }
    }

    /// Changes a password after checking the current one. Ends the user's other sessions.
    /// The current password is checked like a sign-in (`SignIn.checkPassword`: counted and throttled), so a
    /// session left open cannot be used to guess it without limit.
    public static func changePassword(
        on db: any Database, user: User, current: String, new: String, keepSessionID: UUID?,
        hasher: any PasswordHashing, address: String = "unknown", equaliser: String? = nil, now: Date = Date()
    ) async throws {
        var errors = FieldErrors()
        switch try await SignIn.checkPassword(
            on: db, email: user.email, password: current, address: address, hasher: hasher, equaliser: equaliser,
            now: now)
        {
        case .correct: break
        case .wrong: errors.add("currentPassword", "Your current password is not correct")
        case .throttled(let seconds):
            let minutes = max(1, Int((seconds / 60 - 0.001).rounded(.up)))
            errors.add(
                "currentPassword",
                "Too many wrong passwords. For your security, wait \(minutes) minute\(minutes == 1 ? "" : "s") and try again."
            )
            try errors.throwIfAny()
        }
        if let problem = PasswordPolicy.problems(with: new, email: user.email).first {
            errors.add("newPassword", problem)
        }
        try errors.throwIfAny()
        let hash = try await hasher.hash(PasswordPolicy.prehash(new))
        let userID = try user.requireID()
        let email = user.email
        try await db.write { db in
            guard let fresh = try await User.find(userID, on: db) else { throw NotFound("account") }
            fresh.passwordHash = hash
            fresh.passwordChangedAt = now
            try await fresh.save(on: db)
            let others = StaffSession.query(on: db).filter(\.$user.$id == userID)
            if let keep = keepSessionID { others.filter(\.$id != keep) }
            try await others.delete()
            try await Audit.record(
                on: db, partnershipID: nil, by: ActingUser(id: userID, email: email), action: .update,
                entity: "user", entityID: userID.uuidString, summary: "Changed own password", at: now)
        }
        user.passwordHash = hash
    }

    /// Disables or re-enables an account. Disabling ends every session at once.
    /// One account by id.
    public static func account(id: UUID, on db: any Database) async throws -> User? {
        try await User.find(id, on: db)
    }

    /// Every account, by email (the deployment admin's list).
    public static func all(on db: any Database) async throws -> [User] {
        try await User.query(on: db).sort(\.$email).all()
    }

    public static func setDisabled(
        on db: any Database, userID: UUID, disabled: Bool, by actor: ActingUser, now: Date = Date()
    ) async throws {
        try await db.write { db in
            guard let user = try await User.find(userID, on: db) else { throw NotFound("account") }
            let before = user.isDisabled
            user.disabledAt = disabled ? now : nil
            try await user.save(on: db)
            if disabled {
                try await StaffSession.query(on: db).filter(\.$user.$id == userID).delete()
                try await ApiToken.query(on: db).filter(\.$user.$id == userID).filter(\.$revokedAt == nil)
                    .set(\.$revokedAt, to: now).update()
            }
            try await Audit.record(
                on: db, partnershipID: nil, by: actor, action: .update, entity: "user", entityID: userID.uuidString,
                summary: "\(disabled ? "Disabled" : "Re-enabled") account \(user.email)",
                before: ["disabled": String(before)], after: ["disabled": String(disabled)], at: now)
        }
    }

    /// The partnerships a user belongs to, with their role in each (admins see every partnership).
    public static func memberships(on db: any Database, user: User) async throws -> [(Partnership, Role)] {
        if user.isAdmin {
            return try await Partnership.query(on: db).sort(\.$name).all().map { ($0, Role.admin) }
        }
        let rows = try await Membership.query(on: db).filter(\.$user.$id == user.requireID()).with(\.$partnership).all()
        return rows.map { row in (row.partnership, row.role) }
            .sorted { $0.0.name < $1.0.name }
    }

    /// The role a user holds in a partnership, if any. Admins act as admins everywhere.
    public static func role(on db: any Database, user: User, partnershipID: UUID) async throws -> Role? {
        if user.isAdmin { return .admin }
        let membership = try await Membership.query(on: db)
            .filter(\.$user.$id == user.requireID()).filter(\.$partnership.$id == partnershipID).first()
        return membership?.role
    }
}
