import FluentKit
import Foundation

/// What needs a coordinator's attention on the partnership's home page (issue 23): counts of work waiting, each
/// shown only to a role that can act on it or see it. Counts of actions, events, imports and emails, never of people.
public enum HomeDesk {
    public enum Kind: String, Sendable, CaseIterable {
        /// Open plan actions past their due date.
        case overdueActions
        /// Open plan actions rated red.
        case redActions
        /// Plan gaps and possible duplicates the sub-group has not reviewed.
        case unreviewedFlags
        /// Published events in the next 7 days with places left.
        case eventsWithPlacesLeft
        /// Published events to come with people on the waiting list.
        case eventsWithWaitingLists
        /// Events that ended but are still "Published": reach counts them, but they should be marked completed.
        case pastEventsStillPublished
        /// Organisations that asked for follow-up after a resilience check and have not been contacted.
        case followUpsNotContacted
        /// Crime imports of the last 90 days with rejected rows.
        case importsWithRejectedRows
        /// Emails that could not be sent, or that bounced.
        case failedEmails
        /// Board reports of this reporting year's complete quarters not yet issued.
        case reportsNotIssued

        /// What the count is, in words ("3 open actions are past their due date").
        public func sentence(_ n: Int) -> String {
            let one = n == 1
            switch self {
            case .overdueActions:
                return one ? "1 open action is past its due date" : "\(n) open actions are past their due date"
            case .redActions: return one ? "1 open action is rated red" : "\(n) open actions are rated red"
            case .unreviewedFlags:
                return one
                    ? "1 plan gap or possible duplicate has not been reviewed"
                    : "\(n) plan gaps or possible duplicates have not been reviewed"
            case .eventsWithPlacesLeft:
                return one
                    ? "1 event in the next 7 days has places left"
                    : "\(n) events in the next 7 days have places left"
            case .eventsWithWaitingLists:
                return one ? "1 event to come has a waiting list" : "\(n) events to come have a waiting list"
            case .pastEventsStillPublished:
                return one
                    ? "1 event has ended but is still marked Published: mark it Completed (or Cancelled)"
                    : "\(n) events have ended but are still marked Published: mark them Completed (or Cancelled)"
            case .followUpsNotContacted:
                return one
                    ? "1 organisation asked for follow-up after a resilience check and has not been contacted"
                    : "\(n) organisations asked for follow-up after a resilience check and have not been contacted"
            case .importsWithRejectedRows:
                return one
                    ? "1 crime import in the last 90 days has rejected rows"
                    : "\(n) crime imports in the last 90 days have rejected rows"
            case .failedEmails:
                return one
                    ? "1 email could not be sent or bounced" : "\(n) emails could not be sent or bounced"
            case .reportsNotIssued:
                return one
                    ? "1 board report of this reporting year's complete quarters has not been issued"
                    : "\(n) board reports of this reporting year's complete quarters have not been issued"
            }
        }

        /// Who sees the item.
        public var permission: Permission {
            switch self {
            case .overdueActions, .redActions, .unreviewedFlags, .eventsWithPlacesLeft, .eventsWithWaitingLists:
                .viewAggregates
            case .pastEventsStillPublished: .manageEvents
            case .followUpsNotContacted: .contactOrganisations
            case .importsWithRejectedRows: .manageCrimeData
            case .failedEmails: .editSettings
            case .reportsNotIssued: .issueReports
            }
        }
    }

    public struct Item: Sendable, Equatable {
        public var kind: Kind
        public var count: Int
    }

    /// The items with a count above zero that `allows` lets the person see, in `Kind`'s order.
    public static func attention(
        partnershipID: UUID, allows: (Permission) -> Bool, now: Date = Date(), on db: any Database
    ) async throws -> [Item] {
        var items: [Item] = []
        func add(_ kind: Kind, _ count: () async throws -> Int) async throws {
            guard allows(kind.permission) else { return }
            let n = try await count()
            if n > 0 { items.append(Item(kind: kind, count: n)) }
        }
        let today = CalendarDay.today(now)
        let open = try await PlanActions.all(partnershipID: partnershipID, on: db).filter { !$0.status.isClosed }
        try await add(.overdueActions) { open.filter { $0.due.map { $0 < today } ?? false }.count }
        try await add(.redActions) { open.filter { $0.rating == .red }.count }
        try await add(.unreviewedFlags) {
            try await PlanChecks.run(
                partnershipID: partnershipID, quarter: Quarter.lastComplete(before: now), on: db
            ).unresolved.count
        }
        let published = Event.Status.published
        let coming = try await Event.query(on: db).filter(\.$partnership.$id == partnershipID)
            .filter(\.$status == published).filter(\.$endsAt > now).all()
        let comingIDs = coming.compactMap(\.id)
        let booked =
            comingIDs.isEmpty
            ? []
            : try await Booking.query(on: db).filter(\.$event.$id ~~ comingIDs)
                .filter(\.$status ~~ [Booking.Status.confirmed, Booking.Status.waiting]).all()
        let week = now.addingTimeInterval(7 * 24 * 3600)
        try await add(.eventsWithPlacesLeft) {
            coming.filter { event in
                guard event.startsAt <= week, event.capacity > 0 else { return false }
                let taken = booked.filter { $0.$event.id == event.id && $0.status == .confirmed }
                    .reduce(0) { $0 + $1.places }
                return taken < event.capacity
            }.count
        }
        try await add(.eventsWithWaitingLists) {
            Set(booked.filter { $0.status == .waiting }.map(\.$event.id)).count
        }
        try await add(.pastEventsStillPublished) {
            try await Event.query(on: db).filter(\.$partnership.$id == partnershipID).filter(\.$status == published)
                .filter(\.$endsAt <= now).count()
        }
        try await add(.followUpsNotContacted) {
            try await ResilienceCheck.query(on: db).filter(\.$partnership.$id == partnershipID)
                .filter(\.$followUp == true).filter(\.$contactedAt == nil).count()
        }
        try await add(.importsWithRejectedRows) {
            try await CrimeImport.query(on: db).filter(\.$partnership.$id == partnershipID)
                .filter(\.$rejected > 0).filter(\.$startedAt >= now.addingTimeInterval(-90 * 24 * 3600)).count()
        }
        try await add(.failedEmails) {
            try await OutboxMessage.query(on: db).filter(\.$partnershipID == partnershipID)
                .filter(\.$status ~~ [OutboxMessage.Status.failed, OutboxMessage.Status.bounced])
                .count()
        }
        try await add(.reportsNotIssued) {
            guard let partnership = try await Partnership.find(partnershipID, on: db) else { return 0 }
            let due = ReportingYear(partnership).yearToDate(through: Quarter.lastComplete(before: now))
            let issued = Set(try await IssuedReports.issuedQuarters(partnershipID: partnershipID, on: db))
            return due.filter { !issued.contains($0) }.count
        }
        return items
    }
}
