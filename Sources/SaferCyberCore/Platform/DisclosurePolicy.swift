import FluentKit
import Foundation

/// The small-number rule, in one place: counts of people from 1 to threshold − 1 are not shown to roles without
/// exact counts (nor in anything that leaves the building, like the board report), and nothing derived from such
/// a count — a share, a rate, an estimate, a chart bar — is shown either, since it would give the count back.
///
/// Every page, CSV, JSON answer and report formats counts through this type; no controller or view compares a
/// count with a literal. Secondary suppression — withholding further cells so that hidden ones cannot be worked out
/// from totals — is `protect(_:)` in SecondarySuppression.swift.
public struct DisclosurePolicy: Sendable, Equatable {
    public static let defaultThreshold = 5

    /// Counts from 1 to `threshold − 1` are hidden.
    public var threshold: Int
    /// False for roles that may see exact counts.
    public var applies: Bool

    public init(threshold: Int = DisclosurePolicy.defaultThreshold, applies: Bool) {
        self.threshold = max(1, threshold)
        self.applies = applies
    }

    /// Exact counts (staff with the permission; counts of sessions or actions, which are not people).
    public static let exact = DisclosurePolicy(applies: false)
    /// The rule for anything published or seen by a role without exact counts.
    public static let published = DisclosurePolicy(applies: true)

    /// Whether this count must not be shown.
    public func hides(_ count: Int) -> Bool { applies && count > 0 && count < threshold }

    /// Whether a figure derived from these counts (share, rate, estimate, median, bar height) may be shown.
    public func allowsFigure(from counts: Int...) -> Bool { allowsFigure(from: counts) }

    public func allowsFigure(from counts: [Int]) -> Bool { !counts.contains(where: hides) }

    /// The crime counts this role reads: each complete quarter as first published when the rule applies (so that two
    /// versions of a quarter cannot be compared), today's otherwise.
    public var crimeEdition: CrimeEdition { applies ? .published : .live }

    /// A year-to-date total is shown only when no quarter's count in it is small: each quarter is published in its
    /// own report, so the total less the others would give a small one back (issue 23; review: protecting only "the
    /// rest of the year" let Q3's total less Q2's and Q3's own give Q1's 3).
    public func allowsYearToDate(quarters: [Int]) -> Bool { allowsFigure(from: quarters) }

    /// The latest quarter whose counts of people this role is shown. Counts of a quarter still under way change from
    /// day to day, so a reader without exact counts who looked on two days could take one from the other and get
    /// the few between them: such a reader sees complete quarters only. Staff with exact counts see the quarter
    /// under way too. (Crime figures change only with an import and are published by edition: `crimeEdition`.)
    public func latestQuarter(now: Date = Date()) -> Int {
        let complete = Quarter.lastComplete(before: now)
        return applies ? complete : Quarter.adding(1, to: complete)
    }

    /// The period of counts of people (engagement, referral figures) a role is shown, from the quarters an address
    /// asks for. A role without exact counts sees one complete quarter at a time, whatever is asked: two periods
    /// that overlap ("Jan–Dec" and "Jan–Sep") differ by a quarter's count that neither shows, and a quarter under
    /// way changes from day to day. Staff with exact counts choose any period up to the quarter under way; by
    /// default the `length` quarters to the latest complete one (to the quarter under way with `untilNow`).
    public func period(from: Int?, to: Int?, length: Int = 4, untilNow: Bool = false, now: Date = Date()) -> (
        from: Int, to: Int
    ) {
        let latest = latestQuarter(now: now)
        let byDefault = untilNow ? latest : Quarter.lastComplete(before: now)
        let to = min(to.flatMap { Quarter.isValid($0) ? $0 : nil } ?? byDefault, latest)
        // Under the rule, one of the quarters the page offers (`quarterChoices`), so that what the page shows is what
        // its picker says.
        if applies { return quarterChoices(now: now).contains(to) ? (to, to) : (latest, latest) }
        let from = from.flatMap { Quarter.isValid($0) && $0 <= to ? $0 : nil } ?? Quarter.adding(1 - length, to: to)
        return (from, to)
    }

    /// The quarters a role without exact counts may choose, newest first: the latest complete and the seven before.
    public func quarterChoices(now: Date = Date()) -> [Int] {
        (0..<8).map { Quarter.adding(-$0, to: latestQuarter(now: now)) }
    }

    /// A count of people in a survey's figures as a reader under the rule sees it: to the nearest multiple of the
    /// threshold (7 → 5, 8 → 10), so that no table can be set against another to give a small number. Exact for roles
    /// with exact counts. Counts under the threshold are hidden (`hides`).
    public func rounded(_ count: Int) -> Int {
        guard applies, !hides(count) else { return count }
        return Int((Double(count) / Double(threshold)).rounded(.toNearestOrAwayFromZero)) * threshold
    }

    /// The sentence for figures given `rounded`: what is rounded, and what shares are worked out from.
    public var roundingExplanation: String {
        "Counts of people are rounded to the nearest \(threshold), and percentages are worked out from the rounded counts, so that no table can be set against another to give a small number."
    }

    /// What a hidden count reads as: "<5".
    public var hiddenText: String { "<\(threshold)" }

    /// A count as people read it ("1,234"), or "<5" when hidden.
    public func text(_ count: Int) -> String {
        hides(count) ? hiddenText : count.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_GB")))
    }

    /// A sentence for pages and CSVs that say the rule applies.
    public var explanation: String {
        "Counts of 1 to \(threshold - 1) are shown as \u{201C}\(hiddenText)\u{201D}, and figures worked out from them are not shown, so that no one can be identified."
    }
}

extension DisclosurePolicy {
    /// The thresholds a partnership may choose: 3 (some councils' rule) to 20.
    public static let allowedThresholds = 3...20

    /// The partnership's rule for a role: `exactCounts` for roles that may see exact counts.
    public static func of(_ partnership: Partnership, exactCounts: Bool) -> DisclosurePolicy {
        DisclosurePolicy(threshold: partnership.disclosureThreshold ?? defaultThreshold, applies: !exactCounts)
    }

    /// Sets the partnership's threshold (audited).
    public static func setThreshold(_ threshold: Int, partnershipID: UUID, by actor: ActingUser, on db: any Database)
        async throws
    {
        guard allowedThresholds.contains(threshold) else {
            throw FieldErrors(
                "threshold",
                "Enter a number from \(allowedThresholds.lowerBound) to \(allowedThresholds.upperBound)")
        }
        try await Partnerships.setNumber(
            \.disclosureThreshold, to: threshold, fallback: defaultThreshold, key: "threshold",
            summary: "Set the small-number threshold to \(threshold)", partnershipID: partnershipID, by: actor, on: db)
    }
}
