/// Every kind of message SaferCyber sends. Only messages a person asked for or needs for their booking or account;
/// nothing for marketing.
public enum MailKind: String, Codable, Sendable, CaseIterable {
    case invitation
    case passwordReset = "password-reset"
    case newDevice = "new-device"
    case bookingConfirmation = "booking-confirmation"
    case reminder
    case promotion
    case placeReleased = "place-released"
    case eventChanged = "event-changed"
    case eventCancelled = "event-cancelled"
    case afterSurvey = "after-survey"
    case ambassadorFollowUp = "ambassador-follow-up"
    case checkAcknowledgement = "check-acknowledgement"
    case weeklyDigest = "weekly-digest"
    case organiserMessage = "organiser-message"

    public var label: String {
        switch self {
        case .invitation: "Invitation to join the partnership"
        case .passwordReset: "Password reset link"
        case .newDevice: "Sign-in from a new device"
        case .bookingConfirmation: "Booking confirmation"
        case .reminder: "Reminder before an event"
        case .promotion: "A place from the waiting list"
        case .placeReleased: "A place not confirmed in time has gone to the next person"
        case .eventChanged: "An event has changed"
        case .eventCancelled: "An event is cancelled"
        case .afterSurvey: "Survey after an event"
        case .ambassadorFollowUp: "Ambassadors: how many people did you tell?"
        case .checkAcknowledgement: "Reply to a resilience check follow-up request"
        case .weeklyDigest: "Weekly summary for coordinators"
        case .organiserMessage: "A message from the organisers to everyone booked on an event"
        }
    }

    /// Kinds a partnership may switch off. Invitations cannot be: with email set up they are the only way a link
    /// reaches the person (issue 20), and account messages belong to the person, not to one partnership.
    public var canBeSwitchedOff: Bool {
        switch self {
        // A released place is told whenever a deadline was set, and deadlines are set only while promotion emails are
        // on: switching it off alone would let a place go without a word.
        // A message the organisers write to the people booked is sent because someone chose to send it.
        case .invitation, .passwordReset, .newDevice, .placeReleased, .organiserMessage: false
        default: true
        }
    }
}
