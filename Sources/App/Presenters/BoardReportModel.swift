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

    /// Every count of people the delivery and referral sections publish, and the sums that tie them. The delivery
    /// section is the quarter's engagement view as a reader without exact counts sees it (issue 19: the engagement
    /// page and the report share every total, so a count one withholds the other must too), included as it is
    /// published there; a quarter's referrals are its outcomes (or still open).
    static func protect(_ report: BoardReport, secondary: Bool) -> ProtectedFigures {
        ProtectedFigures(policy: report.disclosure, secondary: secondary) { figures in
            if let engagement = report.engagement { figures.include(engagement.protected, prefix: "eng:") }
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

    /// A delivery figure by its name in the report ("engaged", "friends:online", "booked:2" for the third
    /// objective) as the engagement view publishes it.
    func delivery(_ id: String) -> String { protected.text(Self.deliveryID(id)) }

    func deliveryIsHidden(_ id: String) -> Bool { protected.isHidden(Self.deliveryID(id)) }

    static func deliveryID(_ id: String) -> String {
        switch id {
        case "engaged", "people", "booked": return "eng:total:\(id)"
        case "friends": return "eng:friends:all"
        case "friends:sessions": return "eng:friends:0:sessions"
        case "friends:online": return "eng:friends:0:online"
        default:
            // "engaged:2" and "booked:2": the third objective, in the engagement view's order (the report lists
            // the view's lines).
            let parts = id.split(separator: ":")
            if parts.count == 2, parts[0] == "engaged" || parts[0] == "booked", let index = Int(parts[1]) {
                return "eng:objectives:\(index):\(parts[0])"
            }
            return "eng:" + id
        }
    }

    /// `latest`: the latest quarter the reader may choose (`DisclosurePolicy.latestQuarter`); by default the quarter
    /// under way, offered "so far".
    func page(slug: String, isStaffPage: Bool, latest chosen: Int? = nil, now: Date = Date()) -> BoardReportPage.Model {
        let latest = Quarter.lastComplete(before: now)
        let delivered = Set(
            deliveryFacts().map(\.0) + (deliveryTable() == nil ? [] : ["Places booked"])
                + (surveyTable() == nil ? [] : ["Survey responses"]))
        var model = BoardReportPage.Model(
            slug: slug, partnershipName: report.partnershipName, quarter: "\(report.quarter)",
            quarterLabel: report.year.label(report.quarter),
            // The quarter under way first (figures so far), then the complete ones.
            quarters: ((chosen ?? Quarter.adding(1, to: latest)) > latest
                ? [
                    (
                        "\(Quarter.adding(1, to: latest))",
                        report.year.label(Quarter.adding(1, to: latest)) + " (so far)"
                    )
                ] : [])
                + (0..<8).map { Quarter.adding(-$0, to: latest) }.map { ("\($0)", report.year.label($0)) }
                // An earlier quarter asked for (a published report's link) is in the list, so the picker says which
                // quarter the page shows (review: "?quarter=19901" showed 1990 under a picker reading Jul–Sep 2026).
                + (report.quarter < Quarter.adding(-7, to: latest)
                    ? [("\(report.quarter)", report.year.label(report.quarter))] : []),
            produced: UKTime.longDate(now), atAGlance: atAGlance(), crimeFacts: crimeFacts(),
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
                                ?? "“\($0.questionText)”: no one who answered before and after in the quarter.")
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
            "\(plain.count(d.total.sessions)) sessions had \(delivery("engaged")) attendances (a person at three sessions counts three times) by \(peopleText) different people; \(delivery("friends")) Friends (\(delivery("friends:sessions")) from awareness sessions, \(delivery("friends:online")) from online courses) and \(delivery("ambassadors")) new ambassadors."
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

    /// Different people who came, withheld when attendances less people (the repeat visits) is a small number.
    var peopleText: String {
        let d = report.delivery.total
        return format.policy.allowsFigure(from: d.engaged - d.people)
            ? delivery("people") : DisclosurePolicy.withheldText
    }

    func deliveryFacts() -> [(String, String)] {
        let d = report.delivery
        return [
            ("Sessions delivered", plain.count(d.total.sessions)), ("Attendances", delivery("engaged")),
            (
                "Different people who came (one per email address given at booking; each other place counts as one)",
                peopleText
            ),
            (
                "Share of booked places used",
                report.engagement?.attendanceRate(d.total, total: true).map { String(format: "%.0f%%", $0 * 100) }
                    ?? "–"
            ),
            ("Friends from awareness sessions (people who came)", delivery("friends:sessions")),
            ("Friends from online courses (quiz passed)", delivery("friends:online")),
            ("Friends in all (sessions and online courses)", delivery("friends")),
            ("Sign-ups from follow-on links (by the quarter's end)", delivery("follow-on")),
            ("New ambassadors (by the quarter's end)", delivery("ambassadors")),
            ("People ambassadors say they told (reported by the quarter's end)", delivery("told")),
        ]
    }

    func deliveryTable() -> CrimePicturePage.Table? {
        guard !report.delivery.byObjective.isEmpty else { return nil }
        return .init(
            key: "delivery", title: "Delivery against each objective",
            columns: ["Objective", "Sessions", "Attendances", "Places booked"],
            rows: report.delivery.byObjective.enumerated().map { index, line in
                [
                    line.label, plain.count(line.sessions), delivery("engaged:\(index)"),
                    delivery("booked:\(index)"),
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
        let nearest = format.policy.applies ? " (to the nearest \(format.policy.threshold))" : ""
        return .init(
            key: "surveys",
            title:
                "People and changes: the quarter's answers alone (a before-and-after survey counts the people whose second answer came in the quarter; those who have answered once are left out)",
            columns: [
                "Survey", "Asked",
                "Counted in the quarter\(nearest): responses, or people who answered before and after",
                "Clear changes",
            ],
            rows: report.surveys.map { s in
                [
                    s.title, s.beforeAndAfter ? "Before and after (people who answered both times)" : "Once",
                    format.count(s.people),
                    !s.beforeAndAfter
                        ? "Asked once, not before and after"
                        : questionsShowingChange(s.findings),
                ]
            }, textColumns: [1, 3])
    }

    /// Questions whose change is clear, counting only those whose test the report publishes: a withheld test's
    /// significance would narrow the small count it was withheld for (review, issue 19).
    private func questionsShowingChange(_ findings: [ChangeFinding]) -> String {
        let clear = findings.filter {
            !$0.tooSmall && format.policy.allowsFigure(from: $0.peopleCounts) && $0.test.pValue < 0.05
        }.count
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
}
