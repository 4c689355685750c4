import FluentKit
import Foundation

/// What an organisation said of itself (sector, size, area) from a moment on (review of issue 19). Its private link
/// lets it change them at any time, and figures for roles without exact counts are those as at the end of the latest
/// complete quarter: read from the check's current details, one change after that quarter moved a group by one
/// between two versions of the same quarter's figures. So each change is kept with its time, and the figures take
/// the details as they stood at the quarter's end. Withdrawing consent removes them all (the organisation's
/// choice comes first; the figures are revised then). Sector, size and area are not personal data.
public final class CheckDetailsChange: Model, @unchecked Sendable {
    public static let schema = "resilience_check_details"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "check_id") public var check: ResilienceCheck
    @OptionalField(key: "sector") public var sector: String?
    @OptionalField(key: "size_band") public var sizeBand: String?
    @OptionalField(key: "area") public var area: String?
    @Field(key: "changed_at") public var changedAt: Date

    public init() {}

    init(_ check: ResilienceCheck, at moment: Date) throws {
        $check.id = try check.requireID()
        sector = check.sector
        sizeBand = check.sizeBand
        area = check.area
        changedAt = moment
    }
}

/// Each check's details so far become its first change, dated by the check (before this step, changes were not
/// dated).
struct CreateCheckDetailsChanges: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(CheckDetailsChange.schema)
            .id()
            .field("check_id", .uuid, .required, .references(ResilienceCheck.schema, .id, onDelete: .cascade))
            .field("sector", .string)
            .field("size_band", .string)
            .field("area", .string)
            .field("changed_at", .datetime, .required)
            .create()
        for check in try await ResilienceCheck.query(on: db).all() where check.hasDetails {
            try await CheckDetailsChange(check, at: check.completedAt).create(on: db)
        }
    }

    func revert(on db: any Database) async throws { try await db.schema(CheckDetailsChange.schema).delete() }
}

extension ResilienceChecks {
    /// The details of each check as they stood at `moment` (nil: as they are now), by check id. A check with no dated
    /// change gives none.
    static func details(of checks: [ResilienceCheck], at moment: Date?, on db: any Database) async throws
        -> [UUID: (sector: String?, size: String?, area: String?)]
    {
        let ids = checks.compactMap(\.id)
        guard let moment else {
            return Dictionary(
                uniqueKeysWithValues: checks.compactMap { c in c.id.map { ($0, (c.sector, c.sizeBand, c.area)) } })
        }
        guard !ids.isEmpty else { return [:] }
        var result: [UUID: (sector: String?, size: String?, area: String?)] = [:]
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
            let changes = try await CheckDetailsChange.query(on: db).filter(\.$check.$id ~~ chunk)
                .filter(\.$changedAt < moment).sort(\.$changedAt).all()
            // Sorted by time, so the last one written for a check is its latest before the moment.
            for change in changes { result[change.$check.id] = (change.sector, change.sizeBand, change.area) }
        }
        return result
    }
}
