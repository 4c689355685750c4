import Foundation
import SaferCyberCore
import SaferCyberViews

/// The year-to-date section of the board report (issue 23).
extension BoardReportModel {
    /// "Q1 to Q3 2026–27 (Apr–Dec 2026)".
    var yearToDateLabel: String {
        guard let ytd = report.yearToDate, let first = ytd.quarters.first, let last = ytd.quarters.last else {
            return ""
        }
        let year = report.year
        let (from, to) = (Quarter.firstMonth(first), Quarter.firstMonth(last) + 2)
        let months =
            from / 100 == to / 100
            ? "\(Month.shortLabel(from).prefix(3))–\(Month.shortLabel(to))"
            : "\(Month.shortLabel(from))–\(Month.shortLabel(to))"
        return ytd.spansMoreThanTheQuarter
            ? "Q1 to Q\(year.number(of: last)) \(year.yearLabel(ofYearHolding: last)) (\(months))"
            : "Q1 \(year.yearLabel(ofYearHolding: last)) (\(months))"
    }

    /// A year-to-date count beside the quarter's: withheld ("[c]") when either part is small (Core's rule).
    func yearToDateText(quarter: Int, yearToDate: Int, quarterHidden: Bool) -> String {
        guard !quarterHidden, format.policy.allowsYearToDate(quarter: quarter, yearToDate: yearToDate) else {
            return DisclosurePolicy.withheldText
        }
        return format.count(yearToDate)
    }

    func yearToDateFacts() -> [(String, String)] {
        guard let ytd = report.yearToDate, ytd.spansMoreThanTheQuarter else { return [] }
        var facts: [(String, String)] = []
        if let crime = ytd.crime {
            let quarter = report.crime?.recorded ?? 0
            let text = yearToDateText(quarter: quarter, yearToDate: crime, quarterHidden: false)
            facts.append(("Cyber-related crimes recorded", text))
            let change: String
            if let comparison = ytd.crimeComparison, text != DisclosurePolicy.withheldText,
                format.policy.allowsFigure(from: comparison.earlier, comparison.later)
            {
                change =
                    "\(percent(comparison.percentChange))\(comparison.hasEqualLengths ? "" : " per day") (from \(format.count(comparison.earlier))). \(comparison.sentence)"
            } else if ytd.crimeComparison != nil {
                change = "Too few to compare."
            } else {
                change = ytd.crimeNote ?? "Not compared."
            }
            facts.append(("Change on the same months a year earlier", change))
        }
        let d = ytd.delivery
        let q = report.delivery
        facts.append(("Sessions delivered", plain.count(d.total.sessions)))
        facts.append(
            (
                "Attendances",
                yearToDateText(
                    quarter: q.total.engaged, yearToDate: d.total.engaged, quarterHidden: protected.isHidden("engaged"))
            ))
        facts.append(
            (
                "Friends from awareness sessions",
                yearToDateText(
                    quarter: q.friendsAtSessions, yearToDate: d.friendsAtSessions,
                    quarterHidden: protected.isHidden("friends:sessions"))
            ))
        facts.append(
            (
                "Friends from online courses",
                yearToDateText(
                    quarter: q.friendsOnline, yearToDate: d.friendsOnline,
                    quarterHidden: protected.isHidden("friends:online"))
            ))
        facts.append(
            (
                "Friends in all",
                yearToDateText(quarter: q.friends, yearToDate: d.friends, quarterHidden: protected.isHidden("friends"))
            ))
        return facts
    }
}

/// The scrutiny section (issue 23): each review's recommendations and where they stood at the quarter's end.
extension BoardReportModel {
    func scrutinyTables() -> [CrimePicturePage.Table] {
        report.scrutiny.map { line in
            let s = line.summary
            let done = s.byStatus[.implemented] ?? 0
            return CrimePicturePage.Table(
                key: "scrutiny", title: line.title,
                columns: ["No.", "Recommendation", "Owner", "Response", "Progress", "Target"],
                rows: line.rows.map { row in
                    [
                        "\(row.number)", row.text, row.owner, row.response.label,
                        row.status.label + (row.overdue ? " (overdue)" : ""),
                        (row.target?.label ?? "–") + (row.slips > 0 ? " (moved \(row.slips)×)" : ""),
                    ]
                },
                note:
                    "\(s.total) recommendations: \(done) implemented, \(s.overdue) overdue; \(s.slipped) had their target moved later. Progress as at the quarter's last day."
            )
        }
    }
}

/// Crime counts read through the quarters' standard views (review of issue 19).
extension BoardReportModel {
    var previous: Int { Quarter.adding(-1, to: report.quarter) }
    var yearBefore: Int { Quarter.adding(-4, to: report.quarter) }

    /// A count of a quarter's standard view by its cell id, as that view shows it; by the policy alone when the
    /// quarter has no view here.
    func crimeCell(_ quarter: Int, _ id: String, _ value: Int) -> (text: String, hidden: Bool) {
        guard let tables = standard[quarter], tables.figures.values[id] != nil else {
            return (format.count(value), format.hides(value))
        }
        return (tables.cell(id), tables.isHidden(id))
    }

    /// A theme's count in a quarter, as that quarter's standard view shows its row.
    func themeCell(_ quarter: Int, _ theme: String, _ value: Int) -> (text: String, hidden: Bool) {
        guard let tables = standard[quarter] else { return (format.count(value), format.hides(value)) }
        guard let index = tables.displayed("themes").firstIndex(where: { $0.label == theme }) else {
            return (format.count(value), format.hides(value))
        }
        return crimeCell(quarter, "themes:\(index)", value)
    }

    /// Both quarters' totals are shown by their views (and neither is small), so a change may be given.
    func comparable(_ comparison: CountComparison, earlierQuarter: Int) -> Bool {
        format.policy.allowsFigure(from: comparison.earlier, comparison.later)
            && !crimeCell(earlierQuarter, "total", comparison.earlier).hidden
            && !crimeCell(report.quarter, "total", comparison.later).hidden
    }
}
