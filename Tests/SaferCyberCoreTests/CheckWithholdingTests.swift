import Foundation
import XCTest

@testable import SaferCyberCore

/// The resilience-check figures publish each organisation's scores three ways (by sector, size and area). An outside
/// reviewer's integer programme found that, with only breakdowns compared two at a time, a combination of all three
/// (retail + size 2–9 − Seaham) could still single out one organisation. These tests check the withheld groups with an
/// independent method: the published sums' null space, where a set of cells whose rows there are linearly dependent is
/// exactly a set some combination of the sums involves alone.
final class CheckWithholdingTests: XCTestCase {
    /// How many sets of cells holding 1 to threshold − 1 organisations (every such set) have a total that the published
    /// sums pin down (0 is safe). Cells: organisations in the same group of every breakdown. The sums: each published
    /// group, and a breakdown's withheld groups together (the total less the published ones). A set's total is pinned
    /// when its indicator is orthogonal to the sums' null space: its cells' rows of a null-space basis add up to zero.
    static func pinnedSets(_ breakdowns: [[[Int]]], hidden: [Set<Int>], threshold: Int) -> Int {
        let everyone = breakdowns[0].flatMap { $0 }
        guard everyone.count >= threshold else { return 0 }
        var signature: [Int: [Int]] = [:]
        for (b, groups) in breakdowns.enumerated() {
            for (g, members) in groups.enumerated() { for m in members { signature[m, default: [0, 0, 0]][b] = g } }
        }
        let cells = Array(Dictionary(grouping: everyone) { signature[$0]! }.values)
        var sums: [[Double]] = []
        for (b, groups) in breakdowns.enumerated() {
            var withheld = Set<Int>()
            for (g, members) in groups.enumerated() {
                if hidden[b].contains(g) { withheld.formUnion(members) } else { sums.append(row(Set(members), cells)) }
            }
            if !withheld.isEmpty { sums.append(row(withheld, cells)) }
        }
        let null = nullSpace(sums, columns: cells.count)
        let small = cells.indices.filter { cells[$0].count < threshold }
        var found = 0
        func visit(_ chosen: [Int], total: [Double], from start: Int, weight: Int) {
            if !chosen.isEmpty, total.allSatisfy({ abs($0) < 1e-7 }) { found += 1 }
            for i in start..<small.count where weight + cells[small[i]].count < threshold {
                visit(
                    chosen + [small[i]], total: zip(total, null[small[i]]).map { $0 + $1 }, from: i + 1,
                    weight: weight + cells[small[i]].count)
            }
        }
        visit([], total: [Double](repeating: 0, count: null.first?.count ?? 0), from: 0, weight: 0)
        return found
    }

    static func row(_ members: Set<Int>, _ cells: [[Int]]) -> [Double] {
        cells.map { members.contains($0[0]) ? 1 : 0 }
    }

    /// A basis of the null space of `matrix` (rows × columns), as one row per column: row c holds column c's
    /// coordinates in each basis vector. By reduced row echelon form.
    static func nullSpace(_ matrix: [[Double]], columns: Int) -> [[Double]] {
        var m = matrix
        var pivots: [Int] = []
        var r = 0
        for c in 0..<columns where r < m.count {
            guard let p = (r..<m.count).max(by: { abs(m[$0][c]) < abs(m[$1][c]) }), abs(m[p][c]) > 1e-9 else {
                continue
            }
            m.swapAt(r, p)
            let lead = m[r][c]
            m[r] = m[r].map { $0 / lead }
            for i in m.indices where i != r && abs(m[i][c]) > 1e-12 {
                let f = m[i][c]
                m[i] = zip(m[i], m[r]).map { $0 - f * $1 }
            }
            pivots.append(c)
            r += 1
        }
        let free = (0..<columns).filter { !pivots.contains($0) }
        // Basis vector for free column f: 1 at f, −m[i][f] at pivot i.
        var out = [[Double]](repeating: [Double](repeating: 0, count: free.count), count: columns)
        for (k, f) in free.enumerated() {
            out[f][k] = 1
            for (i, p) in pivots.enumerated() { out[p][k] = -m[i][f] }
        }
        return out
    }

