import FluentKit
import Foundation

/// What the register knows about one organisation, and about all of them: the timeline of what each has done and
/// the change in its resilience-check scores.
extension Organisations {
    /// One thing an organisation did, for its timeline.
    public struct Entry: Sendable, Equatable {
        public var date: Date
        public var kind: LinkKind
        public var itemID: UUID
        /// "Group booking: Staying safe online" and a line of detail ("30 places booked, 28 attended").
        public var title: String
        public var detail: String
        /// For a booking, the event (so staff can open its attendees).
        public var eventID: UUID?
    }

    /// One resilience check on the record.
    public struct CheckPoint: Sendable, Equatable {
        public var id: UUID
        public var checkID: String
        public var date: Date
        public var overall: Int
        public var scores: [String: Int]
        public var version = 1
    }

    /// The change between an organisation's first and latest check of the same kind (re-takes and later checks
    /// alike; checks of different kinds are not compared).
    public struct ScoreChange: Sendable, Equatable {
        public var checkID: String
        public var first: CheckPoint
        public var latest: CheckPoint
        /// How many checks of this kind lie between them, both included.
        public var checks: Int
        /// The question sets' versions, first and latest: when they differ, the questions changed in between.
        public var versions: (first: Int, latest: Int) = (1, 1)
        public var overall: Int { latest.overall - first.overall }
        /// Area id → (first, latest) for areas scored in both.
        public var areas: [(id: String, first: Int, latest: Int)] {
            first.scores.keys.sorted().compactMap { id in
                guard let before = first.scores[id], let after = latest.scores[id] else { return nil }
                return (id, before, after)
            }
        }
        public static func == (a: ScoreChange, b: ScoreChange) -> Bool {
            a.checkID == b.checkID && a.first == b.first && a.latest == b.latest && a.checks == b.checks
        }
    }

    /// The change for a set of checks: within the kind of the latest check, first against latest; nil with fewer
    /// than two of that kind.
    public static func change(_ checks: [CheckPoint]) -> ScoreChange? {
        let ordered = checks.sorted { ($0.date, $0.id.uuidString) < ($1.date, $1.id.uuidString) }
        guard let latest = ordered.last else { return nil }
        let same = ordered.filter { $0.checkID == latest.checkID }
        guard same.count >= 2 else { return nil }
        var change = ScoreChange(checkID: latest.checkID, first: same[0], latest: latest, checks: same.count)
        change.versions = (same[0].version, latest.version)
        return change
    }

    public struct Record: Sendable {
        public var organisation: Organisation
        /// Newest first.
        public var timeline: [Entry]
        public var checks: [CheckPoint]
        public var change: ScoreChange?
    }

    /// Everything linked to one organisation of the partnership.
    public static func record(id: UUID, partnershipID: UUID, on db: any Database) async throws -> Record {
        let organisation = try await find(id, partnershipID: partnershipID, on: db)
        let linked = try await Linked.load(partnershipID: partnershipID, organisationID: id, on: db)
        return Record(
            organisation: organisation, timeline: linked.timeline(of: id), checks: linked.checks[id] ?? [],
            change: change(linked.checks[id] ?? []))
    }

    /// A line of the register.
    public struct Summary: Sendable {
        public var organisation: Organisation
        public var bookings: Int
        public var attendedPlaces: Int
        public var games: Int
        public var checks: Int
        public var resources: Int
        public var latestScore: Int?
        public var change: ScoreChange?
        public var lastActivity: Date?
    }

