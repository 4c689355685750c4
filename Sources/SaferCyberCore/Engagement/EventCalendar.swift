import Foundation

extension Event {
    /// "Online", or the venue and area ("Central Library, Northgate").
    public var place: String {
        isOnline ? "Online" : [venue, area].filter { !$0.isEmpty }.joined(separator: ", ")
    }
}

/// A booking's calendar entry (iCalendar, RFC 5545): offered on the booking page and attached to the confirmation.
public enum EventCalendar {
    public static func ics(event: Event, booking: Booking, partnershipName: String, now: Date = Date()) -> String {
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ";", with: "\\;")
                .replacingOccurrences(of: ",", with: "\\,").replacingOccurrences(of: "\r\n", with: "\\n")
                .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\n")
        }
        let lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//SaferCyber//Events//EN", "METHOD:PUBLISH", "BEGIN:VEVENT",
            "UID:\((booking.id ?? UUID()).uuidString)@safercyber", "DTSTAMP:\(EventTimes.ics(now))",
            "DTSTART:\(EventTimes.ics(event.startsAt))", "DTEND:\(EventTimes.ics(event.endsAt))",
            "SUMMARY:\(escape(event.title))", "LOCATION:\(escape(event.place))",
            "DESCRIPTION:\(escape("Check-in code \(booking.shortCode). \(partnershipName)."))",
            "STATUS:\(booking.status == .cancelled ? "CANCELLED" : "CONFIRMED")", "END:VEVENT", "END:VCALENDAR",
        ]
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// RFC 5545 3.1: lines longer than 75 octets are folded (CRLF and a space), never inside a UTF-8 character.
    public static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var parts: [String] = []
        var current = ""
        var octets = 0
        for character in line {
            let size = String(character).utf8.count
            // The first line holds 75 octets; each continuation 74 after its leading space.
            if octets + size > (parts.isEmpty ? 75 : 74) {
                parts.append(current)
                current = ""
                octets = 0
            }
            current.append(character)
            octets += size
        }
        parts.append(current)
        return parts.joined(separator: "\r\n ")
    }
}
