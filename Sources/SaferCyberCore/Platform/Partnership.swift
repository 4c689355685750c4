import FluentKit
import Foundation

/// A community safety partnership: the tenant every other record belongs to.
public final class Partnership: Model, @unchecked Sendable {
    public static let schema = "partnerships"

    // managed fields
    @ID(key: .id) public var id: UUID?
    @Field(key: "created_at") public var createdAt: Date

    // data fields
    /// Lower-case letters, digits and hyphens; used in every address (`/p/{slug}`, `/app/p/{slug}`).
    @Field(key: "slug") public var slug: String
    @Field(key: "name") public var name: String
    /// True only for the demo partnership, so `--demo` can refuse to mix with real data.
    @Field(key: "is_demo") public var isDemo: Bool
    /// Months after an event that attendees' names and emails are kept (then anonymised; counts stay).
    @OptionalField(key: "booking_retention_months") public var bookingRetentionMonths: Int?
    /// Counts from 1 to this − 1 are hidden from roles without exact counts and in the board report (nil: 5).
    @OptionalField(key: "disclosure_threshold") public var disclosureThreshold: Int?
    /// Everyone in the partnership must use two-step sign-in (administrators and safeguarding leads always must).
    @OptionalField(key: "requires_two_step") public var requiresTwoStep: Bool?
    /// Local places to report or get help, one per line, shown after "Where do I report this?".
    @OptionalField(key: "local_contacts") public var localContacts: String?
    /// The public pages' header and button colour ("#1d70b8"), checked for contrast with white text.
    @OptionalField(key: "brand_colour") public var brandColour: String?

    /// The address shown in every email as the way to reach the partnership (issue 22).
    @OptionalField(key: "contact_email") public var contactEmail: String?
    /// The organisation responsible for the personal data (the data controller), e.g. the lead council; and how to
    /// reach its data protection officer. Both appear in the privacy notice (issue 21).
    @OptionalField(key: "controller_name") public var controllerName: String?
    @OptionalField(key: "dpo_contact") public var dpoContact: String?
    /// Kinds of email the partnership has switched off, comma-separated `MailKind` values.
    @OptionalField(key: "mail_off") public var mailOff: String?
    /// Hours before an event that the reminder is sent (nil: `MailSchedule.defaultReminderHours`).
    @OptionalField(key: "reminder_hours") public var reminderHours: Int?
    /// Hours after an event that the "after" survey link is sent (nil: `MailSchedule.defaultAfterSurveyHours`).
    @OptionalField(key: "after_survey_hours") public var afterSurveyHours: Int?

    /// The month the reporting year starts in: 1, 4, 7 or 10 (nil: April, a council's financial year).
    @OptionalField(key: "year_start_month") public var yearStartMonth: Int?

    public init() {}

    public init(id: UUID? = nil, slug: String, name: String, isDemo: Bool = false, createdAt: Date = Date()) {
        self.id = id
        self.slug = slug
        self.name = name
        self.isDemo = isDemo
        self.createdAt = createdAt
    }
}
