import FluentKit
import Foundation
import NIOConcurrencyHelpers

/// The focus page as a role without exact counts sees it (issue 19).
public struct PublishedFocus: Sendable {
    public var ranked: [FocusRanking.Cell]
    public var tooFew: [FocusRanking.Cell]
    public var byAreaRanked: [FocusRanking.Cell]
    public var byAreaTooFew: [FocusRanking.Cell]
    /// Every count of the page (and of the crime-picture quarters it was protected with) after the rule.
    public let figures: ProtectedFigures

    /// A cell's count for the four quarters to the last one (`recent`) or the four before: the number, "<5" or "[c]".
    public func count(_ cell: FocusRanking.Cell, recent: Bool, area: Bool) -> String {
        figures.text(FocusRanking.id(cell, recent: recent, area: area))
    }
}

extension FocusRanking {
    /// A cell's count on the page, by period and table.
    static func id(_ cell: Cell, recent: Bool, area: Bool) -> String {
        "focus\t\(area ? "area" : "group")\t\(recent ? "recent" : "previous")\t\(cell.theme)\t\(cell.group)"
    }

    /// The ranking as a role without exact counts may see it.
    ///
    /// - A cell with 1 to 4 records in either period has its volume index, trend, rate and score worked out from
    ///   that count, and its place in the order would bound the count between its neighbours', so it is not ranked;
    ///   it is listed after the ranked cells, by name, with "<5" and no derived figure.
    /// - The four quarters of each period are also published one by one as the crime picture's standard views, whose
    ///   tables have rows for each group of victims, theme and area: a group's four quarterly rows add up to that
    ///   group's cells here plus records with no theme, so a "<5" here could be narrowed by subtraction. `standardViews`
    ///   (the crime picture report of each quarter a reader may open) ties them together, and enough further cells are
    ///   withheld ("[c]", and unranked) that nothing can be worked out (`DisclosurePolicy.protect`).
    /// - The volume index divides by an average; taken over every cell, that average (read off any ranked cell as its
    ///   count ÷ its index) times the number of cells less the shown counts gave the hidden cells' total back. For
    ///   such a role the average is taken over the ranked cells only, so an index says nothing the shown counts do
    ///   not; every index and score is scaled by the same factor, so the order does not change.
    public func published(_ policy: DisclosurePolicy, standardViews: [Int: CrimePictureReport] = [:]) -> PublishedFocus
    {
        let protected = ProtectedFigures(policy: policy) { figures in
            figures = publishedFigures(policy, standardViews: standardViews)
        }
        func split(_ cells: [Cell], area: Bool, mean: Double, measure: (Cell) -> Double) -> ([Cell], [Cell]) {
            let shown = { (cell: Cell) in
                !protected.isHidden(Self.id(cell, recent: true, area: area))
                    && !protected.isHidden(Self.id(cell, recent: false, area: area))
            }
            var ranked = cells.filter(shown)
            let tooFew = cells.filter { !shown($0) }.sorted { ($0.theme, $0.group) < ($1.theme, $1.group) }
            let rankedMean = ranked.isEmpty ? 0 : ranked.map(measure).reduce(0, +) / Double(ranked.count)
            if policy.applies, !tooFew.isEmpty, rankedMean > 0 {
                // One factor for every cell: multiplying by it never swaps two scores, so the order stands.
                let factor = mean / rankedMean
                for index in ranked.indices {
                    ranked[index].volumeIndex *= factor
                    ranked[index].score *= factor
                }
            }
            return (ranked, tooFew)
        }
        let (groups, groupsTooFew) = split(byGroup, area: false, mean: groupMean) { Double($0.recent) }
        let (areas, areasTooFew) = split(byArea, area: true, mean: areaMean) { $0.rate ?? 0 }
        return PublishedFocus(
            ranked: groups, tooFew: groupsTooFew, byAreaRanked: areas, byAreaTooFew: areasTooFew, figures: protected)
    }

