import FluentKit
import Foundation

/// The quarterly report to the partnership board: whatever the modules hold for one quarter, in the order
/// a councillor reads it: what happened (crime), what we did (delivery), what changed (outcomes, indicators).
public struct BoardReport: Sendable {
    public struct CrimeHeadline: Sendable {
        public var recorded: Int
        /// Nil unless both quarters are complete; the note then says why.
        public var quarterOnQuarter: CountComparison?
        public var yearOnYear: CountComparison?
        public var quarterOnQuarterNote: String?
        public var yearOnYearNote: String?
        /// Set when the quarter itself is not complete: "Apr–Jun 2026 holds April only". Its figures are so far.
        public var incomplete: String?
        /// Estimated incidents from the reporting gap, when reporting ratios are set for the themes: the sums, each
        /// theme's own count (so a page can withhold the sum when one theme's count is small: the reporting-gap page
        /// shows them, and the total less the others would give it back), and how they were counted.
        public var estimated: Estimated?
        /// Themes with the largest changes on the previous quarter.
        public var biggestChanges: [(theme: String, comparison: CountComparison)]
        public var olderPeople: Int
        public var youngPeople: Int
        /// The quarter and the four before it, each with whether it is complete.
        public var trend: [(quarter: Int, count: Int, status: CrimeCoverage.QuarterStatus)]
        /// Each of those quarters as the crime picture's standard view shows it (one quarter, every theme, the whole
        /// partnership): the report shows a quarter's counts exactly as that view does, so that nothing the view
        /// withholds can be worked out from the report (review of issue 19: a theme's count here gave a "<5" there
        /// back by subtraction).
        public var views: [Int: CrimePictureReport] = [:]
    }

    public struct Estimated: Sendable {
        public var estimate: Int
        public var low: Int
        public var high: Int
        public var reported: Int
        public var perTheme: [Int]
        /// Some theme's records do not say who the victim was, so every record was used (overstates).
        public var allRecords: Bool
        /// Some theme uses the partnership's own reporting evidence.
        public var local: Bool
        /// Each theme's records shared out for want of the victim's age or type (0 where none were).
        public var sharedOut: [Int] = []
        /// Some theme's row is withheld by the quarter's all-records crime view: the sum would give it back.
        public var anyWithheld = false
    }

    public struct Delivery: Sendable {
        public var byObjective: [EngagementFigures.Line]
        public var total: EngagementFigures.Line
        /// Friends from awareness sessions (people who came) and from online courses (quiz passed), kept apart so the
        /// report can say which is which (issue 19, case 3), and their total.
        public var friendsAtSessions: Int
        public var friendsOnline: Int
        public var friends: Int { friendsAtSessions + friendsOnline }
        public var followOnSignUps: Int
        public var ambassadors: Ambassadors.Reach

        /// Sessions, attendances, Friends (at sessions and online courses), follow-on sign-ups and ambassadors.
        init(_ f: EngagementFigures) {
            byObjective = f.byObjective
            total = f.total
            friendsAtSessions = f.friends
            friendsOnline = f.courses?.total.friends ?? 0
            followOnSignUps = f.followOnSignUps
            ambassadors = f.ambassadors
        }
    }

    public struct SurveyLine: Sendable {
        public var title: String
        /// The people counted in the quarter (in a before-and-after survey, those whose second answer came in it),
        /// rounded (`SurveyAnalysis.countedPeople`).
        public var people: Int
        public var beforeAndAfter: Bool
        /// The yes/no and Likert findings, paired where possible.
        public var findings: [ChangeFinding]
    }

    public var partnershipName: String
    public var quarter: Int
    public var crime: CrimeHeadline?
    /// Records of the quarter when none is classed cyber-related (data.police.uk files carry no online flag).
    public var recordsNotCyber = 0
    public var delivery: Delivery
    public var outcomes: [Outcomes.Result]
    public var indicators: [Indicators.Result]
    public var surveys: [SurveyLine]
    /// The action plan at the end of the quarter, per objective (empty without a plan).
    public var plan: [PlanProgress.Line] = []
    /// Young people referred for diversion in the quarter: anonymous counts only (nil when there were none).
    public var referrals: ReferralFigures?
    /// The partnership's small-number threshold: the report leaves the building, so it always applies.
    public var disclosure = DisclosurePolicy.published
    /// The quarter's engagement figures as a reader without exact counts sees them: the delivery section's counts
    /// are read through it.
    public var engagement: EngagementView?
    /// The partnership's reporting year (names the quarter) and the year to date.
    public var year = ReportingYear()
    public var yearToDate: YearToDate?
    /// Each scrutiny review's recommendations and their progress on the quarter's last day.
    public var scrutiny: [ScrutinyLine] = []

