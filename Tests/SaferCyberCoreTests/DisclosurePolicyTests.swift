import SaferCyberCore
import XCTest

/// The small-number rule has one implementation, here in Core (issue 18, step 2).
final class DisclosurePolicyTests: XCTestCase {
    func testHidesOneToFourByDefaultAndNothingForExactRoles() {
        let published = DisclosurePolicy.published
        XCTAssertEqual((0...6).filter(published.hides), [1, 2, 3, 4])
        XCTAssertEqual((0...6).map(published.text), ["0", "<5", "<5", "<5", "<5", "5", "6"])
        XCTAssertEqual(published.text(12345), "12,345")
        XCTAssertEqual((0...6).filter(DisclosurePolicy.exact.hides), [])
        XCTAssertEqual(DisclosurePolicy.exact.text(3), "3")
    }

    func testThresholdIsConfigurable() {
        let ten = DisclosurePolicy(threshold: 10, applies: true)
        XCTAssertTrue(ten.hides(9))
        XCTAssertFalse(ten.hides(10))
        XCTAssertEqual(ten.text(7), "<10")
        XCTAssertTrue(ten.explanation.contains("1 to 9"))
    }

    /// A share or rate worked out from a hidden count would give it back.
    func testFiguresFromHiddenCountsAreNotShown() {
        let policy = DisclosurePolicy.published
        XCTAssertFalse(policy.allowsFigure(from: 3, 20), "15% of 20 gives 3")
        XCTAssertFalse(policy.allowsFigure(from: 20, 4))
        XCTAssertTrue(policy.allowsFigure(from: 0, 20), "0% gives nothing away")
        XCTAssertTrue(policy.allowsFigure(from: 5, 20))
        XCTAssertTrue(DisclosurePolicy.exact.allowsFigure(from: 3, 20))
    }

    /// Issue 19: a role without exact counts sees one complete quarter at a time — not two overlapping periods
    /// (their totals differ by a quarter neither shows), not the quarter under way (it changes from day to day).
    func testRolesWithoutExactCountsSeeOneCompleteQuarterAtATime() {
        let now = ISO8601DateFormatter().date(from: "2026-12-05T09:00:00Z")!
        let viewer = DisclosurePolicy.published
        XCTAssertEqual(viewer.latestQuarter(now: now), 20263)
        XCTAssertTrue(viewer.period(from: 20261, to: 20264, now: now) == (20263, 20263))
        XCTAssertTrue(viewer.period(from: nil, to: nil, untilNow: true, now: now) == (20263, 20263))
        XCTAssertTrue(viewer.period(from: 20251, to: 20262, now: now) == (20262, 20262))
        XCTAssertTrue(viewer.period(from: nil, to: 20284, now: now) == (20263, 20263), "a quarter to come")
        XCTAssertTrue(viewer.period(from: nil, to: 20265, now: now) == (20263, 20263), "not a quarter")
        // Fifth review: "to=19901" showed Jan–Mar 1990 under a picker that read Jul–Sep 2026. Only the quarters the
        // picker offers are shown.
        XCTAssertEqual(viewer.quarterChoices(now: now).last, 20244)
        XCTAssertTrue(viewer.period(from: nil, to: 20244, now: now) == (20244, 20244))
        XCTAssertTrue(viewer.period(from: nil, to: 20243, now: now) == (20263, 20263), "older than the picker")
        XCTAssertTrue(viewer.period(from: nil, to: 19901, now: now) == (20263, 20263))
        XCTAssertEqual(viewer.quarterChoices(now: now).first, 20263)
        XCTAssertEqual(viewer.quarterChoices(now: now).count, 8)

        let staff = DisclosurePolicy.exact
        XCTAssertEqual(staff.latestQuarter(now: now), 20264)
        XCTAssertTrue(staff.period(from: 20261, to: 20264, now: now) == (20261, 20264))
        XCTAssertTrue(staff.period(from: nil, to: nil, now: now) == (20254, 20263))
        XCTAssertTrue(staff.period(from: nil, to: nil, length: 5, untilNow: true, now: now) == (20254, 20264))
        XCTAssertTrue(staff.period(from: 20271, to: 20263, now: now) == (20254, 20263), "from after to")
        XCTAssertTrue(staff.period(from: nil, to: 20284, now: now) == (20261, 20264), "a quarter to come")
    }

    /// Review (issue 19): "56% before and 67% after of the same 18, McNemar p = 0.500" — an exact p of 0.5 is two
    /// people changing, both the same way. The people who changed are counts of people too: under the rule a small
    /// number of them withholds the test.
    func testAPairedTestFromFewWhoChangedIsNotPublished() {
        let pairs =
            Array(repeating: (true, true), count: 10) + Array(repeating: (false, false), count: 6)
            + Array(repeating: (false, true), count: 2)
        let finding = ChangeFinding.yesNo(pairs.map { (before: $0.0, after: $0.1) }, behaviour: "Hangs up on callers")
        XCTAssertEqual(finding.test.pValue, 0.5, accuracy: 1e-12)
        XCTAssertTrue(finding.peopleCounts.contains(2))
        let shown = finding.sentence(publishedWith: .published)
        XCTAssertFalse(shown.contains("p ="), shown)
        XCTAssertFalse(shown.contains("p <"), shown)
        XCTAssertTrue(finding.sentence(publishedWith: .exact).contains("p = 0.500"))
    }

}

