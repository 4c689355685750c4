import FluentKit
import Foundation
import SQLKit

/// Subject access and erasure for residents (issue 21): staff find everything the partnership holds on one person by
/// their email or phone number — bookings (with their answers to the event's questions), the contact details given
/// after a resilience check, emails sent or waiting, and ambassador reports made through a booking — confirm which
/// records are theirs, then export them or erase them. Erasing deletes the personal details and keeps each record as
/// a count, so every figure is the same afterwards. Every search, export and erasure is audited (the search terms are
/// not written to the log). Young people's referrals have their own, staff-confirmed export (`ReferralRecords`).
public enum SubjectAccess {
    public enum Kind: String, CaseIterable, Sendable {
        case booking
        case checkContact = "check-contact"
        case email
        case ambassadorReport = "ambassador-report"
        case surveyAnswers = "survey-answers"

        public var label: String {
            switch self {
            case .booking: "Booking"
            case .checkContact: "Resilience check contact details"
            case .email: "Email"
            case .ambassadorReport: "Ambassador report"
            case .surveyAnswers: "Survey answers"
            }
        }
    }

    /// One record, as named in forms: `kind:uuid`.
    public struct Ref: Hashable, Sendable, Comparable {
        public var kind: Kind
        public var id: UUID
        public init(kind: Kind, id: UUID) {
            self.kind = kind
            self.id = id
        }
        public init?(_ text: String) {
            let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, let kind = Kind(rawValue: parts[0]), let id = UUID(uuidString: parts[1]) else {
                return nil
            }
            self.init(kind: kind, id: id)
        }
        public var text: String { kind.rawValue + ":" + id.uuidString.lowercased() }
        public static func < (a: Ref, b: Ref) -> Bool { a.text < b.text }
    }

    /// What the partnership holds in one record, in words.
    public struct Record: Sendable {
        public var ref: Ref
        /// e.g. "Booking for “Scams and you” on 3 March 2026".
        public var title: String
        public var when: Date?
        public var fields: [Field]
        /// Why it was found: "email" or "phone", or "booking" for a report found through a booking.
        public var matchedBy: String
        /// False when nothing personal is left to erase (already erased, or a report that never held any).
        public var holdsPersonalData: Bool
    }

    public struct Field: Sendable, Equatable, Codable {
        public var label: String
        public var value: String
        public init(_ label: String, _ value: String) {
            self.label = label
            self.value = value
        }
    }

    /// What staff searched for.
    public enum Query: Sendable, Equatable {
        case email(String)
        case phone(String)

        /// An email address (anything with an @) or a UK phone number (at least 10 digits once spaces, dashes and
        /// brackets are removed; +44 is read as 0).
        public static func parse(_ text: String) throws -> Query {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty, trimmed.count <= 254 else {
                throw FieldErrors("who", "Enter the person’s email address or phone number")
            }
            if trimmed.contains("@") { return .email(User.normalise(email: trimmed)) }
            guard let digits = phoneDigits(trimmed), digits.count >= 10 else {
                throw FieldErrors("who", "Enter an email address, or a phone number with at least 10 digits")
            }
            return .phone(digits)
        }
    }

    /// A phone number as digits only, +44 / 0044 read as 0; nil if it holds anything but digits and separators.
    public static func phoneDigits(_ text: String) -> String? {
        var value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let allowed = CharacterSet(charactersIn: "+0123456789 -().")
        guard value.unicodeScalars.allSatisfy(allowed.contains) else { return nil }
        value = value.filter { $0.isNumber || $0 == "+" }
        if value.hasPrefix("+44") {
            value = "0" + value.dropFirst(3)
        } else if value.hasPrefix("0044") {
            value = "0" + value.dropFirst(4)
        }
        value = value.filter(\.isNumber)
        return value.isEmpty ? nil : value
    }

