import FluentKit
import Foundation

/// A few hundred completed checks for the demo partnership over the last year, across sectors and sizes, with
/// sector-typical weak spots (shops and trades weakest on backups and updates; charities on access and incident
/// plans), a quarter of them re-taken a few months later with improvements, and a handful asking for follow-up.
/// Seeded, so every machine gets the same figures.
public enum DemoResilienceChecks {
    /// Per sector: the chance (out of 100) of each answer being "yes", lowered for its weak areas.
    static let profiles: [(sector: ResilienceCheck.Sector, count: Int, weak: Set<String>)] = [
        (.retail, 60, ["backups", "updates", "incident"]), (.hospitality, 45, ["payments", "access", "backups"]),
        (.professional, 50, ["incident", "phishing"]), (.trades, 35, ["updates", "backups", "configuration"]),
        (.manufacturing, 15, ["incident", "access"]), (.health, 20, ["phishing", "payments"]),
        (.charity, 40, ["access", "incident", "backups"]), (.other, 3, ["firewalls"]),
    ]

    @discardableResult
    public static func load(on db: any Database, library: CheckLibrary = .shipped, today: Date = Date()) async throws
        -> Bool
    {
        guard let partnership = try await Partnerships.find(on: db, slug: DemoPartnership.slug), partnership.isDemo
        else { return false }
        let id = try partnership.requireID()
        if try await ResilienceCheck.query(on: db).filter(\.$partnership.$id == id).count() > 0 { return true }
        guard let business = library.latest("small-organisation"), let school = library.latest("school") else {
            return false
        }
        let areas = try await Courses.areas(partnershipID: id, on: db)
        var random = SplitMix64(seed: 9)
        func roll(_ n: Int) -> Int { Int(random.next() % UInt64(n)) }
        func answers(_ set: CheckSet, weak: Set<String>, boost: Int) -> [String: CheckScoring.Answer] {
            var result: [String: CheckScoring.Answer] = [:]
            for area in set.areas {
                let yes = min(95, (weak.contains(area.id) ? 30 : 65) + boost)
                for question in area.questions {
                    let r = roll(100)
                    result[question.id] = r < yes ? .yes : r < yes + 15 ? .partly : r < yes + 27 ? .no : .dontKnow
                }
            }
            return result
        }
        var people = 0
        let sizes = ResilienceCheck.Size.allCases
        let plans =
            profiles.flatMap { p in Array(repeating: (set: business, sector: p.sector, weak: p.weak), count: p.count) }
            + Array(
                repeating: (
                    set: school, sector: ResilienceCheck.Sector.school, weak: Set(["filtering", "accounts", "backups"])
                ), count: 30)
        for plan in plans {
            let daysAgo = Double(30 + roll(335))
            let first = try await ResilienceChecks.record(
                plan.set, answers: answers(plan.set, weak: plan.weak, boost: 0), partnershipID: id,
                at: today.addingTimeInterval(-daysAgo * 86_400), on: db)
            // Most give their sector; some skip the details altogether.
            var named = false
            if roll(10) < 8 {
                var details = ResilienceChecks.Details()
                details.consent = true
                details.sector = plan.sector.rawValue
                details.size =
                    plan.sector == .school ? (roll(2) == 0 ? "10-49" : "50-249") : sizes[min(roll(4), roll(5))].rawValue
                details.area = areas.isEmpty || roll(3) == 0 ? "" : areas[roll(areas.count)]
                if roll(12) == 0 {
                    people += 1
                    details.followUp = true
                    named = true
                    details.organisation =
                        "Demo \(plan.sector.label.split(separator: " ").first ?? "Organisation") \(people)"
                    details.name = ["Sam", "Alex", "Jo", "Chris", "Pat", "Robin"][people % 6] + " Example"
                    details.email = "contact\(people)@demo-organisation.example"
                }
                try await ResilienceChecks.describe(first, details, areas: areas, at: first.completedAt, on: db)
            }
            // A quarter come back a few months later, having acted on their list; so do those that asked for help
            // (their re-takes show on their record in the register of organisations, issue 23).
            if roll(4) == 0 || named, daysAgo > 90 {
                try await ResilienceChecks.record(
                    plan.set, answers: answers(plan.set, weak: plan.weak, boost: 20), partnershipID: id,
                    previousToken: first.token, at: today.addingTimeInterval(-Double(roll(Int(daysAgo) - 60)) * 86_400),
                    on: db)
            }
        }
        return true
    }
}
