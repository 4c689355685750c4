import FluentKit
import Foundation

/// How long each kind of personal data is kept and what removes it (issue 21): one list, shown on the Settings page and
/// in the privacy notice, built from the same settings the housekeeping job enforces.
public enum RetentionSchedule {
    public struct Item: Sendable, Equatable {
        /// What is held, e.g. "Attendees' names, email addresses, organisations and answers to an event's questions".
        public var what: String
        /// How long, in words.
        public var keptFor: String
        /// What removes it and what stays.
        public var then: String
    }

    public static func items(
        bookingMonths: Int, checkContactMonths: Int, safeguardingMonths: Int
    ) -> [Item] {
        [
            Item(
                what:
                    "Attendees’ names, email addresses, organisations and answers to an event’s own questions (which can include access or health needs)",
                keptFor: "\(months(bookingMonths)) after the event",
                then:
                    "Deleted by the server’s housekeeping (every ten minutes); each booking stays as a count. People can delete their own details at any time through their booking link."
            ),
            Item(
                what: "Emails sent to attendees and others (address, words)",
                keptFor: "\(months(bookingMonths)) after they were sent",
                then:
                    "Deleted with the bookings they are about; a private link in an email is removed as soon as the email has gone."
            ),
            Item(
                what: "Contact details left after a resilience check (name, organisation, email, phone)",
                keptFor: "\(months(checkContactMonths)) after the check",
                then: "Deleted; the check’s answers and scores stay, without contact details."),
            Item(
                what: "Young people’s referral records (names, school, area, referrer, notes)",
                keptFor: "\(months(safeguardingMonths)) after the referral is closed",
                then: "Personal details deleted; the categories stay for anonymous counts."),
            Item(
                what: "Network addresses of visitors who use a public form (stored as a hash, not as the address)",
                keptFor: "\(Int(PublicLimits.memory / 3600)) hours",
                then: "Deleted; they are used only to stop one address repeating a form too often."),
            Item(
                what: "Staff sign-in attempts (address and time)",
                keptFor:
                    "\(Int(SignIn.pairMemory / 3600)) hours for failed attempts, \(Int(SignIn.knownAddressMemory / 86_400)) days for successful ones",
                then: "Deleted; used to slow down password guessing and to recognise a known device."),
            Item(
                what:
                    "Browsers staff have signed in from (a one-way hash of a cookie and a description such as “Firefox on Windows”)",
                keptFor: "\(Int(KnownDevices.memory / 86_400)) days after the browser was last used to sign in",
                then: "Deleted; used to email staff when their account is used from a new browser."),
            Item(
                what: "Survey answers",
                keptFor: "As long as the survey",
                then:
                    "Linked only by a participant code, never by name or email. A code sent in an email after an event can be tied to the person only while that email is kept; after that the answers are anonymous."
            ),
            Item(
                what: "The audit log (which member of staff did what, and when)",
                keptFor: "Permanently",
                then: "Append-only and hash-chained; it names records by number, never the people in them."),
        ]
    }

    static func months(_ n: Int) -> String { n == 1 ? "1 month" : "\(n) months" }
}

/// The privacy notice of a partnership's public pages (issue 21), made from what the product knows: the controller
/// and its contacts, what each part of the product processes, why, on what lawful basis, and for how long.
public enum PrivacyNotice {
    public struct Processing: Sendable, Equatable {
        public var activity: String
        public var data: String
        public var purpose: String
        public var lawfulBasis: String
    }

    public struct Notice: Sendable {
        public var partnershipName: String
        public var controller: String
        public var contactEmail: String?
        public var dpoContact: String?
        public var processing: [Processing]
        public var retention: [RetentionSchedule.Item]
        /// Parts of the notice the partnership must still fill in (shown to staff on the Settings page).
        public var missing: [String]
    }

