import FluentKit
import Foundation

/// Indicators: figures the partnership tracks each quarter against the direction it wants them to move.
public enum Indicators {
    public struct Result: Sendable {
        public var id: UUID
        public var title: String
        public var source: Indicator.Source
        public var direction: Indicator.Direction
        /// Oldest first; nil where there is no figure for the quarter.
        public var values: [(quarter: Int, value: Double?)]
        public var rag: RAG
        public var reason: String
        public var isPercentage: Bool { source == .surveyShare }
    }

    /// Quarters shown: the chosen quarter and the four before it, so the latest can be set against a year.
    public static let quartersShown = 5
    /// A move smaller than this share of the baseline counts as "no real change".
    public static let tolerance = 0.05

    public static func all(partnershipID: UUID, on db: any Database) async throws -> [Indicator] {
        try await Indicator.query(on: db).filter(\.$partnership.$id == partnershipID).sort(\.$title).all()
    }

    @discardableResult
    public static func create(
        partnershipID: UUID, title raw: String, source: Indicator.Source, direction: Indicator.Direction,
        surveyID: UUID? = nil, questionKey: String = "", by actor: ActingUser, on db: any Database
    ) async throws -> Indicator {
        let title = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        var errors = FieldErrors()
        if title.isEmpty {
            errors.add("title", "Enter a name for the indicator, like “Scams reported to Action Fraud”")
        }
        if title.count > 200 { errors.add("title", "The name must be 200 characters or fewer") }
        if source == .surveyShare {
            let survey =
                try await surveyID.asyncMap { try await Survey.find($0, partnershipID: partnershipID, on: db) } ?? nil
            if survey?.questions.first(where: { $0.key == questionKey && $0.kind == .yesNo }) == nil {
                errors.add("question", "Choose a yes/no survey question for this indicator")
            }
        }
        try errors.throwIfAny()
        let indicator = Indicator()
        indicator.$partnership.id = partnershipID
        indicator.title = title
        indicator.source = source
        indicator.direction = direction
        indicator.surveyID = source == .surveyShare ? surveyID : nil
        indicator.questionKey = source == .surveyShare ? questionKey : ""
        indicator.valuesJSON = "{}"
        try await db.write { tx in
            try await indicator.create(on: tx)
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .create, entity: "indicator",
                entityID: indicator.id?.uuidString, summary: "Added indicator “\(title)”")
        }
        return indicator
    }

    /// Records (or clears, with nil) a hand-entered figure for one quarter.
    public static func setValue(
        _ indicator: Indicator, quarter: Int, value: Double?, by actor: ActingUser, on db: any Database
    ) async throws {
        guard Quarter.isValid(quarter) else {
            throw FieldErrors("quarter", "Enter the quarter as a year and quarter, like 2026 Q3")
        }
        if let value, !value.isFinite || abs(value) > 1e12 { throw FieldErrors("value", "Enter a number") }
        var values = indicator.manualValues
        let before = values[quarter].map { "\($0)" } ?? ""
        values[quarter] = value
        indicator.manualValues = values
        try await db.write { tx in
            try await indicator.update(on: tx)
            try await Audit.record(
                on: tx, partnershipID: indicator.$partnership.id, by: actor, action: .update, entity: "indicator",
                entityID: indicator.id?.uuidString,
                summary: "Set \(Quarter.label(quarter)) figure of “\(indicator.title)”",
                before: ["value": before], after: ["value": value.map { "\($0)" } ?? ""])
        }
    }

    public static func delete(_ indicator: Indicator, by actor: ActingUser, on db: any Database) async throws {
        try await db.write { tx in
            try await indicator.delete(on: tx)
            try await Audit.record(
                on: tx, partnershipID: indicator.$partnership.id, by: actor, action: .delete, entity: "indicator",
                entityID: indicator.id?.uuidString, summary: "Removed indicator “\(indicator.title)”")
        }
    }

    /// `policy`: the reader's disclosure rule. Under it a crime indicator's value for a quarter is that quarter's
    /// standard view as it is published: a count the view withholds ("[c]") is not given here either (review: the
    /// indicator printed every quarter's exact total beside standard views that withheld them).
    ///
    /// Engagement indicators (people engaged, Friends, "where do I report" journeys) read each quarter's figure
    /// through that quarter's `EngagementView` as the reader's role sees it, and only for complete quarters when
    /// the rule applies; a survey share is not given when the yes or the no answers behind it are a small count.
    /// `courses` and `scenarios` are the installed libraries (they name the rows the engagement view protects).
    public static func results(
        partnershipID: UUID, toQuarter: Int, policy: DisclosurePolicy = .exact, courses: CourseLibrary = .shipped,
        scenarios: ScenarioLibrary = .shipped, now: Date = Date(), on db: any Database
    ) async throws -> [Result] {
        let indicators = try await all(partnershipID: partnershipID, on: db)
        guard !indicators.isEmpty else { return [] }
        let quarters = Quarter.between(Quarter.adding(-(quartersShown - 1), to: toQuarter), toQuarter)
        var cache = SourceFigures(partnershipID: partnershipID, quarters: quarters, policy: policy)
        cache.courses = courses
        cache.scenarios = scenarios
        cache.latest = policy.latestQuarter(now: now)
        var results: [Result] = []
        for indicator in indicators {
            let figures = try await cache.values(for: indicator, on: db)
            let values = quarters.map { ($0, figures[$0]) }
            let (rag, reason) = judge(
                values.map(\.1), direction: indicator.direction, source: indicator.source,
                days: indicator.source.isCount ? quarters.map(Month.days(quarter:)) : nil)
            results.append(
                Result(
                    id: indicator.id!, title: indicator.title, source: indicator.source,
                    direction: indicator.direction, values: values, rag: rag, reason: reason))
        }
        return results
    }

    /// Counts smaller than this, in the latest quarter and on average before it, are not rated: a count of 3
    /// becoming 4 is noise, not a 33% rise.
    public static let minimumCount = 10.0
    /// Shares are judged in percentage points: 40% → 42% is 2 points, not "up 5%".
    public static let tolerancePoints = 5.0

    /// Compares the latest quarter with the average of the quarters before it: shares in percentage points,
    /// other figures in per cent of the baseline (never from a zero baseline), counts only when large enough.
    /// With `days` (one per value), counts are compared per day: quarters run from 90 to 92 days.
    public static func judge(
        _ values: [Double?], direction: Indicator.Direction, source: Indicator.Source = .manual, days: [Int]? = nil
    ) -> (RAG, String) {
        guard let latestCount = values.last ?? nil else { return (.none, "No figure for this quarter yet.") }
        let earlierCounts = values.dropLast().compactMap { $0 }
        guard !earlierCounts.isEmpty else { return (.none, "No earlier quarters to compare with yet.") }
        let period =
            "the average of the previous \(earlierCounts.count) quarter\(earlierCounts.count == 1 ? "" : "s")"
        let baselineCount = earlierCounts.reduce(0, +) / Double(earlierCounts.count)
        if source.isCount && max(latestCount, baselineCount) < minimumCount {
            return (
                .none,
                "Too few to judge: fewer than \(Int(minimumCount)) in the quarter and on \(period), so a change could be chance alone."
            )
        }
        var perDay = values
        if let days, days.count == values.count {
            perDay = zip(values, days).map { value, length in value.map { $0 / Double(max(1, length)) } }
        }
        let latest = perDay.last!!
        let earlier = perDay.dropLast().compactMap { $0 }
        let baseline = earlier.reduce(0, +) / Double(earlier.count)
        let rise = latest > baseline
        let wantedSign: Double = direction == .up ? 1 : -1
        let amount: String
        let wanted: Bool
        let unwanted: Bool
        if source == .surveyShare {
            let points = latest - baseline
            amount = String(format: "%.0f percentage point%@", abs(points), abs(points).rounded() == 1 ? "" : "s")
            wanted = points * wantedSign >= tolerancePoints
            unwanted = points * wantedSign <= -tolerancePoints
        } else if baseline == 0 {
            // No per cent of nothing: say what happened instead.
            if latest == 0 { return (.amber, "0, as on \(period): no change.") }
            amount = String(format: "from 0 to %@", Self.number(latestCount))
            wanted = (latest - baseline) * wantedSign > 0
            unwanted = !wanted
        } else {
            let change = (latest - baseline) / abs(baseline)
            amount = String(format: "%.0f%%", abs(change) * 100) + (days == nil ? "" : " per day")
            wanted = change * wantedSign >= tolerance
            unwanted = change * wantedSign <= -tolerance
        }
        let moved = "\(rise ? "Up" : "Down") \(amount) on \(period)"
        if wanted { return (.green, "\(moved): the direction we want.") }
        if unwanted { return (.red, "\(moved): the wrong direction.") }
        let within =
            source == .surveyShare
            ? "Within \(Int(tolerancePoints)) percentage points" : "Within \(Int(tolerance * 100))%"
        return (.amber, "\(within) of \(period): no real change.")
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    /// Computes each source's figures once per report, however many indicators use it.
    struct SourceFigures {
        let partnershipID: UUID
        let quarters: [Int]
        let policy: DisclosurePolicy
        var crime: [Indicator.Source: [Int: Double]] = [:]
        var engagement: EngagementFigures?
        var courses = CourseLibrary.shipped
        var scenarios = ScenarioLibrary.shipped
        /// The latest quarter the reader is shown engagement counts for (`DisclosurePolicy.latestQuarter`).
        var latest = Int.max
        var views: [Int: EngagementView] = [:]

        init(partnershipID: UUID, quarters: [Int], policy: DisclosurePolicy = .exact) {
            self.partnershipID = partnershipID
            self.quarters = quarters
            self.policy = policy
        }

        mutating func values(for indicator: Indicator, on db: any Database) async throws -> [Int: Double] {
            let source = indicator.source
            switch source {
            case .manual:
                return indicator.manualValues
            case .recordedCrimes, .olderVictims, .youngVictims:
                if let known = crime[source] { return known }
                var values: [Int: Double] = [:]
                let hasCyber =
                    try await CrimeCountReader(partnershipID: partnershipID, on: db)?.hasCyberRecords() ?? true
                for quarter in quarters {
                    // Under the rule, the quarter's standard view (what a reader of the crime picture sees).
                    let filter =
                        policy.applies
                        ? CrimeFilter.standard(quarter: quarter, hasCyberRecords: hasCyber)
                        : CrimeFilter(fromQuarter: quarter, toQuarter: quarter)
                    let report = try await CrimePictureReport.build(
                        partnershipID: partnershipID, filter: filter, edition: .published, on: db)
                    // Only complete quarters give a value: a quarter with no data, or part of one, is not a count.
                    guard report.coverage.isComplete(quarter: quarter) else { continue }
                    let id =
                        source == .recordedCrimes ? "total" : source == .olderVictims ? "group:older" : "group:young"
                    if policy.applies, report.protected(policy).isHidden(id) { continue }
                    values[quarter] = Double(
                        source == .recordedCrimes
                            ? report.total
                            : source == .olderVictims
                                ? report.olderPeople.count
                                : report.youngPeople.count)
                }
                crime[source] = values
                return values
            case .peopleEngaged where policy.applies, .friends where policy.applies,
                .reportJourneys where policy.applies:
                // Each quarter as its engagement view shows it to this role: withheld there, not given here.
                let id =
                    source == .peopleEngaged ? "total:engaged" : source == .friends ? "friends:all" : "journeys:total"
                var values: [Int: Double] = [:]
                for quarter in quarters where quarter <= latest {
                    if views[quarter] == nil {
                        views[quarter] = try await EngagementView.build(
                            partnershipID: partnershipID, fromQuarter: quarter, toQuarter: quarter, policy: policy,
                            courses: courses, scenarios: scenarios, on: db)
                    }
                    if let value = views[quarter]!.value(id) { values[quarter] = Double(value) }
                }
                return values
            case .peopleEngaged, .friends:
                if engagement == nil {
                    engagement = try await EngagementFigures.build(
                        partnershipID: partnershipID, fromQuarter: quarters.first!, toQuarter: quarters.last!, on: db)
                }
                let figures = engagement!
                if source == .friends {
                    // Friends made online (courses that stand in for a session) count with those made in person.
                    let online = try await CourseReach.build(
                        partnershipID: partnershipID, fromQuarter: quarters.first!, toQuarter: quarters.last!, on: db)
                    return Dictionary(
                        uniqueKeysWithValues: figures.friendsByQuarter.map { entry in
                            (
                                entry.quarter,
                                Double(
                                    entry.friends
                                        + (online.byQuarter.first { $0.quarter == entry.quarter }?.line.friends ?? 0))
                            )
                        })
                }
                return source == .friends
                    ? Dictionary(
                        uniqueKeysWithValues: figures.friendsByQuarter.map { ($0.quarter, Double($0.friends)) })
                    : Dictionary(uniqueKeysWithValues: figures.quarters.map { ($0.quarter, Double($0.line.engaged)) })
            case .reportJourneys:
                let counts = try await ReportJourneys.counts(
                    partnershipID: partnershipID, fromQuarter: quarters.first!, toQuarter: quarters.last!, on: db)
                return Dictionary(
                    uniqueKeysWithValues: quarters.map { q in (q, Double(counts[q]?.values.reduce(0, +) ?? 0)) })
            case .surveyShare:
                guard let surveyID = indicator.surveyID else { return [:] }
                return try await surveyShare(surveyID: surveyID, key: indicator.questionKey, on: db)
            }
        }

        /// The share answering yes, by quarter answered. "Before" answers are left out: they describe people before
        /// the partnership reached them.
        func surveyShare(surveyID: UUID, key: String, on db: any Database) async throws -> [Int: Double] {
            let responses = try await Surveys.responses(surveyID, on: db)
            if policy.applies {
                guard let survey = try await Survey.find(surveyID, partnershipID: partnershipID, on: db) else {
                    return [:]
                }
                return Self.publishedShares(
                    survey, key: key, responses: responses, quarters: quarters.filter { $0 <= latest }, policy: policy)
            }
            var yes: [Int: Int] = [:]
            var answered: [Int: Int] = [:]
            for response in responses where response.stage != .before {
                guard let answer = response.answers[key]?.first else { continue }
                let quarter = Quarter.of(date: response.submittedAt)
                guard quarter <= latest else { continue }
                answered[quarter, default: 0] += 1
                if answer == "yes" { yes[quarter, default: 0] += 1 }
            }
            // A share is derived from its yes and its no answers: either a small count, and it would give it back
            // ("15% of 20" is 3). And if any quarter's share is withheld, none is given: the survey's results page
            // publishes the yes answers of every quarter together, so the others' shares would give the withheld
            // quarter's back by subtraction (review, issue 19: 46 less 7, 14 and 22 gave 3).
            if answered.contains(where: { quarter, n in
                !policy.allowsFigure(from: yes[quarter] ?? 0, n - (yes[quarter] ?? 0))
            }) {
                return [:]
            }
            return Dictionary(
                uniqueKeysWithValues: answered.map { quarter, n in
                    (quarter, Double(yes[quarter] ?? 0) / Double(n) * 100)
                })
        }

        /// A survey share as a reader under the rule sees it: each quarter's from the answers the survey's results
        /// show for that quarter (`Surveys.answers(of:in:from:)`: in a before-and-after survey the people whose second
        /// answer came in it), after or once, worked out from the rounded counts as the results page works out its
        /// percentages — so the indicator says nothing the results do not. A quarter whose yes or no answers are a
        /// small count has no share. Quarters share no answer, so one withheld cannot be had from the others.
        static func publishedShares(
            _ survey: Survey, key: String, responses: [SurveyResponse], quarters: [Int], policy: DisclosurePolicy
        ) -> [Int: Double] {
            var shares: [Int: Double] = [:]
            for quarter in quarters {
                let given = Surveys.answers(of: survey, in: quarter, from: responses).filter { $0.stage != .before }
                    .compactMap { $0.answers[key]?.first }
                let yes = given.filter { $0 == "yes" }.count
                guard !given.isEmpty, policy.allowsFigure(from: yes, given.count - yes) else { continue }
                shares[quarter] = Double(policy.rounded(yes)) / Double(policy.rounded(given.count)) * 100
            }
            return shares
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}

extension Quarter {
    /// The quarter a moment falls in, UK time.
    public static func of(date: Date) -> Int { of(month: UKTime.month(of: date)) }

    /// The first moment of a quarter and the first moment after it, UK time.
    public static func span(_ quarter: Int) -> (start: Date, end: Date) {
        let calendar = UKTime.calendar
        func start(_ q: Int) -> Date {
            let month = firstMonth(q)
            return calendar.date(from: DateComponents(year: month / 100, month: month % 100, day: 1))!
        }
        return (start(quarter), start(adding(1, to: quarter)))
    }
}
