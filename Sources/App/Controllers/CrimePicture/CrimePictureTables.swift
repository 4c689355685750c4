import Foundation
import SaferCyberCore
import SaferCyberViews

/// Counts as people read them ("1,234"), through Core's `DisclosurePolicy` when suppressing.
struct CountFormat {
    let policy: DisclosurePolicy

    init(suppress: Bool) { policy = suppress ? .published : .exact }

    var suppress: Bool { policy.applies }

    func count(_ value: Int) -> String { policy.text(value) }

    /// Whether this count is hidden (so nothing worked out from it may be shown either).
    func hides(_ value: Int) -> Bool { policy.hides(value) }
}

/// Turns a report into the page's tables, applying small-number suppression for roles that need it.
struct CrimePictureTables {
    let report: CrimePictureReport
    let suppress: Bool

    func count(_ value: Int) -> String { CountFormat(suppress: suppress).count(value) }

    func share(_ value: Int) -> String {
        guard report.total > 0, !CountFormat(suppress: suppress).hides(value) else { return "–" }
        return String(format: "%.1f%%", Double(value) * 100 / Double(report.total))
    }

    func rate(_ row: CrimePictureReport.Row) -> String {
        guard let rate = row.rate, !CountFormat(suppress: suppress).hides(row.count) else { return "–" }
        return String(format: "%.2f", rate)
    }

    func simple(_ key: String, _ title: String, _ rows: [CrimePictureReport.Row], note: String? = nil)
        -> CrimePicturePage.Table
    {
        CrimePicturePage.Table(
            key: key, title: title, columns: ["", "Records", "Share"],
            rows: rows.map { [$0.label, count($0.count), share($0.count)] }, note: note)
    }

    func withRates(_ key: String, _ title: String, _ rows: [CrimePictureReport.Row], note: String)
        -> CrimePicturePage.Table
    {
        CrimePicturePage.Table(
            key: key, title: title, columns: ["", "Records", "Residents", "Per 1,000 residents"],
            rows: rows.map { [$0.label, count($0.count), $0.population.map { count($0) } ?? "–", rate($0)] }, note: note
        )
    }

    var quarters: CrimePicturePage.Table {
        CrimePicturePage.Table(
            key: "quarters", title: "Records per quarter", columns: ["Quarter", "Records"],
            rows: report.quarters.map { [Quarter.label($0.quarter), quarterCount($0.quarter, $0.count)] },
            note: "“No data”: nothing was imported for the quarter (it is not 0). “so far”: only some months are held.")
    }

    var months: CrimePicturePage.Table {
        let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return CrimePicturePage.Table(
            key: "months", title: "Records per month", columns: ["Month", "Records"],
            rows: report.months.map { entry in
                let label = "\(names[entry.month % 100 - 1]) \(entry.month / 100)"
                switch report.coverage.status(ofMonth: entry.month) {
                case .none: return [label, "No data"]
                case .partial: return [label, "\(count(entry.count)) so far"]
                case .complete: return [label, count(entry.count)]
                }
            })
    }

    /// A quarter's count, "No data" when nothing was imported for it, "… so far" when only part is held.
    func quarterCount(_ quarter: Int, _ value: Int) -> String {
        switch report.status(ofQuarter: quarter) {
        case .none: return "No data"
        case .partial(let held): return "\(count(value)) so far (\(held.count) of 3 months)"
        case .complete: return count(value)
        }
    }

    var bars: [BarChart.Bar] {
        report.quarters.map {
            let status = report.status(ofQuarter: $0.quarter)
            return BarChart.Bar(
                label: Quarter.label($0.quarter) + (status == .complete || status == .none ? "" : " (part)"),
                value: status == .none || CountFormat(suppress: suppress).hides($0.count) ? 0 : $0.count,
                display: status == .none ? "No data" : count($0.count))
        }
    }

    var all: [CrimePicturePage.Table] {
        let groups = [report.under16, report.youngPeople, report.olderPeople]
        return [
            quarters,
            months,
            simple(
                "themes", "By theme", report.byTheme,
                note: "Themes come from the partnership's classification rules; each record shows which rule matched."),
            CrimePicturePage.Table(
                key: "groups", title: "Young people and older people",
                columns: ["", "Records", "Residents", "Per 1,000 residents"],
                rows: groups.map { [$0.label, count($0.count), $0.population.map { count($0) } ?? "–", rate($0)] },
                note:
                    "Residents: children aged 0 to 15, for the whole partnership only. No rate is given for people aged 65 and over: the loaded population counts people aged 60 and over, and dividing by it would understate the rate by about a quarter."
            ),
            simple("age", "By victim age band", report.byAge),
            simple("victim-type", "By victim type", report.byVictimType),
            simple(
                "repeat", "Repeat victims",
                [
                    CrimePictureReport.Row(label: "Repeat victim", count: report.repeatVictims),
                    CrimePictureReport.Row(
                        label: "Not a repeat victim, or not recorded", count: report.total - report.repeatVictims),
                ]),
            simple(
                "basis", "Flagged by police or inferred", report.byBasis,
                note:
                    "Police mark online crime with the Home Office online flag, but flag quality varies; records our rules recognise as cyber without the flag are counted as inferred."
            ),
            simple("outcomes", "By outcome", report.byOutcome),
            simple(
                "offences", "By offence", Array(report.byOffence.prefix(25)),
                note: report.byOffence.count > 25 ? "The 25 most common offences." : nil),
            withRates(
                "areas", "By local authority", report.byArea, note: "Rates use mid-2015 population estimates by LSOA."),
            withRates("wards", "By ward", report.byWard, note: "Highest rate first."),
            withRates(
                "deprivation", "By deprivation decile", report.byDecile,
                note:
                    "English Indices of Deprivation 2019: decile 1 is the most deprived tenth of neighbourhoods in England."
            ),
        ]
    }
}
