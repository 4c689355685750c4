import FluentKit
import Foundation

/// The coordinators' Monday email (issue 22): what needs attention this week. Queued once per coordinator per week
/// (the idempotency key carries the ISO week), from 7am UK time on Mondays; nothing is sent in a week with nothing
/// to say.
public enum WeeklyDigest {
    public struct Contents: Sendable, Equatable {
        public var overdue: [String] = []
        public var red: [String] = []
        public var duplicates: [String] = []
        public var eventsWithPlaces: [String] = []
        public var rejectedImports: [String] = []
        public var isEmpty: Bool {
            overdue.isEmpty && red.isEmpty && duplicates.isEmpty && eventsWithPlaces.isEmpty && rejectedImports.isEmpty
        }
    }

    /// What the digest says for one partnership at `now`.
    public static func contents(partnershipID: UUID, now: Date, on db: any Database) async throws -> Contents {
        var contents = Contents()
        let actions = try await PlanActions.all(partnershipID: partnershipID, on: db)
        let today = CalendarDay.today(now)
        contents.overdue = PlanViews.overdue(actions.map(\.facts), today: today).map {
            "Action \($0.number): \($0.title) (due \($0.due?.iso ?? ""))"
        }
        contents.red = actions.map(\.facts).filter { !$0.status.isClosed && $0.rating == .red }.map {
            "Action \($0.number): \($0.title)"
        }
        contents.duplicates = try await PlanChecks.run(partnershipID: partnershipID, on: db).unresolved
            .filter { $0.kind == .duplicate }.map { "\($0.title): \($0.reason)" }
        let weekAhead = now.addingTimeInterval(7 * 24 * 3600)
        contents.eventsWithPlaces = try await Event.query(on: db).filter(\.$partnership.$id == partnershipID)
            .filter(\.$status == Event.Status.published).filter(\.$startsAt >= now)
            .filter(\.$startsAt < weekAhead).sort(\.$startsAt).all()
            .filter { $0.placesLeft > 0 }
            .map { "\($0.title), \(EventTimes.span($0.startsAt, $0.endsAt)): \($0.placesLeft) places left" }
        contents.rejectedImports = try await CrimeImport.query(on: db).filter(\.$partnership.$id == partnershipID)
            .filter(\.$startedAt >= now.addingTimeInterval(-7 * 24 * 3600)).filter(\.$rejected > 0)
            .sort(\.$startedAt).all()
            .map { "Import \($0.number) (\($0.fileName)): \($0.rejected) rows rejected" }
        return contents
    }

    /// "2026-W49": the ISO week `now` falls in, UK time.
    static func week(of now: Date) -> String {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = UKTime.zone
        let parts = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: now)
        return String(format: "%04d-W%02d", parts.yearForWeekOfYear ?? 0, parts.weekOfYear ?? 0)
    }

    /// True from 7am UK time on Monday until the end of the week, so a server that was down on Monday morning
    /// still sends that week's digest later.
    static func isDue(_ now: Date) -> Bool {
        let parts = UKTime.calendar.dateComponents([.weekday, .hour], from: now)
        return !(parts.weekday == 2 && (parts.hour ?? 0) < 7)
    }

    /// Queues this week's digest for every coordinator of every partnership that has something to say. Safe to call
    /// often and from several instances: each digest's key makes it once. Returns how many were queued.
    @discardableResult
    public static func queue(now: Date = Date(), links: MailLinks, on db: any Database) async throws -> Int {
        guard isDue(now) else { return 0 }
        let week = week(of: now)
        var queued = 0
        for partnership in try await Partnership.query(on: db).all() {
            let partnershipID = try partnership.requireID()
            let coordinators = try await Membership.query(on: db).filter(\.$partnership.$id == partnershipID)
                .filter(\.$role == .coordinator).with(\.$user).all().map(\.user)
                .filter { !$0.isDisabled }
            let keys = coordinators.compactMap { user in user.id.map { "weekly-digest|\(partnershipID)|\($0)|\(week)" }
            }
            let existing = try await OutboxMessage.query(on: db).filter(\.$idempotencyKey ~~ keys).count()
            guard existing < keys.count else { continue }
            let contents = try await contents(partnershipID: partnershipID, now: now, on: db)
            guard !contents.isEmpty else { continue }
            let drafts = coordinators.map { user in
                letter(partnership: partnership, user: user, contents: contents, week: week, links: links)
            }
            queued += try await db.write { tx in try await Outbox.enqueue(drafts, now: now, on: tx) }
        }
        return queued
    }

    static func letter(partnership: Partnership, user: User, contents: Contents, week: String, links: MailLinks)
        -> Outbox.Draft
    {
        var blocks: [Letter.Block] = [.paragraph("What needs attention in \(partnership.name) this week.")]
        func section(_ title: String, _ items: [String]) {
            guard !items.isEmpty else { return }
            blocks.append(.paragraph("\(title) (\(items.count))"))
            blocks.append(.list(Array(items.prefix(10)) + (items.count > 10 ? ["and \(items.count - 10) more"] : [])))
        }
        section("Plan actions past their due date", contents.overdue)
        section("Plan actions rated red", contents.red)
        section("Possible duplicates in the plan, not yet reviewed", contents.duplicates)
        section("Events in the next 7 days with places left", contents.eventsWithPlaces)
        section("Crime imports in the last 7 days with rejected rows", contents.rejectedImports)
        blocks.append(.link(label: "Sign in to SaferCyber", url: links.signIn))
        blocks.append(
            .paragraph("You get this email as a coordinator. It can be switched off on the partnership's Outbox page."))
        return Outbox.Draft(
            kind: .weeklyDigest, partnershipID: partnership.id, recipient: user.email,
            letter: Letter(
                subject: "This week in \(partnership.name): what needs attention",
                greeting: "Hello \(user.displayName),",
                blocks: blocks, signature: MailMessages.signature(partnership)),
            idempotencyKey: "weekly-digest|\(partnership.id?.uuidString ?? "")|\(user.id?.uuidString ?? "")|\(week)")
    }
}
