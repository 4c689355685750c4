import Foundation

/// A date without a time (a due date, a meeting day), stored as "2026-04-01" so it sorts as text and
/// means the same on SQLite and PostgreSQL whatever the server's time zone.
public struct CalendarDay: Comparable, Hashable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1900...2200).contains(year), (1...12).contains(month),
            (1...Self.length(of: month, in: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads "2026-04-01" (what a date input sends), "1/4/2026", "1 April 2026" or "1 Apr 2026".
    public init?(_ text: String) {
        let cleaned = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let iso = cleaned.split(separator: "-", omittingEmptySubsequences: false)
        if iso.count == 3, iso[0].count == 4, let y = Int(iso[0]), let m = Int(iso[1]), let d = Int(iso[2]) {
            self.init(year: y, month: m, day: d)
            return
        }
        let slash = cleaned.split(separator: "/", omittingEmptySubsequences: false)
        if slash.count == 3, let d = Int(slash[0]), let m = Int(slash[1]), let y = Int(slash[2]), slash[2].count == 4 {
            self.init(year: y, month: m, day: d)
            return
        }
        let words = cleaned.split(separator: " ")
        if words.count == 3, let d = Int(words[0]), let y = Int(words[2]),
            let m = Self.monthNames.firstIndex(where: {
                [$0.lowercased(), $0.prefix(3).lowercased()].contains(words[1].lowercased())
            })
        {
            self.init(year: y, month: m + 1, day: d)
            return
        }
        return nil
    }

    /// The stored form, or "" for no day.
    public static func text(_ day: CalendarDay?) -> String { day?.iso ?? "" }

    public var iso: String { String(format: "%04d-%02d-%02d", year, month, day) }
    public var description: String { iso }
    /// "1 Apr 2026", as GOV.UK writes dates in tables.
    public var label: String { "\(day) \(Self.monthNames[month - 1].prefix(3)) \(year)" }
    /// "1/4/2026", as people type it back into a form.
    public var typed: String { "\(day)/\(month)/\(year)" }
    /// "1 April 2026".
    public var longLabel: String { "\(day) \(Self.monthNames[month - 1]) \(year)" }

    public static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December",
    ]

    public static func < (a: CalendarDay, b: CalendarDay) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }
    static func length(of month: Int, in year: Int) -> Int {
        [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }

    /// Days since 1970-01-01 (Howard Hinnant's days-from-civil), so adding and counting days needs no calendar object.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public init(dayNumber: Int) {
        let z = dayNumber + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        month = m
        day = d
    }

    public func adding(days: Int) -> CalendarDay { CalendarDay(dayNumber: dayNumber + days) }
    public func days(until other: CalendarDay) -> Int { other.dayNumber - dayNumber }

    /// The quarter as the crime picture numbers them (20263 = July to September 2026).
    public var quarter: Int { year * 10 + (month - 1) / 3 + 1 }

    /// The first day of the month `months` months from this day's month (negative: earlier).
    public func firstOfMonth(adding months: Int = 0) -> CalendarDay {
        let index = year * 12 + (month - 1) + months
        return CalendarDay(year: index / 12, month: index % 12 + 1, day: 1)!
    }

    /// The last day of this day's month.
    public var lastOfMonth: CalendarDay {
        CalendarDay(year: year, month: month, day: Self.length(of: month, in: year))!
    }

    /// The last day of a quarter numbered as the crime picture numbers them (20263 → 30 September 2026).
    public static func lastDay(ofQuarter quarter: Int) -> CalendarDay {
        let year = quarter / 10
        let month = (quarter % 10) * 3
        return CalendarDay(year: year, month: month, day: length(of: month, in: year))!
    }

    /// Today in the UK (the partnership's working day, whatever zone the server runs in).
    public static func today(_ now: Date = Date()) -> CalendarDay {
        let parts = UKTime.calendar.dateComponents([.year, .month, .day], from: now)
        return CalendarDay(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}