    public struct ScrutinyLine: Sendable {
        public var title: String
        public var rows: [RecommendationProgress.Row]
        public var summary: RecommendationProgress.Summary
    }

    /// `courses` and `scenarios`: the installed libraries, which name the engagement rows the delivery section is
    /// protected with.
    public static func build(
        partnershipID: UUID, quarter: Int, courses: CourseLibrary = .shipped, scenarios: ScenarioLibrary = .shipped,
        on db: any Database
    ) async throws -> BoardReport {
        guard let partnership = try await Partnership.find(partnershipID, on: db) else { throw NotFound("partnership") }
        let disclosure = DisclosurePolicy.of(partnership, exactCounts: false)
        // The delivery section is the quarter's engagement view as a reader without exact counts sees it: a count
        // the engagement page withholds is withheld here too (the two share every total).
        let engagement = try await EngagementView.build(
            partnershipID: partnershipID, fromQuarter: quarter, toQuarter: quarter, policy: disclosure,
            courses: courses, scenarios: scenarios, on: db)
        let delivery = Delivery(engagement.figures)
        var surveys: [SurveyLine] = []
        for survey in try await Surveys.all(partnershipID: partnershipID, on: db) where survey.status != .draft {
            let responses = try await Surveys.responses(survey.requireID(), on: db)
            // The quarter's answers alone (in a before-and-after survey, the people whose second answer came in it): a
            // report counting to the quarter's end would differ from the one before by the few between them.
            let analysis = SurveyAnalysis.build(
                survey: survey, responses: responses, quarter: quarter, policy: disclosure)
            guard analysis.responses.contains(where: { $0 > 0 }) else { continue }
            surveys.append(
                SurveyLine(
                    // Rounded like every count of people in a survey's figures; one count of people, not answers and
                    // pairs as well (rounded apart, twice the pairs beside the pairs gave the exact number back).
                    title: survey.title, people: disclosure.rounded(analysis.countedPeople),
                    beforeAndAfter: survey.design == .beforeAfter,
                    findings: analysis.questions.compactMap(\.finding)))
        }
        let crime = try await crimeHeadline(partnershipID: partnershipID, quarter: quarter, policy: disclosure, on: db)
        var report = BoardReport(
            partnershipName: partnership.name, quarter: quarter,
            crime: crime,
            delivery: delivery,
            outcomes: try await Outcomes.results(
                partnershipID: partnershipID, quarter: quarter, policy: disclosure, on: db),
            indicators: try await Indicators.results(
                partnershipID: partnershipID, toQuarter: quarter, policy: disclosure, courses: courses,
                scenarios: scenarios, on: db),
            surveys: surveys,
            plan: try await PlanProgress.asOf(
                CalendarDay.lastDay(ofQuarter: quarter), partnershipID: partnershipID, on: db),
            referrals: try await referralFigures(partnershipID: partnershipID, quarter: quarter, on: db))
        report.disclosure = disclosure
        report.engagement = engagement
        report.year = ReportingYear(partnership)
        report.yearToDate = try await yearToDate(
            partnershipID: partnershipID, quarter: quarter, year: report.year, on: db)
        for review in try await ScrutinyReviews.all(partnershipID: partnershipID, on: db) {
            let progress = try await ScrutinyReviews.progress(
                of: review, asOf: CalendarDay.lastDay(ofQuarter: quarter), on: db)
            guard !progress.rows.isEmpty else { continue }
            report.scrutiny.append(ScrutinyLine(title: review.title, rows: progress.rows, summary: progress.summary))
        }
        if crime == nil {
            report.recordsNotCyber =
                try await CrimePictureReport.build(
                    partnershipID: partnershipID,
                    filter: CrimeFilter(fromQuarter: quarter, toQuarter: quarter, scope: .all), edition: .published,
                    on: db
                ).total
        }
        return report
    }

    /// Sessions, attendances, Friends (at sessions and online), follow-on sign-ups and ambassadors over the quarters,
    /// with the figures they come from: the report's quarter and its year to date are counted the same way.
    static func delivery(partnershipID: UUID, from: Int, to: Int, on db: any Database) async throws -> (
        Delivery, EngagementFigures, CourseReach
    ) {
        // As at the period's end: the report is published, and a later pledge or report must not move it by one.
        let engagement = try await EngagementFigures.build(
            partnershipID: partnershipID, fromQuarter: from, toQuarter: to, asAtEnd: true, on: db)
        var withCourses = engagement
        withCourses.courses = try await CourseReach.build(
            partnershipID: partnershipID, fromQuarter: from, toQuarter: to, on: db)
        return (Delivery(withCourses), engagement, withCourses.courses!)
    }