    static func breakdowns(_ cells: [(sector: Int, size: Int, area: Int, count: Int)]) -> [[[Int]]] {
        var out: [[[Int]]] = [[], [], []]
        var next = 0
        for cell in cells {
            for _ in 0..<cell.count {
                for (b, g) in [cell.sector, cell.size, cell.area].enumerated() {
                    while out[b].count <= g { out[b].append([]) }
                    out[b][g].append(next)
                }
                next += 1
            }
        }
        return out.map { $0.filter { !$0.isEmpty } }
    }

    static func withheld(_ breakdowns: [[[Int]]], threshold: Int, linearAudit: Bool) -> [Set<Int>] {
        CheckAggregates.hiddenGroups(
            breakdowns.map { $0.enumerated().map { (key: "\($0.offset)", members: Set($0.element)) } },
            threshold: threshold, linearAudit: linearAudit)
    }

    /// The reviewer's kind of case, built by hand: organisation x is retail, sole trader, Peterlee; the other five
    /// retailers are size 10–49 in Seaham; the five sized 2–9 are hospitality and charities in Seaham; the rest are
    /// elsewhere. Every group holds 5 or more, and no two breakdowns' groups differ by fewer than 5 organisations, so
    /// the pairwise rule publishes everything; but retail + size 2–9 − Seaham counts x once and everyone else zero
    /// times. Now a group is withheld and nothing is pinned.
    func testThreeBreakdownsTogetherNoLongerGiveOneOrganisationAway() {
        // (sector, size, area, organisations): sectors retail, hospitality, charity; sizes "1", "2-9", "10-49";
        // areas Seaham, Peterlee, Easington.
        let cells = [
            (0, 0, 1, 1), (0, 2, 0, 5), (1, 1, 0, 3), (2, 1, 0, 2), (1, 2, 1, 3), (1, 0, 2, 3), (2, 2, 2, 3),
            (2, 0, 1, 3),
        ]
        let breakdowns = Self.breakdowns(cells.map { (sector: $0.0, size: $0.1, area: $0.2, count: $0.3) })
        XCTAssertEqual(breakdowns.map { $0.map(\.count) }, [[6, 9, 8], [7, 5, 11], [10, 7, 6]])
        let scores = (0..<23).map { ($0 * 37 + 11) % 101 }
        func total(_ members: [Int]) -> Int { members.reduce(0) { $0 + scores[$1] } }
        // Organisation 0 is x: the published sums give its score.
        XCTAssertEqual(total(breakdowns[0][0]) + total(breakdowns[1][1]) - total(breakdowns[2][0]), scores[0])
        let pairwise = Self.withheld(breakdowns, threshold: 5, linearAudit: false)
        XCTAssertEqual(pairwise, [[], [], []], "the pairwise rule alone publishes every group")
        XCTAssertGreaterThan(Self.pinnedSets(breakdowns, hidden: pairwise, threshold: 5), 0, "the checker finds x")
        let withheld = Self.withheld(breakdowns, threshold: 5, linearAudit: true)
        XCTAssertEqual(Self.pinnedSets(breakdowns, hidden: withheld, threshold: 5), 0)
        XCTAssertTrue(withheld[0].contains(0), "retail, the smallest group holding x, is withheld")
        XCTAssertEqual(withheld.map(\.count).reduce(0, +), 2, "and one more beside it, no more")
        // The same through the figures a page shows.
        let rows = cells.flatMap { cell in
            (0..<cell.3).map { _ in
                CheckAggregates.Row(
                    overall: 50, scores: ["a": 50], sector: ["retail", "hospitality", "charity"][cell.0],
                    size: ["1", "2-9", "10-49"][cell.1], area: ["Seaham", "Peterlee", "Easington"][cell.2], before: nil)
            }
        }
        let figures = CheckAggregates.build(rows, areaIDs: ["a"], labels: (sector: { $0 }, size: { $0 }))
        XCTAssertNil(figures.bySector[0].overall)
        XCTAssertNotNil(figures.bySize[1].overall)
    }

