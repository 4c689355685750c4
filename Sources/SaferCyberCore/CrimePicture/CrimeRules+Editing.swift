import FluentKit
import Foundation
import SQLKit

extension CrimeRules {
    public struct Draft: Sendable {
        public var kind: CrimeRule.Kind?
        public var pattern: String
        public var themeID: UUID?
        public var cyber: CyberClass?
        public init(kind: CrimeRule.Kind?, pattern: String, themeID: UUID?, cyber: CyberClass?) {
            self.kind = kind
            self.pattern = pattern
            self.themeID = themeID
            self.cyber = cyber
        }
    }

    private static func check(_ draft: Draft, partnershipID: UUID, on db: any Database) async throws {
        var errors = FieldErrors()
        if draft.kind == nil { errors.add("kind", "Choose what the rule looks at") }
        let pattern = draft.pattern.trimmingSpaces()
        if pattern.isEmpty {
            errors.add("pattern", "Enter the codes, words or phrases the rule looks for, separated by commas")
        }
        if pattern.count > 500 { errors.add("pattern", "The words must be 500 characters or fewer") }
        if draft.themeID == nil && draft.cyber == nil {
            errors.add("theme", "Choose a theme, a cyber class, or both: a rule must decide something")
        }
        if let themeID = draft.themeID,
            try await Theme.query(on: db).filter(\.$id == themeID).filter(\.$partnership.$id == partnershipID).first()
                == nil
        {
            errors.add("theme", "Choose one of the partnership's themes")
        }
        try errors.throwIfAny()
    }

    /// Adds a rule at the end of the list.
    @discardableResult
    public static func add(_ draft: Draft, partnershipID: UUID, by actor: ActingUser, on db: any Database) async throws
        -> CrimeRule
    {
        try await check(draft, partnershipID: partnershipID, on: db)
        return try await db.write { tx in
            try await tx.lockPartnership(partnershipID)
            try await seedIfEmpty(partnershipID: partnershipID, on: tx)
            let rules = try await list(partnershipID: partnershipID, on: tx)
            guard rules.count < CrimeClassifier.maxRules else {
                throw FieldErrors(
                    "pattern",
                    "A partnership can have at most \(CrimeClassifier.maxRules) rules. Combine some: one rule can list many words."
                )
            }
            let rule = CrimeRule(
                partnershipID: partnershipID, number: (rules.map(\.number).max() ?? 0) + 1,
                position: (rules.map(\.position).max() ?? 0) + 1, kind: draft.kind!,
                pattern: draft.pattern.trimmingSpaces(),
                themeID: draft.themeID, cyber: draft.cyber)
            try await rule.create(on: tx)
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .create, entity: "crime-rule",
                entityID: rule.id?.uuidString,
                summary: "Added classification rule \(rule.number): \(rule.kind.label) \(rule.pattern)")
            return rule
        }
    }

    public enum Change: Sendable {
        case edit(Draft)
        case moveUp, moveDown, toggle, remove
    }

    /// Edits, moves, turns on/off or removes a rule. Records keep their rule numbers until re-classified.
    public static func change(
        _ change: Change, ruleID: UUID, partnershipID: UUID, by actor: ActingUser, on db: any Database
    ) async throws {
        if case .edit(let draft) = change { try await check(draft, partnershipID: partnershipID, on: db) }
        try await db.write { tx in
            try await tx.lockPartnership(partnershipID)
            let rules = try await list(partnershipID: partnershipID, on: tx)
            guard let index = rules.firstIndex(where: { $0.id == ruleID }) else { throw NotFound("rule") }
            let rule = rules[index]
            let before = [
                "kind": rule.kind.rawValue, "pattern": rule.pattern, "theme": rule.themeID?.uuidString ?? "",
                "cyber": "\(rule.cyber)",
                "enabled": "\(rule.enabled)", "position": "\(rule.position)",
            ]
            var summary = ""
            switch change {
            case .edit(let draft):
                rule.kind = draft.kind!
                rule.pattern = draft.pattern.trimmingSpaces()
                rule.themeID = draft.themeID
                rule.cyber = draft.cyber?.rawValue ?? -1
                try await rule.save(on: tx)
                summary = "Changed classification rule \(rule.number)"
            case .moveUp, .moveDown:
                let other = change == .moveUp ? index - 1 : index + 1
                guard rules.indices.contains(other) else { return }
                (rule.position, rules[other].position) = (rules[other].position, rule.position)
                try await rule.save(on: tx)
                try await rules[other].save(on: tx)
                summary = "Moved classification rule \(rule.number) \(change == .moveUp ? "up" : "down")"
            case .toggle:
                rule.enabled.toggle()
                try await rule.save(on: tx)
                summary = "Turned classification rule \(rule.number) \(rule.enabled ? "on" : "off")"
            case .remove:
                try await rule.delete(on: tx)
                summary = "Removed classification rule \(rule.number)"
            }
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: change == .remove ? .delete : .update,
                entity: "crime-rule", entityID: ruleID.uuidString, summary: summary, before: before)
        }
    }
}

extension CrimeRules.Change: Equatable {
    public static func == (a: Self, b: Self) -> Bool {
        switch (a, b) {
        case (.moveUp, .moveUp), (.moveDown, .moveDown), (.toggle, .toggle), (.remove, .remove): true
        default: false
        }
    }
}
