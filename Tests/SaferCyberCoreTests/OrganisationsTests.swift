import FluentKit
import Foundation
import TestSupport
import XCTest

@testable import SaferCyberCore

/// Issue 23: the register of organisations — records, links from group bookings, games, checks (with consent) and
/// resources, the timeline and score change, and the partnership's figures recounted independently, with small
/// groups protected for roles without exact counts.
final class OrganisationsTests: XCTestCase {
    static let set = ResilienceCheckTests.small
    static let areas = ["Durham", "Sunderland"]

    /// A check whose overall score is `yes` questions of six answered "yes" (weights 3,1,2,1,2,1).
    static func answers(yes: Int) -> [String: CheckScoring.Answer] {
        Dictionary(uniqueKeysWithValues: set.questions.enumerated().map { ($1.id, $0 < yes ? .yes : .no) })
    }

    static func check(
        _ pid: UUID, yes: Int, consent: Bool = true, named: String? = nil, retaking token: String? = nil,
        at date: Date = Date(), on db: any Database
    ) async throws -> ResilienceCheck {
        let check = try await ResilienceChecks.record(
            set, answers: answers(yes: yes), partnershipID: pid, previousToken: token, at: date, on: db)
        // A re-take keeps the details given with the check it re-takes (sending the form again would replace them).
        if token != nil && named == nil { return check }
        var details = ResilienceChecks.Details()
        details.consent = consent
        if consent {
            details.area = "Durham"
            if let named {
                details.followUp = true
                details.organisation = named
                details.name = "Head teacher"
                details.email = "head@example.org"
            }
        }
        try await ResilienceChecks.describe(check, details, areas: areas, on: db)
        return check
    }

    static func event(_ pid: UUID, _ title: String, startsIn days: Double = 1, on db: any Database) async throws
        -> Event
    {
        let start = Date().addingTimeInterval(days * 86400)
        return try await Events.create(
            Events.Draft(
                title: title, kind: .talk, venue: "Hall", area: "Durham", startsAt: start,
                endsAt: start.addingTimeInterval(3600), capacity: 100, status: .published),
            partnershipID: pid, by: .system("test"), on: db)
    }

    static func book(_ event: Event, _ pid: UUID, group: String?, places: Int = 10, on db: any Database) async throws
        -> UUID
    {
        try await Bookings.signUp(
            eventID: event.requireID(), partnershipID: pid,
            form: .init(
                name: "Teacher", email: "teacher\(UUID().uuidString.prefix(6))@example.org",
                places: group == nil ? 1 : places,
                isGroup: group != nil, organisation: group ?? "", consent: true), on: db
        ).bookingID
    }

