import FluentKit
import Foundation

/// Reach for the board: sessions delivered, people engaged (those who came, walk-ins included), attendance
/// rate, follow-on sign-ups and Friends, by quarter and by objective, theme, audience, partner and area.
/// Computed from the partnership's events and bookings (hundreds of events, thousands of bookings a year).
public struct EngagementFigures: Sendable {
    public struct Line: Sendable, Equatable {
        public var label: String
        public var sessions: Int
        public var engaged: Int
        public var booked: Int
        /// Booked places whose holders came (walk-ins excluded).
        public var placesUsed: Int
        /// Booked places whose holders came, over booked places (walk-ins excluded), or nil with no bookings.
        public var attendanceRate: Double? { booked == 0 ? nil : Double(placesUsed) / Double(booked) }
        /// Different people who came (issue 19): a booking that gives an email is one person however many sessions
        /// they came to (`User.normalise(email:)`); every other place that came — a booking's guests, walk-ins,
        /// bookings without an email or already anonymised — counts as one person, so this is at most `engaged`
        /// and at least the true number only when no one without an email came twice.
        public var people: Int = 0
        /// How many of `people` were told apart by email.
        public var peopleByEmail: Int = 0
    }

    public var quarters: [(quarter: Int, line: Line)]
    public var byObjective: [Line]
    public var byTheme: [Line]
    public var byAudience: [Line]
    public var byPartner: [Line]
    public var byArea: [Line]
    public var total: Line
    public var followOnSignUps: Int
    public var friends: Int
    /// Friends (attendees of awareness sessions) by quarter and by audience.
    public var friendsByQuarter: [(quarter: Int, friends: Int)]
    public var friendsByAudience: [(audience: String, friends: Int)]
    /// Onward reach reported by ambassadors from these sessions: kept apart from `total.engaged`, never added to it.
    public var ambassadors: Ambassadors.Reach
    /// Games run by the partnership in the same quarters (filled in by the caller, which knows the installed scenarios).
    public var games: GameReach?
    /// Short courses completed online in the same quarters (filled in by the caller, which knows the installed courses).
    public var courses: CourseReach?
    /// "Was it fun?" answers for sessions in the same quarters, by event type and by who led (issue 23).
    public var feedback: SessionFeedbacks.Figures?

    /// Friends from sessions and from online courses that stand in for a Friend session.
    public var allFriends: Int { friends + (courses?.total.friends ?? 0) }

    struct Tally {
        var sessions = Set<UUID>()
        var engaged = 0, booked = 0, bookedCame = 0
        var emails = Set<String>()
        var otherPeople = 0
        mutating func add(event: UUID, booking: Booking) {
            sessions.insert(event)
            engaged += booking.attendedPlaces
            if booking.attendedPlaces > 0 {
                // The person's key where there is one (it outlives their email when their details are erased).
                let email = booking.personKey.map { "key:" + $0 } ?? User.normalise(email: booking.email)
                if email.isEmpty {
                    otherPeople += booking.attendedPlaces
                } else {
                    emails.insert(email)
                    otherPeople += booking.attendedPlaces - 1
                }
            }
            if !booking.isWalkIn {
                booked += booking.places
                bookedCame += booking.attendedPlaces
            }
        }
        func line(_ label: String) -> Line {
            Line(
                label: label, sessions: sessions.count, engaged: engaged, booked: booked,
                placesUsed: bookedCame,
                people: emails.count + otherPeople, peopleByEmail: emails.count)
        }
    }

