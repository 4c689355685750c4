import FluentKit
import Foundation

/// The partnership's figures from the register (issue 23): how many organisations it reached in a reporting year,
/// by kind and area, and how many of those that took a resilience check more than once improved. Counts of
/// organisations follow the small-number rule, with enough further cells withheld that none can be worked out
/// from the totals.
public struct OrganisationFigures: Sendable, Codable, Equatable {
    /// The period counted: from `start` up to (not including) `end`, which for the year in progress is now.
    public var start: Date
    public var end: Date
    public var yearInProgress: Bool
    /// Organisations reached, by kind (raw value) and area ("" = not recorded).
    public var reached: [String: [String: Int]]
    public var areas: [String]
    /// Organisations whose latest check of a kind taken at least twice falls in the period, by the change in the
    /// overall score from their first check of that kind.
    public var improved: Int
    public var unchanged: Int
    public var lower: Int

    public var totalReached: Int { reached.values.reduce(0) { $0 + $1.values.reduce(0, +) } }
    public var compared: Int { improved + unchanged + lower }

    /// What "reached" counts, said on every page and CSV that shows it.
    public static let reachedMeaning =
        "Organisations on the register with at least one group booking where someone attended, a game session played, or a resilience check completed"

    public static func id(kind: String, area: String) -> String { "reached|\(kind)|\(area)" }
    public static func id(kind: String) -> String { "reached|\(kind)|*" }
    public static func id(area: String) -> String { "reached|*|\(area)" }
    public static let totalID = "reached|*|*"
    public static let improvedID = "change|improved"
    public static let unchangedID = "change|unchanged"
    public static let lowerID = "change|lower"
    public static let comparedID = "change|*"

    /// The figures under the rule for a role: every cell, the row and column totals and the sums that tie them.
    public func protected(_ policy: DisclosurePolicy) -> ProtectedFigures {
        // Roles without exact counts get the two one-way tables (by kind, by area) and not the cross table: far fewer
        // small cells, so the totals can be shown (review: the cross table left even the grand total withheld).
        if policy.applies { return margins(policy) }
        return ProtectedFigures(policy: policy) { figures in
            let kinds = Organisation.Kind.allCases.map(\.rawValue)
            for kind in kinds {
                var parts: [String] = []
                for area in areas {
                    figures.cell(Self.id(kind: kind, area: area), reached[kind]?[area] ?? 0)
                    parts.append(Self.id(kind: kind, area: area))
                }
                figures.cell(Self.id(kind: kind), reached[kind]?.values.reduce(0, +) ?? 0)
                figures.sum(Self.id(kind: kind), of: parts)
            }
            for area in areas {
                figures.cell(Self.id(area: area), kinds.reduce(0) { $0 + (reached[$1]?[area] ?? 0) })
                figures.sum(Self.id(area: area), of: kinds.map { Self.id(kind: $0, area: area) })
            }
            figures.cell(Self.totalID, totalReached)
            figures.sum(Self.totalID, of: kinds.map { Self.id(kind: $0) })
            figures.sum(Self.totalID, of: areas.map { Self.id(area: $0) })
            figures.cell(Self.improvedID, improved)
            figures.cell(Self.unchangedID, unchanged)
            figures.cell(Self.lowerID, lower)
            figures.cell(Self.comparedID, compared)
            figures.sum(Self.comparedID, of: [Self.improvedID, Self.unchangedID, Self.lowerID])
        }
    }

    func margins(_ policy: DisclosurePolicy) -> ProtectedFigures {
        ProtectedFigures(policy: policy) { figures in
            let kinds = Organisation.Kind.allCases.map(\.rawValue)
            for kind in kinds { figures.cell(Self.id(kind: kind), reached[kind]?.values.reduce(0, +) ?? 0) }
            for area in areas {
                figures.cell(Self.id(area: area), kinds.reduce(0) { $0 + (reached[$1]?[area] ?? 0) })
            }
            figures.cell(Self.totalID, totalReached)
            figures.sum(Self.totalID, of: kinds.map { Self.id(kind: $0) })
            figures.sum(Self.totalID, of: areas.map { Self.id(area: $0) })
            figures.cell(Self.improvedID, improved)
            figures.cell(Self.unchangedID, unchanged)
            figures.cell(Self.lowerID, lower)
            figures.cell(Self.comparedID, compared)
            figures.sum(Self.comparedID, of: [Self.improvedID, Self.unchangedID, Self.lowerID])
        }
    }