    /// The register with what is linked to each organisation, by name (four queries, whatever its size).
    public static func register(partnershipID: UUID, now: Date = Date(), on db: any Database) async throws
        -> [Summary]
    {
        let organisations = try await all(partnershipID: partnershipID, on: db)
        let linked = try await Linked.load(partnershipID: partnershipID, organisationID: nil, on: db)
        return organisations.compactMap { o in
            guard let id = o.id else { return nil }
            let bookings = linked.bookings[id] ?? []
            let checks = linked.checks[id] ?? []
            let latest = checks.max { ($0.date, $0.id.uuidString) < ($1.date, $1.id.uuidString) }
            return Summary(
                organisation: o, bookings: bookings.count,
                attendedPlaces: bookings.reduce(0) { $0 + $1.booking.attendedPlaces },
                games: linked.games[id]?.count ?? 0, checks: checks.count,
                resources: linked.resources[id]?.count ?? 0, latestScore: latest?.overall, change: change(checks),
                lastActivity: linked.timeline(of: id).first { $0.date <= now }?.date)
        }
    }

    /// Items not linked to any organisation that could be: group bookings, game sessions, checks given with
    /// consent, resources. `suggested` are those whose name matches the organisation's.
    public struct Candidates: Sendable {
        public var suggested: [Entry]
        public var bookings: [Entry]
        public var games: [Entry]
        public var checks: [Entry]
        public var resources: [Entry]
    }

    /// At most this many of each kind are offered, newest first.
    public static let candidateLimit = 100

    public static func candidates(for organisation: Organisation, on db: any Database) async throws -> Candidates {
        let partnershipID = organisation.$partnership.id
        let match = organisation.matchName
        let bookings = try await Booking.query(on: db).filter(\.$partnershipID == partnershipID)
            .filter(\.$isGroup == true).filter(\.$organisationID == nil).filter(\.$anonymisedAt == nil)
            .filter(\.$status != Booking.Status.cancelled).join(
                Event.self, on: \Booking.$event.$id == \Event.$id
            )
            .sort(Event.self, \.$startsAt, .descending).limit(candidateLimit).all()
        let games = try await GameSession.query(on: db).filter(\.$partnership.$id == partnershipID)
            .filter(\.$organisationID == nil).sort(\.$createdAt, .descending).limit(candidateLimit).all()
        let checks = try await ResilienceCheck.query(on: db).filter(\.$partnership.$id == partnershipID)
            .filter(\.$organisationID == nil).sort(\.$completedAt, .descending).limit(candidateLimit * 4).all()
            .filter(hasConsent).prefix(candidateLimit)
        let resources = try await LibraryResource.query(on: db).filter(\.$partnership.$id == partnershipID)
            .filter(\.$organisationID == nil).sort(\.$addedAt, .descending).limit(candidateLimit).all()
        let bookingEntries = try bookings.map { try Linked.entry($0, event: try $0.joined(Event.self)) }
        let checkEntries = Array(checks).compactMap(Linked.entry)
        let suggested =
            zip(bookings, bookingEntries).filter { normalisedName($0.0.organisation) == match }.map(\.1)
            + zip(Array(checks), checkEntries).filter { normalisedName($0.0.organisationName ?? "") == match }.map(\.1)
        return Candidates(
            suggested: suggested, bookings: bookingEntries, games: games.compactMap(Linked.entry),
            checks: checkEntries, resources: resources.compactMap(Linked.entry))
    }
}

/// What is linked to the partnership's organisations (or one of them), read in one query per kind.
struct Linked {
    var bookings: [UUID: [(booking: Booking, event: Event)]] = [:]
    var games: [UUID: [GameSession]] = [:]
    var checks: [UUID: [Organisations.CheckPoint]] = [:]
    var resources: [UUID: [LibraryResource]] = [:]
    var entries: [UUID: [Organisations.Entry]] = [:]