    /// Issue 19 (left from an earlier review): a group's mean for an area is taken over the organisations that
    /// answered it, and a newer version of the check can add an area that earlier checks lack. Here five organisations
    /// took the first version (no area "b") in organisation x's cell, so over everyone nothing is pinned; but over
    /// those who answered "b" the hand-built case above returns, and b's means published wherever the overall ones
    /// are gave x's score for "b" back. The audit now runs again over the answerers of each such area.
    func testAreaMeansOverTheOrganisationsThatAnsweredItAreAuditedToo() {
        let cells = [
            (0, 0, 1, 1), (0, 2, 0, 5), (1, 1, 0, 3), (2, 1, 0, 2), (1, 2, 1, 3), (1, 0, 2, 3), (2, 2, 2, 3),
            (2, 0, 1, 3),
        ]
        let labels = [
            ["retail", "hospitality", "charity"], ["1", "2-9", "10-49"], ["Seaham", "Peterlee", "Easington"],
        ]
        var rows: [CheckAggregates.Row] = []
        for cell in cells {
            for number in 0..<cell.3 {
                rows.append(
                    CheckAggregates.Row(
                        overall: 50, scores: ["a": 50 + number, "b": 40 + number], sector: labels[0][cell.0],
                        size: labels[1][cell.1], area: labels[2][cell.2], before: nil))
            }
        }
        for _ in 0..<5 {
            rows.append(
                CheckAggregates.Row(
                    overall: 60, scores: ["a": 60], sector: "retail", size: "1", area: "Peterlee", before: nil))
        }
        let figures = CheckAggregates.build(rows, areaIDs: ["a", "b"], labels: (sector: { $0 }, size: { $0 }))
        let keys: [(CheckAggregates.Row) -> String?] = [\.sector, \.size, \.area]
        func breakdowns(_ members: [Int]) -> [[[Int]]] {
            keys.indices.map { b in labels[b].map { label in members.filter { keys[b](rows[$0]) == label } } }
        }
        /// Which groups (by position in `labels`) publish no overall mean (area nil) or no mean for the area.
        func withheld(_ area: String?) -> [Set<Int>] {
            let tables = [figures.bySector, figures.bySize, figures.byArea]
            return tables.indices.map { b in
                Set(
                    labels[b].indices.filter { i in
                        let group = tables[b].first { $0.label == labels[b][i] }!
                        return area.map { group.byArea?[$0] == nil } ?? (group.overall == nil)
                    })
            }
        }
        let answered = rows.indices.filter { rows[$0].scores["b"] != nil }
        XCTAssertEqual(answered.count, 23)
        XCTAssertEqual(Self.pinnedSets(breakdowns(Array(rows.indices)), hidden: withheld(nil), threshold: 5), 0)
        XCTAssertEqual(Self.pinnedSets(breakdowns(Array(rows.indices)), hidden: withheld("a"), threshold: 5), 0)
        // Over the answerers of "b", with b's means published only where the audit over them allows: nothing pinned.
        XCTAssertEqual(Self.pinnedSets(breakdowns(answered), hidden: withheld("b"), threshold: 5), 0)
        // Published wherever the overall means are (the rule before this change), x's "b" comes back.
        XCTAssertGreaterThan(Self.pinnedSets(breakdowns(answered), hidden: withheld(nil), threshold: 5), 0)
        XCTAssertNotEqual(withheld("b"), withheld(nil))
    }

    /// Generated organisations, at thresholds 3 to 5, with up to 12 areas (more than 10 published groups in one
    /// breakdown, where the pairwise rule compares only single groups and pairs): nothing is pinned.
    func testNoSmallSetIsPinnedOnGeneratedOrganisations() {
        var generator = SplitMix64(seed: 2026)
        func pick(_ n: Int) -> Int { Int(generator.next() % UInt64(n)) }
        var checked = 0
        var published = 0
        for round in 0..<45 {
            let threshold = 3 + round % 3
            let many = round % 3 == 2
            let count = many ? 55 + pick(15) : 10 + pick(30)
            let cells = (0..<count).map { _ in
                (sector: pick(many ? 3 : 4), size: pick(3), area: pick(many ? 12 : 3), count: 1)
            }
            let breakdowns = Self.breakdowns(cells)
            let withheld = Self.withheld(breakdowns, threshold: threshold, linearAudit: true)
            XCTAssertEqual(Self.pinnedSets(breakdowns, hidden: withheld, threshold: threshold), 0, "round \(round)")
            for (groups, hidden) in zip(breakdowns, withheld) {
                for g in groups.indices where groups[g].count < threshold { XCTAssertTrue(hidden.contains(g)) }
                published += groups.count - hidden.count
            }
            checked += 1
        }
        XCTAssertEqual(checked, 45)
        XCTAssertGreaterThan(published, 45 * 3, "groups are still published")
    }