    public static func build(
        partnership: Partnership, checkContactMonths: Int, safeguardingMonths: Int
    ) -> Notice {
        let controller = (partnership.controllerName ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let dpo = (partnership.dpoContact ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let contact = (partnership.contactEmail ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var missing: [String] = []
        if controller.isEmpty { missing.append("the data controller (the organisation responsible)") }
        if dpo.isEmpty { missing.append("how to contact the data protection officer") }
        if contact.isEmpty { missing.append("a contact email address") }
        return Notice(
            partnershipName: partnership.name,
            controller: controller.isEmpty ? partnership.name : controller,
            contactEmail: contact.isEmpty ? nil : contact, dpoContact: dpo.isEmpty ? nil : dpo,
            processing: processing,
            retention: RetentionSchedule.items(
                bookingMonths: partnership.bookingRetentionMonths ?? Bookings.retentionMonths,
                checkContactMonths: checkContactMonths, safeguardingMonths: safeguardingMonths),
            missing: missing)
    }

    /// Saves the controller and the data protection officer's contact shown in the notice.
    public static func setDetails(
        controller: String, dpo: String, partnershipID: UUID, by actor: ActingUser, on db: any Database
    ) async throws {
        let controller = controller.trimmingCharacters(in: .whitespacesAndNewlines)
        let dpo = dpo.trimmingCharacters(in: .whitespacesAndNewlines)
        var errors = FieldErrors()
        if controller.count > 200 { errors.add("controller", "The data controller must be 200 characters or fewer") }
        if dpo.count > 300 {
            errors.add("dpo", "The data protection officer’s contact must be 300 characters or fewer")
        }
        if controller.contains(where: \.isNewline) || dpo.contains(where: \.isNewline) {
            errors.add(controller.contains(where: \.isNewline) ? "controller" : "dpo", "Write it on one line")
        }
        try errors.throwIfAny()
        try await db.write { tx in
            guard let partnership = try await Partnership.find(partnershipID, on: tx) else {
                throw NotFound("partnership")
            }
            partnership.controllerName = controller.isEmpty ? nil : controller
            partnership.dpoContact = dpo.isEmpty ? nil : dpo
            try await partnership.save(on: tx)
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .update, entity: "partnership",
                entityID: partnershipID.uuidString, summary: "Changed the privacy notice’s controller and DPO contact",
                after: ["controller": controller, "dpo": dpo])
        }
    }

    /// What the product does with personal data, and the lawful basis a council-led partnership normally relies on.
    public static let processing: [Processing] = [
        Processing(
            activity: "Booking a place at an event",
            data:
                "Your name, email address, organisation (for a group) and any answers you give to the event’s questions, such as access needs",
            purpose:
                "To keep your place, send you a confirmation, a reminder and any change to the event, offer you a place from the waiting list, check you in, and count how many people the partnership reaches",
            lawfulBasis:
                "Public task (UK GDPR Article 6(1)(e)): the partnership’s duty to reduce crime and disorder (Crime and Disorder Act 1998, section 17). Access or health needs you choose to tell us: Article 9(2)(g) with the Data Protection Act 2018, Schedule 1, paragraph 16 (support for individuals with a particular disability or medical condition)."
        ),
        Processing(
            activity: "Asking for follow-up after a resilience check",
            data: "The name, organisation, email address and phone number you give",
            purpose: "So that a partnership officer can contact you about the check’s results",
            lawfulBasis:
                "Consent (Article 6(1)(a)): you tick a box to give it, and can withdraw it at any time through the check’s private link."
        ),
        Processing(
            activity: "Surveys before and after a session",
            data:
                "Your answers, linked only by a participant code (on a card you are given, or in the link emailed to you after an event booking)",
            purpose: "To measure whether the sessions change what people do",
            lawfulBasis:
                "No name, email or address is recorded with the answers. While the email with your link is kept, the code could be tied back to your booking: public task (Article 6(1)(e)), as for bookings; after that the answers are anonymous."
        ),
        Processing(
            activity: "Ambassador reports",
            data: "How many people you told (family, friends, colleagues, neighbours), linked to your booking",
            purpose: "To count how far the partnership’s advice travels",
            lawfulBasis: "Public task (Article 6(1)(e)), as for bookings."),
        Processing(
            activity: "Games, courses and “Where do I report this?”",
            data: "No personal data: team names you choose, and counts of completions and journeys",
            purpose: "To run the activity and count its use", lawfulBasis: "Not personal data."),
        Processing(
            activity: "Protecting public forms from abuse",
            data: "Your network address, stored as a hash, for 24 hours",
            purpose: "To stop one address sending a form many times",
            lawfulBasis: "Legitimate interests of keeping the service available (Article 6(1)(f)) and public task."),
        Processing(
            activity: "Referrals of young people at risk of cybercrime (not collected on these public pages)",
            data:
                "Names, school, area, concerns and interventions, recorded by partnership staff and encrypted; seen only by safeguarding leads",
            purpose: "To offer young people positive diversion (for example Cyber Choices) and follow up",
            lawfulBasis:
                "Public task (Article 6(1)(e)); for law enforcement purposes, Data Protection Act 2018 Part 3. Every view is audited."
        ),
    ]
}
