import FluentKit
import Foundation

/// Adding, changing and reporting progress on the plan's actions.
public enum PlanActions {
    /// What a person typed or chose on the action form, before checking.
    public struct Draft: Sendable {
        public var title = "", summary = "", objective = "", leadPartner = "", leadOfficer = ""
        public var supportingPartners: [String] = [], themes: [String] = [], audiences: [String] = []
        public var area = "", starts = "", due = ""
        public var milestones: [(title: String, due: String, done: Bool)] = []
        public var funding = "none", funder = "", amount = ""
        public var status = "planned", rag = "", ragReason = ""
        public var events: [String] = [], games: [String] = [], surveys: [String] = [], outcomes: [String] = []
        public var meeting = ""
        public init() {}
    }

    /// The ids of things in the partnership that an action may name, to check a draft against.
    public struct Choices: Sendable {
        public var objectives: Set<UUID>, partners: Set<UUID>, themes: Set<UUID>, audiences: Set<UUID>
        public var events: Set<UUID>, games: Set<UUID>, surveys: Set<UUID>, outcomes: Set<UUID>, meetings: Set<UUID>

        public static func load(partnershipID id: UUID, on db: any Database) async throws -> Choices {
            func ids<M: Model>(_ type: M.Type, _ rows: [M]) -> Set<UUID> where M.IDValue == UUID {
                Set(rows.compactMap(\.id))
            }
            return Choices(
                objectives: ids(
                    Objective.self, try await Objective.query(on: db).filter(\.$partnership.$id == id).all()),
                partners: ids(
                    PartnerOrganisation.self,
                    try await PartnerOrganisation.query(on: db).filter(\.$partnership.$id == id).all()),
                themes: ids(Theme.self, try await Theme.query(on: db).filter(\.$partnership.$id == id).all()),
                audiences: ids(Audience.self, try await Audience.query(on: db).filter(\.$partnership.$id == id).all()),
                events: ids(Event.self, try await Event.query(on: db).filter(\.$partnership.$id == id).all()),
                games: ids(
                    GameSession.self, try await GameSession.query(on: db).filter(\.$partnership.$id == id).all()),
                surveys: ids(Survey.self, try await Survey.query(on: db).filter(\.$partnership.$id == id).all()),
                outcomes: ids(Outcome.self, try await Outcome.query(on: db).filter(\.$partnership.$id == id).all()),
                meetings: ids(
                    PlanMeeting.self, try await PlanMeeting.query(on: db).filter(\.$partnership.$id == id).all()))
        }
    }

    public static func all(partnershipID: UUID, on db: any Database) async throws -> [PlanAction] {
        try await PlanAction.query(on: db).filter(\.$partnership.$id == partnershipID).sort(\.$number).all()
    }

    /// The work an action can link to: the partnership's events (newest first), game sessions, surveys and outcomes
    /// (by title).
    public struct Linkable: Sendable {
        public var events: [Event]
        public var games: [GameSession]
        public var surveys: [Survey]
        public var outcomes: [Outcome]
    }

    public static func linkable(partnershipID id: UUID, on db: any Database) async throws -> Linkable {
        Linkable(
            events: try await Event.query(on: db).filter(\.$partnership.$id == id).sort(\.$startsAt, .descending).all(),
            games: try await GameSession.query(on: db).filter(\.$partnership.$id == id).sort(\.$title).all(),
            surveys: try await Survey.query(on: db).filter(\.$partnership.$id == id).sort(\.$title).all(),
            outcomes: try await Outcome.query(on: db).filter(\.$partnership.$id == id).sort(\.$title).all())
    }

    public static func updates(of actionIDs: [UUID], on db: any Database) async throws -> [ActionUpdate] {
        guard !actionIDs.isEmpty else { return [] }
        return try await ActionUpdate.query(on: db).filter(\.$action.$id ~~ actionIDs).sort(\.$onDay).sort(\.$createdAt)
            .all()
    }

