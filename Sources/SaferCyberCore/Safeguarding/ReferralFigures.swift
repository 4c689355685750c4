import FluentKit
import Foundation

/// The anonymous counts every role may see (and the board report carries): referrals by quarter received, concern,
/// source and outcome; time to first intervention; pathways taken up; follow-up. Built only from the plain
/// categories, so the counts survive anonymisation. Callers show counts under 5 as "<5".
public struct ReferralFigures: Sendable, Equatable {
    public struct Quarter: Sendable, Equatable {
        public var quarter: Int
        public var received: Int
        public var closed: Int
        /// Median days from received to the first delivered intervention, for referrals received this quarter that
        /// have one; nil with fewer than 5 (too few to show).
        public var medianDaysToIntervention: Int?
        public var withIntervention: Int
        public var pathwaysOffered: Int
        public var pathwaysTakenUp: Int
    }

    public var quarters: [Quarter]
    public var byConcern: [(label: String, count: Int)]
    public var bySource: [(label: String, count: Int)]
    public var outcomes: [(label: String, count: Int)]
    public var followUp6: [(label: String, count: Int)]
    public var followUp12: [(label: String, count: Int)]
    public var handedOn: [(label: String, count: Int)]
    public var total: Int

    public static func == (a: ReferralFigures, b: ReferralFigures) -> Bool {
        func same(_ x: [(label: String, count: Int)], _ y: [(label: String, count: Int)]) -> Bool {
            x.map(\.label) == y.map(\.label) && x.map(\.count) == y.map(\.count)
        }
        return a.quarters == b.quarters && same(a.byConcern, b.byConcern) && same(a.bySource, b.bySource)
            && same(a.outcomes, b.outcomes)
            && same(a.followUp6, b.followUp6) && same(a.followUp12, b.followUp12) && same(a.handedOn, b.handedOn)
            && a.total == b.total
    }

    static func median(_ values: [Int]) -> Int? {
        guard values.count >= 5 else { return nil }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1
            ? sorted[mid] : Int((Double(sorted[mid - 1] + sorted[mid]) / 2).rounded(.toNearestOrAwayFromZero))
    }

    public static func build(partnershipID: UUID, fromQuarter: Int, toQuarter: Int, on db: any Database) async throws
        -> ReferralFigures
    {
        let all = try await Referral.query(on: db).filter(\.$partnership.$id == partnershipID).all()
        let inRange = all.filter {
            CalendarDay($0.receivedOn).map { (fromQuarter...toQuarter).contains($0.quarter) } ?? false
        }
        let ids = inRange.compactMap(\.id)
        let interventions =
            ids.isEmpty ? [] : try await ReferralIntervention.query(on: db).filter(\.$referral.$id ~~ ids).all()
        let pathways = ids.isEmpty ? [] : try await ReferralPathway.query(on: db).filter(\.$referral.$id ~~ ids).all()
        let partners = Dictionary(
            try await PartnerOrganisation.query(on: db).filter(\.$partnership.$id == partnershipID).all()
                .compactMap { p in p.id.map { ($0, p.name) } }, uniquingKeysWith: { a, _ in a })
        let firstDelivered = Dictionary(
            grouping: interventions.filter { $0.deliveredOn != nil }, by: { $0.$referral.id }
        )
        .compactMapValues { $0.compactMap { CalendarDay($0.deliveredOn ?? "") }.min() }
        let pathwaysByReferral = Dictionary(grouping: pathways, by: { $0.$referral.id })

        func counted(_ keys: [String]) -> [(label: String, count: Int)] {
            Dictionary(grouping: keys, by: { $0 }).map { ($0.key, $0.value.count) }.sorted {
                ($1.1, $0.0) < ($0.1, $1.0)
            }
        }
        let quarters = SaferCyberCore.Quarter.between(fromQuarter, toQuarter).map { q -> Quarter in
            let received = inRange.filter { CalendarDay($0.receivedOn)?.quarter == q }
            let days = received.compactMap { r -> Int? in
                guard let start = CalendarDay(r.receivedOn), let first = r.id.flatMap({ firstDelivered[$0] }) else {
                    return nil
                }
                return max(0, start.days(until: first))
            }
            let offered = received.flatMap { r in r.id.flatMap { pathwaysByReferral[$0] } ?? [] }
            return Quarter(
                quarter: q, received: received.count,
                closed: all.filter { CalendarDay($0.closedOn ?? "")?.quarter == q }.count,
                medianDaysToIntervention: median(days), withIntervention: days.count,
                pathwaysOffered: offered.count, pathwaysTakenUp: offered.filter { $0.takenUp == true }.count)
        }
        return ReferralFigures(
            quarters: quarters,
            byConcern: counted(inRange.flatMap { $0.concernList.map(\.short) }),
            bySource: counted(inRange.map { $0.referrerPartnerID.flatMap { partners[$0] } ?? "Not recorded" }),
            outcomes: counted(
                inRange.compactMap { $0.outcome.flatMap(Referral.Outcome.init(rawValue:))?.label }
                    + inRange.filter { !$0.isClosed }.map { _ in "Still open" }),
            followUp6: counted(inRange.compactMap { $0.followUp6.flatMap(Referral.FollowUp.init(rawValue:))?.label }),
            followUp12: counted(inRange.compactMap { $0.followUp12.flatMap(Referral.FollowUp.init(rawValue:))?.label }),
            handedOn: counted(
                inRange.compactMap { r in
                    r.statutoryRoute == "none" ? nil : Referral.Route(rawValue: r.statutoryRoute)?.label
                }),
            total: inRange.count)
    }
}
