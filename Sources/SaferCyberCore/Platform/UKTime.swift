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
    public static func longDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = zone
        formatter.dateFormat = "d MMMM yyyy"
        return formatter.string(from: date)
    }
}