    func testNamesMatchWhateverTheSpellingAndTheFormIsChecked() async throws {
        XCTAssertEqual(Organisations.normalisedName("St. Mary\u{2019}s  C of E School "), "st marys c of e school")
        XCTAssertEqual(Organisations.normalisedName("ST MARYS C-of-E school"), "st marys c of e school")
        try await withTestDatabase { db, hasher in
            let pid = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            let actor = ActingUser.system("test")
            let made = try await Organisations.create(
                .init(name: "St Mary's School", kind: "school", area: "Durham", size: "50-249"), areas: Self.areas,
                partnershipID: pid, by: actor, on: db)
            XCTAssertEqual(made.matchName, "st marys school")
            func errors(_ form: Organisations.Form) async throws -> [String] {
                do {
                    _ = try await Organisations.create(form, areas: Self.areas, partnershipID: pid, by: actor, on: db)
                    return []
                } catch let errors as FieldErrors { return errors.problems.map(\.field) }
            }
            let same = try await errors(.init(name: "st. marys   SCHOOL", kind: "school", area: "Durham"))
            XCTAssertEqual(
                same, ["name"], "the same name, spelt differently, in the same area is already on the register")
            // Review: two schools of one name in different towns are both allowed; then nothing links by that name
            // alone.
            let otherTown = try await errors(.init(name: "St Mary's School", kind: "school", area: "Sunderland"))
            XCTAssertEqual(otherTown, [])
            let bad = try await errors(.init(name: " ", kind: "castle", area: "Atlantis", size: "huge"))
            XCTAssertEqual(Set(bad), ["name", "kind", "area", "size"])
            let long = try await errors(.init(name: String(repeating: "a", count: 201), kind: "group"))
            XCTAssertEqual(long, ["name"])
            // Another partnership may hold the same name.
            let beta = try await Fixture.partnership("beta", on: db, hasher: hasher).requireID()
            _ = try await Organisations.create(
                .init(name: "St Mary's School", kind: "school"), areas: [], partnershipID: beta, by: actor, on: db)
            // A stored kind no version wrote is an error, not a default.
            made.kind = "castle"
            XCTAssertThrowsError(try made.organisationKind())
            let audit = try await AuditEntry.query(on: db).filter(\.$entity == "organisation").count()
            XCTAssertEqual(audit, 3)
            let ambiguous = Booking()
            ambiguous.isGroup = true
            ambiguous.organisation = "St Marys School"
            try await Organisations.assign([ambiguous], partnershipID: pid, on: db)
            XCTAssertNil(ambiguous.organisationID, "two organisations of that name: staff choose")
        }
    }

