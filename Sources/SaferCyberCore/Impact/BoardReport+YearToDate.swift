import FluentKit
import Foundation

/// The year to date in the partnership's reporting year (issue 23): a council's Q3 report covers October to
/// December and, beside it, April to December.
extension BoardReport {
    public struct YearToDate: Sendable {
        /// The quarters from the year's start to the report's quarter (yyyyq).
        public var quarters: [Int]
        /// Cyber-related crimes recorded in those quarters (nil without crime data), and in the same quarters a year
        /// earlier.
        public var crime: Int?
        public var crimeYearBefore: Int?
        /// Only when every quarter of both periods is complete (per day); otherwise the note says why.
        public var crimeComparison: CountComparison?
        public var crimeNote: String?
        /// The same quarters' delivery: sessions, attendances, people, Friends.
        public var delivery: Delivery
        /// Whether the year holds more than the report's own quarter (Q1's year to date is the quarter).
        public var spansMoreThanTheQuarter: Bool { quarters.count > 1 }
    }

    static func yearToDate(partnershipID: UUID, quarter: Int, year: ReportingYear, on db: any Database) async throws
        -> YearToDate
    {
        let quarters = year.yearToDate(through: quarter)
        let first = quarters[0]
        let engagement = try await EngagementFigures.build(
            partnershipID: partnershipID, fromQuarter: first, toQuarter: quarter, on: db)
        let online = try await CourseReach.build(
            partnershipID: partnershipID, fromQuarter: first, toQuarter: quarter, on: db)
        let delivery = Delivery(
            byObjective: engagement.byObjective, total: engagement.total,
            friendsAtSessions: engagement.friends, friendsOnline: online.total.friends,
            followOnSignUps: engagement.followOnSignUps, ambassadors: engagement.ambassadors)
        var result = YearToDate(quarters: quarters, delivery: delivery)
        let now = try await CrimePictureReport.build(
            partnershipID: partnershipID, filter: CrimeFilter(fromQuarter: first, toQuarter: quarter), on: db)
        guard now.hasData else { return result }
        let earlierQuarters = quarters.map { Quarter.adding(-4, to: $0) }
        let before = try await CrimePictureReport.build(
            partnershipID: partnershipID,
            filter: CrimeFilter(fromQuarter: earlierQuarters[0], toQuarter: earlierQuarters.last!), on: db)
        result.crime = now.total
        result.crimeYearBefore = before.total
        let missing = (earlierQuarters + quarters).filter { !now.coverage.isComplete(quarter: $0) }
        if let gap = missing.first {
            result.crimeNote =
                "Not compared: \(Quarter.label(gap)) \(now.coverage.describe(quarter: gap)). Only complete quarters are compared."
        } else {
            result.crimeComparison = CountComparison(
                earlier: before.total, later: now.total,
                earlierDays: earlierQuarters.reduce(0) { $0 + Month.days(quarter: $1) },
                laterDays: quarters.reduce(0) { $0 + Month.days(quarter: $1) })
        }
        return result
    }
}