    /// Checks a draft and copies it onto `action`; every problem is reported, against its field.
    static func apply(_ draft: Draft, to action: PlanAction, choices: Choices) throws {
        var errors = FieldErrors()
        let title = draft.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty {
            errors.add("title", "Enter what the action is, like “Scam awareness talks in sheltered housing”")
        }
        if title.count > 200 { errors.add("title", "The title must be 200 characters or fewer") }
        func one(_ text: String, _ allowed: Set<UUID>, _ field: String, _ message: String) -> UUID? {
            guard let id = UUID(uuidString: text), allowed.contains(id) else {
                errors.add(field, message)
                return nil
            }
            return id
        }
        func many(_ texts: [String], _ allowed: Set<UUID>, _ field: String, required: String?) -> [UUID] {
            let ids = texts.compactMap(UUID.init(uuidString:)).filter(allowed.contains)
            if ids.count != texts.count {
                errors.add(field, "One of the choices no longer exists: choose again")
            } else if ids.isEmpty, let required {
                errors.add(field, required)
            }
            var seen = Set<UUID>()
            return ids.filter { seen.insert($0).inserted }
        }
        let objective = one(
            draft.objective, choices.objectives, "objective", "Choose the objective this action works towards")
        let lead = one(draft.leadPartner, choices.partners, "leadPartner", "Choose the partner that leads this action")
        let supporting = many(draft.supportingPartners, choices.partners, "supportingPartners", required: nil).filter {
            $0 != lead
        }
        let themes = many(draft.themes, choices.themes, "themes", required: "Choose at least one theme")
        let audiences = many(draft.audiences, choices.audiences, "audiences", required: "Choose at least one audience")
        let starts = day(draft.starts, "starts", "start date", &errors)
        let due = day(draft.due, "due", "due date", &errors)
        if let starts, let due, due < starts { errors.add("due", "The due date must be on or after the start date") }
        var milestones: [PlanAction.Milestone] = []
        for (index, m) in draft.milestones.enumerated() {
            let mTitle = m.title.trimmingCharacters(in: .whitespaces)
            if mTitle.isEmpty && m.due.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            if mTitle.isEmpty { errors.add("milestone-\(index)-title", "Say what milestone \(index + 1) is") }
            let mDue = day(m.due, "milestone-\(index)-due", "date of milestone \(index + 1)", &errors)
            milestones.append(.init(title: mTitle, due: CalendarDay.text(mDue), done: m.done))
        }
        let funding = errors.choice(
            draft.funding, "funding", empty: PlanAction.Funding.none, message: "Choose how the action is funded")
        let funder = draft.funder.trimmingCharacters(in: .whitespaces)
        if funding == .grant && funder.isEmpty {
            errors.add("funder", "Enter who gives the grant, like “Police and Crime Commissioner”")
        }
        let amount = pence(draft.amount)
        if amount == nil && !draft.amount.trimmingCharacters(in: .whitespaces).isEmpty {
            errors.add("amount", "Enter the amount in pounds, like 2500 or 2,500.50")
        }
        let status = PlanAction.Status(rawValue: draft.status)
        if status == nil { errors.add("status", "Choose the action's status") }
        let rating = errors.choice(
            draft.rag, "rag", empty: PlanAction.Rating.unrated, message: "Choose a rating: green, amber, red or none")
        let reason = draft.ragReason.trimmingCharacters(in: .whitespacesAndNewlines)
        if (rating == .red || rating == .amber) && reason.isEmpty {
            errors.add("ragReason", "Say why the action is \(rating.label.lowercased()), so the sub-group can help")
        }
        let events = many(draft.events, choices.events, "events", required: nil)
        let games = many(draft.games, choices.games, "games", required: nil)
        let surveys = many(draft.surveys, choices.surveys, "surveys", required: nil)
        let outcomes = many(draft.outcomes, choices.outcomes, "outcomes", required: nil)
        let meeting =
            draft.meeting.isEmpty
            ? nil : one(draft.meeting, choices.meetings, "meeting", "That meeting no longer exists")
        try errors.throwIfAny()

        action.title = title
        action.summary = draft.summary.trimmingCharacters(in: .whitespacesAndNewlines)
        action.objectiveID = objective!
        action.leadPartnerID = lead!
        action.leadOfficer = draft.leadOfficer.trimmingCharacters(in: .whitespaces)
        action.supportingPartnerIDs = IDList.text(supporting)
        action.themeIDs = IDList.text(themes)
        action.audienceIDs = IDList.text(audiences)
        action.area = draft.area.trimmingCharacters(in: .whitespaces)
        action.startsOn = CalendarDay.text(starts)
        action.dueOn = CalendarDay.text(due)
        action.milestones = milestones
        action.funding = funding
        action.funder = funding == .none ? "" : funder
        action.amountPence = funding == .none ? nil : amount
        action.status = status!
        action.rating = rating
        action.ragReason = rating == .unrated ? "" : reason
        action.eventIDs = IDList.text(events)
        action.gameIDs = IDList.text(games)
        action.surveyIDs = IDList.text(surveys)
        action.outcomeIDs = IDList.text(outcomes)
        action.meetingID = meeting
    }

