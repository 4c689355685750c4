import FluentKit
import Foundation

/// Before/after surveys for the demo partnership's past events, with a realistic mixture: some behaviours
/// clearly change (2-step verification, knowing where to report), some do not (backups, updates), and
/// one survey has too few answers to conclude. Seeded, so every machine gets the same results.
public enum DemoSurveys {
    /// How one question's answers move from before to after, per person.
    enum Move {
        /// Yes/no: chance of yes before, of keeping a yes, and of a no turning into a yes.
        case yesNo(before: Double, keep: Double, gain: Double)
        /// 1–5: typical answer before, chance of moving up one point, and of moving down one.
        case likert(typical: Int, up: Double, down: Double)
    }

    struct Plan {
        var template: String
        var eventTitles: [String]
        var perEvent: ClosedRange<Int>
        var moves: [String: Move]
        /// Share of people who answered only before, or only after (lost or never given a code).
        var unpaired: Double
        var maximumEvents: Int
    }

    static let plans = [
        Plan(
            template: "staying-safe-online",
            eventTitles: ["Staying safe online: college workshop", "Online session: protecting your family online"],
            perEvent: 6...10,
            moves: [
                "uses-2sv": .yesNo(before: 0.35, keep: 0.97, gain: 0.45),
                "backs-up": .yesNo(before: 0.40, keep: 0.85, gain: 0.12),
                "updates": .yesNo(before: 0.62, keep: 0.92, gain: 0.15),
                "password-confidence": .likert(typical: 3, up: 0.45, down: 0.08),
                "know-where-report": .yesNo(before: 0.30, keep: 0.95, gain: 0.55),
                "would-report": .likert(typical: 4, up: 0.15, down: 0.12),
            ], unpaired: 0.15, maximumEvents: 20),
        Plan(
            template: "scam-awareness-older-people", eventTitles: ["Scams: know the signs (Friends session)"],
            perEvent: 5...8,
            moves: [
                "spot-scam": .likert(typical: 2, up: 0.5, down: 0.05),
                "hang-up": .yesNo(before: 0.70, keep: 0.95, gain: 0.25),
                "call-blocker": .yesNo(before: 0.25, keep: 0.9, gain: 0.08),
                "talk-to-someone": .yesNo(before: 0.55, keep: 0.9, gain: 0.3),
                "know-where-report": .yesNo(before: 0.25, keep: 0.95, gain: 0.5),
                "would-report": .likert(typical: 3, up: 0.35, down: 0.05),
            ], unpaired: 0.1, maximumEvents: 20),
        // Only one breakfast has been surveyed so far: too few answers to conclude anything.
        Plan(
            template: "small-business-security", eventTitles: ["Business breakfast: invoice fraud and ransomware"],
            perEvent: 7...7,
            moves: [
                "mfa-email": .yesNo(before: 0.3, keep: 0.95, gain: 0.4),
                "offline-backup": .yesNo(before: 0.4, keep: 0.95, gain: 0.3),
                "invoice-check": .yesNo(before: 0.5, keep: 0.95, gain: 0.5),
                "incident-plan": .likert(typical: 2, up: 0.3, down: 0.0),
            ], unpaired: 0, maximumEvents: 1),
    ]