    /// The figures for the reporting year holding `quarter`, counted up to `now` when that year is in progress.
    public static func load(
        partnershipID: UUID, year: ReportingYear, quarter: Int, now: Date = Date(), on db: any Database
    ) async throws -> OrganisationFigures {
        let quarters = year.quarters(ofYearHolding: quarter)
        let start = Quarter.span(quarters[0]).start
        let yearEnd = Quarter.span(quarters[3]).end
        let end = min(yearEnd, now)
        let inPeriod = { (date: Date) in start <= date && date < end }
        let organisations = try await Organisations.all(partnershipID: partnershipID, on: db)
        let linked = try await Linked.load(partnershipID: partnershipID, organisationID: nil, on: db)
        var reached: [String: [String: Int]] = [:]
        var areas = Set<String>()
        var (improved, unchanged, lower) = (0, 0, 0)
        for organisation in organisations {
            guard let id = organisation.id else { continue }
            areas.insert(organisation.area)
            let attended = (linked.bookings[id] ?? []).contains {
                $0.booking.attendedPlaces > 0 && inPeriod($0.event.startsAt)
            }
            let played = (linked.games[id] ?? []).contains { $0.players > 0 && ($0.startedAt.map(inPeriod) ?? false) }
            let checks = linked.checks[id] ?? []
            if attended || played || checks.contains(where: { inPeriod($0.date) }) {
                reached[organisation.kind, default: [:]][organisation.area, default: 0] += 1
            }
            if let change = Organisations.change(checks), inPeriod(change.latest.date) {
                if change.overall > 0 {
                    improved += 1
                } else if change.overall == 0 {
                    unchanged += 1
                } else {
                    lower += 1
                }
            }
        }
        return OrganisationFigures(
            start: start, end: end, yearInProgress: now < yearEnd, reached: reached,
            areas: areas.sorted { ($0.isEmpty ? 1 : 0, $0) < ($1.isEmpty ? 1 : 0, $1) }, improved: improved,
            unchanged: unchanged, lower: lower)
    }
}

extension OrganisationFigures {
    /// "Not recorded" for an organisation without an area.
    public static func areaLabel(_ area: String) -> String { area.isEmpty ? "Area not recorded" : area }

    /// The reached tables as shown and downloaded: for exact counts one table, a row per kind of organisation and a
    /// column per area; under the small-number rule two, by kind and by area.
    public func reachedTables(_ p: ProtectedFigures) -> [[[String]]] {
        guard p.policy.applies else { return [reachedTable(p)] }
        let byKind =
            [["Kind of organisation", "Organisations reached"]]
            + Organisation.Kind.allCases.map { [$0.label, p.text(Self.id(kind: $0.rawValue))] }
            + [["All kinds", p.text(Self.totalID)]]
        let byArea =
            [["Area", "Organisations reached"]] + areas.map { [Self.areaLabel($0), p.text(Self.id(area: $0))] }
            + [["All areas", p.text(Self.totalID)]]
        return [byKind, byArea]
    }

    /// The reached table as shown and downloaded: a row per kind of organisation, a column per area and a total.
    public func reachedTable(_ p: ProtectedFigures) -> [[String]] {
        let header = ["Kind of organisation"] + areas.map(Self.areaLabel) + ["All areas"]
        let rows = Organisation.Kind.allCases.map { kind in
            [kind.label] + areas.map { p.text(Self.id(kind: kind.rawValue, area: $0)) }
                + [p.text(Self.id(kind: kind.rawValue))]
        }
        let total = ["All kinds"] + areas.map { p.text(Self.id(area: $0)) } + [p.text(Self.totalID)]
        return [header] + rows + [total]
    }

    /// Improved, unchanged, lower and all compared.
    public func changeTable(_ p: ProtectedFigures) -> [[String]] {
        [
            ["Change in overall score from the first check to the latest", "Organisations"],
            ["Improved", p.text(Self.improvedID)],
            ["No change", p.text(Self.unchangedID)],
            ["Lower", p.text(Self.lowerID)],
            ["All compared", p.text(Self.comparedID)],
        ]
    }

    public static let changeMeaning =
        "Organisations on the register that have taken the same resilience check at least twice, whose latest check was completed in the period: their first check of that kind against their latest. Only checks given with consent are linked to an organisation."
}