    func testLinksFollowTheRulesAndTheRecordShowsTheScoreChange() async throws {
        try await withTestDatabase { db, hasher in
            let pid = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            let beta = try await Fixture.partnership("beta", on: db, hasher: hasher).requireID()
            let actor = ActingUser.system("test")
            let talk = try await Self.event(pid, "Staying safe online", on: db)
            // Booked before the school was on the register: suggested, not linked.
            let early = try await Self.book(talk, pid, group: "ST MARYS SCHOOL", places: 30, on: db)
            let school = try await Organisations.create(
                .init(name: "St Mary's School", kind: "school", area: "Durham"), areas: Self.areas,
                partnershipID: pid, by: actor, on: db)
            let sid = try school.requireID()
            let other = try await Organisations.create(
                .init(name: "Hill Academy", kind: "school"), areas: Self.areas, partnershipID: pid, by: actor, on: db)
            // Booked after: linked as it arrives, whatever the spelling.
            let later = try await Self.book(talk, pid, group: "St. Mary\u{2019}s School", places: 20, on: db)
            let person = try await Self.book(talk, pid, group: nil, on: db)
            let stranger = try await Self.book(talk, pid, group: "Riverside Youth Club", on: db)
            let linkedLater = try await Booking.find(later, on: db)?.organisationID
            XCTAssertEqual(linkedLater, sid)
            let unlinked = try await Booking.find(stranger, on: db)?.organisationID
            XCTAssertNil(unlinked)

            var candidates = try await Organisations.candidates(for: school, on: db)
            XCTAssertEqual(candidates.suggested.map(\.itemID), [early])
            XCTAssertEqual(Set(candidates.bookings.map(\.itemID)), [early, stranger], "only unlinked group bookings")
            try await Organisations.link(
                .booking, itemID: early, organisationID: sid, linked: true, partnershipID: pid, by: actor, on: db)
            try await Attendance.checkIn(
                eventID: talk.requireID(), partnershipID: pid, bookingID: early, places: 28, by: actor, on: db)

            // A person's own booking is theirs; another partnership's items and organisations are not found.
            do {
                try await Organisations.link(
                    .booking, itemID: person, organisationID: sid, linked: true, partnershipID: pid, by: actor, on: db)
                XCTFail("a person's booking must not be linked")
            } catch let errors as FieldErrors { XCTAssertEqual(errors.problems.map(\.field), ["item"]) }
            let betaEvent = try await Self.event(beta, "Beta talk", on: db)
            let betaBooking = try await Self.book(betaEvent, beta, group: "St Mary's School", on: db)
            do {
                try await Organisations.link(
                    .booking, itemID: betaBooking, organisationID: sid, linked: true, partnershipID: pid, by: actor,
                    on: db)
                XCTFail("another partnership's booking")
            } catch is NotFound {}
            do {
                try await Organisations.link(
                    .booking, itemID: stranger, organisationID: sid, linked: true, partnershipID: beta, by: actor,
                    on: db)
                XCTFail("another partnership's organisation")
            } catch is NotFound {}
            // Only what is on an organisation's record can be unlinked from it.
            do {
                try await Organisations.link(
                    .booking, itemID: later, organisationID: other.requireID(), linked: false, partnershipID: pid,
                    by: actor, on: db)
                XCTFail("unlinking from the wrong organisation")
            } catch is NotFound {}

            // Checks: the first names the school (consent, follow-up) and joins; the re-take follows it; an anonymous
            // check cannot be linked.
            let first = try await Self.check(
                pid, yes: 2, named: "St Marys School", at: Date().addingTimeInterval(-90 * 86400), on: db)
            XCTAssertEqual(first.organisationID, sid)
            let retake = try await Self.check(pid, yes: 5, retaking: first.token, on: db)
            let retakeLink = try await ResilienceCheck.find(retake.requireID(), on: db)?.organisationID
            XCTAssertEqual(retakeLink, sid)
            let anonymous = try await Self.check(pid, yes: 6, consent: false, on: db)
            // Review: consent to keep a sector and area is not consent to be named.
            let unnamed = try await Self.check(pid, yes: 6, consent: true, on: db)
            XCTAssertEqual(unnamed.area, "Durham")
            do {
                try await Organisations.link(
                    .check, itemID: unnamed.requireID(), organisationID: sid, linked: true, partnershipID: pid,
                    by: actor, on: db)
                XCTFail("a check that named no organisation was linked")
            } catch let errors as FieldErrors { XCTAssertEqual(errors.problems.map(\.field), ["item"]) }
            // Review: an item on one record is not moved silently to another.
            do {
                try await Organisations.link(
                    .check, itemID: first.requireID(), organisationID: other.requireID(), linked: true,
                    partnershipID: pid, by: actor, on: db)
                XCTFail("moved from one record to another")
            } catch let errors as FieldErrors {
                XCTAssertEqual(errors.problems.first?.message.contains("unlink it there first"), true)
            }
            do {
                try await Organisations.link(
                    .check, itemID: anonymous.requireID(), organisationID: sid, linked: true, partnershipID: pid,
                    by: actor, on: db)
                XCTFail("a check without consent stays anonymous")
            } catch is FieldErrors {}
            candidates = try await Organisations.candidates(for: school, on: db)
            XCTAssertFalse(candidates.checks.contains { $0.itemID == (try? anonymous.requireID()) })

            // The record: two bookings and two checks, newest first, and the change worked out from the scores.
            let record = try await Organisations.record(id: sid, partnershipID: pid, on: db)
            XCTAssertEqual(Set(record.timeline.map(\.itemID)), [early, later, first.id!, retake.id!])
            XCTAssertEqual(record.timeline.map(\.date), record.timeline.map(\.date).sorted(by: >))
            let scored = [first, retake].map { CheckScoring.score(Self.set, $0.answers).overall }
            XCTAssertEqual(record.change?.overall, scored[1] - scored[0])
            XCTAssertEqual(record.change?.first.id, first.id)
            XCTAssertEqual(record.change?.latest.id, retake.id)
            XCTAssertGreaterThan(record.change?.overall ?? 0, 0)
            XCTAssertTrue(
                Organisations.changeSentence(record.change, checks: 2).contains("up \(scored[1] - scored[0]) points"))

            // The register line recounts the same.
            let line = try await Organisations.register(partnershipID: pid, on: db).first { $0.organisation.id == sid }
            XCTAssertEqual(line?.bookings, 2)
            XCTAssertEqual(line?.attendedPlaces, 28)
            XCTAssertEqual(line?.checks, 2)
            XCTAssertEqual(line?.latestScore, scored[1])

            // Review: a person who erases their booking takes its link to the organisation with it.
            let mine = try await Bookings.signUp(
                eventID: talk.requireID(), partnershipID: pid,
                form: .init(
                    name: "Teacher", email: "erase@example.org", places: 5, isGroup: true,
                    organisation: "St Mary's School", consent: true), on: db)
            let linkedMine = try await Booking.find(mine.bookingID, on: db)?.organisationID
            XCTAssertEqual(linkedMine, sid)
            try await Retention.erase(token: mine.token, on: db)
            let erasedMine = try await Booking.find(mine.bookingID, on: db)
            XCTAssertNil(erasedMine?.organisationID)
            XCTAssertEqual(erasedMine?.name, "")

            // Unlinking and taking off the register leave the items, unlinked; both audited.
            try await Organisations.link(
                .booking, itemID: later, organisationID: sid, linked: false, partnershipID: pid, by: actor, on: db)
            let afterUnlink = try await Booking.find(later, on: db)?.organisationID
            XCTAssertNil(afterUnlink)
            try await Organisations.remove(id: sid, partnershipID: pid, by: actor, on: db)
            let stillLinked =
                try await ResilienceCheck.query(on: db).filter(\.$organisationID == sid).count()
                + Booking.query(on: db).filter(\.$organisationID == sid).count()
            XCTAssertEqual(stillLinked, 0)
            let checksKept = try await ResilienceCheck.query(on: db).filter(\.$partnership.$id == pid).count()
            XCTAssertEqual(checksKept, 4)
            let audited = try await AuditEntry.query(on: db).filter(\.$partnershipID == pid).all().map(\.summary)
            XCTAssertTrue(audited.contains { $0.hasPrefix("Linked the group booking") })
            XCTAssertTrue(audited.contains { $0.hasPrefix("Unlinked the group booking") })
            XCTAssertTrue(audited.contains { $0.hasPrefix("Took St Mary's School off") })
        }
    }

