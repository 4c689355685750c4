import FluentKit
import Foundation

/// Creating, changing and answering surveys.
public enum Surveys {
    public static func all(partnershipID: UUID, on db: any Database) async throws -> [Survey] {
        try await Survey.query(on: db).filter(\.$partnership.$id == partnershipID).sort(\.$createdAt, .descending).sort(
            \.$title
        ).all()
    }

    /// A new draft survey, from a template or blank.
    public static func create(
        partnershipID: UUID, title rawTitle: String, templateKey: String?, design: Survey.Design?,
        by actor: ActingUser, on db: any Database
    ) async throws -> Survey {
        let template = templateKey.flatMap { $0.isEmpty ? nil : SurveyTemplates.named($0) }
        let title = rawTitle.trimmingCharacters(in: .whitespacesAndNewlines)
        var errors = FieldErrors()
        if let key = templateKey, !key.isEmpty, template == nil {
            errors.add("template", "Choose a template from the list")
        }
        if title.isEmpty && template == nil { errors.add("title", "Enter a title for the survey") }
        if title.count > 150 { errors.add("title", "The title must be 150 characters or fewer") }
        try errors.throwIfAny()
        let survey = Survey(
            partnershipID: partnershipID, title: title.isEmpty ? template!.title : title,
            intro: template?.intro ?? "Thank you for taking part. We do not ask your name.",
            design: template?.design ?? design ?? .beforeAfter, questions: template?.questions ?? [],
            template: template?.key ?? "")
        try await db.write { tx in
            try await survey.create(on: tx)
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .create, entity: "survey",
                entityID: survey.id?.uuidString, summary: "Created survey “\(survey.title)”")
        }
        return survey
    }

    public struct Settings: Sendable {
        public var title: String, intro: String, status: Survey.Status, closesAt: Date?, quota: Int?, events: [UUID]
        public init(title: String, intro: String, status: Survey.Status, closesAt: Date?, quota: Int?, events: [UUID]) {
            self.title = title
            self.intro = intro
            self.status = status
            self.closesAt = closesAt
            self.quota = quota
            self.events = events
        }
    }

    public static func update(_ survey: Survey, settings: Settings, by actor: ActingUser, on db: any Database)
        async throws
    {
        var errors = FieldErrors()
        let title = settings.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty { errors.add("title", "Enter a title for the survey") }
        if title.count > 150 { errors.add("title", "The title must be 150 characters or fewer") }
        if settings.intro.count > 2000 { errors.add("intro", "The introduction must be 2,000 characters or fewer") }
        if let quota = settings.quota, quota < 1 || quota > 1_000_000 {
            errors.add("quota", "Enter a limit between 1 and 1,000,000, or leave it empty")
        }
        if settings.status == .open {
            if survey.questions.isEmpty { errors.add("status", "Add at least one question before opening the survey") }
            if let problem = SurveyQuestions.problems(survey.questions).first {
                errors.add("status", "Fix the questions before opening: \(problem)")
            }
        }
        try errors.throwIfAny()
        let partnershipID = survey.$partnership.id
        let before = ["status": survey.status.rawValue, "title": survey.title]
        survey.title = title
        survey.intro = settings.intro.trimmingCharacters(in: .whitespacesAndNewlines)
        survey.status = settings.status
        survey.closesAt = settings.closesAt
        survey.quota = settings.quota
        survey.events = settings.events
        try await db.write { tx in
            try await survey.update(on: tx)
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .update, entity: "survey",
                entityID: survey.id?.uuidString, summary: "Changed survey “\(survey.title)”",
                before: before, after: ["status": survey.status.rawValue, "title": survey.title])
        }
    }

    /// Every response received so far (a figure for roles with exact counts: `countedResponses` for the others).
    public static func responseCount(_ surveyID: UUID, on db: any Database) async throws -> Int {
        try await SurveyResponse.query(on: db).filter(\.$survey.$id == surveyID).count()
    }

    /// Adds, replaces (same key) or removes questions. Refused once anyone has answered, so that every
    /// response in an analysis answered the same wording.
    public static func setQuestions(
        _ survey: Survey, _ questions: [SurveyQuestion], summary: String, by actor: ActingUser,
        on db: any Database
    ) async throws {
        let partnershipID = survey.$partnership.id
        let surveyID = try survey.requireID()
        if let problem = SurveyQuestions.problems(questions).first { throw FieldErrors("question", problem) }
        try await db.write { tx in
            try await tx.lockPartnership(partnershipID)
            if try await responseCount(surveyID, on: tx) > 0 {
                throw FieldErrors(
                    "question",
                    "People have already answered this survey, so its questions cannot change: before and after answers must be to the same questions. Make a copy to change the wording."
                )
            }
            survey.questions = questions
            try await survey.update(on: tx)
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .update, entity: "survey",
                entityID: surveyID.uuidString, summary: summary)
        }
    }

    /// A new draft with the same questions, for changing the wording of a survey people have answered.
    public static func copy(_ survey: Survey, by actor: ActingUser, on db: any Database) async throws -> Survey {
        let copy = Survey(
            partnershipID: survey.$partnership.id, title: String(("Copy of " + survey.title).prefix(150)),
            intro: survey.intro,
            design: survey.design, questions: survey.questions, template: survey.template)
        copy.events = survey.events
        try await db.write { tx in
            try await copy.create(on: tx)
            try await Audit.record(
                on: tx, partnershipID: survey.$partnership.id, by: actor, action: .create, entity: "survey",
                entityID: copy.id?.uuidString, summary: "Copied survey “\(survey.title)”")
        }
        return copy
    }

    /// The stages a survey is answered at.
    public static func stages(_ survey: Survey) -> [SurveyResponse.Stage] {
        survey.design == .beforeAfter ? [.before, .after] : [.once]
    }

    /// Checks that the survey can take a response at this stage with this code. Throws a plain-English reason.
    public static func checkCanStart(
        _ survey: Survey, stage: SurveyResponse.Stage, code rawCode: String?, now: Date = Date(),
        on db: any Database
    ) async throws -> String? {
        if let reason = survey.closedReason(now: now) { throw FieldErrors("survey", reason) }
        guard stages(survey).contains(stage) else { throw NotFound("survey stage") }
        if let quota = survey.quota {
            let taken = try await SurveyResponse.query(on: db).filter(\.$survey.$id == survey.requireID()).filter(
                \.$stage == stage
            ).count()
            if taken >= quota {
                throw FieldErrors("survey", "This survey has all the answers it needs. Thank you for your interest.")
            }
        }
        guard survey.design == .beforeAfter else { return nil }
        let typed = (rawCode ?? "").trimmingCharacters(in: .whitespaces)
        if typed.isEmpty {
            throw FieldErrors("code", "Enter the 6-character code from your card or booking page, like K7P-4QX")
        }
        guard let code = ParticipantCode.normalised(typed) else {
            throw FieldErrors(
                "code",
                "Check the code: it should be 6 letters and numbers from your card or booking page, like K7P-4QX")
        }
        if try await SurveyResponse.query(on: db).filter(\.$survey.$id == survey.requireID()).filter(
            \.$stage == stage
        )
        .filter(\.$participantCode == code).count() > 0 {
            throw FieldErrors(
                "code",
                "This code has already been used to answer the \(stage.rawValue) survey. Each code can answer once \(stage == .before ? "before" : "after") the session."
            )
        }
        return code
    }

    /// Stores a complete response. Every page's answers are checked again here, because they travel in the form.
    @discardableResult
    public static func submit(
        _ survey: Survey, stage: SurveyResponse.Stage, code: String?, answers raw: [String: [String]],
        now: Date = Date(), on db: any Database
    ) async throws -> SurveyResponse {
        let questions = survey.questions
        var answers: [String: [String]] = [:]
        for group in survey.groups {
            let checked = SurveyAnswers.check(questions, group: group, submitted: raw, earlier: answers)
            if let problem = checked.problems.first { throw FieldErrors(problem.key, problem.message) }
            answers = checked.answers
        }
        let surveyID = try survey.requireID()
        let partnershipID = survey.$partnership.id
        let answersJSON = SurveyAnswers.encode(answers)
        return try await db.write { tx in
            try await tx.lockPartnership(partnershipID)
            let stored = try await checkCanStart(survey, stage: stage, code: code, now: now, on: tx)
            let response = SurveyResponse()
            response.$survey.id = surveyID
            response.partnershipID = partnershipID
            response.stage = stage
            response.participantCode = stored
            response.submittedAt = now
            response.answersJSON = answersJSON
            do {
                try await response.create(on: tx)
            } catch let error as any DatabaseError where error.isConstraintFailure {
                throw FieldErrors("code", "This code has already been used to answer the \(stage.rawValue) survey.")
            }
            return response
        }
    }

    public static func responses(_ surveyID: UUID, on db: any Database) async throws -> [SurveyResponse] {
        try await SurveyResponse.query(on: db).filter(\.$survey.$id == surveyID).sort(\.$submittedAt).all()
    }
}
