import App
import Fluent
import Foundation
import SaferCyberCore
import Vapor

/// Email figures for issue 22 (scripts/bench-mail runs them in release mode against a real SMTP server):
/// - `mail-queue`: sign-ups with their emails queued against sign-ups without, alternating batches, so that the
///   cost of queueing is measured against a baseline taken at the same moment;
/// - `mail-fill`: queues N messages due now, for the sender (and the kill -9 test) to deliver;
/// - `mail-send`: queues N messages and delivers them with this process's sender, timing it;
/// - `mail-status`: the outbox's counts by status.
enum MailBenchmark {
    static func partnership(_ app: Application) async throws -> UUID {
        let slug = "mail-bench-\(Int(Date().timeIntervalSince1970 * 1000) % 100_000_000)"
        return try await Partnerships.create(
            on: app.db, slug: slug, name: "Mail benchmark", isDemo: true, by: .system("benchmark")
        ).requireID()
    }

    static func drafts(_ count: Int, partnershipID: UUID, tag: String) -> [Outbox.Draft] {
        (0..<count).map { index in
            Outbox.Draft(
                kind: .bookingConfirmation, partnershipID: partnershipID, recipient: "person\(index)@example.org",
                letter: Letter(
                    subject: "Reminder: Scam awareness talk", greeting: "Hello Person \(index),",
                    blocks: [
                        .paragraph("A reminder that you are booked on Scam awareness talk."),
                        .facts([.init("When", "Tuesday 8 December 2026, 6pm to 7pm"), .init("Where", "Town hall")]),
                    ], signature: ["Mail benchmark"]), idempotencyKey: "bench|\(tag)|\(index)")
        }
    }

    /// Queues `count` messages due now in a partnership of their own, and returns it. With `reminders`, they are
    /// real reminders: `count` people book one event (through `Bookings.signUp`, as the sign-up page does), their
    /// confirmations and survey emails are dropped and their reminders made due now, so each is written in full from
    /// its booking when the sender claims it.
    @discardableResult
    static func fill(_ app: Application, _ context: CommandContext, count: Int, reminders: Bool = false) async throws
        -> UUID
    {
        let id = try await partnership(app)
        guard reminders else {
            let tag = UUID().uuidString
            var written = 0
            for start in stride(from: 0, to: count, by: 500) {
                let batch = Array(drafts(count, partnershipID: id, tag: tag)[start..<min(start + 500, count)])
                written += try await app.db.write { tx in try await Outbox.enqueue(batch, on: tx) }
            }
            context.console.print("queued \(written) messages")
            return id
        }
        let start = Date().addingTimeInterval(49 * 3600)
        let event = try await Events.create(
            .init(
                title: "Scam awareness talk", kind: .talk, venue: "Town hall", startsAt: start,
                endsAt: start.addingTimeInterval(3600), capacity: count, status: .published),
            partnershipID: id, by: .system("benchmark"), on: app.db)
        let partnershipRow = try await Partnership.find(id, on: app.db)
        for index in 0..<count {
            _ = try await Bookings.signUp(
                eventID: event.requireID(), partnershipID: id,
                form: .init(name: "Person \(index)", email: "person\(index)@example.org", consent: true),
                links: app.mailLinks, partnership: partnershipRow, on: app.db)
        }
        try await OutboxMessage.query(on: app.db).filter(\.$partnershipID == id)
            .filter(\.$kind != MailKind.reminder.rawValue).delete()
        try await OutboxMessage.query(on: app.db).filter(\.$partnershipID == id)
            .set(\.$nextAttemptAt, to: Date()).update()
        let queued = try await OutboxMessage.query(on: app.db).filter(\.$partnershipID == id).count()
        context.console.print("queued \(queued) reminders (\(count) bookings)")
        return id
    }

    static func status(_ app: Application, _ context: CommandContext) async throws {
        var parts: [String] = []
        for status in OutboxMessage.Status.allCases {
            let n = try await OutboxMessage.query(on: app.db).filter(\.$status == status).count()
            parts.append("\(status.rawValue)=\(n)")
        }
        context.console.print(parts.joined(separator: " "))
    }

