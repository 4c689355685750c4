import Foundation

/// Dates and times as people in the UK read them: "Tuesday 14 March 2027, 6:30pm to 8pm".
public enum EventTimes {
    public static let zone = UKTime.zone

    private static func formatter(_ format: String) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = zone
        formatter.dateFormat = format
        formatter.amSymbol = "am"
        formatter.pmSymbol = "pm"
        return formatter
    }

    public static let day = formatter("EEEE d MMMM yyyy")
    public static let time = formatter("h:mma")
    public static let hour = formatter("ha")

    public static func clock(_ date: Date) -> String {
        Calendar(identifier: .gregorian).dateComponents(in: zone, from: date).minute == 0
            ? hour.string(from: date) : time.string(from: date)
    }

    public static func span(_ start: Date, _ end: Date) -> String {
        let sameDay = day.string(from: start) == day.string(from: end)
        return sameDay
            ? "\(day.string(from: start)), \(clock(start)) to \(clock(end))"
            : "\(day.string(from: start)), \(clock(start)) to \(day.string(from: end)), \(clock(end))"
    }

    /// "20270314T183000Z" for iCalendar.
    public static func ics(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }

    /// "2027-03-14 18:30" in UK time, for form fields.
    public static func field(_ date: Date) -> String { formatter("yyyy-MM-dd HH:mm").string(from: date) }

    /// Parses "2027-03-14 18:30" or "2027-03-14T18:30" as UK local time.
    public static func parse(_ text: String) -> Date? {
        let cleaned = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "T", with: " ")
        for format in ["yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_GB_POSIX")
            formatter.timeZone = zone
            formatter.dateFormat = format
            if let date = formatter.date(from: cleaned) { return date }
        }
        return nil
    }
}