    static func referralFigures(partnershipID: UUID, quarter: Int, on db: any Database) async throws -> ReferralFigures?
    {
        let figures = try await ReferralFigures.build(
            partnershipID: partnershipID, fromQuarter: quarter, toQuarter: quarter, on: db)
        return figures.total == 0 && figures.quarters.allSatisfy({ $0.closed == 0 }) ? nil : figures
    }

    static func crimeHeadline(partnershipID: UUID, quarter: Int, policy: DisclosurePolicy, on db: any Database)
        async throws -> CrimeHeadline?
    {
        let now = try await CrimePictureReport.build(
            partnershipID: partnershipID, filter: CrimeFilter(fromQuarter: quarter, toQuarter: quarter),
            edition: .published, on: db)
        // A quarter nothing was imported for has no crime section: "0 so far" would be a count that is not there.
        guard now.hasData, now.status(ofQuarter: quarter) != .none else { return nil }
        let previous = Quarter.adding(-1, to: quarter)
        var changes: [(theme: String, comparison: CountComparison)] = []
        // Themes are compared only when both quarters are complete, like the total.
        if now.quarterOnQuarter != nil {
            let before = try await CrimePictureReport.build(
                partnershipID: partnershipID, filter: CrimeFilter(fromQuarter: previous, toQuarter: previous),
                edition: .published, on: db)
            for row in now.byTheme {
                let earlier = before.byTheme.first { $0.label == row.label }?.count ?? 0
                if earlier + row.count > 0 {
                    changes.append(
                        (
                            row.label,
                            CountComparison(
                                earlier: earlier, later: row.count, earlierDays: Month.days(quarter: previous),
                                laterDays: Month.days(quarter: quarter))
                        ))
                }
            }
        }
        func size(_ c: CountComparison) -> Int { abs(c.later - c.earlier) }
        changes.sort { size($0.comparison) > size($1.comparison) }
        let gap = try await ReportingGap.build(
            partnershipID: partnershipID, fromQuarter: quarter, toQuarter: quarter, edition: .published, policy: policy,
            on: db)
        let lines = gap.themes.compactMap { $0.quarters.first }.filter { $0.base != .noData }
        let estimated =
            lines.isEmpty
            ? nil
            : Estimated(
                estimate: lines.reduce(0) { $0 + $1.estimate }, low: lines.reduce(0) { $0 + $1.low },
                high: lines.reduce(0) { $0 + $1.high }, reported: lines.reduce(0) { $0 + $1.reported },
                perTheme: lines.map(\.reported),
                allRecords: lines.contains { $0.records > 0 && $0.base == .allRecords },
                local: lines.contains { $0.base == .local },
                sharedOut: lines.map {
                    if case .adultsWithShare(let unrecorded) = $0.base { return unrecorded }
                    return 0
                }, anyWithheld: lines.contains(where: \.withheld))
        let trendReport = try await CrimePictureReport.build(
            partnershipID: partnershipID,
            filter: CrimeFilter(fromQuarter: Quarter.adding(-4, to: quarter), toQuarter: quarter), edition: .published,
            on: db)
        let trend = trendReport.quarters.map { ($0.quarter, $0.count, trendReport.status(ofQuarter: $0.quarter)) }
        var views = [quarter: now]
        for earlier in (1...4).map({ Quarter.adding(-$0, to: quarter) }) {
            views[earlier] = try await CrimePictureReport.build(
                partnershipID: partnershipID, filter: CrimeFilter.standard(quarter: earlier, hasCyberRecords: true),
                edition: .published, on: db)
        }
        var headline = CrimeHeadline(
            recorded: now.total, quarterOnQuarter: now.quarterOnQuarter, yearOnYear: now.yearOnYear,
            quarterOnQuarterNote: now.quarterOnQuarterNote, yearOnYearNote: now.yearOnYearNote,
            incomplete: now.periodIsComplete ? nil : now.incompleteQuarters.first, estimated: estimated,
            biggestChanges: Array(changes.prefix(3)), olderPeople: now.olderPeople.count,
            youngPeople: now.youngPeople.count,
            trend: trend)
        headline.views = views
        return headline
    }
}
