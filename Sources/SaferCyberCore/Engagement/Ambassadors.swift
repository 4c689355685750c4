import FluentKit
import Foundation

/// What an ambassador reports, through their booking's private link: how many people they told and who
/// those people were to them (relation only, never names).
public final class AmbassadorReport: Model, @unchecked Sendable {
    public static let schema = "ambassador_reports"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "booking_id") public var booking: Booking
    @Field(key: "partnership_id") public var partnershipID: UUID
    @Field(key: "reported_at") public var reportedAt: Date
    @Field(key: "people") public var people: Int
    @Field(key: "family") public var family: Int
    @Field(key: "friends") public var friends: Int
    @Field(key: "colleagues") public var colleagues: Int
    @Field(key: "neighbours") public var neighbours: Int
    public init() {}
}

/// Ambassadors pass on what they learned. Their onward reach is what they report, counted apart from the
/// people the partnership reached directly, and always shown with how many ambassadors reported.
public enum Ambassadors {
    public struct Told: Sendable, Equatable {
        public var family: Int
        public var friends: Int
        public var colleagues: Int
        public var neighbours: Int
        public init(family: Int = 0, friends: Int = 0, colleagues: Int = 0, neighbours: Int = 0) {
            self.family = family
            self.friends = friends
            self.colleagues = colleagues
            self.neighbours = neighbours
        }
        public var total: Int { family + friends + colleagues + neighbours }
    }

    /// Opts in (or changes the pledge) through the private link.
    /// Records how many people an attendee will tell; with `links`, queues the follow-up that asks them, two weeks
    /// after the event, how many they did tell.
    public static func pledge(
        token: String, people: Int?, links: MailLinks? = nil, now: Date = Date(), on db: any Database
    )
        async throws
    {
        guard let people, (1...500).contains(people) else {
            throw FieldErrors("pledge", "Enter how many people you will tell, from 1 to 500")
        }
        guard let booking = try await Bookings.find(token: token, on: db), booking.status == .confirmed else {
            throw NotFound("booking")
        }
        if booking.ambassadorPledge == nil { booking.ambassadorPledgedAt = now }
        booking.ambassadorPledge = people
        try await db.write { tx in
            try await booking.save(on: tx)
            guard let links, let partnership = try await Partnership.find(booking.partnershipID, on: tx) else { return }
            let at = MailSchedule.ambassadorFollowUpAt(event: booking.event)
            try await Outbox.enqueue(
                MailMessages.ambassadorFollowUp(
                    partnership: partnership, event: booking.event, booking: booking, token: token, pledged: people,
                    links: links, at: at), now: now, on: tx)
        }
    }

    public static func report(token: String, told: Told, now: Date = Date(), on db: any Database) async throws {
        let parts = [told.family, told.friends, told.colleagues, told.neighbours]
        guard parts.allSatisfy({ (0...500).contains($0) }), told.total > 0 else {
            throw FieldErrors(
                "family", "Enter how many people you told in at least one group, as numbers from 0 to 500")
        }
        guard let booking = try await Bookings.find(token: token, on: db), booking.ambassadorPledge != nil else {
            throw NotFound("booking")
        }
        let report = AmbassadorReport()
        report.$booking.id = try booking.requireID()
        report.partnershipID = booking.partnershipID
        report.reportedAt = now
        report.people = told.total
        report.family = told.family
        report.friends = told.friends
        report.colleagues = told.colleagues
        report.neighbours = told.neighbours
        try await db.write { tx in try await report.create(on: tx) }
    }

    public static func reported(bookingID: UUID, on db: any Database) async throws -> Told {
        try await AmbassadorReport.query(on: db).filter(\.$booking.$id == bookingID).all().reduce(into: Told()) {
            sum, r in
            sum.family += r.family
            sum.friends += r.friends
            sum.colleagues += r.colleagues
            sum.neighbours += r.neighbours
        }
    }

    public struct Reach: Sendable, Equatable {
        public var ambassadors: Int
        public var reporting: Int
        public var pledged: Int
        public var told: Told
        public init(ambassadors: Int, reporting: Int, pledged: Int, told: Told) {
            self.ambassadors = ambassadors
            self.reporting = reporting
            self.pledged = pledged
            self.told = told
        }
        /// Share of ambassadors who have reported at least once.
        public var responseRate: Double? { ambassadors == 0 ? nil : Double(reporting) / Double(ambassadors) }
    }

    /// Ambassadors from the given events, and what they have reported; with `until`, as it stood then (pledges and
    /// reports made before it), so that a published period does not move with each later report.
    public static func reach(eventIDs: [UUID], until: Date? = nil, on db: any Database) async throws -> Reach {
        guard !eventIDs.isEmpty else { return Reach(ambassadors: 0, reporting: 0, pledged: 0, told: Told()) }
        let bookings = try await Booking.query(on: db).filter(\.$event.$id ~~ eventIDs).filter(
            \.$ambassadorPledge != nil
        ).all().filter { until == nil || ($0.ambassadorPledgedAt ?? $0.createdAt) < until! }
        let ids = bookings.compactMap(\.id)
        let reportQuery = AmbassadorReport.query(on: db).filter(\.$booking.$id ~~ ids)
        if let until { reportQuery.filter(\.$reportedAt < until) }
        let reports = ids.isEmpty ? [] : try await reportQuery.all()
        let told = reports.reduce(into: Told()) { sum, r in
            sum.family += r.family
            sum.friends += r.friends
            sum.colleagues += r.colleagues
            sum.neighbours += r.neighbours
        }
        return Reach(
            ambassadors: bookings.count, reporting: Set(reports.map { $0.$booking.id }).count,
            pledged: bookings.reduce(0) { $0 + ($1.ambassadorPledge ?? 0) }, told: told)
    }
}
