import FluentKit
import Foundation

/// The partnership's reporting year (issue 23): a council's year runs April to March, so its "Q3" is October to
/// December. The year starts at the beginning of a calendar quarter (January, April, July or October), so its
/// quarters are calendar quarters (stored as yyyyq everywhere) with other names.
public struct ReportingYear: Sendable, Equatable {
    /// The months a year may start in.
    public static let allowedStartMonths = [1, 4, 7, 10]
    /// A council's financial year.
    public static let defaultStartMonth = 4

    /// 1, 4, 7 or 10.
    public let startMonth: Int

    public init(startMonth: Int = ReportingYear.defaultStartMonth) {
        self.startMonth = Self.allowedStartMonths.contains(startMonth) ? startMonth : Self.defaultStartMonth
    }

    public init(_ partnership: Partnership) {
        self.init(startMonth: partnership.yearStartMonth ?? Self.defaultStartMonth)
    }

    /// The calendar quarter (1–4) the year starts with.
    var firstCalendarQuarter: Int { (startMonth - 1) / 3 + 1 }

    /// The quarter's number within its reporting year (1–4): with an April start, Apr–Jun is 1 and Jan–Mar is 4.
    public func number(of quarter: Int) -> Int { (quarter % 10 - firstCalendarQuarter + 4) % 4 + 1 }

    /// The calendar quarter (yyyyq) the reporting year holding `quarter` starts with.
    public func firstQuarter(ofYearHolding quarter: Int) -> Int {
        Quarter.adding(-(number(of: quarter) - 1), to: quarter)
    }

    /// The four calendar quarters of the reporting year holding `quarter`, in order.
    public func quarters(ofYearHolding quarter: Int) -> [Int] {
        let first = firstQuarter(ofYearHolding: quarter)
        return (0..<4).map { Quarter.adding($0, to: first) }
    }

    /// The quarters from the start of the reporting year up to and including `quarter` (year to date).
    public func yearToDate(through quarter: Int) -> [Int] {
        Quarter.between(firstQuarter(ofYearHolding: quarter), quarter)
    }

    /// The year's name: "2026–27" for a year that crosses the calendar year end, "2026" otherwise.
    public func yearLabel(ofYearHolding quarter: Int) -> String {
        let first = firstQuarter(ofYearHolding: quarter)
        let year = first / 10
        return startMonth == 1 ? "\(year)" : "\(year)–\(String(format: "%02d", (year + 1) % 100))"
    }

    /// "Q3 2026–27 (Oct–Dec 2026)".
    public func label(_ quarter: Int) -> String {
        "Q\(number(of: quarter)) \(yearLabel(ofYearHolding: quarter)) (\(Quarter.label(quarter)))"
    }

    /// "2026–27 (Apr 2026–Mar 2027)".
    public func longYearLabel(ofYearHolding quarter: Int) -> String {
        let quarters = quarters(ofYearHolding: quarter)
        let first = Quarter.firstMonth(quarters[0])
        let last = Quarter.firstMonth(quarters[3]) + 2
        return "\(yearLabel(ofYearHolding: quarter)) (\(Month.shortLabel(first))–\(Month.shortLabel(last)))"
    }

    /// Reads a quarter written in the reporting year's terms: "2026-27Q3" or "2026/27 Q3" (the third quarter of
    /// the year that starts in 2026), or a calendar quarter "2026Q3" / "20263" (July–September 2026).
    public func parse(_ text: String) -> Int? {
        let cleaned = text.uppercased().replacingOccurrences(of: " ", with: "")
        let yearForm = /^(\d{4})[-\/–](\d{2}|\d{4})Q(\d)$/
        if let match = cleaned.wholeMatch(of: yearForm) {
            guard let year = Int(match.1), let number = Int(match.3), (1...4).contains(number) else { return nil }
            let quarter = Quarter.adding(number - 1, to: year * 10 + firstCalendarQuarter)
            return Quarter.isValid(quarter) ? quarter : nil
        }
        // A calendar quarter: 20263, 2026Q3, 2026-Q3.
        let digits = cleaned.filter(\.isNumber)
        guard digits.count == 5, cleaned.allSatisfy({ $0.isNumber || $0 == "Q" || $0 == "-" }), let value = Int(digits),
            Quarter.isValid(value)
        else { return nil }
        return value
    }

    /// Sets the partnership's year start (audited).
    public static func setStart(_ month: Int, partnershipID: UUID, by actor: ActingUser, on db: any Database)
        async throws
    {
        guard allowedStartMonths.contains(month) else {
            throw FieldErrors("year-start", "Choose January, April, July or October")
        }
        try await Partnerships.setNumber(
            \.yearStartMonth, to: month, fallback: defaultStartMonth, key: "year-start",
            summary: "Set the reporting year to start in \(Month.monthName(month))", partnershipID: partnershipID,
            by: actor, on: db)
    }
}

/// Issue 23: the partnership's reporting year start (nil: April).
struct UpdatePartnershipAddYearStart: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Partnership.schema).field("year_start_month", .int).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(Partnership.schema).deleteField("year_start_month").update()
    }
}
