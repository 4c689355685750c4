import Fluent
import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

/// The anonymous referral figures: counts only, always under the small-number rule (these are children).
extension ReferralsController {
    func figures(req: Request) async throws -> Response {
        let access = try await req.access(.viewAggregates)
        // A role without exact counts: one complete quarter at a time (`DisclosurePolicy.period`). The
        // safeguarding lead reads the referrals themselves, so chooses any period, as staff with exact counts do.
        let periods = access.allows(.viewRestricted) ? DisclosurePolicy.exact : access.disclosure
        let (from, to) = periods.period(
            from: req.query[Int.self, at: "from"], to: req.query[Int.self, at: "to"], length: 5, untilNow: true)
        let f = try await ReferralFigures.build(
            partnershipID: access.partnershipID, fromQuarter: from, toQuarter: to, on: req.db)
        // Always suppressed, whoever is looking: these are children.
        let tables = Self.tables(f, policy: access.publishedDisclosure).tables
        let choices = periods.applies ? periods.quarterChoices() : []
        return ReferralPages.figures(
            slug: access.slug, period: "\(Quarter.label(from)) to \(Quarter.label(to))", tables: tables,
            quarterOptions: choices.map { ("\($0)", Quarter.label($0)) }, quarter: "\(to)",
            chrome: req.chrome(access, current: .referralFigures)
        ).htmlResponse()
    }

    /// The referral figures as published: always under the disclosure rule, with further counts withheld so that
    /// no "<5" can be worked out from the totals (issue 19). Rows are listed by name, never by count.
    static func tables(_ f: ReferralFigures, policy: DisclosurePolicy = .published, secondary: Bool = true) -> (
        tables: [CrimePicturePage.Table], protected: ProtectedFigures
    ) {
        let lists: [(key: String, rows: [(label: String, count: Int)])] = [
            ("concerns", f.byConcern), ("sources", f.bySource), ("outcomes", f.outcomes), ("f6", f.followUp6),
            ("f12", f.followUp12), ("handed", f.handedOn),
        ].map { ($0.0, $0.1.sorted { $0.label < $1.label }) }
        let protected = ProtectedFigures(policy: policy, secondary: secondary) { figures in
            figures.cell("total", f.total)
            for q in f.quarters {
                figures.cell("received:\(q.quarter)", q.received)
                figures.cell("closed:\(q.quarter)", q.closed)
                figures.cell("intervention:\(q.quarter)", q.withIntervention)
                figures.cell("offered:\(q.quarter)", q.pathwaysOffered)
                figures.cell("taken:\(q.quarter)", q.pathwaysTakenUp)
            }
            figures.sum("total", of: f.quarters.map { "received:\($0.quarter)" })
            for list in lists {
                for row in list.rows { figures.cell("\(list.key):\(row.label)", row.count) }
            }
            // Each referral has one referring partner and one outcome (or is still open).
            figures.sum("total", of: lists[1].rows.map { "sources:\($0.label)" })
            figures.sum("total", of: lists[2].rows.map { "outcomes:\($0.label)" })
        }
        func rows(_ index: Int) -> [[String]] {
            lists[index].rows.map { [$0.label, protected.text("\(lists[index].key):\($0.label)")] }
        }
        let tables: [CrimePicturePage.Table] = [
            .init(
                key: "quarters", title: "By quarter received",
                columns: [
                    "", "Referrals", "Closed", "With an intervention", "Median days to first intervention",
                    "Pathways offered", "Pathways taken up",
                ],
                rows: f.quarters.map { q in
                    let median = protected.isHidden("intervention:\(q.quarter)") ? nil : q.medianDaysToIntervention
                    return [
                        Quarter.label(q.quarter), protected.text("received:\(q.quarter)"),
                        protected.text("closed:\(q.quarter)"), protected.text("intervention:\(q.quarter)"),
                        median.map(String.init) ?? "–", protected.text("offered:\(q.quarter)"),
                        protected.text("taken:\(q.quarter)"),
                    ]
                } + [["All", protected.text("total"), "", "", "", "", ""]]),
            .init(
                key: "concerns", title: "By concern (a referral can have several)", columns: ["", "Referrals"],
                rows: rows(0)),
            .init(key: "sources", title: "By referring partner", columns: ["", "Referrals"], rows: rows(1)),
            .init(key: "outcomes", title: "Outcome at closure", columns: ["", "Referrals"], rows: rows(2)),
            .init(
                key: "follow-up", title: "Follow-up after closure", columns: ["", "Referrals"],
                rows: rows(3).map { ["At 6 months: \($0[0])", $0[1]] }
                    + rows(4).map { ["At 12 months: \($0[0])", $0[1]] }),
            .init(key: "handed-on", title: "Handed to statutory routes", columns: ["", "Referrals"], rows: rows(5)),
        ]
        return (tables, protected)
    }
}