    /// The figures recounted from the plan of what each organisation did, and the viewer's table protected: no
    /// count from 1 to 4 shown, none recoverable from the totals (scipy's integer programme agrees).
    func testFiguresAreRecountedAndSmallGroupsProtected() async throws {
        try await withTestDatabase { db, hasher in
            let pid = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            let actor = ActingUser.system("test")
            let now = Date()
            let year = ReportingYear()
            let quarter = Quarter.of(date: now)
            let yearStart = Quarter.span(year.firstQuarter(ofYearHolding: quarter)).start
            // (kind, area, reached this year?, scores of its checks or [])
            var plan: [(Organisation.Kind, String, Bool, [Int])] = []
            plan += (0..<7).map { i in (.school, "Durham", true, i < 3 ? [2, 4] : i < 5 ? [3, 3] : []) }
            plan += (0..<2).map { _ in (.school, "Sunderland", true, [4, 1]) }
            plan += (0..<6).map { _ in (.business, "Durham", true, []) }
            plan += [(.charity, "Sunderland", true, []), (.group, "", true, [])]
            plan += (0..<3).map { _ in (.business, "Sunderland", false, []) }
            let talk = try await Self.event(pid, "Talk", startsIn: -0.01, on: db)
            for (n, entry) in plan.enumerated() {
                let (kind, area, reached, scores) = entry
                let o = try await Organisations.create(
                    .init(name: "Org \(n)", kind: kind.rawValue, area: area), areas: Self.areas, partnershipID: pid,
                    by: actor, on: db)
                guard reached else {
                    // Only a booking nobody attended: not reached.
                    _ = try await Self.book(talk, pid, group: "Org \(n)", on: db)
                    continue
                }
                if scores.isEmpty {
                    let booking = try await Self.book(talk, pid, group: "Org \(n)", on: db)
                    try await Attendance.checkIn(
                        eventID: talk.requireID(), partnershipID: pid, bookingID: booking, places: 3, by: actor, on: db)
                    continue
                }
                var token: String?
                for (i, yes) in scores.enumerated() {
                    // The first check a little after the year began, the re-take now: both in the year.
                    let at = i == 0 ? max(yearStart.addingTimeInterval(3600), now.addingTimeInterval(-3600)) : now
                    // The first check names the organisation (so it joins the record); the re-take follows it.
                    let check = try await Self.check(
                        pid, yes: yes, named: i == 0 ? "Org \(n)" : nil, retaking: token, at: at, on: db)
                    XCTAssertEqual(check.organisationID, o.id)
                    token = check.token
                }
            }
            let figures = try await OrganisationFigures.load(
                partnershipID: pid, year: year, quarter: quarter, now: now.addingTimeInterval(60), on: db)

            // Independent recount from the plan.
            var expected: [String: [String: Int]] = [:]
            for (kind, area, reached, _) in plan where reached {
                expected[kind.rawValue, default: [:]][area, default: 0] += 1
            }
            XCTAssertEqual(figures.reached, expected)
            XCTAssertEqual(figures.totalReached, plan.filter(\.2).count)
            let overall = { (yes: Int) in CheckScoring.score(Self.set, Self.answers(yes: yes)).overall }
            let pairs = plan.map(\.3).filter { $0.count == 2 }.map { overall($0[1]) - overall($0[0]) }
            XCTAssertEqual(figures.improved, pairs.filter { $0 > 0 }.count)
            XCTAssertEqual(figures.unchanged, pairs.filter { $0 == 0 }.count)
            XCTAssertEqual(figures.lower, pairs.filter { $0 < 0 }.count)
            XCTAssertEqual([figures.improved, figures.unchanged, figures.lower], [3, 2, 2])

            // Exact for analysts; for a viewer, small counts hidden and none recoverable from the totals.
            let exact = figures.protected(.exact)
            XCTAssertEqual(exact.text(OrganisationFigures.id(kind: "school", area: "Sunderland")), "2")
            let viewer = figures.protected(.published)
            let published = viewer.published
            for (id, text) in published where Int(text).map({ (1...4).contains($0) }) == true {
                XCTFail("\(id) shows \(text)")
            }
            // Under the rule, one-way tables only: schools 9, a charity and a group "<5".
            XCTAssertEqual(viewer.text(OrganisationFigures.id(kind: "school")), "9")
            // The charity and the group (1 each) would sum to total − schools − businesses = 2, giving both back: so
            // the businesses' 6 is withheld too.
            XCTAssertEqual(viewer.text(OrganisationFigures.id(kind: "business")), "[c]")
            XCTAssertEqual(viewer.text(OrganisationFigures.id(kind: "charity")), "<5")
            XCTAssertNil(
                viewer.figures.values[OrganisationFigures.id(kind: "school", area: "Durham")], "no cross table")
            XCTAssertEqual(DisclosureCheck.givenAway(published: published, sums: viewer.figures.sums), [])
            let solved = try IndependentDisclosureCheck.findings([
                .init(name: "organisations", published: published, sums: viewer.figures.sums)
            ])
            XCTAssertEqual(solved.map(\.description), [])
            // The tables say what they count, per kind and area, with totals.
            let table = figures.reachedTable(exact)
            XCTAssertEqual(
                table.first, ["Kind of organisation", "Durham", "Sunderland", "Area not recorded", "All areas"])
            XCTAssertEqual(table.count, Organisation.Kind.allCases.count + 2)
            let oneWay = figures.reachedTables(viewer)
            XCTAssertEqual(
                oneWay.map { $0.first ?? [] },
                [["Kind of organisation", "Organisations reached"], ["Area", "Organisations reached"]])
        }
    }
}

