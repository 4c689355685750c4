import FluentKit
import Foundation

/// A year of the demo partnership's events (nine months past, three ahead) with bookings, seeded so that
/// every machine gets the same programme: college workshops, older people's scam talks, business
/// breakfasts, school sessions, escape-room game sessions and online sessions.
public enum DemoEvents {
    struct Template {
        var title: String
        var summary: String
        var kind: Event.Kind
        var venue: String
        var area: String
        var capacity: Int
        var audience: String
        var theme: String
        var objective: Int
        var groups: Bool
        var friends: Bool
    }

    static let templates = [
        Template(
            title: "Staying safe online: college workshop",
            summary:
                "A hands-on hour on passwords, 2-step verification and spotting scams, run with the college's digital team.",
            kind: .workshop, venue: "Durham Sixth Form Centre, main hall", area: "Durham", capacity: 200,
            audience: "Students",
            theme: "Hacking and computer misuse", objective: 0, groups: false, friends: false),
        Template(
            title: "Scams: know the signs (Friends session)",
            summary:
                "A friendly talk for older people and their families about phone, doorstep and online scams, and how to report them.",
            kind: .talk, venue: "Darlington Library, community room", area: "Darlington", capacity: 30,
            audience: "Older people",
            theme: "Fraud and scams", objective: 1, groups: false, friends: true),
        Template(
            title: "Business breakfast: invoice fraud and ransomware",
            summary: "Coffee, bacon rolls and twenty minutes on the five things that stop most attacks on small firms.",
            kind: .talk, venue: "Bishop Auckland Town Hall", area: "Bishop Auckland", capacity: 40,
            audience: "Businesses",
            theme: "Fraud and scams", objective: 2, groups: false, friends: false),
        Template(
            title: "School session: your digital footprint",
            summary:
                "For Year 8 and 9 classes: sharing images, gaming scams and where the law draws lines. Teachers book for the class.",
            kind: .workshop, venue: "Consett Academy", area: "Consett", capacity: 120, audience: "Schools",
            theme: "Image-based abuse and sextortion", objective: 1, groups: true, friends: false),
        Template(
            title: "Cyber escape room",
            summary: "Teams of four race the clock to recover a hacked account. No experience needed.",
            kind: .gameSession, venue: "Seaham Youth Centre", area: "Seaham", capacity: 32, audience: "Young people",
            theme: "Hacking and computer misuse", objective: 0, groups: false, friends: false),
        Template(
            title: "Online session: protecting your family online",
            summary: "An evening session for parents on settings, apps and conversations.",
            kind: .onlineSession, venue: "", area: "Online", capacity: 100, audience: "Parents",
            theme: "Online child sexual abuse and grooming", objective: 1, groups: false, friends: false),
    ]