    /// Sessions (completed events, and published ones with a check-in) that started in the quarters from
    /// `fromQuarter` to `toQuarter` (yyyyq).
    /// `asAtEnd`: what arrives after the sessions (follow-on sign-ups, ambassadors' pledges and reports) counted as it
    /// stood at the period's end, as readers without exact counts see it; otherwise everything so far.
    public static func build(
        partnershipID: UUID, fromQuarter: Int, toQuarter: Int, asAtEnd: Bool = false, on db: any Database
    ) async throws -> EngagementFigures {
        let until = asAtEnd ? Quarter.span(toQuarter).end : nil
        let calendar = UKTime.calendar
        func quarter(_ date: Date) -> Int {
            let parts = calendar.dateComponents([.year, .month], from: date)
            return Quarter.of(month: parts.year! * 100 + parts.month!)
        }
        // Sessions delivered: completed events, and published ones where someone was checked in (issue 23: check
        // everyone in and forget the status, and the session still counts). Drafts and cancelled events never do.
        let candidates = try await Event.query(on: db).filter(\.$partnership.$id == partnershipID)
            .filter(\.$status ~~ [Event.Status.completed, Event.Status.published]).all()
            .filter { (fromQuarter...toQuarter).contains(quarter($0.startsAt)) }
        let candidateIDs = candidates.compactMap(\.id)
        let bookings =
            candidateIDs.isEmpty
            ? []
            : try await Booking.query(on: db).filter(\.$event.$id ~~ candidateIDs)
                .filter(\.$status == Booking.Status.confirmed).all()
        let byEvent = Dictionary(grouping: bookings, by: { $0.$event.id })
        let events = candidates.filter { event in
            event.status == Event.Status.completed
                || (byEvent[event.id!] ?? []).contains { $0.attendedPlaces > 0 }
        }
        let eventIDs = events.compactMap(\.id)
        func names<T: PartnershipListItem>(_ type: T.Type) async throws -> [UUID: String] {
            Dictionary(
                try await T.query(on: db).all().filter { $0.partnershipID == partnershipID }.compactMap { item in
                    item.id.map { ($0, item.name) }
                },
                uniquingKeysWith: { a, _ in a })
        }
        let objectives = try await names(Objective.self)
        let themes = try await names(Theme.self)
        let audiences = try await names(Audience.self)
        let partners = try await names(PartnerOrganisation.self)

        var total = Tally()
        var perQuarter: [Int: Tally] = [:]
        var perObjective: [String: Tally] = [:]
        var perTheme: [String: Tally] = [:]
        var perAudience: [String: Tally] = [:]
        var perPartner: [String: Tally] = [:]
        var perArea: [String: Tally] = [:]
        var friends = 0
        var friendsPerQuarter: [Int: Int] = [:]
        var friendsPerAudience: [String: Int] = [:]
        for event in events {
            let id = event.id!
            let q = quarter(event.startsAt)
            perQuarter[q, default: Tally()].sessions.insert(id)
            total.sessions.insert(id)
            for booking in byEvent[id] ?? [] {
                total.add(event: id, booking: booking)
                perQuarter[q, default: Tally()].add(event: id, booking: booking)
                for objective in event.objectives {
                    perObjective[objectives[objective] ?? "Removed objective", default: Tally()].add(
                        event: id, booking: booking)
                }
                for theme in event.themes {
                    perTheme[themes[theme] ?? "Removed theme", default: Tally()].add(event: id, booking: booking)
                }
                perAudience[booking.audienceID.flatMap { audiences[$0] } ?? "Not given", default: Tally()].add(
                    event: id, booking: booking)
                perPartner[event.partnerID.flatMap { partners[$0] } ?? "Not given", default: Tally()].add(
                    event: id, booking: booking)
                perArea[event.area.isEmpty ? "Not given" : event.area, default: Tally()].add(
                    event: id, booking: booking)
                if event.countsAsFriends {
                    friends += booking.attendedPlaces
                    friendsPerQuarter[q, default: 0] += booking.attendedPlaces
                    friendsPerAudience[booking.audienceID.flatMap { audiences[$0] } ?? "Not given", default: 0] +=
                        booking.attendedPlaces
                }
            }
        }
        let followOnQuery = Booking.query(on: db).filter(\.$partnershipID == partnershipID).filter(
            \.$sourceEventID ~~ eventIDs)
        // Today's figure reads confirmed bookings only; as at the period's end, cancelled ones may count too.
        if until == nil { followOnQuery.filter(\.$status == Booking.Status.confirmed) }
        let followOn =
            eventIDs.isEmpty
            ? 0
            : try await followOnQuery.all().filter { booking in
                guard let until else { return true }
                // As it stood at the period's end (fourth review): made by then, not on the waiting list then
                // (waiting now, or moved off it later), not cancelled by then. A booking cancelled later counts if it
                // held a place when cancelled (not if it was cancelled from the waiting list).
                return booking.createdAt < until && booking.status != .waiting
                    && (booking.promotedAt.map { $0 < until } ?? true)
                    && (booking.cancelledAt.map {
                        $0 >= until && booking.cancelledFrom != Booking.Status.waiting.rawValue
                    }
                        ?? (booking.status == .confirmed))
            }
            .reduce(0) { $0 + $1.places }
        func lines(_ tallies: [String: Tally]) -> [Line] {
            tallies.map { $0.value.line($0.key) }.sorted { $0.engaged > $1.engaged }
        }
        return EngagementFigures(
            quarters: Quarter.between(fromQuarter, toQuarter).map {
                ($0, (perQuarter[$0] ?? Tally()).line(Quarter.label($0)))
            },
            byObjective: lines(perObjective), byTheme: lines(perTheme), byAudience: lines(perAudience),
            byPartner: lines(perPartner),
            byArea: lines(perArea), total: total.line("All sessions"), followOnSignUps: followOn, friends: friends,
            friendsByQuarter: Quarter.between(fromQuarter, toQuarter).map { ($0, friendsPerQuarter[$0] ?? 0) },
            friendsByAudience: friendsPerAudience.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
            ambassadors: try await Ambassadors.reach(eventIDs: eventIDs, until: until, on: db))
    }
}