/// Issue 19, case 6: every "<5" beside an exact total was recoverable by subtraction.
final class SecondarySuppressionTests: XCTestCase {
    /// A total of 812 over four rows, one of them 3.
    func table() -> PublishedFigures {
        var figures = PublishedFigures()
        figures.cell("total", 812)
        for (index, value) in [700, 100, 3, 9].enumerated() { figures.cell("row:\(index)", value) }
        figures.sum("total", of: (0..<4).map { "row:\($0)" })
        return figures
    }

    func published(_ figures: PublishedFigures, _ visibility: [String: Visibility]) -> [String: String] {
        Dictionary(
            uniqueKeysWithValues: figures.values.keys.map {
                ($0, DisclosurePolicy.published.text($0, in: figures, visibility))
            })
    }

    func testWithoutSecondarySuppressionTheCheckerRecoversTheSmallCount() {
        let figures = table()
        let primaryOnly = DisclosurePolicy.published.protect(figures, secondary: false)
        let findings = DisclosureCheck.givenAway(published: published(figures, primaryOnly), sums: figures.sums)
        XCTAssertEqual(findings, [DisclosureCheck.Finding(cell: "row:2", low: 3, high: 3)])
    }

    func testSecondarySuppressionWithholdsTheNextSmallestRow() {
        let figures = table()
        let visibility = DisclosurePolicy.published.protect(figures)
        XCTAssertEqual(visibility["row:2"], .small)
        XCTAssertEqual(visibility["row:3"], .withheld, "the smallest other row")
        XCTAssertEqual(visibility["row:0"], .shown)
        XCTAssertEqual(DisclosureCheck.givenAway(published: published(figures, visibility), sums: figures.sums), [])
    }

    /// Months add up to quarters and quarters to the total: hiding a month must not be undone a level up.
    func testNestedSumsAreProtectedAtEveryLevel() {
        var figures = PublishedFigures()
        let months = [[40, 2, 38], [30, 31, 29]]
        figures.cell("total", months.joined().reduce(0, +))
        for (q, values) in months.enumerated() {
            figures.cell("q:\(q)", values.reduce(0, +))
            for (m, value) in values.enumerated() { figures.cell("m:\(q)\(m)", value) }
            figures.sum("q:\(q)", of: (0..<3).map { "m:\(q)\($0)" })
        }
        figures.sum("total", of: ["q:0", "q:1"])
        let visibility = DisclosurePolicy.published.protect(figures)
        XCTAssertEqual(visibility["m:01"], .small)
        XCTAssertEqual(DisclosureCheck.givenAway(published: published(figures, visibility), sums: figures.sums), [])
        // A table that does not add up is never treated as one.
        var broken = figures
        broken.cell("x", 5)
        broken.sum("x", of: ["q:0"])
        XCTAssertEqual(broken.sums.count, figures.sums.count)
    }

    /// Review of issue 19: 10 then 3 records, every month small, one row of each other table. The 3 must not be
    /// recoverable as 13 − 10, and the total (the board's headline) stays.
    func testSmallQuarterBesideAllSmallMonthsKeepsTheTotal() {
        var figures = PublishedFigures()
        let months = [[3, 4, 3], [1, 1, 1]]
        figures.cell("total", 13)
        figures.cell("themes:0", 13)
        for (q, values) in months.enumerated() {
            figures.cell("q:\(q)", values.reduce(0, +))
            for (m, value) in values.enumerated() { figures.cell("m:\(q)\(m)", value) }
            figures.sum("q:\(q)", of: (0..<3).map { "m:\(q)\($0)" })
        }
        figures.sum("total", of: ["q:0", "q:1"])
        figures.sum("total", of: ["themes:0"])
        let visibility = DisclosurePolicy.published.protect(figures)
        let findings = DisclosureCheck.givenAway(published: published(figures, visibility), sums: figures.sums)
        XCTAssertEqual(findings, [], "\(visibility)")
        XCTAssertEqual(visibility["total"], .shown)
        XCTAssertEqual(visibility["q:0"], .withheld, "10 would give the 3 away")
    }

    func testExactRolesSeeEverything() {
        let visibility = DisclosurePolicy.exact.protect(table())
        XCTAssertTrue(visibility.values.allSatisfy { $0 == .shown })
    }
}

/// Issue 19, case 6: sentences in the board report gave small counts away ("only 3 people answered").
final class PublishedSentenceTests: XCTestCase {
    func testSmallCountsLeaveTheSentence() {
        let three = ChangeFinding.yesNo([(false, true), (false, true), (true, true)], behaviour: "Backs up files")
        XCTAssertTrue(three.sentence.contains("only 3 people"), "the staff sentence keeps the exact count")
        let published = three.sentence(publishedWith: .published)
        XCTAssertFalse(published.contains("3"), published)
        XCTAssertTrue(published.contains("too few"), published)

        // 20 pairs, but only 2 said yes before: "10% before" of 20 gives the 2.
        let pairs =
            Array(repeating: (false, true), count: 12) + Array(repeating: (false, false), count: 6)
            + [(true, true), (true, true)]
        let twenty = ChangeFinding.yesNo(pairs, behaviour: "Backs up files")
        XCTAssertTrue(twenty.sentence.contains("10% before"))
        let shown = twenty.sentence(publishedWith: .published)
        XCTAssertFalse(shown.contains("%"), shown)
        XCTAssertTrue(shown.contains("20 people"), shown)
        XCTAssertEqual(twenty.sentence(publishedWith: .exact), twenty.sentence)

        // Nothing small: the sentence is published as it is.
        let large = ChangeFinding.yesNo(
            Array(repeating: (false, true), count: 12) + Array(repeating: (true, true), count: 8)
                + Array(repeating: (false, false), count: 6), behaviour: "Backs up files")
        XCTAssertEqual(large.sentence(publishedWith: .published), large.sentence)
    }
}
