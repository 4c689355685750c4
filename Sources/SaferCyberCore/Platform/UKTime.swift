import Foundation

/// UK local time: the one zone and calendar that dates, months and quarters are read in.
public enum UKTime {
    public static let zone = TimeZone(identifier: "Europe/London")!

    public static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }()

    /// The month (yyyymm) a moment falls in, UK time.
    public static func month(of date: Date) -> Int {
        let parts = calendar.dateComponents([.year, .month], from: date)
        return parts.year! * 100 + parts.month!
    }

    /// A day as residents read it, in UK time: "23 November 2026".
    public static func longDate(_ date: Date) -> String { format("d MMMM yyyy", date) }

    /// A moment as staff read it in lists (audit, imports, the outbox), in UK time: "3 Dec 2026, 14:05"; "Never"
    /// for none.
    public static func dateTime(_ date: Date?) -> String { date.map { format("d MMM yyyy, HH:mm", $0) } ?? "Never" }

    /// The first moment of a day in the UK.
    public static func start(of day: CalendarDay) -> Date {
        calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
    }

    /// A day people type ("14/3/2026", "2026-03-14", "14 March 2026", "14 Mar 2026") as its first moment in the UK.
    public static func startOfDay(typed text: String) -> Date? { CalendarDay(text).map(start(of:)) }

    private static func format(_ pattern: String, _ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = zone
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }
}