    static func day(_ text: String, _ field: String, _ name: String, _ errors: inout FieldErrors) -> CalendarDay? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        guard let day = CalendarDay(trimmed) else {
            errors.add(field, "Enter the \(name) as a real date, like 31/3/2027")
            return nil
        }
        return day
    }

    /// "2,500.50" or "£2500" → 250050 pence; nil when it is not an amount of money.
    public static func pence(_ text: String) -> Int? {
        let cleaned = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "")
            .replacingOccurrences(of: "£", with: "")
        let parts = cleaned.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty,
            parts.allSatisfy({ $0.allSatisfy { "0123456789".contains($0) } }),
            parts[0].count <= 12, let pounds = Int(parts[0])
        else { return nil }
        guard parts.count == 2 else { return pounds * 100 }
        guard (1...2).contains(parts[1].count), let fraction = Int(parts[1]) else { return nil }
        return pounds * 100 + (parts[1].count == 1 ? fraction * 10 : fraction)
    }

    /// Adds an action with the next number; its first update records that it was added, so the history starts there.
    @discardableResult
    public static func create(
        partnershipID: UUID, draft: Draft, today: CalendarDay = .today(), by actor: ActingUser,
        on db: any Database
    ) async throws -> PlanAction {
        let action = PlanAction()
        action.$partnership.id = partnershipID
        try apply(draft, to: action, choices: try await Choices.load(partnershipID: partnershipID, on: db))
        try await db.write { tx in
            let last = try await PlanAction.query(on: tx).filter(\.$partnership.$id == partnershipID).sort(
                \.$number, .descending
            ).first()
            action.number = (last?.number ?? 0) + 1
            try await action.save(on: tx)
            try await record(action, note: "Action added to the plan.", evidence: "", day: today, by: actor, on: tx)
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .create, entity: "plan-action",
                entityID: action.id?.uuidString, summary: "Added action \(action.number) “\(action.title)”")
        }
        return action
    }

    /// Changes an action; a change of status or rating is written into its history as an update.
    public static func update(
        _ action: PlanAction, draft: Draft, today: CalendarDay = .today(), by actor: ActingUser,
        on db: any Database
    ) async throws {
        let before = (action.status, action.rating)
        try apply(draft, to: action, choices: try await Choices.load(partnershipID: action.$partnership.id, on: db))
        try await db.write { tx in
            try await action.save(on: tx)
            if before != (action.status, action.rating) {
                let note =
                    "Changed from \(before.0.label.lowercased()) (\(before.1.label.lowercased())) to "
                    + "\(action.status.label.lowercased()) (\(action.rating.label.lowercased()))."
                try await record(action, note: note, evidence: "", day: today, by: actor, on: tx)
            }
            try await Audit.record(
                on: tx, partnershipID: action.$partnership.id, by: actor, action: .update, entity: "plan-action",
                entityID: action.id?.uuidString, summary: "Changed action \(action.number) “\(action.title)”")
        }
    }

    /// A progress update: what happened, links to the evidence, and the status and rating it leaves the action in.
    public static func addUpdate(
        _ action: PlanAction, day text: String, note raw: String, evidence rawEvidence: String, status: String,
        rag: String, ragReason: String, by actor: ActingUser, on db: any Database
    ) async throws {
        var errors = FieldErrors()
        let note = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if note.isEmpty { errors.add("note", "Say what has happened since the last update") }
        if note.count > 4000 { errors.add("note", "The update must be 4,000 characters or fewer") }
        let day =
            text.trimmingCharacters(in: .whitespaces).isEmpty
            ? CalendarDay.today() : Self.day(text, "day", "date of the update", &errors)
        let links = rawEvidence.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        for link in links where !(link.hasPrefix("https://") || link.hasPrefix("http://")) || link.contains(" ") {
            errors.add(
                "evidence",
                "Evidence links must be web addresses starting https://, one per line (“\(link.prefix(40))” is not)")
            break
        }
        guard let newStatus = PlanAction.Status(rawValue: status) else {
            errors.add("status", "Choose the action's status")
            throw errors
        }
        let rating = errors.choice(
            rag, "rag", empty: PlanAction.Rating.unrated, message: "Choose a rating: green, amber, red or none")
        let reason = ragReason.trimmingCharacters(in: .whitespacesAndNewlines)
        if (rating == .red || rating == .amber) && reason.isEmpty {
            errors.add("ragReason", "Say why the action is \(rating.label.lowercased())")
        }
        try errors.throwIfAny()
        action.status = newStatus
        action.rating = rating
        action.ragReason = rating == .unrated ? "" : reason
        try await db.write { tx in
            try await action.save(on: tx)
            try await record(
                action, note: note, evidence: links.joined(separator: "\n"), day: day ?? .today(), by: actor, on: tx)
            try await Audit.record(
                on: tx, partnershipID: action.$partnership.id, by: actor, action: .update, entity: "plan-action",
                entityID: action.id?.uuidString, summary: "Progress update on action \(action.number)")
        }
    }

    static func record(
        _ action: PlanAction, note: String, evidence: String, day: CalendarDay, by actor: ActingUser,
        on db: any Database
    ) async throws {
        let update = ActionUpdate()
        update.$action.id = try action.requireID()
        update.onDay = day.iso
        update.note = note
        update.evidence = evidence
        update.status = action.status
        update.rating = action.rating
        update.author = actor.email
        try await update.save(on: db)
    }
}
