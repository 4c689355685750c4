import Foundation
import SaferCyberCore
import SaferCyberViews

/// The board report's crime section: headline, facts, sentences, theme changes, trend bars.
extension BoardReportModel {
    func percent(_ change: Double?) -> String { change.map { String(format: "%+.0f%%", $0) } ?? "new" }

    /// A quarter of the trend: no bar for a quarter with no data, "so far" for a part-covered one.
    func bar(_ entry: (quarter: Int, count: Int, status: CrimeCoverage.QuarterStatus)) -> BarChart.Bar {
        let label = Quarter.label(entry.quarter)
        let shown = crimeCell(entry.quarter, "total", entry.count)
        switch entry.status {
        case .none: return BarChart.Bar(label: label, value: 0, display: "No data")
        // A small or withheld count is labelled ("<5", "[c]") and not drawn to scale: its height would give it back.
        case .partial:
            return BarChart.Bar(
                label: label + " (part)", value: shown.hidden ? 0 : entry.count, display: shown.text)
        case .complete:
            return BarChart.Bar(label: label, value: shown.hidden ? 0 : entry.count, display: shown.text)
        }
    }

    /// A change in per cent, unless a count behind it is small ("+150%" on 10 gives the earlier 4 back).
    func publishedPercent(_ comparison: CountComparison, earlierQuarter: Int) -> String {
        comparable(comparison, earlierQuarter: earlierQuarter)
            ? percent(comparison.percentChange) : "too few to compare"
    }

    /// A comparison's sentence, unless a count in it is small: "No change (3 in both periods)" gave the 3 away.
    func publishedSentence(_ comparison: CountComparison, earlierQuarter: Int) -> String {
        comparable(comparison, earlierQuarter: earlierQuarter)
            ? comparison.sentence
            : "too few to compare (fewer than \(format.policy.threshold) in a quarter, or withheld)."
    }

    /// "+12% (from 1,234)", or why there is no comparison.
    func change(_ comparison: CountComparison?, note: String?, earlierQuarter: Int) -> String {
        guard let comparison else { return note ?? "Not compared." }
        let earlier = crimeCell(earlierQuarter, "total", comparison.earlier).text
        guard comparable(comparison, earlierQuarter: earlierQuarter) else {
            return "Too few to compare (\(earlier) then \(crimeCell(report.quarter, "total", comparison.later).text))"
        }
        return
            "\(percent(comparison.percentChange))\(comparison.hasEqualLengths ? "" : " per day") (from \(earlier))"
    }

    func crimeHeadline(_ crime: BoardReport.CrimeHeadline) -> String {
        let recorded = "\(crimeCell(report.quarter, "total", crime.recorded).text) cyber-related crimes were recorded"
        if let incomplete = crime.incomplete {
            return "\(recorded) so far (\(incomplete)): the quarter is not complete, so it is not compared."
        }
        guard let qoq = crime.quarterOnQuarter, let yoy = crime.yearOnYear else {
            let parts = [
                crime.quarterOnQuarter.map {
                    "\(publishedPercent($0, earlierQuarter: previous)) on the quarter before"
                },
                crime.yearOnYear.map {
                    "\(publishedPercent($0, earlierQuarter: yearBefore)) on the same quarter last year"
                },
            ].compactMap { $0 }
            return recorded + (parts.isEmpty ? "" : ", " + parts.joined(separator: "; "))
                + ". " + [crime.quarterOnQuarterNote, crime.yearOnYearNote].compactMap { $0 }.joined(separator: " ")
        }
        return
            "\(recorded), \(publishedPercent(qoq, earlierQuarter: previous)) on the quarter before and \(publishedPercent(yoy, earlierQuarter: yearBefore)) on the same quarter last year (per day)."
    }

    func crimeFacts() -> [(String, String)] {
        guard let crime = report.crime else { return [] }
        var facts = [
            (
                crime.incomplete == nil ? "Cyber-related crimes recorded" : "Cyber-related crimes recorded so far",
                crimeCell(report.quarter, "total", crime.recorded).text
            ),
            (
                "Change on the previous quarter",
                change(crime.quarterOnQuarter, note: crime.quarterOnQuarterNote, earlierQuarter: previous)
            ),
            (
                "Change on the same quarter last year",
                change(crime.yearOnYear, note: crime.yearOnYearNote, earlierQuarter: yearBefore)
            ),
            ("Victims aged 65 and over", crimeCell(report.quarter, "group:older", crime.olderPeople).text),
            ("Victims under 25", crimeCell(report.quarter, "group:young", crime.youngPeople).text),
        ]
        if let gap = crime.estimated, publishes(gap) {
            facts.append(
                (
                    "Estimated incidents in themes with a reporting rate, " + reportingBasis(gap),
                    gap.low == gap.high
                        ? format.count(gap.estimate)
                        : "\(format.count(gap.estimate)) (\(format.count(gap.low == gap.estimate ? gap.high : gap.low)) with the other survey year's share)"
                ))
        }
        return facts
    }

    func crimeSentences() -> [String] {
        guard let crime = report.crime else { return [] }
        var sentences: [String] = []
        if let incomplete = crime.incomplete { sentences.append("This quarter is not complete: \(incomplete).") }
        sentences.append(
            "Compared with the previous quarter: "
                + (crime.quarterOnQuarter.map { publishedSentence($0, earlierQuarter: previous) }
                    ?? crime.quarterOnQuarterNote ?? "not compared."))
        sentences.append(
            "Compared with a year earlier: "
                + (crime.yearOnYear.map { publishedSentence($0, earlierQuarter: yearBefore) } ?? crime.yearOnYearNote
                    ?? "not compared."))
        if let method = (crime.quarterOnQuarter ?? crime.yearOnYear)?.methodText(showingDispersion: false) {
            sentences.append(method)
        }
        return sentences
    }

    func crimeTables() -> [CrimePicturePage.Table] {
        guard let crime = report.crime, !crime.biggestChanges.isEmpty else { return [] }
        return [
            .init(
                key: "changes", title: "Biggest changes by theme, on the previous quarter",
                columns: ["Theme", "Previous quarter", "This quarter", "Change"],
                rows: crime.biggestChanges.map {
                    let earlier = themeCell(previous, $0.theme, $0.comparison.earlier)
                    let later = themeCell(report.quarter, $0.theme, $0.comparison.later)
                    return [
                        $0.theme, earlier.text, later.text,
                        earlier.hidden || later.hidden ? "–" : percent($0.comparison.percentChange),
                    ]
                },
                note:
                    "Whether a change is more than chance is tested with an exact test on the two counts; see the crime picture for details."
            )
        ]
    }

    /// The estimate is published only when no theme's own count (shown on the reporting-gap page) is a small number:
    /// the sum less the others would give it back (review finding).
    func publishes(_ gap: BoardReport.Estimated) -> Bool {
        !gap.anyWithheld && format.policy.allowsFigure(from: gap.perTheme + [gap.reported] + gap.sharedOut)
    }

    /// How the records behind the estimate were counted, in words.
    func reportingBasis(_ gap: BoardReport.Estimated) -> String {
        var text =
            "if people here report as the national survey says"
            + (gap.local ? " (or, for themes with the partnership's own evidence, as that evidence says)" : "")
            + ": individual victims aged 16 and over, with records that do not say the victim's age or type shared out"
        if gap.allRecords { text += "; where no record says who the victim was, every record (which overstates)" }
        return text + ". The reporting-gap page shows each theme."
    }
}
