import Foundation
import SaferCyberCore
import SaferCyberViews

/// Counts as people read them ("1,234"), through Core's `DisclosurePolicy` when suppressing.
struct CountFormat {
    let policy: DisclosurePolicy

    init(suppress: Bool) { policy = suppress ? .published : .exact }

    init(policy: DisclosurePolicy) { self.policy = policy }

    var suppress: Bool { policy.applies }

    func count(_ value: Int) -> String { policy.text(value) }

    /// Whether this count is hidden (so nothing worked out from it may be shown either).
    func hides(_ value: Int) -> Bool { policy.hides(value) }
}

/// Turns a report into the page's tables, applying the disclosure rule for roles that need it: small counts as
/// "<5", and — because the tables add up to the total, and months to quarters — enough further cells withheld
/// ("[c]") that no small count can be worked out by subtraction (`DisclosurePolicy.protect`).
struct CrimePictureTables {
    let report: CrimePictureReport
    /// The page's counts and how each is shown (Core's one home for the rule).
    let protected: ProtectedFigures

    init(report: CrimePictureReport, policy: DisclosurePolicy, secondary: Bool = true) {
        self.report = report
        protected = report.protected(policy, secondary: secondary)
    }

    var policy: DisclosurePolicy { protected.policy }
    var suppress: Bool { policy.applies }
    var figures: PublishedFigures { protected.figures }
    var visibility: [String: Visibility] { protected.visibility }

    /// A number that is not a count of records (residents): shown as it is.
    func count(_ value: Int) -> String { policy.text(value) }

    /// A published count, by its cell id.
    func cell(_ id: String) -> String { protected.text(id) }

    func isHidden(_ id: String) -> Bool { protected.isHidden(id) }

    func share(_ id: String) -> String {
        guard report.total > 0, !isHidden(id), !isHidden("total"), let value = figures.values[id] else { return "–" }
        return String(format: "%.1f%%", Double(value) * 100 / Double(report.total))
    }

    func rate(_ row: CrimePictureReport.Row, _ id: String) -> String {
        guard let rate = row.rate, !isHidden(id) else { return "–" }
        return String(format: "%.2f", rate)
    }

    func displayed(_ key: String) -> [CrimePictureReport.Row] { report.displayed(key, suppress: suppress) }

    func simple(_ key: String, _ title: String, _ rows: [CrimePictureReport.Row], note: String? = nil)
        -> CrimePicturePage.Table
    {
        CrimePicturePage.Table(
            key: key, title: title, columns: ["", "Records", "Share"],
            rows: rows.enumerated().map { [$1.label, cell("\(key):\($0)"), share("\(key):\($0)")] }, note: note)
    }

    func withRates(_ key: String, _ title: String, _ rows: [CrimePictureReport.Row], note: String)
        -> CrimePicturePage.Table
    {
        CrimePicturePage.Table(
            key: key, title: title, columns: ["", "Records", "Residents", "Per 1,000 residents"],
            rows: rows.enumerated().map { index, row in
                [
                    // A hidden row's residents, beside rates of neighbouring rows, would help work its count out.
                    row.label, cell("\(key):\(index)"),
                    isHidden("\(key):\(index)") ? "–" : row.population.map { count($0) } ?? "–",
                    rate(row, "\(key):\(index)"),
                ]
            }, note: note)
    }

    var quarters: CrimePicturePage.Table {
        CrimePicturePage.Table(
            key: "quarters", title: "Records per quarter", columns: ["Quarter", "Records"],
            rows: report.quarters.map { [Quarter.label($0.quarter), quarterCount($0.quarter)] },
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
                case .partial: return [label, "\(cell("m:\(entry.month)")) so far"]
                case .complete: return [label, cell("m:\(entry.month)")]
                }
            })
    }

    /// A quarter's count, "No data" when nothing was imported for it, "… so far" when only part is held.
    func quarterCount(_ quarter: Int) -> String {
        switch report.status(ofQuarter: quarter) {
        case .none: return "No data"
        case .partial(let held): return "\(cell("q:\(quarter)")) so far (\(held.count) of 3 months)"
        case .complete: return cell("q:\(quarter)")
        }
    }

    var bars: [BarChart.Bar] {
        report.quarters.map {
            let status = report.status(ofQuarter: $0.quarter)
            return BarChart.Bar(
                label: Quarter.label($0.quarter) + (status == .complete || status == .none ? "" : " (part)"),
                value: status == .none || isHidden("q:\($0.quarter)") ? 0 : $0.count,
                display: status == .none ? "No data" : cell("q:\($0.quarter)"))
        }
    }

    var all: [CrimePicturePage.Table] {
        let groups = [report.under16, report.youngPeople, report.olderPeople]
        return [
            quarters,
            months,
            simple(
                "themes", "By theme", displayed("themes"),
                note: "Themes come from the partnership's classification rules; each record shows which rule matched."),
            CrimePicturePage.Table(
                key: "groups", title: "Young people and older people",
                columns: ["", "Records", "Residents", "Per 1,000 residents"],
                rows: groups.enumerated().map { index, row in
                    let id = CrimePictureReport.groupID(index)
                    return [row.label, cell(id), row.population.map { count($0) } ?? "–", rate(row, id)]
                },
                note:
                    "Residents of the same ages as the victims counted, for the whole partnership only. Children aged 0 to 15 come from either population file; people under 25 and people aged 65 and over only from ONS estimates by single year of age. Where the loaded population does not have those ages (the IoD2019 file counts people aged 60 and over, which would understate the 65-and-over rate by about a quarter), no rate is given."
            ),
            simple("age", "By victim age band", displayed("age")),
            simple("victim-type", "By victim type", displayed("victim-type")),
            simple(
                "repeat", "Repeat victims",
                [
                    CrimePictureReport.Row(label: "Repeat victim", count: report.repeatVictims),
                    CrimePictureReport.Row(
                        label: "Not a repeat victim, or not recorded", count: report.total - report.repeatVictims),
                ]),
            simple(
                "basis", "Flagged by police or inferred", displayed("basis"),
                note:
                    "Police mark online crime with the Home Office online flag, but flag quality varies; records our rules recognise as cyber without the flag are counted as inferred."
            ),
            simple("outcomes", "By outcome", displayed("outcomes")),
            simple(
                "offences", "By offence", displayed("offences"),
                note: report.byOffence.count > 25 ? "The 25 most common offences." : nil),
            withRates(
                "areas", "By local authority", displayed("areas"),
                note: "Rates use mid-2015 population estimates by LSOA."),
            withRates("wards", "By ward", displayed("wards"), note: suppress ? "By name." : "Highest rate first."),
            withRates(
                "deprivation", "By deprivation decile", displayed("deprivation"),
                note:
                    "English Indices of Deprivation 2019: decile 1 is the most deprived tenth of neighbourhoods in England."
            ),
        ]
    }
}
