import FluentKit
import Foundation

/// The demo partnership's plan: about 25 actions under the three objectives, with a deliberate duplicate (two
/// partners running scam talks for older people in Northtown), a reviewed one, the same partner twice (not a
/// duplicate), gaps against the crime picture, two sub-group meetings and a scrutiny review of young people
/// and cybercrime with six recommendations at different stages. Dates are relative to the day it is loaded.
public enum DemoPlan {
    /// objective, lead partner, supporting partners, themes, audiences, area, start and due (days from today; nil = none),
    /// status, rating and reason, funding.
    struct Row {
        var title: String, objective: Int, lead: Int, supporting: [Int] = [], themes: [Int], audiences: [Int], area = ""
        var starts: Int?, due: Int?, status: PlanAction.Status = .inProgress, rag: PlanAction.Rating = .green,
            reason = ""
        var funding: PlanAction.Funding = .none, funder = "", amount = "", officer = "", summary = ""
        var updates: [(Int, String)] = [], meeting: Int? = nil
    }

    // Partners: 0 police, 1 community safety, 2 trading standards, 3 fire, 4 college, 5 academy trust, 6 university, 7 age friendly.
    // Themes: 0 fraud, 1 hacking, 2 child abuse online, 3 extremism, 4 harassment, 5 image-based abuse.
    // Audiences: 0 residents, 1 older people, 2 young people, 3 parents, 4 students, 5 businesses, 6 charities, 7 schools.
    static let rows: [Row] = [
        Row(
            title: "Staying safe online talks in libraries", objective: 0, lead: 1, supporting: [7], themes: [0, 1],
            audiences: [0], starts: -120, due: 60,
            officer: "Priya Shah",
            updates: [(-90, "Six talks held in three libraries, 84 residents."), (-20, "Winter programme booked.")]),
        Row(
            title: "Scam awareness “Friends” sessions in sheltered housing", objective: 1, lead: 2, supporting: [7],
            themes: [0], audiences: [1], area: "Northtown",
            starts: -200, due: 30, officer: "Martin Cole",
            updates: [
                (-150, "First eight schemes visited; 112 new Friends."), (-40, "Waiting list for four more schemes."),
            ]),
        Row(
            title: "Doorstep and phone scam talks for older residents", objective: 1, lead: 0, themes: [0],
            audiences: [1], area: "Northtown", starts: -60, due: 90,
            status: .planned, rag: .amber, reason: "Venues not yet booked.", officer: "PC Dan Hughes"),
        Row(
            title: "Cyber escape room for sixth-formers", objective: 0, lead: 0, supporting: [4], themes: [1],
            audiences: [2, 4], starts: -90, due: 120,
            officer: "DC Amy Ford", updates: [(-45, "Run at the college with 6 teams; debrief on reporting.")]),
        Row(
            title: "Cyber Choices briefings for school staff", objective: 1, lead: 0, supporting: [5], themes: [1],
            audiences: [7], starts: -30, due: 150,
            officer: "DC Amy Ford"),
        Row(
            title: "Sextortion lessons in secondary schools", objective: 1, lead: 5, supporting: [0], themes: [5],
            audiences: [2, 7], starts: -30, due: 150,
            rag: .amber, reason: "Two schools have not yet timetabled the lesson.", officer: "Jo Patel"),
        Row(
            title: "Parents’ evening: gaming scams and image sharing", objective: 1, lead: 5, supporting: [1],
            themes: [5, 0], audiences: [3], starts: -10, due: 40,
            status: .planned, officer: "Jo Patel"),
        Row(
            title: "Small business cyber breakfast", objective: 2, lead: 0, supporting: [2], themes: [1],
            audiences: [5], starts: -100, due: -5,
            rag: .red, reason: "The speaker withdrew; a new date is needed.", officer: "DS Kim Lowe",
            updates: [(-60, "Venue booked, 40 places."), (-12, "Speaker withdrew; looking for a replacement.")]),
        Row(
            title: "Cyber Essentials support for micro-businesses", objective: 2, lead: 1, supporting: [6], themes: [1],
            audiences: [5], starts: -150, due: 200,
            funding: .grant, funder: "Police and Crime Commissioner", amount: "12000", officer: "Priya Shah",
            updates: [
                (-100, "Grant agreed; university students trained as advisers."),
                (-30, "14 businesses supported so far."),
            ]),
        Row(
            title: "Invoice fraud alerts for local businesses", objective: 2, lead: 2, themes: [0], audiences: [5],
            starts: -40, due: 100, officer: "Martin Cole"),
        Row(
            title: "Business email compromise webinar", objective: 2, lead: 2, themes: [0], audiences: [5], starts: 5,
            due: 25, status: .planned, officer: "Martin Cole"),
        Row(
            title: "Charity trustees’ data protection workshop", objective: 2, lead: 7, supporting: [1], themes: [1],
            audiences: [6], starts: 0, due: 80,
            status: .planned, officer: "Ruth Evans"),
        Row(
            title: "School data security health checks", objective: 2, lead: 5, supporting: [0], themes: [1],
            audiences: [7], starts: -60, due: -10,
            rag: .amber, reason: "Two schools have not returned their checks.", officer: "Jo Patel",
            updates: [(-30, "Nine of eleven schools have completed the check.")]),
        Row(
            title: "College students’ awareness video", objective: 0, lead: 4, supporting: [1], themes: [0, 4],
            audiences: [4, 0], starts: -300, due: -100,
            status: .complete, officer: "Sam Okafor",
            updates: [(-110, "Video launched; 3,100 views in the first month.")]),
        Row(
            title: "Cyber ambassadors: volunteers who pass it on", objective: 0, lead: 1, supporting: [7], themes: [0],
            audiences: [0, 1], starts: -250, due: 100,
            officer: "Priya Shah", updates: [(-120, "31 ambassadors trained.")]),
        Row(
            title: "Romance fraud campaign", objective: 0, lead: 0, supporting: [1], themes: [0], audiences: [0],
            starts: 60, due: 100, status: .planned,
            officer: "PC Dan Hughes", meeting: 0),
        Row(
            title: "Cyberbullying peer mentors", objective: 1, lead: 5, supporting: [4], themes: [4], audiences: [2],
            starts: -100, due: 120, officer: "Jo Patel"),
        Row(
            title: "Online safety for parents of under-11s", objective: 1, lead: 1, supporting: [5], themes: [2],
            audiences: [3], starts: -50, due: 70,
            funding: .core, funder: "Community safety budget", amount: "1500", officer: "Priya Shah"),
        Row(
            title: "Home fire safety visits: add a scam leaflet", objective: 1, lead: 3, supporting: [2], themes: [0],
            audiences: [1], starts: nil, due: nil,
            officer: "Watch Manager Lee Grant", summary: "Open-ended: part of every home fire safety visit."),
        Row(
            title: "Capture-the-flag club for young people", objective: 1, lead: 6, supporting: [0, 4], themes: [1],
            audiences: [2], starts: -80, due: 200,
            officer: "Dr Nia Roberts", updates: [(-20, "Twelve regulars; first regional competition entered.")]),
        Row(
            title: "Online radicalisation: training for youth workers", objective: 1, lead: 1, themes: [3],
            audiences: [2], starts: 10, due: 150,
            status: .planned, officer: "Priya Shah", meeting: 1),
        Row(
            title: "Courier fraud alerts through neighbourhood messaging", objective: 1, lead: 0, themes: [0],
            audiences: [1], area: "Northtown", starts: -20, due: nil,
            officer: "PC Dan Hughes"),
        Row(
            title: "Reporting campaign: “Tell us, even if you didn’t lose money”", objective: 0, lead: 0,
            supporting: [1, 2], themes: [0, 1], audiences: [0], starts: -15, due: 45,
            officer: "DS Kim Lowe"),
        Row(
            title: "Safer online dating stall at freshers’ fair", objective: 0, lead: 6, themes: [4, 5], audiences: [4],
            starts: -75, due: -60, status: .complete,
            officer: "Dr Nia Roberts"),
        Row(
            title: "Trusted trader scheme: online scams module", objective: 2, lead: 2, themes: [0], audiences: [5],
            area: "Southport", starts: -200, due: -30,
            status: .cancelled, rag: .unrated, officer: "Martin Cole",
            summary: "Cancelled: folded into the invoice fraud alerts."),
    ]

