import Foundation
import SaferCyberCore
import SaferCyberViews

/// Turns a `BoardReport` into the page and the CSV pack. Used by the web page and by `safercyber report`.
/// The report is a document that leaves the building, so counts from 1 to 4 are always suppressed.
struct BoardReportModel {
    let report: BoardReport
    var format: CountFormat { CountFormat(policy: report.disclosure) }
    /// Sessions are not people: their counts are never suppressed.
    let plain = CountFormat(suppress: false)
    /// The delivery and referral counts, with further counts withheld where the totals would give a "<5" away.
    let protected: ProtectedFigures
    /// The crime picture's standard view of the report's quarter and the four before it, as a viewer sees it: the
    /// report reads every crime count through these, so it withholds what they withhold.
    let standard: [Int: CrimePictureTables]

    init(report: BoardReport, secondary: Bool = true) {
        self.report = report
        protected = Self.protect(report, secondary: secondary)
        standard = (report.crime?.views ?? [:]).mapValues {
            CrimePictureTables(report: $0, policy: report.disclosure, secondary: secondary)
        }
    }

    /// Every count of people the delivery and referral sections publish, and the sums that tie them: objectives
    /// add up to the total reached and booked; a quarter's referrals are its outcomes (or still open).
    static func protect(_ report: BoardReport, secondary: Bool) -> ProtectedFigures {
        ProtectedFigures(policy: report.disclosure, secondary: secondary) { figures in
            let d = report.delivery
            figures.cell("engaged", d.total.engaged)
            figures.cell("people", d.total.people)
            figures.cell("booked", d.total.booked)
            for (index, line) in d.byObjective.enumerated() {
                figures.cell("engaged:\(index)", line.engaged)
                figures.cell("booked:\(index)", line.booked)
            }
            figures.sum("engaged", of: d.byObjective.indices.map { "engaged:\($0)" })
            figures.sum("booked", of: d.byObjective.indices.map { "booked:\($0)" })
            figures.cell("friends", d.friends)
            figures.cell("friends:sessions", d.friendsAtSessions)
            figures.cell("friends:online", d.friendsOnline)
            figures.sum("friends", of: ["friends:sessions", "friends:online"])
            figures.cell("follow-on", d.followOnSignUps)
            figures.cell("ambassadors", d.ambassadors.ambassadors)
            figures.cell("told", d.ambassadors.told.total)
            guard let f = report.referrals, let q = f.quarters.first else { return }
            figures.cell("ref:received", q.received)
            figures.cell("ref:closed", q.closed)
            figures.cell("ref:intervention", q.withIntervention)
            figures.cell("ref:offered", q.pathwaysOffered)
            figures.cell("ref:taken", q.pathwaysTakenUp)
            for row in f.byConcern { figures.cell("ref:concern:\(row.label)", row.count) }
            for row in f.outcomes { figures.cell("ref:outcome:\(row.label)", row.count) }
            figures.sum("ref:received", of: f.outcomes.map { "ref:outcome:\($0.label)" })
        }
    }

    func page(slug: String, isStaffPage: Bool, now: Date = Date()) -> BoardReportPage.Model {
        let day = DateFormatter()
        day.locale = Locale(identifier: "en_GB")
        day.timeZone = EventTimes.zone
        day.dateFormat = "d MMMM yyyy"
        let latest = Quarter.lastComplete(before: now)
        let delivered = Set(
            deliveryFacts().map(\.0) + (deliveryTable() == nil ? [] : ["Places booked"])
                + (surveyTable() == nil ? [] : ["Survey responses"]))
        var model = BoardReportPage.Model(
            slug: slug, partnershipName: report.partnershipName, quarter: "\(report.quarter)",
            quarterLabel: report.year.label(report.quarter),
            // The quarter under way first (figures so far), then the complete ones.
            quarters: [
                ("\(Quarter.adding(1, to: latest))", report.year.label(Quarter.adding(1, to: latest)) + " (so far)")
            ]
                + (0..<8).map { Quarter.adding(-$0, to: latest) }.map { ("\($0)", report.year.label($0)) },
            produced: day.string(from: now), atAGlance: atAGlance(), crimeFacts: crimeFacts(),
            crimeSentences: crimeSentences(),
            crimeTables: crimeTables(),
            crimeChart: report.crime?.trend.map(bar) ?? [], deliveryFacts: deliveryFacts(),
            deliveryTable: deliveryTable(),
            outcomes: report.outcomes.map { o in
                .init(
                    title: o.title, rag: o.rag.rawValue, ragLabel: o.rag.label, reason: o.reason,
                    sentences: o.measures.map {
                        "\($0.surveyTitle) survey: "
                            + ($0.finding?.sentence(publishedWith: format.policy)
                                ?? "“\($0.questionText)”: no answers yet.")
                    })
            },
            indicatorTable: indicatorTable(), surveyTable: surveyTable(), isStaffPage: isStaffPage,
            planTable: planTable(),
            referralTable: referralTable())
        model.disclosureNote = format.policy.explanation
        model.yearToDateLabel = yearToDateLabel
        model.yearToDateFacts = yearToDateFacts()
        model.scrutinyTables = scrutinyTables()
        model.countingNotes = Self.countingRules.filter { delivered.contains($0.measure) }
        return model
    }

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

