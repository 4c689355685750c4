import Foundation

/// Where each recommendation of a scrutiny review stood on a given date, for the committee's
/// progress-of-recommendations report: replayed from the dated updates, so a past date gives the past picture.
public enum RecommendationProgress {
    public struct Facts: Sendable {
        public var number: Int
        public var text: String
        public var owner: String
        public var response: Recommendation.Response
        public var responseReason: String
        /// When the Cabinet or board responded; before then the response counts as awaited.
        public var respondedOn: CalendarDay?
        public var firstTarget: CalendarDay?
        public var updates: [Update]

        public init(
            number: Int, text: String, owner: String, response: Recommendation.Response, responseReason: String = "",
            respondedOn: CalendarDay?, firstTarget: CalendarDay?, updates: [Update]
        ) {
            self.number = number
            self.text = text
            self.owner = owner
            self.response = response
            self.responseReason = responseReason
            self.respondedOn = respondedOn
            self.firstTarget = firstTarget
            self.updates = updates
        }
    }

    public struct Update: Sendable {
        public var day: CalendarDay
        public var note: String
        public var status: Recommendation.Status
        public var target: CalendarDay?
        public init(day: CalendarDay, note: String, status: Recommendation.Status, target: CalendarDay?) {
            self.day = day
            self.note = note
            self.status = status
            self.target = target
        }
    }

    public struct Row: Sendable, Equatable {
        public var number: Int
        public var text: String
        public var owner: String
        public var response: Recommendation.Response
        public var responseReason: String
        public var status: Recommendation.Status
        public var firstTarget: CalendarDay?
        public var target: CalendarDay?
        /// How many times the target date was moved later.
        public var slips: Int
        public var overdue: Bool
        public var latestNote: String
        public var latestDay: CalendarDay?
    }

    public struct Summary: Sendable, Equatable {
        public var total: Int
        public var byResponse: [Recommendation.Response: Int]
        public var byStatus: [Recommendation.Status: Int]
        public var overdue: Int
        /// Recommendations whose target moved later at least once, and all the moves.
        public var slipped: Int
        public var slips: Int
    }

    public static func asOf(_ date: CalendarDay, _ recommendations: [Facts]) -> (rows: [Row], summary: Summary) {
        let rows = recommendations.sorted { $0.number < $1.number }.map { r in
            let response = r.respondedOn.map { $0 <= date } ?? false ? r.response : .awaiting
            var status = Recommendation.Status.notStarted
            var target = r.firstTarget
            var slips = 0
            var latest: Update?
            // Stable on the day: updates written the same day apply in the order they were written.
            for update in r.updates.enumerated().sorted(by: {
                ($0.element.day, $0.offset) < ($1.element.day, $1.offset)
            }).map(\.element)
            where update.day <= date {
                status = update.status
                if let new = update.target, let old = target, new > old { slips += 1 }
                if update.target != nil { target = update.target }
                latest = update
            }
            let overdue = response != .rejected && !status.isClosed && (target.map { $0 < date } ?? false)
            return Row(
                number: r.number, text: r.text, owner: r.owner, response: response,
                responseReason: response == .awaiting ? "" : r.responseReason,
                status: status, firstTarget: r.firstTarget, target: target, slips: slips, overdue: overdue,
                latestNote: latest?.note ?? "", latestDay: latest?.day)
        }
        let summary = Summary(
            total: rows.count,
            byResponse: Dictionary(grouping: rows, by: \.response).mapValues(\.count),
            byStatus: Dictionary(grouping: rows, by: \.status).mapValues(\.count),
            overdue: rows.filter(\.overdue).count,
            slipped: rows.filter { $0.slips > 0 }.count,
            slips: rows.reduce(0) { $0 + $1.slips })
        return (rows, summary)
    }
}
