import FluentKit
import Foundation

/// A year and a bit of "where do I report this?" journeys for the demo partnership, rising after the
/// reporting campaign, answered the way residents do (mostly fraud and scam messages). Seeded, so every
/// machine gets the same counts; local contacts; and an indicator that follows the counts.
public enum DemoReportJourneys {
    static let answers: [(ReportRouter.Answers, weight: Int)] = [
        (.init(danger: false, happened: .fraud, child: false, money: true, scotland: false), 30),
        (.init(danger: false, happened: .fraud, child: false, money: false, scotland: false), 12),
        (.init(danger: false, happened: .scamMessage, money: false), 28),
        (.init(danger: false, happened: .hacked, child: false, money: false, scotland: false), 10),
        (.init(danger: false, happened: .images, child: true), 4),
        (.init(danger: false, happened: .images, child: false), 3),
        (.init(danger: false, happened: .harassment, child: false), 6),
        (.init(danger: false, happened: .youngHacker), 3),
        (.init(danger: false, happened: .childAbuse), 2),
        (.init(danger: false, happened: .extremism), 1),
        (.init(danger: true), 1),
    ]

    @discardableResult
    public static func load(on db: any Database, today: Date = Date()) async throws -> Bool {
        guard let partnership = try await Partnerships.find(on: db, slug: DemoPartnership.slug), partnership.isDemo
        else { return false }
        let id = try partnership.requireID()
        if try await ReportJourney.query(on: db).filter(\.$partnership.$id == id).count() > 0 { return true }
        var random = SplitMix64(seed: 8)
        let total = answers.reduce(0) { $0 + $1.weight }
        let thisQuarter = Quarter.of(date: today)
        var journeys: [ReportJourney] = []
        for back in 0..<5 {
            let quarter = Quarter.adding(-back, to: thisQuarter)
            let span = Quarter.span(quarter)
            let end = min(span.end, today)
            guard end > span.start else { continue }
            // More people find the router each quarter as partners share the link (the newest quarter is part-way).
            let count = (back == 0 ? 40 : 120) - back * 15
            for _ in 0..<count {
                var pick = Int(random.next() % UInt64(total))
                let chosen = answers.first {
                    pick -= $0.weight
                    return pick < 0
                }!.0
                let at = span.start.addingTimeInterval(
                    Double(random.next() % 1000) / 1000 * end.timeIntervalSince(span.start))
                journeys.append(try ReportJourneys.journey(partnershipID: id, answers: chosen, at: at))
            }
        }
        partnership.localContacts = """
            Demo County Council community safety team: 0300 000 0000 (weekdays)
            Demo Constabulary Cyber Protect: cyberprotect@demo.example
            Demo County Prevent team: prevent@demo.example
            South Region Cyber Choices: cyberchoices@demo.example
            """
        let rows = journeys
        try await db.write { tx in
            try await rows.create(on: tx)
            try await partnership.save(on: tx)
            try await Indicators.create(
                partnershipID: id, title: "People who found where to report", source: .reportJourneys, direction: .up,
                by: .system("demo data"), on: tx)
        }
        return true
    }
}