    static func load(partnershipID: UUID, organisationID: UUID?, on db: any Database) async throws -> Linked {
        var linked = Linked()
        var bookingQuery = Booking.query(on: db).filter(\.$partnershipID == partnershipID)
            .filter(\.$organisationID != nil).filter(\.$status != Booking.Status.cancelled)
            .join(Event.self, on: \Booking.$event.$id == \Event.$id)
        var gameQuery = GameSession.query(on: db).filter(\.$partnership.$id == partnershipID)
            .filter(\.$organisationID != nil)
        var checkQuery = ResilienceCheck.query(on: db).filter(\.$partnership.$id == partnershipID)
            .filter(\.$organisationID != nil)
        var resourceQuery = LibraryResource.query(on: db).filter(\.$partnership.$id == partnershipID)
            .filter(\.$organisationID != nil)
        if let organisationID {
            bookingQuery = bookingQuery.filter(\.$organisationID == organisationID)
            gameQuery = gameQuery.filter(\.$organisationID == organisationID)
            checkQuery = checkQuery.filter(\.$organisationID == organisationID)
            resourceQuery = resourceQuery.filter(\.$organisationID == organisationID)
        }
        for booking in try await bookingQuery.all() {
            guard let owner = booking.organisationID else { continue }
            let event = try booking.joined(Event.self)
            linked.bookings[owner, default: []].append((booking, event))
            linked.entries[owner, default: []].append(try entry(booking, event: event))
        }
        for game in try await gameQuery.all() {
            guard let owner = game.organisationID, let line = entry(game) else { continue }
            linked.games[owner, default: []].append(game)
            linked.entries[owner, default: []].append(line)
        }
        for check in try await checkQuery.all() {
            guard let owner = check.organisationID, let id = check.id, let line = entry(check) else { continue }
            linked.checks[owner, default: []].append(
                .init(
                    id: id, checkID: check.checkID, date: check.completedAt, overall: check.overall,
                    scores: check.scores, version: check.version))
            linked.entries[owner, default: []].append(line)
        }
        for resource in try await resourceQuery.all() {
            guard let owner = resource.organisationID, let line = entry(resource) else { continue }
            linked.resources[owner, default: []].append(resource)
            linked.entries[owner, default: []].append(line)
        }
        return linked
    }

    /// Newest first.
    func timeline(of id: UUID) -> [Organisations.Entry] {
        (entries[id] ?? []).sorted { ($0.date, $0.itemID.uuidString) > ($1.date, $1.itemID.uuidString) }
    }

    static func places(_ n: Int) -> String { n == 1 ? "1 place" : "\(n) places" }

    static func entry(_ booking: Booking, event: Event) throws -> Organisations.Entry {
        let status: String
        switch booking.status {
        case .waiting: status = "on the waiting list"
        case .cancelled: status = "cancelled"
        case .confirmed:
            status =
                event.startsAt > Date() && booking.attendedPlaces == 0
                ? "confirmed" : "\(booking.attendedPlaces) attended"
        }
        return .init(
            date: event.startsAt, kind: .booking, itemID: try booking.requireID(),
            title: "Group booking: \(event.title)",
            detail: "\(places(booking.places)) \(booking.isWalkIn ? "walked in" : "booked") by "
                + (booking.organisation.isEmpty
                    ? (booking.anonymisedAt == nil ? "a group that gave no name" : "a group whose details were removed")
                    : booking.organisation) + ", \(status)", eventID: event.id)
    }

    static func entry(_ game: GameSession) -> Organisations.Entry? {
        guard let id = game.id else { return nil }
        let played = game.players > 0 ? "\(game.teams) teams, \(game.players) players" : "not played yet"
        return .init(
            date: game.startedAt ?? game.createdAt ?? Date(timeIntervalSince1970: 0), kind: .game, itemID: id,
            title: "Game: \(game.title)", detail: played, eventID: nil)
    }

    static func entry(_ check: ResilienceCheck) -> Organisations.Entry? {
        guard let id = check.id else { return nil }
        return .init(
            date: check.completedAt, kind: .check, itemID: id,
            title: check.previousID == nil ? "Resilience check" : "Resilience check (re-take)",
            detail: "Overall score \(check.overall) out of 100"
                + (check.organisationName.map { " \u{2014} named \u{201C}\($0)\u{201D}" } ?? ""), eventID: nil)
    }

    static func entry(_ resource: LibraryResource) -> Organisations.Entry? {
        guard let id = resource.id else { return nil }
        return .init(
            date: resource.addedAt, kind: .resource, itemID: id, title: "Resource: \(resource.title)",
            detail: resource.status.label, eventID: nil)
    }
}