    func atAGlance() -> [String] {
        var lines: [String] = []
        if let crime = report.crime {
            lines.append(crimeHeadline(crime))
            // An estimate from 1–4 records maps them one to one (1 → 7, 2 → 14…): not shown.
            if let gap = crime.estimated, gap.reported > 0, publishes(gap) {
                lines.append(
                    "Surveys suggest most incidents go unreported: the \(format.count(gap.reported)) records counted for the reporting gap point to about \(format.count(gap.estimate)) incidents, \(reportingBasis(gap))"
                )
            }
        } else if report.recordsNotCyber > 0 {
            lines.append(
                "\(format.count(report.recordsNotCyber)) crimes were recorded, but none is classed as cyber-related: data.police.uk files carry no online flag, so cyber crime is found only by the partnership's classification rules."
            )
        } else {
            lines.append("No crime records have been imported for this quarter.")
        }
        let d = report.delivery
        lines.append(
            "\(plain.count(d.total.sessions)) sessions had \(protected.text("engaged")) attendances (a person at three sessions counts three times) by \(peopleText) different people; \(protected.text("friends")) Friends (\(protected.text("friends:sessions")) from awareness sessions, \(protected.text("friends:online")) from online courses) and \(protected.text("ambassadors")) new ambassadors."
        )
        if !report.outcomes.isEmpty {
            let green = report.outcomes.filter { $0.rag == .green }.count
            let red = report.outcomes.filter { $0.rag == .red }.count
            lines.append(
                "\(green) of \(report.outcomes.count) outcomes show a clear improvement in what people do\(red > 0 ? "; \(red) got worse" : "")."
            )
        }
        if !report.indicators.isEmpty {
            let counts = RAG.allCases.map { rag in (rag, report.indicators.filter { $0.rag == rag }.count) }.filter {
                $0.1 > 0
            }
            lines.append(
                "Indicators: " + counts.map { "\($0.1) \($0.0.label.lowercased())" }.joined(separator: ", ") + ".")
        }
        return lines
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
        if let method = (crime.quarterOnQuarter ?? crime.yearOnYear)?.methodText { sentences.append(method) }
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
        format.policy.allowsFigure(from: gap.perTheme + [gap.reported] + gap.sharedOut)
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

    /// Different people who came, withheld when attendances less people (the repeat visits) is a small number.
    var peopleText: String {
        let d = report.delivery.total
        return format.policy.allowsFigure(from: d.engaged - d.people)
            ? protected.text("people") : DisclosurePolicy.withheldText
    }

    func deliveryFacts() -> [(String, String)] {
        let d = report.delivery
        return [
            ("Sessions delivered", plain.count(d.total.sessions)), ("Attendances", protected.text("engaged")),
            (
                "Different people who came (one per email address given at booking; each other place counts as one)",
                peopleText
            ),
            (
                "Share of booked places used",
                protected.isHidden("booked") || protected.isHidden("engaged")
                    ? "–" : d.total.attendanceRate.map { String(format: "%.0f%%", $0 * 100) } ?? "–"
            ),
            ("Friends from awareness sessions (people who came)", protected.text("friends:sessions")),
            ("Friends from online courses (quiz passed)", protected.text("friends:online")),
            ("Friends in all (sessions and online courses)", protected.text("friends")),
            ("Sign-ups from follow-on links", protected.text("follow-on")),
            ("New ambassadors", protected.text("ambassadors")),
            ("People ambassadors say they told", protected.text("told")),
        ]
    }

    func deliveryTable() -> CrimePicturePage.Table? {
        guard !report.delivery.byObjective.isEmpty else { return nil }
        return .init(
            key: "delivery", title: "Delivery against each objective",
            columns: ["Objective", "Sessions", "Attendances", "Places booked"],
            rows: report.delivery.byObjective.enumerated().map { index, line in
                [
                    line.label, plain.count(line.sessions), protected.text("engaged:\(index)"),
                    protected.text("booked:\(index)"),
                ]
            })
    }

    func indicatorTable() -> CrimePicturePage.Table? {
        guard let first = report.indicators.first else { return nil }
        return .init(
            key: "indicators", title: "Indicators by quarter",
            columns: ["Indicator"] + first.values.map { Quarter.label($0.quarter) } + ["Rating"],
            rows: report.indicators.map { i in
                ["\(i.title) (want it \(i.direction == .up ? "up" : "down"))"]
                    + i.values.map { OutcomesController.display($0.value, percentage: i.isPercentage, format: format) }
                    + ["\(i.rag.label): \(i.reason)"]
            }, textColumns: [first.values.count + 1])
    }

    func surveyTable() -> CrimePicturePage.Table? {
        guard !report.surveys.isEmpty else { return nil }
        return .init(
            key: "surveys", title: "Responses and changes",
            columns: ["Survey", "Responses to date", "People answering before and after", "Clear changes"],
            rows: report.surveys.map { s in
                [
                    s.title, format.count(s.responses), s.findings.isEmpty ? "–" : format.count(s.pairs),
                    s.findings.isEmpty
                        ? "Asked once, not before and after"
                        : questionsShowingChange(s.findings),
                ]
            }, textColumns: [3])
    }

    private func questionsShowingChange(_ findings: [ChangeFinding]) -> String {
        let clear = findings.filter { !$0.tooSmall && $0.test.pValue < 0.05 }.count
        return "\(clear) of \(findings.count) questions"
    }

    /// Actions are not people: their counts are never suppressed.
    func planTable() -> CrimePicturePage.Table? {
        guard !report.plan.isEmpty else { return nil }
        return .init(
            key: "plan", title: "The action plan at the end of the quarter",
            columns: [
                "Objective", "Actions", "Complete", "In progress", "Planned or on hold", "Cancelled", "Rated red",
                "Overdue",
            ],
            rows: report.plan.map { line in
                [
                    line.objective, "\(line.actions)", "\(line.byStatus[.complete] ?? 0)",
                    "\(line.byStatus[.inProgress] ?? 0)",
                    "\((line.byStatus[.planned] ?? 0) + (line.byStatus[.onHold] ?? 0))",
                    "\(line.byStatus[.cancelled] ?? 0)", "\(line.red)", "\(line.overdue)",
                ]
            })
    }

    /// Young people referred for diversion: anonymous counts, always suppressed (these are children).
    func referralTable() -> CrimePicturePage.Table? {
        guard let f = report.referrals, let q = f.quarters.first else { return nil }
        let median = protected.isHidden("ref:intervention") ? nil : q.medianDaysToIntervention
        var rows: [[String]] = [
            ["Referrals received", protected.text("ref:received")], ["Referrals closed", protected.text("ref:closed")],
            ["Received this quarter and given an intervention", protected.text("ref:intervention")],
            ["Median days to the first intervention", median.map(String.init) ?? "– (fewer than 5)"],
            ["Positive pathways offered", protected.text("ref:offered")],
            ["Positive pathways taken up", protected.text("ref:taken")],
        ]
        // Listed by name: ordered by count, a withheld row would sit between two known ones.
        rows += f.byConcern.sorted { $0.label < $1.label }.map {
            ["Concern: \($0.label)", protected.text("ref:concern:\($0.label)")]
        }
        rows += f.outcomes.sorted { $0.label < $1.label }.map {
            ["Outcome: \($0.label)", protected.text("ref:outcome:\($0.label)")]
        }
        return .init(
            key: "referrals", title: "Young people at risk of cybercrime (referrals)", columns: ["", "This quarter"],
            rows: rows)
    }

    /// Counts the public can add to, and how repeats are kept out of them (issue 20, case 6): on the page and in the
    /// CSV's rule column.
    static let countingRules: [(measure: String, rule: String)] = {
        let course =
            "Each completion has a code the server issued and signed, counted once however often it is sent; at most "
            + "\(CoursesController.completionsPerAddress) new completions a day from one address."
        let booking =
            "Bookings made, not cancelled; each booking form can be sent once, one address can book at most "
            + "\(PublicEventsController.bookingsPerAddress) times an hour and one event takes at most "
            + "\(PublicEventsController.bookingsPerEvent) bookings an hour."
        return [
            ("Friends from online courses (quiz passed)", course),
            (
                "Friends in all (sessions and online courses)",
                "People marked as attending a session by staff, plus online-course completions counted as above. The "
                    + "two are added: someone who came to a session and also took a course is counted in each."
            ),
            (
                "Sign-ups from follow-on links",
                "Confirmed places (not on the waiting list, not cancelled) booked through another of the partnership's "
                    + "sessions' follow-on links (a link naming anything else is not counted); "
                    + booking.prefix(1).lowercased() + booking.dropFirst()
            ),
            ("Places booked", booking),
            (
                "Survey responses",
                "Each answer sent counts once; a participant code answers once before and once after, so a person "
                    + "is paired at most once; at most \(PublicSurveysController.answersPerAddress) answers to one "
                    + "survey a day from one address."
            ),
        ]
    }()

    /// The figures as one long CSV: section, measure, breakdown, value, so it opens as a table and pivots easily.
    func csv() -> String {
        Self.csv(rows: rows())
    }

    static func csv(rows: [[String]]) -> String {
        rows.reduce(CSVText.line(["quarter", "section", "measure", "breakdown", "value", "rule"])) {
            $0 + CSVText.line($1)
        }
    }

    /// The CSV's rows: quarter, section, measure, breakdown, value, rule (kept when a report is issued, to say what
    /// has changed since).
    func rows() -> [[String]] {
        var rows: [[String]] = []
        let q = report.year.label(report.quarter)
        let disclosure = format.policy.explanation
        func add(_ section: String, _ measure: String, _ breakdown: String, _ value: String, rule: String = disclosure)
        {
            rows.append([q, section, measure, breakdown, value, rule])
        }
        let crime = report.crime
        for (measure, value) in crimeFacts() {
            let comparison =
                measure.hasPrefix("Change on the previous")
                ? crime?.quarterOnQuarter
                : measure.hasPrefix("Change on the same") ? crime?.yearOnYear : nil
            let periods = "Complete quarters only; a quarter with no data or part of one is not compared."
            add(
                "Crime picture", measure, "", value,
                rule: [disclosure, comparison == nil ? nil : periods, comparison?.methodText].compactMap { $0 }
                    .joined(separator: " "))
        }
        for table in crimeTables() {
            for row in table.rows {
                add("Crime picture", "Change by theme", row[0], "\(row[1]) → \(row[2]) (\(row[3]))")
            }
        }
        for (measure, value) in yearToDateFacts() {
            add(
                "Year to date", measure, yearToDateLabel, value,
                rule: [disclosure, "Shown only when neither the quarter nor the rest of the year is a small count."]
                    .joined(separator: " "))
        }
        let duplicates = Dictionary(uniqueKeysWithValues: Self.countingRules.map { ($0.measure, $0.rule) })
        for (measure, value) in deliveryFacts() {
            add(
                "Delivery", measure, "", value,
                rule: [disclosure, duplicates[measure]].compactMap { $0 }.joined(separator: " "))
        }
        for (index, line) in report.delivery.byObjective.enumerated() {
            add("Delivery", "Sessions", line.label, plain.count(line.sessions))
            add("Delivery", "Attendances", line.label, protected.text("engaged:\(index)"))
            add(
                "Delivery", "Places booked", line.label, protected.text("booked:\(index)"),
                rule: [disclosure, duplicates["Places booked"]].compactMap { $0 }.joined(separator: " "))
        }
        if let referrals = referralTable() {
            for row in referrals.rows { add("Young people at risk", row[0], "", row[1]) }
        }
        if let plan = planTable() {
            for row in plan.rows {
                for (column, value) in zip(plan.columns, row).dropFirst() { add("Action plan", column, row[0], value) }
            }
        }
        for outcome in report.outcomes {
            add("Outcomes", outcome.title, "Rating", outcome.rag.label)
            for measure in outcome.measures {
                guard let f = measure.finding else { continue }
                // The effect and p-value of a small group give its answers back (n = 20, effect 0.1: c − b = 2).
                guard !f.peopleCounts.contains(where: format.policy.hides) else {
                    add("Outcomes", outcome.title, measure.questionText, "Too few answers to publish")
                    continue
                }
                add(
                    "Outcomes", outcome.title, measure.questionText,
                    String(
                        format: "p = %@; effect %.3f; n = %@%@", ChangeFinding.format(f.test.pValue),
                        f.effect, format.count(f.pairs), f.tooSmall ? "; too few to conclude" : ""))
            }
        }
        for indicator in report.indicators {
            for value in indicator.values {
                add(
                    "Indicators", indicator.title, Quarter.label(value.quarter),
                    OutcomesController.display(value.value, percentage: indicator.isPercentage, format: format))
            }
            add("Indicators", indicator.title, "Rating", indicator.rag.label)
        }
        for survey in report.surveys {
            let rule = [disclosure, duplicates["Survey responses"]].compactMap { $0 }.joined(separator: " ")
            add("Surveys", survey.title, "Responses to date", format.count(survey.responses), rule: rule)
            add("Surveys", survey.title, "Pairs", format.count(survey.pairs), rule: rule)
        }
        for table in scrutinyTables() {
            for row in table.rows {
                add(
                    "Scrutiny recommendations", table.title, "Recommendation \(row[0])", "\(row[4]); target \(row[5])",
                    rule: "Progress as at the quarter's last day.")
            }
        }
        return rows
    }
}
