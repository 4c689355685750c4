import Foundation

/// The words of every message, in plain English, each signed with the partnership's name and contact.
public enum MailMessages {
    static func signature(_ partnership: Partnership?) -> [String] {
        guard let partnership else { return ["SaferCyber"] }
        var lines = [partnership.name]
        if let contact = partnership.contactEmail, !contact.isEmpty { lines.append("Contact: \(contact)") }
        return lines
    }

    /// "Hello Ada," — or just "Hello," when the name a member of the public typed could carry anything but a name
    /// (line breaks, a web address, an email address, or a paragraph): whoever books can give any email address, so
    /// the council's own message must not repeat an attacker's text to a stranger (review finding).
    public static func greeting(_ name: String) -> String {
        safeName(name, limit: 60).map { "Hello \($0)," } ?? "Hello,"
    }

    /// Text a member of the public typed (a name, an organisation), fit to repeat in the council's email: on one
    /// line, at most `limit` characters, words of letters with hyphens and apostrophes, and a full stop only after an
    /// initial or a title ("J.", "Dr."). Anything else — a web or email address however disguised ("evil . com",
    /// full-width or ideographic dots), digits (a phone number to call), symbols — gives nil, and the message leaves
    /// it out.
    public static func safeName(_ text: String, limit: Int) -> String? {
        let words = text.replacingControlCharacters().split(whereSeparator: \.isWhitespace).map(String.init)
        let joined = words.joined(separator: " ")
        guard !words.isEmpty, joined.count <= limit else { return nil }
        let inWord = CharacterSet.letters.union(.nonBaseCharacters).union(CharacterSet(charactersIn: "-'\u{2019}&"))
        for word in words {
            var body = Substring(word)
            if body.hasSuffix(".") {
                body = body.dropLast()
                // "J." or "Dr.": up to three letters before the stop, nothing after it.
                guard (1...3).contains(body.count) else { return nil }
            }
            guard !body.isEmpty, body.unicodeScalars.allSatisfy(inWord.contains) else { return nil }
        }
        return joined
    }

    static func eventFacts(_ event: Event) -> Letter.Block {
        .facts([
            .init("Event", event.title), .init("When", EventTimes.span(event.startsAt, event.endsAt)),
            .init("Where", event.place),
        ])
    }

    public static func invitation(
        partnership: Partnership, email: String, role: Role, inviterName: String, token: String, expiresAt: Date,
        invitationID: UUID, links: MailLinks
    ) -> Outbox.Draft {
        let letter = Letter(
            subject: "You are invited to join \(partnership.name) on SaferCyber",
            greeting: "Hello,",
            blocks: [
                .paragraph(
                    "\(inviterName) has invited you to join \(partnership.name) on SaferCyber as: \(role.label)."),
                .link(label: "Accept the invitation", url: links.invitation(token)),
                .paragraph(
                    "The link works once, until \(EventTimes.day.string(from: expiresAt)). If you were not expecting this invitation, you can ignore this email."
                ),
            ],
            signature: signature(partnership))
        return Outbox.Draft(
            kind: .invitation, partnershipID: partnership.id, recipient: email, letter: letter,
            idempotencyKey: "invitation|\(invitationID)", secret: token, reference: invitationID.uuidString)
    }

    public static func passwordReset(user: User, token: String, expiresAt: Date, resetID: UUID, links: MailLinks)
        -> Outbox.Draft
    {
        let minutes = Int(PasswordResets.lifetime / 60)
        let letter = Letter(
            subject: "Reset your SaferCyber password",
            greeting: "Hello \(user.displayName),",
            blocks: [
                .paragraph("Someone asked to reset the password of the SaferCyber account for \(user.email)."),
                .link(label: "Choose a new password", url: links.passwordReset(token)),
                .paragraph(
                    "The link works once, for \(minutes) minutes. If you did not ask for this, you can ignore this email: your password has not changed."
                ),
            ],
            signature: signature(nil))
        return Outbox.Draft(
            kind: .passwordReset, partnershipID: nil, recipient: user.email, letter: letter,
            idempotencyKey: "password-reset|\(resetID)", secret: token, reference: user.id?.uuidString)
    }

