import Foundation
import SaferCyberCore
import SaferCyberViews

/// The board report's figures as one long CSV (issue 19: each with the rule used).
extension BoardReportModel {
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
                rule: [disclosure, comparison == nil ? nil : periods, comparison?.methodText(showingDispersion: false)]
                    .compactMap { $0 }
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
            add("Delivery", "Attendances", line.label, delivery("engaged:\(index)"))
            add(
                "Delivery", "Places booked", line.label, delivery("booked:\(index)"),
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
                guard let f = measure.finding else {
                    add(
                        "Outcomes", outcome.title, measure.questionText,
                        "No one who answered before and after in the quarter")
                    continue
                }
                // The effect and p-value of a small group give its answers back (n = 20, effect 0.1: c − b = 2).
                guard !f.peopleCounts.contains(where: format.policy.hides) else {
                    add("Outcomes", outcome.title, measure.questionText, "Too few answers to publish")
                    continue
                }
                add(
                    "Outcomes", outcome.title, measure.questionText,
                    String(
                        format: f.rounded ? "%@; effect %.2f; n = about %@%@" : "%@; effect %.3f; n = %@%@",
                        f.pValueText,
                        f.effect, format.count(format.policy.rounded(f.pairs)),
                        f.tooSmall ? "; too few to conclude" : ""),
                    rule: [disclosure, f.rounded ? format.policy.roundingExplanation : nil].compactMap { $0 }.joined(
                        separator: " "))
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
            let rule = [
                disclosure, format.policy.applies ? format.policy.roundingExplanation : nil,
                duplicates["Survey responses"],
                "The quarter's answers alone: a before-and-after survey counts the people whose second answer came in the quarter.",
            ].compactMap { $0 }.joined(separator: " ")
            add(
                "Surveys", survey.title,
                survey.beforeAndAfter ? "People answering before and after" : "Responses",
                format.count(survey.people), rule: rule)
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
