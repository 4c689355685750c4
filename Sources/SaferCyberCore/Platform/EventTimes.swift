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

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }()

    public static func clock(_ date: Date) -> String {
        calendar.component(.minute, from: date) == 0 ? hour.string(from: date) : time.string(from: date)
    }

    public static func span(_ start: Date, _ end: Date) -> String {
        let sameDay = day.string(from: start) == day.string(from: end)
        return sameDay
            ? "\(day.string(from: start)), \(clock(start)) to \(clock(end))"
            : "\(day.string(from: start)), \(clock(start)) to \(day.string(from: end)), \(clock(end))"
    }

    /// "20270314T183000Z" for iCalendar.
    public static func ics(_ date: Date) -> String {
        // Counted from the epoch rather than through a DateFormatter (making one costs more than a whole booking).
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let rest = seconds - days * 86400
        let civil = CalendarDay(dayNumber: days)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return pad(civil.year, 4) + pad(civil.month, 2) + pad(civil.day, 2) + "T" + pad(rest / 3600, 2)
            + pad(rest % 3600 / 60, 2)
            + pad(rest % 60, 2) + "Z"
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