extension OrganisationsTests {
    /// The demo's register: the schools that booked, with their bookings; schools' consented checks with re-takes,
    /// so a record shows a change; nothing anonymous linked; loading twice adds nothing.
    func testTheDemoRegisterHasSchoolsWithBookingsAndChecks() async throws {
        try await withTestDatabase { db, hasher in
            try await Fixture.demo(on: db, hasher: hasher, events: true)
            try await DemoResilienceChecks.load(on: db)
            let loaded = try await DemoOrganisations.load(on: db)
            XCTAssertTrue(loaded)
            let pid = try await Fixture.demoID(on: db)
            let register = try await Organisations.register(partnershipID: pid, on: db)
            XCTAssertGreaterThan(register.filter { $0.organisation.kind == "school" }.count, 2)
            XCTAssertTrue(register.contains { $0.bookings > 0 && $0.attendedPlaces > 0 })
            XCTAssertTrue(register.contains { ($0.change?.overall ?? 0) != 0 })
            let anonymous = try await ResilienceCheck.query(on: db).filter(\.$organisationID != nil).all()
                .filter { !Organisations.hasConsent($0) }
            XCTAssertEqual(anonymous.count, 0)
            try await DemoOrganisations.load(on: db)
            let again = try await Organisation.query(on: db).filter(\.$partnership.$id == pid).count()
            XCTAssertEqual(again, register.count)
        }
    }
}