    /// Every record of the partnership that matches, newest first. Audited (how many were found, not what was
    /// searched for).
    public static func find(_ query: Query, partnershipID: UUID, by actor: ActingUser, on db: any Database)
        async throws -> [Record]
    {
        var refs: [(Ref, String)] = []
        switch query {
        case .email(let email):
            for booking in try await Booking.query(on: db).filter(\.$partnershipID == partnershipID)
                .filter(\.$email == email).all()
            {
                refs.append((Ref(kind: .booking, id: try booking.requireID()), "email"))
            }
            // Contact emails and recipients are stored as typed: compared in lower case.
            for check in try await ResilienceCheck.query(on: db).filter(\.$partnership.$id == partnershipID)
                .filter(\.$contactEmail != nil).all()
            where User.normalise(email: check.contactEmail ?? "") == email {
                refs.append((Ref(kind: .checkContact, id: try check.requireID()), "email"))
            }
            for message in try await OutboxMessage.query(on: db).filter(\.$partnershipID == partnershipID)
                .filter(\.$recipient != "").all()
            where recipientAddress(message.recipient) == email {
                refs.append((Ref(kind: .email, id: try message.requireID()), "email"))
            }
        case .phone(let digits):
            for check in try await ResilienceCheck.query(on: db).filter(\.$partnership.$id == partnershipID)
                .filter(\.$contactPhone != nil).all()
            where phoneDigits(check.contactPhone ?? "") == digits {
                refs.append((Ref(kind: .checkContact, id: try check.requireID()), "phone"))
                // The email given with the same contact details finds the rest.
            }
        }
        // Survey answers given with the participant code of a booking whose private link is still in one of the
        // person's emails (the code is made from the link's token): the only thing that ties them to the person.
        let messageIDs = refs.filter { $0.0.kind == .email }.map(\.0.id)
        if !messageIDs.isEmpty {
            let codes = Set(
                try await OutboxMessage.query(on: db).filter(\.$id ~~ messageIDs).all()
                    .compactMap(\.secret).filter { !$0.isEmpty }.map { ParticipantCode.forBooking(token: $0) })
            if !codes.isEmpty {
                for response in try await SurveyResponse.query(on: db).filter(\.$partnershipID == partnershipID)
                    .filter(\.$participantCode ~~ Array(codes)).all()
                {
                    refs.append((Ref(kind: .surveyAnswers, id: try response.requireID()), "email"))
                }
            }
        }
        // Reports made through a matching booking.
        let bookingIDs = refs.filter { $0.0.kind == .booking }.map(\.0.id)
        if !bookingIDs.isEmpty {
            for report in try await AmbassadorReport.query(on: db).filter(\.$partnershipID == partnershipID)
                .filter(\.$booking.$id ~~ bookingIDs).all()
            {
                refs.append((Ref(kind: .ambassadorReport, id: try report.requireID()), "booking"))
            }
        }
        let found = try await records(refs.map(\.0), partnershipID: partnershipID, on: db)
        let reasons = Dictionary(refs.map { ($0.0, $0.1) }, uniquingKeysWith: { a, _ in a })
        try await Audit.read(
            on: db, partnershipID: partnershipID, by: actor, entity: "subject-access",
            summary: "Searched for one person’s records by \(query.kindLabel): \(found.count) found")
        return found.map { record in
            var record = record
            record.matchedBy = reasons[record.ref] ?? ""
            return record
        }
    }

