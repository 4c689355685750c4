import Foundation

/// Scoring a resilience check and ordering what to do about it: pure functions of the questions and the answers.
public enum CheckScoring {
    public enum Answer: String, Codable, Sendable, CaseIterable {
        case yes, partly, no
        case dontKnow = "dont-know"

        public var label: String {
            switch self {
            case .yes: "Yes"
            case .partly: "Partly"
            case .no: "No"
            case .dontKnow: "Don't know"
            }
        }

        /// Credit for the answer: "don't know" earns nothing, because an unknown control cannot be relied on.
        public var credit: Double {
            switch self {
            case .yes: 1
            case .partly: 0.5
            case .no, .dontKnow: 0
            }
        }
    }

    public enum Band: String, Sendable, Equatable {
        case good, gaps
        case atRisk = "at-risk"

        public var label: String {
            switch self {
            case .good: "Good"
            case .gaps: "Some gaps"
            case .atRisk: "At risk"
            }
        }

        public var explanation: String {
            switch self {
            case .good: "You have the basics in place here. Keep them up."
            case .gaps: "Some of the basics are missing. The actions below close the gaps."
            case .atRisk: "Important protections are missing. Start with the actions for this area."
            }
        }

        /// 80 and over is good, 50 to 79 has gaps, under 50 is at risk.
        public static func of(_ score: Int) -> Band { score >= 80 ? .good : score >= 50 ? .gaps : .atRisk }
    }

    public struct AreaScore: Sendable, Equatable {
        public var id: String
        public var title: String
        /// 0 to 100: the weighted share of credit earned.
        public var score: Int
        public var band: Band
    }

    public struct Result: Sendable, Equatable {
        public var areas: [AreaScore]
        public var overall: Int
        public var band: Band { Band.of(overall) }
    }

    /// Weighted score per area and overall, each rounded to a whole percentage (halves round up). Questions without
    /// an answer count as "don't know".
    public static func score(_ set: CheckSet, _ answers: [String: Answer]) -> Result {
        func percent(_ questions: [CheckSet.Question]) -> Int {
            let possible = questions.reduce(0) { $0 + $1.weight }
            let earned = questions.reduce(0.0) { $0 + Double($1.weight) * (answers[$1.id] ?? .dontKnow).credit }
            return possible == 0 ? 0 : Int((earned / Double(possible) * 100).rounded(.toNearestOrAwayFromZero))
        }
        let areas = set.areas.map { area in
            let score = percent(area.questions)
            return AreaScore(id: area.id, title: area.title, score: score, band: .of(score))
        }
        return Result(areas: areas, overall: percent(set.questions))
    }

    public struct PlannedAction: Sendable, Equatable {
        public var questionID: String
        public var areaTitle: String
        public var text: String
        public var effort: CheckSet.Effort
        public var cost: CheckSet.Cost
        public var answer: Answer
        /// Weight × the credit missing: how much closing this gap matters.
        public var gap: Double
        /// Quick and free or low cost.
        public var isQuickWin: Bool
    }

    /// What to do, first things first: quick wins (quick and free or low cost) before everything else; within each,
    /// the biggest gap first, then less effort, then less cost, then the order of the questions.
    public static func actions(_ set: CheckSet, _ answers: [String: Answer]) -> [PlannedAction] {
        var actions: [(PlannedAction, order: Int)] = []
        var order = 0
        for area in set.areas {
            for question in area.questions {
                defer { order += 1 }
                let answer = answers[question.id] ?? .dontKnow
                guard answer != .yes else { continue }
                let quickWin = question.action.effort == .quick && question.action.cost <= .low
                actions.append(
                    (
                        PlannedAction(
                            questionID: question.id, areaTitle: area.title, text: question.action.text,
                            effort: question.action.effort,
                            cost: question.action.cost, answer: answer,
                            gap: Double(question.weight) * (1 - answer.credit),
                            isQuickWin: quickWin), order
                    ))
            }
        }
        return actions.sorted { a, b in
            if a.0.isQuickWin != b.0.isQuickWin { return a.0.isQuickWin }
            if a.0.gap != b.0.gap { return a.0.gap > b.0.gap }
            if a.0.effort != b.0.effort { return a.0.effort < b.0.effort }
            if a.0.cost != b.0.cost { return a.0.cost < b.0.cost }
            return a.order < b.order
        }.map(\.0)
    }
}
