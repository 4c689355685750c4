import Foundation

/// The crime picture as a role without exact counts sees it: which counts each table publishes, in which order, and
/// how they add up (a total and its rows, a quarter and its months), for `DisclosurePolicy.protect` (issue 19). The
/// page, its CSVs, the board report and the focus page all read the same figures from here.
extension CrimePictureReport {
    /// The age bands in the order the age table lists them.
    public static let ageOrder = AgeBand.allCases.filter { $0 != .unknown } + [.unknown]

    public static let partitions: [(key: String, rows: KeyPath<CrimePictureReport, [CrimePictureReport.Row]>)] = [
        ("themes", \.byTheme), ("age", \.byAge), ("victim-type", \.byVictimType), ("basis", \.byBasis),
        ("outcomes", \.byOutcome), ("offences", \.byOffence), ("areas", \.byArea), ("wards", \.byWard),
        ("deprivation", \.byDecile),
    ]

    /// Tables ordered by count (or rate) tell a reader that a withheld row lies between its neighbours: for roles
    /// without exact counts they are listed by name instead (issue 19).
    public static let orderedByCount: Set<String> = ["themes", "outcomes", "offences", "areas", "wards"]

    /// A breakdown's rows in the order the page lists them.
    public func displayed(_ key: String, suppress: Bool) -> [CrimePictureReport.Row] {
        guard let path = Self.partitions.first(where: { $0.key == key })?.rows else { return [] }
        let rows = self[keyPath: path]
        // Only the 25 most common offences are shown: the rest do not add up to the total on the page.
        let chosen = key == "offences" ? Array(rows.prefix(25)) : rows
        guard suppress, Self.orderedByCount.contains(key) else { return chosen }
        let unplaced = "Outside the loaded geography or no location"
        return chosen.sorted { a, b in
            (a.label == unplaced ? 1 : 0, a.label) < (b.label == unplaced ? 1 : 0, b.label)
        }
    }

    /// Every count the page shows, and how they add up.
    /// `offencesByTheme: false` leaves out the theme × offence relation (for the test that shows it is needed).
    public func publishedFigures(suppress: Bool, offencesByTheme: Bool = true) -> PublishedFigures {
        let report = self
        var figures = PublishedFigures()
        figures.cell("total", report.total)
        for entry in report.quarters { figures.cell("q:\(entry.quarter)", entry.count) }
        for entry in report.months { figures.cell("m:\(entry.month)", entry.count) }
        figures.sum("total", of: report.quarters.map { "q:\($0.quarter)" })
        for entry in report.quarters {
            figures.sum("q:\(entry.quarter)", of: Month.of(quarter: entry.quarter).map { "m:\($0)" })
        }
        for (key, _) in Self.partitions {
            let shown = report.displayed(key, suppress: suppress)
            for (index, row) in shown.enumerated() { figures.cell("\(key):\(index)", row.count) }
            figures.sum("total", of: shown.indices.map { "\(key):\($0)" })
        }
        // An area is the sum of its wards (a ward's label names its area); deciles and the records with no place
        // add up to the total when every placed neighbourhood has a decile. Each is registered only if it holds.
        let wards = report.displayed("wards", suppress: suppress)
        for (areaIndex, area) in report.displayed("areas", suppress: suppress).enumerated() {
            let inArea = wards.indices.filter { wards[$0].label.hasSuffix(", \(area.label)") }
            figures.sum("areas:\(areaIndex)", of: inArea.map { "wards:\($0)" })
        }
        if let unplaced = wards.firstIndex(where: { $0.label == "Outside the loaded geography or no location" }) {
            figures.sum(
                "total",
                of: report.displayed("deprivation", suppress: suppress).indices.map { "deprivation:\($0)" }
                    + ["wards:\(unplaced)"])
        }
        // Themes and offences: each theme is the sum of its records under each offence, and each offence the sum over
        // themes. A reader can tell which offences fall in which theme (rules classify by offence code, and the sums
        // match quarter after quarter), so the cross cells that are 0 are known; the others are not printed.
        // Offences below the 25 listed go to one unknown remainder per theme (review: "No theme matched" "<5" came back
        // as a total less its themes, one of them the sum of its two offence rows).
        let themes = offencesByTheme ? report.displayed("themes", suppress: suppress) : []
        let offences = report.displayed("offences", suppress: suppress)
        var byOffence: [Int: [String]] = [:]
        for (t, theme) in themes.enumerated() {
            let cross = report.themeOffences[theme.label] ?? [:]
            var parts: [String] = []
            for (o, offence) in offences.enumerated() {
                guard let count = cross[offence.label], count > 0 else { continue }
                figures.unpublishedCell("cross:\(t):\(o)", count)
                parts.append("cross:\(t):\(o)")
                byOffence[o, default: []].append("cross:\(t):\(o)")
            }
            let rest = theme.count - parts.reduce(0) { $0 + figures.values[$1]! }
            if rest > 0 {
                figures.unpublishedCell("cross:\(t):rest", rest)
                parts.append("cross:\(t):rest")
            }
            if !parts.isEmpty { figures.sum("themes:\(t)", of: parts) }
        }
        for (o, parts) in byOffence { figures.sum("offences:\(o)", of: parts) }
        figures.cell("repeat:0", report.repeatVictims)
        figures.cell("repeat:1", report.total - report.repeatVictims)
        figures.sum("total", of: ["repeat:0", "repeat:1"])
        let ageID = { (band: AgeBand) in "age:\(Self.ageOrder.firstIndex(of: band)!)" }
        figures.cell("group:young", report.youngPeople.count)
        figures.cell("group:older", report.olderPeople.count)
        figures.sum("group:young", of: Self.ageOrder.filter(\.isYoungPerson).map(ageID))
        figures.sum("group:older", of: Self.ageOrder.filter(\.isOlderPerson).map(ageID))
        return figures
    }

    /// The cell id of a row of the groups table (children under 16 are the age table's own row).
    public static func groupID(_ index: Int) -> String {
        index == 0 ? "age:\(Self.ageOrder.firstIndex(of: .under16)!)" : index == 1 ? "group:young" : "group:older"
    }

    /// The report's figures after the disclosure rule.
    /// The labels of a table's rows that a reader under `policy` does not see (small, or withheld so that a small one
    /// cannot be worked out).
    public func withheldRows(_ key: String, policy: DisclosurePolicy) -> Set<String> {
        let published = protected(policy)
        let rows = displayed(key, suppress: policy.applies)
        return Set(rows.indices.filter { published.isHidden("\(key):\($0)") }.map { rows[$0].label })
    }

    public func protected(_ policy: DisclosurePolicy, secondary: Bool = true) -> ProtectedFigures {
        ProtectedFigures(policy: policy, secondary: secondary) { figures in
            figures = publishedFigures(suppress: policy.applies)
        }
    }
}