    @discardableResult
    public static func load(on db: any Database, today: Date = Date()) async throws -> Bool {
        guard let partnership = try await Partnerships.find(on: db, slug: DemoPartnership.slug), partnership.isDemo
        else { return false }
        let partnershipID = try partnership.requireID()
        if try await Survey.query(on: db).filter(\.$partnership.$id == partnershipID).count() > 0 { return true }
        let actor = ActingUser.system("demo data")
        var random = SplitMix64(seed: 11)
        let events = try await Event.query(on: db).filter(\.$partnership.$id == partnershipID)
            .filter(\.$status == Event.Status.completed).sort(\.$startsAt).all()
        var surveys: [String: Survey] = [:]
        for plan in plans {
            let survey = try await Surveys.create(
                partnershipID: partnershipID, title: "", templateKey: plan.template, design: nil, by: actor, on: db)
            let used = Array(events.filter { plan.eventTitles.contains($0.title) }.suffix(plan.maximumEvents))
            survey.events = used.compactMap(\.id)
            survey.status = Survey.Status.open
            let questions = survey.questions
            var responses: [SurveyResponse] = []
            for event in used {
                let people = plan.perEvent.lowerBound + Int(random.next() % UInt64(plan.perEvent.count))
                for _ in 0..<people {
                    let code = ParticipantCode.withCheck(
                        (0..<5).map { _ in ParticipantCode.alphabet[Int(random.next() % 32)] })
                    var before: [String: [String]] = [:]
                    var after: [String: [String]] = [:]
                    for question in questions {
                        guard let move = plan.moves[question.key] else { continue }
                        switch move {
                        case .yesNo(let p, let keep, let gain):
                            let was = random.unit() < p
                            let now = was ? random.unit() < keep : random.unit() < gain
                            before[question.key] = [was ? "yes" : "no"]
                            after[question.key] = [now ? "yes" : "no"]
                        case .likert(let typical, let up, let down):
                            let was = min(5, max(1, typical + Int(random.next() % 3) - 1))
                            let roll = random.unit()
                            let now = min(5, max(1, roll < up ? was + 1 : roll < up + down ? was - 1 : was))
                            before[question.key] = ["\(was)"]
                            after[question.key] = ["\(now)"]
                        }
                    }
                    if before["uses-2sv"] == ["yes"] { before["2sv-accounts"] = ["Banking"] }
                    if after["uses-2sv"] == ["yes"] {
                        after["2sv-accounts"] = random.unit() < 0.5 ? ["Banking", "Social media"] : ["Banking"]
                    }
                    let roll = random.unit()
                    let onlyBefore = roll < plan.unpaired / 2
                    let onlyAfter = !onlyBefore && roll < plan.unpaired
                    if !onlyAfter {
                        responses.append(
                            response(survey, .before, code, before, at: event.startsAt.addingTimeInterval(-600)))
                    }
                    if !onlyBefore {
                        var answers = after
                        if plan.template == "staying-safe-online" && random.unit() < 0.25 {
                            answers["anything-else"] = [
                                [
                                    "Setting up a password manager on my phone", "How to back up photos from my phone",
                                    "Help for my mum with scam texts", "Which apps are safe for my children",
                                ][Int(random.next() % 4)]
                            ]
                        }
                        responses.append(
                            response(survey, .after, code, answers, at: event.endsAt.addingTimeInterval(300)))
                    }
                }
            }
            let rows = responses
            try await db.write { tx in
                try await survey.update(on: tx)
                for response in rows { try await response.create(on: tx) }
            }
            surveys[plan.template] = survey
        }
        try await loadReportingIntent(
            partnershipID: partnershipID, today: today, random: &random, surveys: &surveys, on: db)
        try await loadOutcomes(partnershipID: partnershipID, surveys: surveys, on: db)
        try await loadIndicators(partnershipID: partnershipID, today: today, surveys: surveys, on: db)
        return true
    }

    static func response(
        _ survey: Survey, _ stage: SurveyResponse.Stage, _ code: String, _ answers: [String: [String]], at: Date
    ) -> SurveyResponse {
        let response = SurveyResponse()
        response.$survey.id = survey.id!
        response.partnershipID = survey.$partnership.id
        response.stage = stage
        response.participantCode = stage == .once ? nil : code
        response.submittedAt = at
        response.answersJSON = SurveyAnswers.encode(answers)
        return response
    }

