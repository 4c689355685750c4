import FluentKit
import Foundation

/// Recording the sub-group's meetings.
public enum PlanMeetings {
    public static func all(partnershipID: UUID, on db: any Database) async throws -> [PlanMeeting] {
        try await PlanMeeting.query(on: db).filter(\.$partnership.$id == partnershipID).sort(\.$heldOn, .descending)
            .all()
    }

    /// Adds or changes a meeting. Attendees must be the partnership's partners.
    @discardableResult
    public static func save(
        _ existing: PlanMeeting?, partnershipID: UUID, day text: String, title raw: String, attendees: [String],
        notes: String, decisions: String, by actor: ActingUser, on db: any Database
    ) async throws -> PlanMeeting {
        var errors = FieldErrors()
        let title = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty { errors.add("title", "Enter a name for the meeting, like “Sub-group, spring 2026”") }
        if title.count > 200 { errors.add("title", "The name must be 200 characters or fewer") }
        let day = CalendarDay(text)
        if day == nil {
            errors.add(
                "day",
                text.trimmingCharacters(in: .whitespaces).isEmpty
                    ? "Enter the date of the meeting" : "Enter the date of the meeting as a real date, like 14/5/2026")
        }
        let partners = Set(
            try await PartnerOrganisation.query(on: db).filter(\.$partnership.$id == partnershipID).all().compactMap(
                \.id))
        let ids = attendees.compactMap(UUID.init(uuidString:))
        if ids.count != attendees.count || !ids.allSatisfy(partners.contains) {
            errors.add("attendees", "One of the partners chosen no longer exists: choose again")
        }
        if notes.count > 20000 || decisions.count > 20000 {
            errors.add("notes", "Notes and decisions must be 20,000 characters or fewer each")
        }
        try errors.throwIfAny()
        let meeting = existing ?? PlanMeeting()
        meeting.$partnership.id = partnershipID
        meeting.heldOn = day!.iso
        meeting.title = title
        meeting.attendeePartnerIDs = IDList.text(ids)
        meeting.notes = notes.trimmingCharacters(in: .whitespacesAndNewlines)
        meeting.decisions = decisions.trimmingCharacters(in: .whitespacesAndNewlines)
        try await db.write { tx in
            try await meeting.save(on: tx)
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: existing == nil ? .create : .update,
                entity: "plan-meeting",
                entityID: meeting.id?.uuidString, summary: "\(existing == nil ? "Added" : "Changed") meeting “\(title)”"
            )
        }
        return meeting
    }
}