    /// The records named, each only if it belongs to the partnership (others are skipped), in the order: bookings,
    /// ambassador reports, check contacts, emails; newest first within each.
    public static func records(_ refs: [Ref], partnershipID: UUID, on db: any Database) async throws -> [Record] {
        let byKind = Dictionary(grouping: Set(refs), by: \.kind).mapValues { $0.map(\.id) }
        var result: [Record] = []
        if let ids = byKind[.booking] {
            let bookings = try await Booking.query(on: db).filter(\.$partnershipID == partnershipID)
                .filter(\.$id ~~ ids).with(\.$event).all()
            let audiences = Dictionary(
                try await Audience.query(on: db).filter(\.$partnership.$id == partnershipID).all()
                    .compactMap { a in a.id.map { ($0, a.name) } }, uniquingKeysWith: { a, _ in a })
            for booking in bookings.sorted(by: { $0.createdAt > $1.createdAt }) {
                result.append(bookingRecord(booking, audiences: audiences))
            }
        }
        if let ids = byKind[.ambassadorReport] {
            let reports = try await AmbassadorReport.query(on: db).filter(\.$partnershipID == partnershipID)
                .filter(\.$id ~~ ids).with(\.$booking) { $0.with(\.$event) }.all()
            for report in reports.sorted(by: { $0.reportedAt > $1.reportedAt }) {
                result.append(
                    Record(
                        ref: Ref(kind: .ambassadorReport, id: try report.requireID()),
                        title: "Ambassador report after “\(report.booking.event.title)”", when: report.reportedAt,
                        fields: [
                            Field("Reported", UKTime.longDate(report.reportedAt)),
                            Field("People told", "\(report.people)"), Field("Family", "\(report.family)"),
                            Field("Friends", "\(report.friends)"), Field("Colleagues", "\(report.colleagues)"),
                            Field("Neighbours", "\(report.neighbours)"),
                        ], matchedBy: "booking", holdsPersonalData: false))
            }
        }
        if let ids = byKind[.surveyAnswers] {
            let responses = try await SurveyResponse.query(on: db).filter(\.$partnershipID == partnershipID)
                .filter(\.$id ~~ ids).with(\.$survey).all()
            for response in responses.sorted(by: { $0.submittedAt > $1.submittedAt }) {
                let answers = response.answers.sorted { $0.key < $1.key }.map {
                    Field("Answer to “\($0.key)”", $0.value.joined(separator: ", "))
                }
                result.append(
                    Record(
                        ref: Ref(kind: .surveyAnswers, id: try response.requireID()),
                        title: "Answers to “\(response.survey.title)” (\(response.stage.label.lowercased()))",
                        when: response.submittedAt,
                        fields: [
                            Field("Submitted", UKTime.longDate(response.submittedAt)),
                            Field("Participant code", response.participantCode.map(ParticipantCode.display) ?? ""),
                        ] + answers,
                        // Kept as anonymous answers: erasing the person's emails removes the only link to them.
                        matchedBy: "", holdsPersonalData: false))
            }
        }
        if let ids = byKind[.checkContact] {
            let checks = try await ResilienceCheck.query(on: db).filter(\.$partnership.$id == partnershipID)
                .filter(\.$id ~~ ids).all()
            for check in checks.sorted(by: { $0.completedAt > $1.completedAt }) {
                let fields: [Field] = [
                    Field("Check completed", UKTime.longDate(check.completedAt)),
                    Field("Organisation", check.organisationName ?? ""), Field("Name", check.contactName ?? ""),
                    Field("Email", check.contactEmail ?? ""), Field("Phone", check.contactPhone ?? ""),
                    Field("Sector", check.sector ?? ""), Field("Size", check.sizeBand ?? ""),
                    Field("Area", check.area ?? ""), Field("Follow-up asked for", check.followUp ? "Yes" : "No"),
                    Field("Contacted", check.contactedAt.map(UKTime.longDate) ?? ""),
                ].filter { !$0.value.isEmpty }
                let holds = [check.organisationName, check.contactName, check.contactEmail, check.contactPhone]
                    .contains { !($0 ?? "").isEmpty }
                result.append(
                    Record(
                        ref: Ref(kind: .checkContact, id: try check.requireID()),
                        title: "Contact details given after a resilience check", when: check.completedAt,
                        fields: fields, matchedBy: "", holdsPersonalData: holds))
            }
        }
        if let ids = byKind[.email] {
            let messages = try await OutboxMessage.query(on: db).filter(\.$partnershipID == partnershipID)
                .filter(\.$id ~~ ids).all()
            for message in messages.sorted(by: { $0.createdAt > $1.createdAt }) {
                result.append(
                    Record(
                        ref: Ref(kind: .email, id: try message.requireID()),
                        title: "Email: \(message.subject)", when: message.createdAt,
                        fields: [
                            Field("To", message.recipient), Field("Kind", message.mailKind?.label ?? message.kind),
                            Field("Status", message.status.label),
                            Field("Queued", UKTime.longDate(message.createdAt)),
                            Field("Sent", message.sentAt.map(UKTime.longDate) ?? "Not sent"),
                            // Links that act for the person (reset, survey code) are never shown or exported.
                            Field("Text", Outbox.visibleText(message, revealSecrets: false)),
                        ], matchedBy: "", holdsPersonalData: !message.recipient.isEmpty))
            }
        }
        return result
    }