    public static func bookingConfirmation(
        partnership: Partnership, event: Event, booking: Booking, token: String, links: MailLinks
    ) -> Outbox.Draft {
        let waiting = booking.status == .waiting
        let place = booking.places == 1 ? "1 place" : "\(booking.places) places"
        let letter = Letter(
            subject: waiting ? "You are on the waiting list: \(event.title)" : "Booking confirmed: \(event.title)",
            greeting: greeting(booking.name),
            blocks: [
                .paragraph(
                    waiting
                        ? "The event is full, so you are on the waiting list for \(place). If a place becomes free it is given to you automatically, and we will email you."
                        : "Your booking for \(place) is confirmed. Show the code \(booking.shortCode) at the door, or just give your name."
                ),
                eventFacts(event),
                .link(label: "See, change or cancel your booking", url: links.booking(partnership.slug, token)),
                .paragraph(
                    "Keep this email: the link is the only way to your booking. If you cannot come, please cancel so that someone else can have the place."
                ),
            ],
            signature: signature(partnership))
        var attachments: [MailAttachment] = []
        if !waiting {
            attachments.append(
                MailAttachment(
                    filename: "event.ics", contentType: "text/calendar; charset=utf-8; method=PUBLISH",
                    content: EventCalendar.ics(event: event, booking: booking, partnershipName: partnership.name)))
        }
        return Outbox.Draft(
            kind: .bookingConfirmation, partnershipID: partnership.id, recipient: booking.email, letter: letter,
            idempotencyKey: "booking-confirmation|\(booking.id?.uuidString ?? "")", attachments: attachments,
            secret: token, reference: booking.id?.uuidString)
    }

    public static func promotion(partnership: Partnership, event: Event, booking: Booking) -> Outbox.Draft {
        let confirm: Letter.Block =
            booking.confirmBy.map { by in
                .paragraph(
                    "Please confirm you still want it by \(EventTimes.day.string(from: by)), \(EventTimes.clock(by)): open your booking with the link in the email we sent when you joined the waiting list, and press \u{201C}Confirm my place\u{201D}. If you do not confirm by then, the place goes to the next person waiting. If you can no longer come, release it there now."
                )
            }
            ?? .paragraph(
                "If you can no longer come, please cancel with the link in the email we sent when you joined the waiting list, so that the place goes to the next person."
            )
        let letter = Letter(
            subject: "A place is yours: \(event.title)",
            greeting: greeting(booking.name),
            blocks: [
                .paragraph(
                    "Good news: a place became free and it is now yours. Show the code \(booking.shortCode) at the door, or just give your name."
                ),
                eventFacts(event),
                confirm,
            ],
            signature: signature(partnership))
        return Outbox.Draft(
            kind: .promotion, partnershipID: partnership.id, recipient: booking.email, letter: letter,
            idempotencyKey: "promotion|\(booking.id?.uuidString ?? "")",
            attachments: [
                MailAttachment(
                    filename: "event.ics", contentType: "text/calendar; charset=utf-8; method=PUBLISH",
                    content: EventCalendar.ics(event: event, booking: booking, partnershipName: partnership.name))
            ], reference: booking.id?.uuidString)
    }

    /// To everyone booked or waiting when an event's time or place changes, or when it is cancelled.
    public static func eventChanged(
        partnership: Partnership, event: Event, booking: Booking, cancelled: Bool, changes: [String], version: String
    ) -> Outbox.Draft {
        let blocks: [Letter.Block] =
            cancelled
            ? [
                .paragraph("We are sorry: \(event.title) is cancelled. You do not need to do anything."),
                eventFacts(event),
            ]
            : [
                .paragraph("Something has changed about \(event.title), which you are booked on:"),
                .list(changes), eventFacts(event),
                .paragraph(
                    "If you can no longer come, please cancel with the link in your booking confirmation email, so that someone else can have the place."
                ),
            ]
        let letter = Letter(
            subject: cancelled ? "Cancelled: \(event.title)" : "Changed: \(event.title)",
            greeting: greeting(booking.name), blocks: blocks, signature: signature(partnership))
        return Outbox.Draft(
            kind: cancelled ? .eventCancelled : .eventChanged, partnershipID: partnership.id, recipient: booking.email,
            letter: letter,
            idempotencyKey: "event-\(cancelled ? "cancelled" : "changed")|\(booking.id?.uuidString ?? "")|\(version)",
            reference: booking.id?.uuidString)
    }

    public static func reminder(
        partnership: Partnership, event: Event, booking: Booking, token: String, links: MailLinks, at: Date
    ) -> Outbox.Draft {
        let letter = Letter(
            subject: "Reminder: \(event.title), \(EventTimes.day.string(from: event.startsAt))",
            greeting: greeting(booking.name),
            blocks: [
                .paragraph(
                    "A reminder that you are booked on \(event.title). Show the code \(booking.shortCode) at the door, or just give your name."
                ),
                eventFacts(event),
                .link(label: "See or cancel your booking", url: links.booking(partnership.slug, token)),
                .paragraph(
                    "If you cannot come after all, please cancel so that someone on the waiting list can have the place."
                ),
            ],
            signature: signature(partnership))
        return Outbox.Draft(
            kind: .reminder, partnershipID: partnership.id, recipient: booking.email, letter: letter,
            idempotencyKey: "reminder|\(booking.id?.uuidString ?? "")", secret: token,
            reference: booking.id?.uuidString, notBefore: at)
    }

