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
        /// Each quarter's own count, in `quarters`' order (and the year before's), for the disclosure rule: every
        /// quarter is published in its own report.
        public var crimeByQuarter: [Int] = []
        public var crimeYearBeforeByQuarter: [Int] = []
        public var attendancesByQuarter: [Int] = []
        public var friendsByQuarter: [Int] = []
        /// Whether the year holds more than the report's own quarter (Q1's year to date is the quarter).
        public var spansMoreThanTheQuarter: Bool { quarters.count > 1 }
    }

    static func yearToDate(partnershipID: UUID, quarter: Int, year: ReportingYear, on db: any Database) async throws
        -> YearToDate
    {
        let quarters = year.yearToDate(through: quarter)
        let first = quarters[0]
        let (delivery, engagement, online) = try await Self.delivery(
            partnershipID: partnershipID, from: first, to: quarter, on: db)
        var result = YearToDate(quarters: quarters, delivery: delivery)
        let engaged = Dictionary(engagement.quarters.map { ($0.quarter, $0.line.engaged) }, uniquingKeysWith: +)
        let friendsAtSessions = Dictionary(
            engagement.friendsByQuarter.map { ($0.quarter, $0.friends) }, uniquingKeysWith: +)
        let friendsOnline = Dictionary(online.byQuarter.map { ($0.quarter, $0.line.friends) }, uniquingKeysWith: +)
        result.attendancesByQuarter = quarters.map { engaged[$0] ?? 0 }
        result.friendsByQuarter = quarters.map { (friendsAtSessions[$0] ?? 0) + (friendsOnline[$0] ?? 0) }
        let now = try await CrimePictureReport.build(
            partnershipID: partnershipID, filter: CrimeFilter(fromQuarter: first, toQuarter: quarter),
            edition: .published, on: db)
        guard now.hasData else { return result }
        let earlierQuarters = quarters.map { Quarter.adding(-4, to: $0) }
        let before = try await CrimePictureReport.build(
            partnershipID: partnershipID,
            filter: CrimeFilter(fromQuarter: earlierQuarters[0], toQuarter: earlierQuarters.last!), edition: .published,
            on: db)
        result.crime = now.total
        result.crimeYearBefore = before.total
        let nowByQuarter = Dictionary(now.quarters.map { ($0.quarter, $0.count) }, uniquingKeysWith: +)
        let beforeByQuarter = Dictionary(before.quarters.map { ($0.quarter, $0.count) }, uniquingKeysWith: +)
        result.crimeByQuarter = quarters.map { nowByQuarter[$0] ?? 0 }
        result.crimeYearBeforeByQuarter = earlierQuarters.map { beforeByQuarter[$0] ?? 0 }
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