    static func send(_ app: Application, _ context: CommandContext, count: Int, reminders: Bool = false) async throws {
        guard app.config.mail.transport == .smtp else {
            throw StartupError("mail-send needs MAIL_TRANSPORT=smtp (scripts/bench-mail starts a local SMTP server).")
        }
        let id = try await fill(app, context, count: count, reminders: reminders)
        let began = Date()
        var handled = 0
        while true {
            let n = try await app.mailSender.runOnce()
            if n == 0 { break }
            handled += n
        }
        let seconds = Date().timeIntervalSince(began)
        // Only this run's messages: anything else due in the same database would be sent too, so say so.
        let sent = try await OutboxMessage.query(on: app.db).filter(\.$status == .sent)
            .filter(\.$partnershipID == id).count()
        context.console.print(
            String(
                format:
                    "delivered %d of the %d \(reminders ? "reminders" : "messages") queued in %.2f s = %.0f messages/s (%d handled in all; batches of %d over up to %d connections)",
                sent, count, seconds, Double(handled) / seconds, handled, app.mailSender.batchSize,
                app.config.mail.smtpConnections))
    }

    /// Where a booking's email time goes, part by part (median of `count` runs each, microseconds): reading the
    /// partnership, looking for surveys, writing the letters, and the write itself against an empty write.
    static func parts(_ app: Application, _ context: CommandContext, count: Int) async throws {
        let id = try await partnership(app)
        let start = Date().addingTimeInterval(10 * 86400)
        let event = try await Events.create(
            .init(
                title: "Parts", kind: .talk, venue: "Hall", startsAt: start, endsAt: start.addingTimeInterval(3600),
                capacity: 10, status: .published),
            partnershipID: id, by: .system("benchmark"), on: app.db)
        let made = try await Bookings.signUp(
            eventID: event.requireID(), partnershipID: id,
            form: .init(name: "Person", email: "person@example.org", consent: true), on: app.db)
        let booking = try await Bookings.find(token: made.token, on: app.db)!
        let partnershipRow = try await Partnership.find(id, on: app.db)!
        func time(_ label: String, _ work: () async throws -> Void) async throws {
            var samples: [Double] = []
            for _ in 0..<count {
                let t0 = DispatchTime.now().uptimeNanoseconds
                try await work()
                samples.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1000)
            }
            samples.sort()
            context.console.print(String(format: "%-44@ median %8.1f µs", label as NSString, samples[count / 2]))
        }
        try await time("Partnership.find") { _ = try await Partnership.find(id, on: app.db) }
        try await time("surveys for the event") { _ = try await MailSchedule.afterSurveys(event: event, on: app.db) }
        try await time("stand-ins (confirmation, reminder, survey)") {
            _ =
                MailSchedule.bookingDrafts(
                    partnership: partnershipRow, event: event, booking: booking, token: made.token, now: Date())
        }
        try await time("empty write transaction") { try await app.db.write { _ in } }
        var n = 0
        try await time("write transaction with the three stand-ins") {
            n += 1
            var drafts =
                MailSchedule.bookingDrafts(
                    partnership: partnershipRow, event: event, booking: booking, token: made.token, now: Date())
            for index in drafts.indices { drafts[index].idempotencyKey += "|\(n)" }
            let batch = drafts
            try await app.db.write { tx in
                _ = try await Outbox.enqueue(batch, partnership: partnershipRow, freshKeys: true, on: tx)
            }
        }
        try await time("... two tiny messages") {
            n += 1
            let batch = (0..<2).map { index in
                Outbox.Draft(
                    kind: .bookingConfirmation, partnershipID: id, recipient: "p@example.org",
                    letter: Letter(subject: "S", greeting: "Hi", blocks: [], signature: []),
                    idempotencyKey: "tiny|\(n)|\(index)")
            }
            try await app.db.write { tx in
                _ = try await Outbox.enqueue(batch, partnership: partnershipRow, freshKeys: true, on: tx)
            }
        }
        try await time("... the three stand-ins' text only") {
            let drafts =
                MailSchedule.bookingDrafts(
                    partnership: partnershipRow, event: event, booking: booking, token: made.token, now: Date())
            for draft in drafts {
                _ = draft.letter.text
                _ = draft.letter.html
                _ = try JSONEncoder().encode(draft.attachments)
            }
        }
    }

    /// Alternating batches of sign-ups with and without queued emails, to different events of one partnership.
    /// Both are timed from `Bookings.signUp`, as the sign-up page calls it.
    static func queue(_ app: Application, _ context: CommandContext, count: Int) async throws {
        let id = try await partnership(app)
        let links = app.mailLinks
        // The public sign-up page has the partnership already (from its address) and hands it over, as here.
        let partnershipRow = try await Partnership.find(id, on: app.db)!
        let start = Date().addingTimeInterval(10 * 86400)
        var withMail: [Double] = []
        var without: [Double] = []
        var mailSeconds = 0.0
        let rounds = 8
        let per = max(1, count / (2 * rounds))
        for round in 0..<(2 * rounds) {
            let mailed = round % 2 == 0
            let event = try await Events.create(
                .init(
                    title: "Benchmark \(round)", kind: .talk, venue: "Hall", startsAt: start,
                    endsAt: start.addingTimeInterval(3600), capacity: per + 10, status: .published),
                partnershipID: id, by: .system("benchmark"), on: app.db)
            let eventID = try event.requireID()
            let db = app.db
            let began = Date()
            // One at a time: the latency of one booking, which is what a person waits for.
            for index in 0..<per {
                let t0 = Date()
                _ = try await Bookings.signUp(
                    eventID: eventID, partnershipID: id,
                    form: .init(name: "Person \(index)", email: "p\(round)-\(index)@example.org", consent: true),
                    links: mailed ? links : nil, partnership: mailed ? partnershipRow : nil, on: db)
                let ms = Date().timeIntervalSince(t0) * 1000
                if mailed { withMail.append(ms) } else { without.append(ms) }
            }
            if mailed { mailSeconds += Date().timeIntervalSince(began) }
        }
        func median(_ values: [Double]) -> Double {
            let sorted = values.sorted()
            return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
        }
        context.console.print(
            String(
                format:
                    "sign-ups one at a time: median %.3f ms with emails queued, %.3f ms without (difference %.3f ms, ratio %.2f); %d sign-ups each",
                median(withMail), median(without), median(withMail) - median(without),
                median(withMail) / max(median(without), 0.000_001), withMail.count))
        _ = mailSeconds
        // Throughput: a hall of people booking at once (64 in flight), each booking queueing its confirmation and
        // its reminder in the booking's own transaction.
        let before = try await OutboxMessage.query(on: app.db).count()
        let hall = try await Events.create(
            .init(
                title: "Benchmark hall", kind: .talk, venue: "Hall", startsAt: start,
                endsAt: start.addingTimeInterval(3600), capacity: count, status: .published),
            partnershipID: id, by: .system("benchmark"), on: app.db)
        let hallID = try hall.requireID()
        let db = app.db
        let began = Date()
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            func launch() {
                let index = next
                next += 1
                group.addTask {
                    _ = try await Bookings.signUp(
                        eventID: hallID, partnershipID: id,
                        form: .init(name: "Person \(index)", email: "hall\(index)@example.org", consent: true),
                        links: links, on: db)
                }
            }
            for _ in 0..<min(64, count) { launch() }
            while try await group.next() != nil { if next < count { launch() } }
        }
        let seconds = Date().timeIntervalSince(began)
        let queued = try await OutboxMessage.query(on: app.db).count() - before
        context.console.print(
            String(
                format: "%d sign-ups 64 at a time queued %d messages in %.2f s = %.0f messages/s into the outbox",
                count, queued, seconds, Double(queued) / seconds))
    }
}