    @discardableResult
    public static func load(on db: any Database, today: CalendarDay = .today()) async throws -> Bool {
        guard let partnership = try await Partnerships.find(on: db, slug: DemoPartnership.slug), partnership.isDemo
        else { return false }
        let id = try partnership.requireID()
        if try await PlanAction.query(on: db).filter(\.$partnership.$id == id).count() > 0 { return true }
        let actor = ActingUser.system("demo data")
        let partners = try await PartnerOrganisation.query(on: db).filter(\.$partnership.$id == id).sort(\.$position)
            .all()
        let themes = try await Theme.query(on: db).filter(\.$partnership.$id == id).sort(\.$position).all()
        let audiences = try await Audience.query(on: db).filter(\.$partnership.$id == id).sort(\.$position).all()
        let objectives = try await Objective.query(on: db).filter(\.$partnership.$id == id).sort(\.$position).all()
        guard partners.count >= 8, themes.count >= 6, audiences.count >= 8, objectives.count >= 3 else { return false }
        func day(_ offset: Int?) -> String { offset.map { today.adding(days: $0).iso } ?? "" }

        let meetings = [
            try await PlanMeetings.save(
                nil, partnershipID: id, day: day(-70), title: "Cyber-enabled crime sub-group, autumn meeting",
                attendees: [0, 1, 2, 4, 5, 7].map { partners[$0].id!.uuidString },
                notes:
                    "Reviewed the crime picture: romance fraud rising among residents aged 45–64. Trading standards reported good take-up of the Friends sessions.",
                decisions:
                    "Police to plan a romance fraud campaign for the spring.\nCollege to share the awareness video with schools.",
                by: actor, on: db),
            try await PlanMeetings.save(
                nil, partnershipID: id, day: day(-10), title: "Cyber-enabled crime sub-group, winter meeting",
                attendees: [0, 1, 3, 5, 6].map { partners[$0].id!.uuidString },
                notes: "Discussed the scrutiny review's recommendations and the overdue business breakfast.",
                decisions:
                    "Community safety to arrange training on online radicalisation for youth workers.\nPolice and trading standards to agree who leads scam talks in Northtown.",
                by: actor, on: db),
        ]
        let games = try await GameSession.query(on: db).filter(\.$partnership.$id == id).all()
        let events = try await Event.query(on: db).filter(\.$partnership.$id == id).all()
        for row in rows {
            var draft = PlanActions.Draft()
            draft.title = row.title
            draft.summary = row.summary
            draft.objective = objectives[row.objective].id!.uuidString
            draft.leadPartner = partners[row.lead].id!.uuidString
            draft.leadOfficer = row.officer
            draft.supportingPartners = row.supporting.map { partners[$0].id!.uuidString }
            draft.themes = row.themes.map { themes[$0].id!.uuidString }
            draft.audiences = row.audiences.map { audiences[$0].id!.uuidString }
            draft.area = row.area
            draft.starts = day(row.starts)
            draft.due = day(row.due)
            if let due = row.due, let starts = row.starts, due - starts > 60 {
                draft.milestones = [
                    ("Materials ready", day(starts + 20), starts + 20 < 0),
                    ("Halfway review", day((starts + due) / 2), (starts + due) / 2 < 0),
                ]
            }
            draft.funding = row.funding.rawValue
            draft.funder = row.funder
            draft.amount = row.amount
            draft.status = PlanAction.Status.planned.rawValue
            draft.meeting = row.meeting.map { meetings[$0].id!.uuidString } ?? ""
            if row.title.contains("escape room") { draft.games = games.prefix(2).compactMap { $0.id?.uuidString } }
            if row.title.contains("libraries") {
                draft.events = events.filter { $0.title.contains("Staying safe") }.prefix(3).compactMap {
                    $0.id?.uuidString
                }
            }
            let action = try await PlanActions.create(
                partnershipID: id, draft: draft, today: today.adding(days: min(row.starts ?? -30, 0) - 5), by: actor,
                on: db)
            if row.status != .planned {
                let startDay = today.adding(days: min(row.starts ?? -30, 0))
                try await PlanActions.addUpdate(
                    action, day: startDay.iso, note: "Work started.", evidence: "",
                    status: PlanAction.Status.inProgress.rawValue,
                    rag: PlanAction.Rating.green.rawValue, ragReason: "", by: actor, on: db)
            }
            for (offset, note) in row.updates where offset <= 0 {
                try await PlanActions.addUpdate(
                    action, day: day(offset), note: note, evidence: "", status: PlanAction.Status.inProgress.rawValue,
                    rag: PlanAction.Rating.green.rawValue, ragReason: "", by: actor, on: db)
            }
            if action.status != row.status || action.rating != row.rag {
                let closing = row.status.isClosed ? today.adding(days: min(row.due ?? 0, 0)) : today.adding(days: -3)
                try await PlanActions.addUpdate(
                    action, day: closing.iso, note: row.reason.isEmpty ? "\(row.status.label)." : row.reason,
                    evidence: "",
                    status: row.status.rawValue, rag: row.rag.rawValue, ragReason: row.reason, by: actor, on: db)
            }
        }
        try await reviewOneDuplicate(partnershipID: id, actor: actor, on: db)
        try await DemoScrutiny.load(partnershipID: id, today: today, actor: actor, on: db)
        return true
    }

    /// The breakfast and the Cyber Essentials support overlap on purpose; the sub-group has looked at it.
    static func reviewOneDuplicate(partnershipID: UUID, actor: ActingUser, on db: any Database) async throws {
        let checks = try await PlanChecks.run(partnershipID: partnershipID, on: db)
        let actions = try await PlanActions.all(partnershipID: partnershipID, on: db)
        let breakfast = actions.first { $0.title == "Small business cyber breakfast" }?.id
        guard let flag = checks.duplicates.first(where: { breakfast.map($0.actions.contains) ?? false }) else { return }
        try await PlanChecks.review(
            partnershipID: partnershipID, key: flag.key,
            note:
                "Reviewed at the winter meeting: the breakfast signposts businesses to the Cyber Essentials support, so they complement each other.",
            by: actor, on: db)
    }
}