    @discardableResult
    public static func load(on db: any Database, today: Date = Date()) async throws -> Bool {
        guard let partnership = try await Partnerships.find(on: db, slug: DemoPartnership.slug), partnership.isDemo
        else { return false }
        let id = try partnership.requireID()
        if try await Event.query(on: db).filter(\.$partnership.$id == id).count() > 0 { return true }
        let themes = try await Theme.query(on: db).filter(\.$partnership.$id == id).all()
        let audiences = try await Audience.query(on: db).filter(\.$partnership.$id == id).all()
        let objectives = try await Objective.query(on: db).filter(\.$partnership.$id == id).sort(\.$position).all()
        var random = SplitMix64(seed: 4)
        let calendar = Calendar(identifier: .gregorian)
        let startOfToday = calendar.startOfDay(for: today)
        // One event every ten days or so, from nine months ago to three months ahead.
        var day = -270
        var index = 0
        var lastWorkshop: UUID?
        while day < 90 {
            let template = templates[index % templates.count]
            index += 1
            let hour =
                template.kind == .talk && template.audience == "Businesses"
                ? 8 : template.audience == "Older people" ? 14 : 18
            let start = startOfToday.addingTimeInterval(Double(day) * 86400 + Double(hour) * 3600)
            let draft = Events.Draft(
                title: template.title, summary: template.summary, kind: template.kind,
                objectiveIDs: objectives.indices.contains(template.objective)
                    ? [objectives[template.objective].id!] : [],
                themeIDs: themes.filter { $0.name == template.theme }.compactMap(\.id),
                audienceIDs: audiences.filter { $0.name == template.audience }.compactMap(\.id),
                venue: template.venue, area: template.area, isOnline: template.kind == .onlineSession, startsAt: start,
                endsAt: start.addingTimeInterval(template.kind == .talk ? 5400 : 7200), capacity: template.capacity,
                accessibility: template.kind == .onlineSession
                    ? "Live captions on request." : "Step-free access and a hearing loop.",
                questions: template.groups
                    ? [
                        SignUpQuestion(
                            id: "year", label: "Which year group?", kind: .choice, options: ["Year 8", "Year 9"],
                            required: true)
                    ]
                    : [],
                status: .published, countsAsFriends: template.friends)
            let event = try await Events.create(draft, partnershipID: id, by: .system("demo data"), on: db)
            // Bookings made in the weeks before; the last upcoming college workshop over-subscribes.
            let fill = day < 0 ? 0.6 + 0.4 * random.unit() : 0.2 + 0.5 * random.unit()
            var wanted = Int(Double(template.capacity) * fill) + (day > 60 && template.capacity == 200 ? 240 : 0)
            let audienceID = audiences.first { $0.name == template.audience }?.id
            var person = 0
            while wanted > 0 {
                person += 1
                let places = template.groups ? min(wanted, 20 + Int(random.next() % 11)) : 1
                wanted -= places
                let booked = start.addingTimeInterval(-Double(1 + random.next() % 20) * 86400)
                _ = try await Bookings.signUp(
                    eventID: event.requireID(), partnershipID: id,
                    form: .init(
                        name: template.groups ? "Teacher \(person)" : "Demo attendee \(index)-\(person)",
                        email: "attendee\(index)-\(person)@example.org", places: places, isGroup: template.groups,
                        organisation: template.groups ? template.venue : "", audienceID: audienceID,
                        answers: template.groups ? ["year": person % 2 == 0 ? "Year 8" : "Year 9"] : [:],
                        // Some came through the follow-on link given out at the last college workshop.
                        sourceEventID: random.unit() < 0.3 ? lastWorkshop : nil, consent: true),
                    now: booked, on: db)
            }
            if day < 0 {
                event.status = Event.Status.completed
                let eventID = try event.requireID()
                let seed = random.next()
                try await db.write { tx in
                    try await event.save(on: tx)
                    // About four in five booked people came; a few walked in.
                    var dice = SplitMix64(seed: seed)
                    for booking in try await Booking.query(on: tx).filter(\.$event.$id == eventID).filter(
                        \.$status == Booking.Status.confirmed
                    ).all()
                    where dice.unit() < 0.8 {
                        booking.attendedPlaces = booking.isGroup ? max(1, booking.places - Int(dice.next() % 3)) : 1
                        booking.checkedInAt = start
                        // About one in six became ambassadors; most of those later said whom they told.
                        if !booking.isGroup && dice.unit() < 0.17 {
                            booking.ambassadorPledge = 2 + Int(dice.next() % 5)
                        }
                        try await booking.save(on: tx)
                        if let pledge = booking.ambassadorPledge, dice.unit() < 0.6 {
                            let report = AmbassadorReport()
                            report.$booking.id = try booking.requireID()
                            report.partnershipID = id
                            report.reportedAt = start.addingTimeInterval(Double(7 + dice.next() % 30) * 86400)
                            report.family = Int(dice.next() % UInt64(pledge + 1))
                            report.friends = Int(dice.next() % 3)
                            report.colleagues = Int(dice.next() % 2)
                            report.neighbours = Int(dice.next() % 2)
                            report.people = report.family + report.friends + report.colleagues + report.neighbours
                            if report.people > 0 { try await report.create(on: tx) }
                        }
                    }
                }
                let walkIns = Int(random.next() % 6)
                if walkIns > 0 {
                    try await Attendance.walkIn(
                        eventID: eventID, partnershipID: id, name: "", audienceID: audienceID, places: walkIns,
                        by: .system("demo data"), now: start, on: db)
                }
            }
            if template.capacity == 200 && day < 0 { lastWorkshop = try event.requireID() }
            day += 8 + Int(random.next() % 5)
        }
        // A one-place clinic with no bookings, where the waiting list can be seen working.
        let clinic = startOfToday.addingTimeInterval(21 * 86400 + 10 * 3600)
        try await Events.create(
            Events.Draft(
                title: "One-to-one password clinic",
                summary:
                    "Bring your phone or laptop: half an hour with an officer to set up a password manager and 2-step verification.",
                kind: .training, audienceIDs: audiences.filter { $0.name == "Residents" }.compactMap(\.id),
                venue: "Chester-le-Street Library",
                area: "Chester-le-Street", startsAt: clinic, endsAt: clinic.addingTimeInterval(1800), capacity: 1,
                accessibility: "Step-free access.", status: .published),
            partnershipID: id, by: .system("demo data"), on: db)
        return true
    }
}