    /// The outside reviewer's case at threshold 6: every group holds 6 or more, and sector 0 + size 0 − area 0 is
    /// five single organisations (more than four cells, the first version's limit).
    func testFiveOrganisationsAtThresholdSixArePinnedNoLonger() {
        let cells = [
            (0, 1, 1, 1), (0, 2, 2, 1), (0, 1, 2, 1), (1, 0, 1, 1), (2, 0, 2, 1), (0, 1, 0, 2), (0, 2, 0, 2),
            (2, 0, 0, 4), (1, 1, 1, 1), (1, 1, 2, 4), (2, 2, 2, 3), (2, 1, 1, 3),
        ]
        let breakdowns = Self.breakdowns(cells.map { (sector: $0.0, size: $0.1, area: $0.2, count: $0.3) })
        XCTAssertEqual(breakdowns.map { $0.map(\.count) }, [[7, 6, 11], [6, 12, 6], [8, 6, 10]])
        let scores = (0..<24).map { ($0 * 29 + 7) % 101 }
        func total(_ members: [Int]) -> Int { members.reduce(0) { $0 + scores[$1] } }
        XCTAssertEqual(
            total(breakdowns[0][0]) + total(breakdowns[1][0]) - total(breakdowns[2][0]), total([0, 1, 2, 3, 4]))
        XCTAssertGreaterThan(
            Self.pinnedSets(breakdowns, hidden: [[], [], []], threshold: 6), 0, "publishing everything pins them")
        let withheld = Self.withheld(breakdowns, threshold: 6, linearAudit: true)
        XCTAssertEqual(Self.pinnedSets(breakdowns, hidden: withheld, threshold: 6), 0)
        XCTAssertLessThan(withheld.map(\.count).reduce(0, +), 9, "not everything is withheld")
    }

    /// Thresholds 6 and 10 on small generated sets (the independent checker looks at every set, so they are kept
    /// small): nothing pinned.
    func testHigherThresholdsOnGeneratedOrganisations() {
        var generator = SplitMix64(seed: 6)
        func pick(_ n: Int) -> Int { Int(generator.next() % UInt64(n)) }
        for round in 0..<30 {
            let threshold = round % 2 == 0 ? 6 : 10
            let count = (threshold == 6 ? 14 : 24) + pick(14)
            let cells = (0..<count).map { _ in (sector: pick(3), size: pick(3), area: pick(3), count: 1) }
            let breakdowns = Self.breakdowns(cells)
            let withheld = Self.withheld(breakdowns, threshold: threshold, linearAudit: true)
            XCTAssertEqual(Self.pinnedSets(breakdowns, hidden: withheld, threshold: threshold), 0, "round \(round)")
        }
    }

    func testOneCellIsTheDifferenceOfTwoSums() {
        XCTAssertEqual(LinearAudit.audit(sums: [[0, 1], [1]], weights: [1, 6], threshold: 5), .pinned([0]))
        XCTAssertEqual(LinearAudit.audit(sums: [[0, 1], [1]], weights: [5, 6], threshold: 5), .clear)
        XCTAssertEqual(
            LinearAudit.audit(sums: [[0, 1, 2, 3], [2, 3]], weights: [2, 2, 9, 9], threshold: 5), .pinned([0, 1]))
        XCTAssertEqual(LinearAudit.audit(sums: [[0, 1, 2, 3], [2, 3]], weights: [3, 2, 9, 9], threshold: 5), .clear)
        // Six single cells at threshold 7 (halves of three): only all six together are pinned.
        let six = LinearAudit.audit(sums: [Set(0..<6), [6]], weights: [1, 1, 1, 1, 1, 1, 9], threshold: 7)
        XCTAssertEqual(six, .pinned(Set(0..<6)))
        XCTAssertEqual(
            LinearAudit.audit(sums: [Set(0..<6), [6]], weights: [1, 1, 1, 1, 1, 1, 9], threshold: 7, budget: 10),
            .unchecked, "too many halves to look at: said so, never clear")
    }
}