    /// A year of the one-off reporting survey (at stalls and on the public site), with the share who know
    /// where to report rising quarter by quarter.
    static func loadReportingIntent(
        partnershipID: UUID, today: Date, random: inout SplitMix64, surveys: inout [String: Survey],
        on db: any Database
    ) async throws {
        let survey = try await Surveys.create(
            partnershipID: partnershipID, title: "", templateKey: "reporting-intent", design: nil,
            by: .system("demo data"), on: db)
        survey.status = Survey.Status.open
        var responses: [SurveyResponse] = []
        for day in stride(from: 360, to: 0, by: -3) {
            let share = 0.35 + 0.25 * Double(360 - day) / 360
            let yes = random.unit() < share
            var answers: [String: [String]] = [
                "know-where-report": [yes ? "yes" : "no"],
                "would-report": ["\(min(5, max(1, (yes ? 4 : 3) + Int(random.next() % 3) - 1)))"],
            ]
            if random.unit() < 0.5 {
                answers["why-not"] = [
                    ["Embarrassment", "Did not think it would help", "Did not know how", "Lost no money"][
                        Int(random.next() % 4)]
                ]
            }
            responses.append(response(survey, .once, "", answers, at: today.addingTimeInterval(-Double(day) * 86400)))
        }
        let rows = responses
        try await db.write { tx in
            try await survey.update(on: tx)
            for response in rows { try await response.create(on: tx) }
        }
        surveys["reporting-intent"] = survey
    }

    static func loadOutcomes(partnershipID: UUID, surveys: [String: Survey], on db: any Database) async throws {
        let objectives = try await Objective.query(on: db).filter(\.$partnership.$id == partnershipID).sort(\.$position)
            .all()
        func measure(_ template: String, _ key: String) -> Outcome.Measure? {
            surveys[template]?.id.map { Outcome.Measure(surveyID: $0, questionKey: key) }
        }
        let outcomes: [(String, Int, [Outcome.Measure?])] = [
            ("Residents use 2-step verification", 0, [measure("staying-safe-online", "uses-2sv")]),
            (
                "People know where to report a scam", 0,
                [
                    measure("staying-safe-online", "know-where-report"),
                    measure("scam-awareness-older-people", "know-where-report"),
                ]
            ),
            (
                "Residents keep backups and install updates", 0,
                [measure("staying-safe-online", "backs-up"), measure("staying-safe-online", "updates")]
            ),
            (
                "Older people are confident spotting scams", 1,
                [
                    measure("scam-awareness-older-people", "spot-scam"),
                    measure("scam-awareness-older-people", "hang-up"),
                ]
            ),
            (
                "Small businesses are ready for ransomware and invoice fraud", 2,
                [
                    measure("small-business-security", "offline-backup"),
                    measure("small-business-security", "invoice-check"),
                ]
            ),
        ]
        for (title, objective, measures) in outcomes {
            try await Outcomes.save(
                nil, partnershipID: partnershipID, title: title,
                objectiveID: objectives.indices.contains(objective) ? objectives[objective].id : nil,
                measures: measures.compactMap { $0 }, by: .system("demo data"), on: db)
        }
    }

    static func loadIndicators(partnershipID: UUID, today: Date, surveys: [String: Survey], on db: any Database)
        async throws
    {
        let actor = ActingUser.system("demo data")
        try await Indicators.create(
            partnershipID: partnershipID, title: "Cyber-related crimes reported to police", source: .recordedCrimes,
            direction: .up,
            by: actor, on: db)
        try await Indicators.create(
            partnershipID: partnershipID, title: "Cyber-related crimes against older people", source: .olderVictims,
            direction: .down,
            by: actor, on: db)
        try await Indicators.create(
            partnershipID: partnershipID, title: "People reached at events", source: .peopleEngaged, direction: .up,
            by: actor, on: db)
        try await Indicators.create(
            partnershipID: partnershipID, title: "People who know where to report a scam (%)", source: .surveyShare,
            direction: .up,
            surveyID: surveys["reporting-intent"]?.id, questionKey: "know-where-report", by: actor, on: db)
        let manual = try await Indicators.create(
            partnershipID: partnershipID, title: "Calls to the local scams advice line", source: .manual,
            direction: .up, by: actor, on: db)
        let last = Quarter.lastComplete(before: today)
        for (offset, value) in [41.0, 38, 52, 57, 66].enumerated() {
            try await Indicators.setValue(
                manual, quarter: Quarter.adding(offset - 4, to: last), value: value, by: actor, on: db)
        }
    }
}