    public static func placeReleased(partnership: Partnership, event: Event, booking: Booking) -> Outbox.Draft {
        let letter = Letter(
            subject: "Your place has gone to the next person: \(event.title)",
            greeting: greeting(booking.name),
            blocks: [
                .paragraph(
                    "We offered you a place from the waiting list, but it was not confirmed by \(booking.confirmBy.map { "\(EventTimes.day.string(from: $0)), \(EventTimes.clock($0))" } ?? "the deadline"), so it has gone to the next person waiting."
                ),
                eventFacts(event),
                .paragraph(
                    "If you would still like to come, you can book again on the partnership's events page while places are left, or reply to the contact below."
                ),
            ],
            signature: signature(partnership))
        return Outbox.Draft(
            kind: .placeReleased, partnershipID: partnership.id, recipient: booking.email, letter: letter,
            idempotencyKey: "place-released|\(booking.id?.uuidString ?? "")", reference: booking.id?.uuidString)
    }

    public static func afterSurvey(
        partnership: Partnership, event: Event, booking: Booking, token: String, surveys: [Survey], links: MailLinks,
        at: Date
    ) -> Outbox.Draft {
        let code = ParticipantCode.forBooking(token: token)
        var blocks: [Letter.Block] = [
            .paragraph(
                "Thank you for coming to \(event.title). Two minutes of your time helps us know whether the session made a difference, and improve the next one."
            )
        ]
        for survey in surveys {
            if let id = survey.id {
                blocks.append(.link(label: survey.title, url: links.survey(partnership.slug, id, "after", code)))
            }
        }
        blocks.append(
            .paragraph(
                "Your answers are anonymous: the link carries only your participant code (\(ParticipantCode.display(code))), which pairs them with your answers from before the session, not your name."
            ))
        let letter = Letter(
            subject: "How was \(event.title)?", greeting: greeting(booking.name), blocks: blocks,
            signature: signature(partnership))
        return Outbox.Draft(
            kind: .afterSurvey, partnershipID: partnership.id, recipient: booking.email, letter: letter,
            idempotencyKey: "after-survey|\(booking.id?.uuidString ?? "")", secret: token,
            reference: booking.id?.uuidString, notBefore: at)
    }

    public static func ambassadorFollowUp(
        partnership: Partnership, event: Event, booking: Booking, token: String, pledged: Int, links: MailLinks,
        at: Date
    ) -> Outbox.Draft {
        let letter = Letter(
            subject: "How many people did you tell? \(event.title)",
            greeting: greeting(booking.name),
            blocks: [
                .paragraph(
                    "At \(event.title) you said you would pass on what you learned to \(pledged) \(pledged == 1 ? "person" : "people"). Thank you: that is how advice about scams spreads."
                ),
                .link(label: "Tell us how many people you told", url: links.booking(partnership.slug, token)),
                .paragraph(
                    "It takes a few seconds, and the numbers help show the partnership's work reaching further."),
            ],
            signature: signature(partnership))
        return Outbox.Draft(
            kind: .ambassadorFollowUp, partnershipID: partnership.id, recipient: booking.email, letter: letter,
            idempotencyKey: "ambassador-follow-up|\(booking.id?.uuidString ?? "")", secret: token,
            reference: booking.id?.uuidString, notBefore: at)
    }

    public static func checkAcknowledgement(
        partnership: Partnership, organisation: String, email: String, checkID: UUID
    ) -> Outbox.Draft {
        let letter = Letter(
            subject: "We will be in touch about your cyber resilience check",
            greeting: "Hello,",
            blocks: [
                .paragraph(
                    "Thank you for asking \(partnership.name) to follow up the cyber resilience check you completed\(safeName(organisation, limit: 80).map { " for \($0)" } ?? ""). Someone from the partnership will contact you at this address."
                ),
                .paragraph(
                    "We keep your contact details only to follow this up, and delete them afterwards. If you did not ask for this, you can ignore this email."
                ),
            ],
            signature: signature(partnership))
        return Outbox.Draft(
            kind: .checkAcknowledgement, partnershipID: partnership.id, recipient: email, letter: letter,
            idempotencyKey: "check-acknowledgement|\(checkID)", reference: checkID.uuidString)
    }

    public static func newDevice(
        user: User, at: Date, address: String, browser: String, links: MailLinks, deviceID: UUID
    )
        -> Outbox.Draft
    {
        let letter = Letter(
            subject: "New sign-in to your SaferCyber account",
            greeting: "Hello \(user.displayName),",
            blocks: [
                .paragraph(
                    "Your SaferCyber account (\(user.email)) was signed in to from a browser it has not used before."),
                .facts([
                    .init("When", EventTimes.day.string(from: at) + ", " + EventTimes.clock(at)),
                    .init("Browser", browser), .init("Network address", address),
                ]),
                .paragraph(
                    "If this was you, there is nothing to do. If it was not, reset your password now and tell your coordinator:"
                ),
                .link(
                    label: "Reset your password",
                    url: links.signIn.replacingOccurrences(of: "/sign-in", with: "/forgot-password")),
            ],
            signature: signature(nil))
        return Outbox.Draft(
            kind: .newDevice, partnershipID: nil, recipient: user.email, letter: letter,
            idempotencyKey: "new-device|\(deviceID)", reference: user.id?.uuidString)
    }
}