extension Organisations {
    /// The register as a table (page and CSV alike).
    public static func registerTable(_ lines: [Summary]) -> [[String]] {
        let header = [
            "Organisation", "Kind", "Area", "Size", "Group bookings", "Places attended", "Game sessions",
            "Resilience checks", "Latest overall score", "Change since first check", "Last activity",
        ]
        return [header]
            + lines.map { line in
                let o = line.organisation
                return [
                    o.name, Organisation.Kind(rawValue: o.kind)?.label ?? o.kind,
                    OrganisationFigures.areaLabel(o.area), o.size?.label ?? "Not recorded", "\(line.bookings)",
                    "\(line.attendedPlaces)", "\(line.games)", "\(line.checks)", line.latestScore.map { "\($0)" } ?? "",
                    line.change.map { signed($0.overall) } ?? "", line.lastActivity.map(UKTime.longDate) ?? "",
                ]
            }
    }

    /// "+23", "0", "-5".
    public static func signed(_ n: Int) -> String { n > 0 ? "+\(n)" : "\(n)" }

    /// The change in words for the record page.
    public static func changeSentence(_ change: ScoreChange?, checks: Int) -> String {
        guard let change else {
            return checks == 0
                ? "No resilience check is linked to this organisation yet."
                : "One check of its kind is linked: a second one (a re-take) will show whether the score changed."
        }
        let direction =
            change.overall > 0
            ? "up \(change.overall) points" : change.overall < 0 ? "down \(-change.overall) points" : "no change"
        let versions =
            change.versions.first == change.versions.latest
            ? ""
            : " The questions changed between them (version \(change.versions.first), then \(change.versions.latest)), so part of the change may come from the questions."
        return
            "Overall score, out of 100: \(change.first.overall) at the first check (\(UKTime.longDate(change.first.date))), \(change.latest.overall) at the latest (\(UKTime.longDate(change.latest.date))) \u{2014} \(direction), over \(change.checks) checks."
            + versions
    }
}

/// The figures of a reporting year as first shown to roles without exact counts, once the year had ended (issue 23
/// review): kept, so that later changes to the register (an organisation added, moved to another area, a check
/// linked) never change them, and comparing two visits cannot give a small count back.
public final class PublishedOrganisationFigures: Model, @unchecked Sendable {
    public static let schema = "organisation_figures_published"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "partnership_id") public var partnership: Partnership
    /// The first calendar quarter (yyyyq) of the reporting year.
    @Field(key: "year_quarter") public var yearQuarter: Int
    @Field(key: "figures") public var figuresJSON: String
    @Field(key: "published_at") public var publishedAt: Date

    public init() {}
}

extension OrganisationFigures {
    /// Whether the reporting year holding `quarter` has ended by `now`.
    public static func hasEnded(year: ReportingYear, quarter: Int, now: Date = Date()) -> Bool {
        Quarter.span(year.quarters(ofYearHolding: quarter)[3]).end <= now
    }

    /// The figures of an ended reporting year as published for roles without exact counts: the first time they are
    /// asked for, counted and kept; after that, always the same. Nil for a year still running.
    public static func published(
        partnershipID: UUID, year: ReportingYear, quarter: Int, now: Date = Date(), on db: any Database
    ) async throws -> (figures: OrganisationFigures, publishedAt: Date)? {
        guard hasEnded(year: year, quarter: quarter, now: now) else { return nil }
        let first = year.firstQuarter(ofYearHolding: quarter)
        func stored() async throws -> (OrganisationFigures, Date)? {
            guard
                let row = try await PublishedOrganisationFigures.query(on: db)
                    .filter(\.$partnership.$id == partnershipID).filter(\.$yearQuarter == first).first()
            else { return nil }
            return (
                try JSONDecoder().decode(OrganisationFigures.self, from: Data(row.figuresJSON.utf8)), row.publishedAt
            )
        }
        if let kept = try await stored() { return kept }
        let figures = try await load(partnershipID: partnershipID, year: year, quarter: quarter, now: now, on: db)
        let row = PublishedOrganisationFigures()
        row.$partnership.id = partnershipID
        row.yearQuarter = first
        row.figuresJSON = String(decoding: try JSONEncoder.sorted.encode(figures), as: UTF8.self)
        row.publishedAt = now
        do {
            try await db.write { tx in try await row.create(on: tx) }
        } catch {
            // Another request (or instance) published it first: theirs stands.
            if let kept = try await stored() { return kept }
            throw error
        }
        return (figures, now)
    }
}

struct CreatePublishedOrganisationFigures: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(PublishedOrganisationFigures.schema)
            .id()
            .field("partnership_id", .uuid, .required, .references(Partnership.schema, "id"))
            .field("year_quarter", .int, .required)
            .field("figures", .string, .required)
            .field("published_at", .datetime, .required)
            .unique(on: "partnership_id", "year_quarter")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(PublishedOrganisationFigures.schema).delete()
    }
}