    /// The page's counts, and — for a role without exact counts — the quarters' standard views as they are published
    /// with the sums that tie each period's four quarters to this page's cells.
    func publishedFigures(_ policy: DisclosurePolicy, standardViews: [Int: CrimePictureReport]) -> PublishedFigures {
        var figures = PublishedFigures()
        for (cells, area) in [(byGroup, false), (byArea, true)] {
            for cell in cells {
                figures.cell(Self.id(cell, recent: true, area: area), cell.recent)
                figures.cell(Self.id(cell, recent: false, area: area), cell.previous)
            }
        }
        guard policy.applies else { return figures }
        for (quarter, report) in standardViews { figures.include(report.protected(policy), prefix: "\(quarter)\t") }

        /// `name`'s records in the period, as the quarters' rows `parts` publish them, are `cells` here plus records
        /// this page does not list (no theme, no population, or no count in the recent period).
        func tie(_ name: String, period: String, parts: [String], cells: [String]) {
            guard !parts.isEmpty, parts.allSatisfy({ figures.values[$0] != nil }) else { return }
            let total = "all\t\(period)\t\(name)"
            let whole = parts.reduce(0) { $0 + figures.values[$1]! }
            figures.unpublishedCell(total, whole)
            figures.sum(total, of: parts)
            let listed = cells.reduce(0) { $0 + (figures.values[$1] ?? 0) }
            guard whole >= listed, !cells.isEmpty else { return }
            // Nothing unlisted: the reader can tell (every theme and area is listed), so the sum is exact (review:
            // a "rest" read as "anything from 0" let a theme's two quarters' "[c]" narrow "No theme matched" to 3 or 4).
            guard whole > listed else { return figures.sum(total, of: cells) }
            let rest = "rest\t\(period)\t\(name)"
            figures.unpublishedCell(rest, whole - listed)
            figures.sum(total, of: cells + [rest])
        }
        for recent in [true, false] {
            let last = recent ? lastQuarter : Quarter.adding(-4, to: lastQuarter)
            let quarters = (0..<4).map { Quarter.adding(-$0, to: last) }
            let views = quarters.compactMap { quarter in standardViews[quarter].map { (quarter, $0) } }
            guard views.count == 4 else { continue }
            let period = recent ? "recent" : "previous"
            /// The rows of one standard-view table with this label, in every quarter.
            func rows(_ table: String, _ label: String) -> [String] {
                views.compactMap { quarter, report in
                    report.displayed(table, suppress: true).firstIndex { $0.label == label }.map {
                        "\(quarter)\t\(table):\($0)"
                    }
                }
            }
            for group in VictimGroup.allCases {
                let parts: [String] = views.flatMap { quarter, report -> [String] in
                    Self.rows(of: group, in: report).map { "\(quarter)\t\($0)" }
                }
                let cells = byGroup.filter { $0.group == group.label }.map { Self.id($0, recent: recent, area: false) }
                tie("group\t\(group.rawValue)", period: period, parts: parts, cells: cells)
            }
            for theme in Set(byGroup.map(\.theme) + byArea.map(\.theme)) {
                let parts = rows("themes", theme)
                guard parts.count == 4 else { continue }
                for (cells, area) in [(byGroup, false), (byArea, true)] {
                    tie(
                        "theme\t\(area)\t\(theme)", period: period, parts: parts,
                        cells: cells.filter { $0.theme == theme }.map { Self.id($0, recent: recent, area: area) })
                }
            }
            for place in Set(byArea.map(\.group)) {
                let parts = rows("areas", place)
                guard parts.count == 4 else { continue }
                tie(
                    "area\t\(place)", period: period, parts: parts,
                    cells: byArea.filter { $0.group == place }.map { Self.id($0, recent: recent, area: true) })
            }
        }
        return figures
    }

    /// The cells of a standard view that count one group of victims.
    static func rows(of group: VictimGroup, in report: CrimePictureReport) -> [String] {
        let ages = CrimePictureReport.ageOrder
        func victimType(_ type: VictimType) -> [String] {
            report.displayed("victim-type", suppress: true).firstIndex { $0.label == type.label }.map {
                ["victim-type:\($0)"]
            } ?? []
        }
        switch group {
        case .youngPeople: return ["group:young"]
        case .olderPeople: return ["group:older"]
        case .adults:
            return ages.indices.filter {
                ages[$0] != .unknown && !ages[$0].isYoungPerson && !ages[$0].isOlderPerson
            }.map { "age:\($0)" }
        case .businesses: return victimType(.business)
        case .schools: return victimType(.school)
        case .charities: return victimType(.charity)
        }
    }
}

extension FocusRanking {
    /// The focus page for one role: the four quarters to the latest complete one against the four before (only
    /// complete periods are compared; the latest with data when none is complete), and — for a role without exact
    /// counts — protected together with the crime picture's standard views of those eight quarters that such a
    /// reader can open. `incomplete` names the window's quarters that are not complete, and what they hold.
    public static func forRole(partnershipID: UUID, policy: DisclosurePolicy, on db: any Database) async throws
        -> (ranking: FocusRanking, published: PublishedFocus, incomplete: [String])
    {
        // For a role without exact counts the page reads eight standard views and protects them together (about
        // 180 ms on a million records): the result is kept until anything it reads changes.
        guard policy.applies else { return try await build(partnershipID: partnershipID, policy: policy, on: db) }
        let key =
            "\(partnershipID)|\(policy.threshold)|"
            + (try await CrimeEditions.fingerprint(
                partnershipID: partnershipID, on: db))
        if let kept = focusKept.withLockedValue({ $0[key] }) { return kept }
        let result = try await build(partnershipID: partnershipID, policy: policy, on: db)
        focusKept.withLockedValue { kept in
            if kept.count >= 32 { kept.removeAll() }
            kept[key] = result
        }
        return result
    }

    /// Focus pages as roles without exact counts see them, by everything they read (`CrimeEditions.fingerprint`).
    private static let focusKept = NIOLockedValueBox<
        [String: (ranking: FocusRanking, published: PublishedFocus, incomplete: [String])]
    >([:])

    private static func build(partnershipID: UUID, policy: DisclosurePolicy, on db: any Database) async throws
        -> (ranking: FocusRanking, published: PublishedFocus, incomplete: [String])
    {
        let reader = try await CrimeCountReader(partnershipID: partnershipID, edition: policy.crimeEdition, on: db)
        let range = try await reader?.monthRange()
        let coverage = try await CrimeCoverage.load(partnershipID: partnershipID, on: db)
        let offered = CrimeFilter.standardQuarters(coverage: coverage, latest: range.map { Quarter.of(month: $0.last) })
        let last = offered.first ?? Quarter.lastComplete()
        let ranking = try await build(
            partnershipID: partnershipID, lastQuarter: last, edition: policy.crimeEdition, on: db)
        let window = (0..<8).map { Quarter.adding(-$0, to: last) }
        var views: [Int: CrimePictureReport] = [:]
        if policy.applies {
            let hasCyber = try await reader?.hasCyberRecords() ?? true
            for quarter in window where offered.contains(quarter) {
                views[quarter] = try await CrimePictureReport.build(
                    partnershipID: partnershipID, filter: .standard(quarter: quarter, hasCyberRecords: hasCyber),
                    edition: .published, on: db)
            }
        }
        let incomplete = window.reversed().filter { !coverage.isComplete(quarter: $0) }.map {
            "\(Quarter.label($0)) \(coverage.describe(quarter: $0))"
        }
        return (ranking, ranking.published(policy, standardViews: views), incomplete)
    }
}