    static func bookingRecord(_ booking: Booking, audiences: [UUID: String]) -> Record {
        let event = booking.event
        let answers = booking.answers
        var fields: [Field] = [
            Field("Event", event.title), Field("Event date", UKTime.longDate(event.startsAt)),
            Field("Booked", UKTime.longDate(booking.createdAt)), Field("Status", booking.status.rawValue),
            Field("Places", "\(booking.places)"), Field("Name", booking.name), Field("Email", booking.email),
            Field("Organisation", booking.organisation),
            Field("Audience", booking.audienceID.flatMap { audiences[$0] } ?? ""),
            Field("Came", booking.attendedPlaces > 0 ? "Yes (\(booking.attendedPlaces))" : "No"),
            Field("Ambassador pledge", booking.ambassadorPledge.map { "\($0) people" } ?? ""),
            Field("Details erased", booking.anonymisedAt.map(UKTime.longDate) ?? ""),
        ]
        for question in event.formQuestions {
            if let answer = answers[question.id], !answer.isEmpty { fields.append(Field(question.label, answer)) }
        }
        return Record(
            ref: Ref(kind: .booking, id: booking.id ?? UUID()),
            title: "Booking for “\(event.title)” on \(UKTime.longDate(event.startsAt))", when: booking.createdAt,
            fields: fields.filter { !$0.value.isEmpty }, matchedBy: "",
            holdsPersonalData: booking.anonymisedAt == nil
                && !(booking.name.isEmpty && booking.email.isEmpty && booking.organisation.isEmpty))
    }

    /// The address in a recipient such as `Name <a@b.c>`, lower case.
    static func recipientAddress(_ recipient: String) -> String {
        if let open = recipient.lastIndex(of: "<"), let close = recipient.lastIndex(of: ">"), open < close {
            return User.normalise(email: String(recipient[recipient.index(after: open)..<close]))
        }
        return User.normalise(email: recipient)
    }

    /// The records, for the person: audited as an export.
    public static func export(_ refs: [Ref], partnershipID: UUID, by actor: ActingUser, on db: any Database)
        async throws -> [Record]
    {
        let found = try await records(refs, partnershipID: partnershipID, on: db)
        guard !found.isEmpty else { throw FieldErrors("records", "Choose at least one record that is the person’s") }
        try await db.write { tx in
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .export, entity: "subject-access",
                entityID: nil, summary: "Exported \(summary(found)) for a subject access request")
        }
        return found
    }

    /// The records as JSON for the person: one object per record with its kind, title and fields.
    public static func json(_ records: [Record], partnership: String, at: Date = Date()) -> String {
        struct Out: Encodable {
            var kind: String
            var title: String
            var fields: [Field]
        }
        struct Document: Encodable {
            var partnership: String
            var exportedAt: String
            var records: [Out]
        }
        let document = Document(
            partnership: partnership, exportedAt: ISO8601DateFormatter().string(from: at),
            records: records.map { record in
                // A list, not a dictionary: two questions with the same label both keep their answers.
                Out(kind: record.ref.kind.rawValue, title: record.title, fields: record.fields)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(document)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    }

}

extension SubjectAccess.Query {
    var kindLabel: String {
        switch self {
        case .email: "email"
        case .phone: "phone"
        }
    }
}
