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

    /// A year-to-date count: withheld ("[c]") when any quarter's own count in it is small (Core's rule) or withheld
    /// where that quarter is published.
    func yearToDateText(parts: [Int], yearToDate: Int, anyHidden: Bool) -> String {
        guard !anyHidden, format.policy.allowsYearToDate(quarters: parts) else { return DisclosurePolicy.withheldText }
        return format.count(yearToDate)
    }

    func yearToDateFacts() -> [(String, String)] {
        guard let ytd = report.yearToDate, ytd.spansMoreThanTheQuarter else { return [] }
        var facts: [(String, String)] = []
        if let crime = ytd.crime {
            // Each quarter's total as its own standard view shows it (the report's quarter and the three before).
            let withheld = zip(ytd.quarters, ytd.crimeByQuarter).contains { crimeCell($0, "total", $1).hidden }
            let text = yearToDateText(parts: ytd.crimeByQuarter, yearToDate: crime, anyHidden: withheld)
            facts.append(("Cyber-related crimes recorded", text))
            let change: String
            if let comparison = ytd.crimeComparison, text != DisclosurePolicy.withheldText,
                format.policy.allowsYearToDate(quarters: ytd.crimeYearBeforeByQuarter),
                !crimeCell(yearBefore, "total", ytd.crimeYearBeforeByQuarter.last ?? 0).hidden
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
        facts.append(("Sessions delivered", plain.count(d.total.sessions)))
        facts.append(
            (
                "Attendances",
                yearToDateText(
                    parts: ytd.attendancesByQuarter, yearToDate: d.total.engaged,
                    anyHidden: deliveryIsHidden("engaged"))
            ))
        // Friends in all only: its parts (sessions, online courses) would tie a withheld one to the total.
        facts.append(
            (
                "Friends (awareness sessions and online courses)",
                yearToDateText(
                    parts: ytd.friendsByQuarter, yearToDate: d.friends, anyHidden: deliveryIsHidden("friends"))
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