extension OrganisationsTests {
    /// Review: a viewer comparing two visits saw hidden counts move. Under the rule, a year's figures are published
    /// once it has ended and never change after; a year still running is not shown.
    func testPublishedFiguresDoNotChangeAfterTheYearEnds() async throws {
        try await withTestDatabase { db, hasher in
            let pid = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            let actor = ActingUser.system("test")
            let year = ReportingYear()
            let now = Date()
            let thisYear = year.firstQuarter(ofYearHolding: Quarter.of(date: now))
            let lastYear = Quarter.adding(-4, to: thisYear)
            let inLastYear = Quarter.span(lastYear).start.addingTimeInterval(40 * 86_400)
            for n in 0..<6 {
                _ = try await Organisations.create(
                    .init(name: "Shop \(n)", kind: "business", area: "Durham"), areas: Self.areas, partnershipID: pid,
                    by: actor, on: db)
                _ = try await Self.check(pid, yes: 3, named: "Shop \(n)", at: inLastYear, on: db)
            }
            let running = try await OrganisationFigures.published(
                partnershipID: pid, year: year, quarter: thisYear, now: now, on: db)
            XCTAssertNil(running, "a year still running is not published")
            let first = try await OrganisationFigures.published(
                partnershipID: pid, year: year, quarter: lastYear, now: now, on: db)
            XCTAssertEqual(first?.figures.totalReached, 6)
            // One more shop, checked last year, linked today: the live figures move; the published ones do not.
            _ = try await Organisations.create(
                .init(name: "Shop 6", kind: "business", area: "Sunderland"), areas: Self.areas, partnershipID: pid,
                by: actor, on: db)
            _ = try await Self.check(pid, yes: 3, named: "Shop 6", at: inLastYear, on: db)
            let live = try await OrganisationFigures.load(partnershipID: pid, year: year, quarter: lastYear, on: db)
            XCTAssertEqual(live.totalReached, 7)
            let again = try await OrganisationFigures.published(
                partnershipID: pid, year: year, quarter: lastYear, now: now.addingTimeInterval(86_400), on: db)
            XCTAssertEqual(again?.figures, first?.figures)
            XCTAssertEqual(
                again?.publishedAt.timeIntervalSince1970 ?? 0, first?.publishedAt.timeIntervalSince1970 ?? 1,
                accuracy: 0.01)
        }
    }
}
