import FluentKit
import Foundation

/// Group commit for sign-ups. When many people book the same event at once (a hall scanning a QR code), their
/// sign-ups are placed in arrival order inside one transaction: one lock on the event, one commit and one disk
/// flush for the lot. Each person still gets their own answer, and nothing is committed until it is durable.
/// On SQLite, one commit per booking capped sign-ups at about 400 a second on this machine's disk.
public actor BookingBatches {
    public static let shared = BookingBatches()
    static let maxBatch = 200

    struct Job: Sendable {
        var eventID: UUID
        var partnershipID: UUID
        var form: Bookings.SignUp
        var token: String
        var now: Date
        var links: MailLinks?
        /// Read with the event when `links` is given (its emails need the partnership's name and settings).
        var partnership: Partnership?
    }

    private struct Waiting {
        var job: Job
        var continuation: CheckedContinuation<Bookings.Made, any Error>
    }

    private var queues: [UUID: [Waiting]] = [:]
    private var draining: Set<UUID> = []

    func submit(_ job: Job, on db: any Database) async throws -> Bookings.Made {
        try await withCheckedThrowingContinuation { continuation in
            queues[job.eventID, default: []].append(Waiting(job: job, continuation: continuation))
            if !draining.contains(job.eventID) {
                draining.insert(job.eventID)
                Task { await drain(job.eventID, on: db) }
            }
        }
    }

    private func drain(_ eventID: UUID, on db: any Database) async {
        // The event's check-in codes, read once for the whole burst and kept up to date as codes are given out.
        var codes = (try? await Bookings.usedShortCodes(eventID: eventID, on: db)) ?? []
        while let queue = queues[eventID], !queue.isEmpty {
            let batch = Array(queue.prefix(Self.maxBatch))
            queues[eventID] = Array(queue.dropFirst(batch.count))
            let jobs = batch.map(\.job)
            do {
                let known = codes
                let (made, used) = try await db.write { tx in
                    try await tx.lockEvent(eventID)
                    guard let event = try await Event.find(eventID, on: tx) else { throw NotFound("event") }
                    var results: [Bookings.Made] = []
                    var rows: [Booking] = []
                    var used = known
                    for job in jobs {
                        let (row, made) = try Bookings.place(job, event: event, usedCodes: &used)
                        rows.append(row)
                        results.append(made)
                    }
                    try await Bookings.assignPersonKeys(rows, partnershipID: event.$partnership.id, on: tx)
                    try await Organisations.assign(rows, partnershipID: event.$partnership.id, on: tx)
                    try await rows.create(on: tx)
                    try await event.save(on: tx)
                    // Confirmations go in the same commit as the bookings: a booking is never made without its email.
                    let mailed = zip(jobs, rows).compactMap { job, row in job.links.map { (row, job.token, $0) } }
                    var partnership = jobs.lazy.compactMap(\.partnership).first
                    if !mailed.isEmpty, partnership == nil {
                        partnership = try await Partnership.find(event.$partnership.id, on: tx)
                    }
                    if !mailed.isEmpty, let partnership {
                        // The reminder and the "after" survey wait in the outbox until due (MailSchedule); the survey
                        // links are looked up when it goes.
                        let now = jobs[0].now
                        try await Outbox.enqueue(
                            mailed.flatMap { row, token, _ in
                                MailSchedule.bookingDrafts(
                                    partnership: partnership, event: event, booking: row, token: token, now: now)
                            }, partnership: partnership, freshKeys: true, now: now, on: tx)
                    }
                    return (results, used)
                }
                codes = used
                for (waiting, result) in zip(batch, made) { waiting.continuation.resume(returning: result) }
            } catch {
                for waiting in batch { waiting.continuation.resume(throwing: error) }
            }
        }
        queues[eventID] = nil
        draining.remove(eventID)
    }
}
