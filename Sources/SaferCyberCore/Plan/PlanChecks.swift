import FluentKit
import Foundation

/// The plan's gap and duplicate flags for one partnership, with the crime picture's priorities and the
/// coordinators' review notes.
public enum PlanChecks {
    public struct Result: Sendable {
        public var gaps: [PlanFlags.Flag]
        public var duplicates: [PlanFlags.Flag]
        /// Review notes by flag key.
        public var reviews: [String: PlanFlagReview]
        /// True when the gaps come from the crime picture's "where to focus" ranking.
        public var fromCrimePicture: Bool
        public var unresolved: [PlanFlags.Flag] { (gaps + duplicates).filter { reviews[$0.key] == nil } }
    }

    /// How many of the ranking's top theme × group cells count as priorities.
    public static let priorityCells = 6

    /// Which of the partnership's audiences a crime-picture victim group means (by name, since audiences are editable).
    static func audience(for group: VictimGroup, in audiences: [Audience]) -> Audience? {
        let names: [String] =
            switch group {
            case .youngPeople: ["young people", "students", "children"]
            case .adults: ["residents", "adults"]
            case .olderPeople: ["older people", "older residents"]
            case .businesses: ["businesses", "small businesses"]
            case .schools: ["schools"]
            case .charities: ["charities", "voluntary groups"]
            }
        return names.lazy.compactMap { name in audiences.first { $0.name.lowercased() == name } }.first
    }

    public static func names(partnershipID id: UUID, on db: any Database) async throws -> PlanFlags.Names {
        func map<M: PartnershipListItem>(_ rows: [M]) -> [UUID: String] {
            Dictionary(uniqueKeysWithValues: rows.compactMap { r in r.id.map { ($0, r.name) } })
        }
        return PlanFlags.Names(
            themes: map(try await Theme.query(on: db).filter(\.$partnership.$id == id).all()),
            audiences: map(try await Audience.query(on: db).filter(\.$partnership.$id == id).all()),
            partners: map(try await PartnerOrganisation.query(on: db).filter(\.$partnership.$id == id).all()))
    }

    /// `policy`: the reader's disclosure rule. For a role without exact counts the priorities come from the focus
    /// ranking as that role sees it (published edition, small cells unranked, protected with the standard views): the
    /// plan pages showed live counts and scores, which gave a revision, and the hidden cells' total, back (issue 19).
    public static func run(
        partnershipID id: UUID, quarter: Int = Quarter.lastComplete(), policy: DisclosurePolicy = .exact,
        on db: any Database
    ) async throws -> Result {
        let actions = try await PlanActions.all(partnershipID: id, on: db).map(\.facts)
        let names = try await names(partnershipID: id, on: db)
        let themes = try await Theme.query(on: db).filter(\.$partnership.$id == id).sort(\.$position).all()
        let audiences = try await Audience.query(on: db).filter(\.$partnership.$id == id).sort(\.$position).all()
        let cells =
            policy.applies
            ? try await FocusRanking.forRole(partnershipID: id, policy: policy, on: db).published.ranked
            : try await FocusRanking.build(partnershipID: id, lastQuarter: quarter, on: db).byGroup
        var priorities: [PlanFlags.Priority] = []
        for (rank, cell) in cells.enumerated() where priorities.count < priorityCells {
            guard let theme = themes.first(where: { $0.name == cell.theme }),
                let group = VictimGroup.allCases.first(where: { $0.label == cell.group }),
                let audience = audience(for: group, in: audiences)
            else { continue }
            priorities.append(
                .init(
                    theme: theme.id!, audience: audience.id!,
                    why:
                        "Ranked \(rank + 1) in “where to focus” (\(cell.recent) crimes in the last four quarters, score \(String(format: "%.1f", cell.score)))."
                ))
        }
        let gaps =
            priorities.isEmpty
            ? PlanFlags.coverageGaps(
                actions: actions, themes: themes.compactMap(\.id), audiences: audiences.compactMap(\.id), names: names)
            : PlanFlags.gaps(actions: actions, priorities: priorities, names: names)
        let reviews = try await PlanFlagReview.query(on: db).filter(\.$partnership.$id == id).all()
        return Result(
            gaps: gaps, duplicates: PlanFlags.duplicates(actions: actions, names: names),
            reviews: Dictionary(reviews.map { ($0.flagKey, $0) }, uniquingKeysWith: { a, _ in a }),
            fromCrimePicture: !priorities.isEmpty)
    }

    /// Marks a flag as reviewed, with a note; reviewing it again replaces the note.
    public static func review(
        partnershipID: UUID, key: String, note raw: String, by actor: ActingUser, on db: any Database
    ) async throws {
        let note = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !note.isEmpty else { throw FieldErrors("note", "Say what the sub-group decided about this flag") }
        guard note.count <= 2000 else { throw FieldErrors("note", "The note must be 2,000 characters or fewer") }
        let current = try await run(partnershipID: partnershipID, on: db)
        guard (current.gaps + current.duplicates).contains(where: { $0.key == key }) else {
            throw FieldErrors("note", "This flag no longer applies: the plan has changed since the page was loaded")
        }
        try await db.write { tx in
            let review =
                try await PlanFlagReview.query(on: tx).filter(\.$partnership.$id == partnershipID).filter(
                    \.$flagKey == key
                ).first()
                ?? PlanFlagReview()
            review.$partnership.id = partnershipID
            review.flagKey = key
            review.note = note
            review.reviewedBy = actor.email
            try await review.save(on: tx)
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .update, entity: "plan-flag",
                entityID: key, summary: "Reviewed a plan flag: \(note.prefix(80))")
        }
    }
}
