import App
import Fluent
import Foundation
import SaferCyberCore
import Vapor

/// `safercyber-dev benchmark bookings --count N --capacity C --concurrency K`: fires N sign-ups (K at a time) at one
/// event of C places, through the same function the public form uses, and reports bookings a second and
/// whether any place was over-booked. Run it on a throwaway DATA_DIR (scripts/bench-events does).
struct BenchmarkCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "what", help: "bookings, mail-queue, mail-fill, mail-send or mail-status") var what: String
        @Option(name: "count", help: "Sign-ups to make (default 5000)") var count: Int?
        @Option(name: "capacity", help: "Places at the event (default 1000)") var capacity: Int?
        @Option(name: "concurrency", help: "Sign-ups in flight at once (default 64)") var concurrency: Int?
        @Flag(name: "reminders", help: "mail-fill, mail-send: real reminders written from bookings when sent")
        var reminders: Bool
    }

    var help: String { "Measures sign-up throughput on the configured database (use a throwaway one)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await StartupError.exitOnFailure {
            try await app.prepareDatabase()
            switch signature.what {
            case "bookings": break
            case "mail-queue": return try await MailBenchmark.queue(app, context, count: signature.count ?? 4000)
            case "mail-fill":
                _ = try await MailBenchmark.fill(
                    app, context, count: signature.count ?? 10000, reminders: signature.reminders)
                return
            case "mail-send":
                return try await MailBenchmark.send(
                    app, context, count: signature.count ?? 5000, reminders: signature.reminders)
            case "mail-status": return try await MailBenchmark.status(app, context)
            case "mail-parts": return try await MailBenchmark.parts(app, context, count: signature.count ?? 2000)
            default:
                throw StartupError(
                    "Unknown benchmark ‘\(signature.what)’. Use bookings, mail-queue, mail-fill, mail-send or mail-status."
                )
            }
            let count = signature.count ?? 5000
            let capacity = signature.capacity ?? 1000
            let concurrency = max(1, signature.concurrency ?? 64)
            let slug = "benchmark-\(Int(Date().timeIntervalSince1970))"
            let partnership = try await Partnerships.create(
                on: app.db, slug: slug, name: "Benchmark", isDemo: true, by: .system("benchmark"))
            let pid = try partnership.requireID()
            let start = Date().addingTimeInterval(86400)
            let event = try await Events.create(
                .init(
                    title: "Benchmark", kind: .talk, venue: "Hall", startsAt: start,
                    endsAt: start.addingTimeInterval(3600),
                    capacity: capacity, status: .published), partnershipID: pid, by: .system("benchmark"), on: app.db)
            let eventID = try event.requireID()
            let db = app.db
            let began = Date()
            let confirmed = try await withThrowingTaskGroup(of: Int.self) { group in
                var next = 0
                var confirmed = 0
                func launch() {
                    let index = next
                    next += 1
                    group.addTask {
                        let made = try await Bookings.signUp(
                            eventID: eventID, partnershipID: pid,
                            form: .init(name: "Person \(index)", email: "p\(index)@example.org", consent: true), on: db)
                        return made.status == .confirmed ? 1 : 0
                    }
                }
                for _ in 0..<min(concurrency, count) { launch() }
                while let result = try await group.next() {
                    confirmed += result
                    if next < count { launch() }
                }
                return confirmed
            }
            let seconds = Date().timeIntervalSince(began)
            let stored = try await Event.find(eventID, on: app.db)
            let rows = try await Booking.query(on: app.db).filter(\.$event.$id == eventID).filter(
                \.$status == Booking.Status.confirmed
            ).count()
            context.console.print(
                String(
                    format: "%d sign-ups in %.2f s = %.0f bookings/s (%d at a time)", count, seconds,
                    Double(count) / seconds, concurrency))
            context.console.print(
                "confirmed \(confirmed) (rows \(rows), event counter \(stored?.confirmedPlaces ?? -1)), waiting \(count - confirmed); capacity \(capacity)"
            )
            guard confirmed == min(count, capacity), rows == confirmed, stored?.confirmedPlaces == confirmed else {
                throw StartupError("Over-booking or lost sign-ups: the figures above do not agree.")
            }
            context.console.print("No over-booking.")
        }
    }
}
