import FluentKit
import Foundation

/// One email, written in the same transaction as the change that causes it and delivered later by the sender
/// (docs/email.md). Rows survive restarts: nothing is lost if the server stops while they wait or are sent.
public final class OutboxMessage: Model, @unchecked Sendable {
    public static let schema = "outbox_messages"

    public enum Status: String, Codable, Sendable, CaseIterable {
        /// Waiting for the sender (or for its next try after a temporary failure).
        case queued
        /// Claimed by one sender until `claimed_until`; a sender that dies leaves it to be claimed again.
        case sending
        case sent
        /// Refused for good by the mail server or Notify, or out of tries.
        case failed
        /// Notify reported that it bounced or was complained about.
        case bounced
        /// `MAIL_TRANSPORT=none`: kept in the outbox, never sent (the demo and deployments without email).
        case held

        public var label: String {
            switch self {
            case .queued: "Waiting to be sent"
            case .sending: "Being sent"
            case .sent: "Sent"
            case .failed: "Could not be sent"
            case .bounced: "Bounced"
            case .held: "Not sent: email is not set up"
            }
        }
    }

    // managed fields
    @ID(key: .id) public var id: UUID?
    /// nil for messages about an account rather than a partnership (password resets, new-device notices).
    @OptionalField(key: "partnership_id") public var partnershipID: UUID?
    @Field(key: "created_at") public var createdAt: Date
    /// The same change never queues the same message twice (unique): "booking-confirmation|{booking id}".
    @Field(key: "idempotency_key") public var idempotencyKey: String
    @Field(key: "kind") public var kind: String
    @Field(key: "status") public var status: Status
    @Field(key: "attempts") public var attempts: Int
    @Field(key: "next_attempt_at") public var nextAttemptAt: Date
    @OptionalField(key: "claimed_until") public var claimedUntil: Date?
    @OptionalField(key: "sent_at") public var sentAt: Date?
    @OptionalField(key: "last_error") public var lastError: String?
    /// Notify's id for the notification, used to read its delivery status.
    @OptionalField(key: "provider_id") public var providerID: String?
    /// The provider's final delivery report ("delivered", "permanent-failure", …), once known.
    @OptionalField(key: "provider_status") public var providerStatus: String?

    // data fields
    @Field(key: "recipient") public var recipient: String
    @Field(key: "subject") public var subject: String
    @Field(key: "body_text") public var bodyText: String
    @Field(key: "body_html") public var bodyHTML: String
    /// JSON array of `MailAttachment`.
    @Field(key: "attachments_json") public var attachmentsJSON: String
    /// The secret inside a link in the body (a booking's, invitation's or reset's token). Never shown on a page
    /// when email is set up, and removed from the body once the message is sent.
    @OptionalField(key: "secret") public var secret: String?
    /// What the message is about (a booking id, an invitation id), for finding it again.
    @OptionalField(key: "reference") public var reference: String?
    /// What a change notice's reader was last told (`Events.tellBooked`): the time and place before the change.
    @OptionalField(key: "context") public var context: String?

    public init() {}

    public var mailKind: MailKind? { MailKind(rawValue: kind) }

    public var attachments: [MailAttachment] {
        (try? JSONDecoder().decode([MailAttachment].self, from: Data(attachmentsJSON.utf8))) ?? []
    }
}

/// A file sent with a message (the booking's calendar entry).
public struct MailAttachment: Codable, Sendable, Equatable {
    public var filename: String
    public var contentType: String
    public var content: String

    public init(filename: String, contentType: String, content: String) {
        self.filename = filename
        self.contentType = contentType
        self.content = content
    }
}
