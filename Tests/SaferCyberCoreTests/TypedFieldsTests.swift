import FluentKit
import Foundation
import SQLKit
import TestSupport
import XCTest

@testable import SaferCyberCore

/// Writes a value outside the field's type into `column` of the row behind the side door (as a bad import or a hand
/// edit would), then reads the row through its model: that must throw.
func assertUnknownValueIsAnError<M: Model>(
    _ type: M.Type, id: UUID, column: String, on db: any Database, file: StaticString = #filePath,
    line: UInt = #line
) async throws {
    let sql = try XCTUnwrap(db as? any SQLDatabase)
    try await sql.update(M.schema).set(SQLIdentifier(column), to: SQLBind("no-such-value"))
        .where(SQLIdentifier("id"), .equal, SQLBind(id)).run()
    do {
        _ = try await M.query(on: db).filter(.path([FieldKey.id], schema: M.schema), .equal, .bind(id)).first()
        XCTFail("\(M.schema).\(column): an unknown value was read without an error", file: file, line: line)
    } catch {}
}

/// Issue 18: fields with a fixed set of values are read as their type, so a value outside it is an error rather than
/// a silent default (a booking whose status read "cancelled" for any unknown text dropped out of every count).
final class TypedFieldsTests: XCTestCase {
    func testBookingsAndEvents() async throws {
        try await withTestDatabase { db, hasher in
            let pid = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            let event = try await Events.create(
                Events.Draft(
                    title: "Workshop", kind: .workshop, venue: "Library", area: "Darlington",
                    startsAt: Date().addingTimeInterval(86_400), endsAt: Date().addingTimeInterval(90_000),
                    capacity: 1, status: .published),
                partnershipID: pid, by: .system("test"), on: db
            ).requireID()
            let made = try await Bookings.signUp(
                eventID: event, partnershipID: pid,
                form: .init(name: "Sam", email: "sam@example.org", consent: true), on: db)
            let waiting = try await Bookings.signUp(
                eventID: event, partnershipID: pid,
                form: .init(name: "Jo", email: "jo@example.org", consent: true), on: db)
            // Read as types, both ways.
            let read = try await Booking.query(on: db).filter(\.$status == .waiting).all()
            XCTAssertEqual(read.map(\.id), [waiting.bookingID])
            let confirmed = try await Booking.find(made.bookingID, on: db)
            XCTAssertEqual(confirmed?.status, .confirmed)
            try await assertUnknownValueIsAnError(Booking.self, id: made.bookingID, column: "status", on: db)
            // The event's kind and status too.
            let stored = try await Event.find(event, on: db)
            XCTAssertEqual([stored?.kind.rawValue, stored?.status.rawValue], ["workshop", "published"])
            try await assertUnknownValueIsAnError(Event.self, id: event, column: "kind", on: db)
            let other = try await Events.create(
                Events.Draft(
                    title: "Talk", kind: .talk, venue: "Library", area: "Darlington", startsAt: Date(),
                    endsAt: Date().addingTimeInterval(3600), capacity: 10, status: .draft),
                partnershipID: pid, by: .system("test"), on: db
            ).requireID()
            try await assertUnknownValueIsAnError(Event.self, id: other, column: "status", on: db)
        }
    }

    func testSurveysAndTheirResponses() async throws {
        try await withTestDatabase { db, hasher in
            let pid = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            let survey = try await Surveys.create(
                partnershipID: pid, title: "", templateKey: "scam-awareness-older-people", design: nil,
                by: .system("test"), on: db)
            try await Surveys.update(
                survey,
                settings: .init(
                    title: survey.title, intro: survey.intro, status: .open, closesAt: nil, quota: nil, events: []),
                by: .system("test"), on: db)
            let answers: [String: [String]] = [
                "spot-scam": ["2"], "hang-up": ["yes"], "call-blocker": ["no"], "talk-to-someone": ["yes"],
                "know-where-report": ["no"], "would-report": ["3"],
            ]
            try await Surveys.submit(survey, stage: .before, code: ParticipantCode.random(), answers: answers, on: db)
            let stored = try await Survey.find(survey.requireID(), on: db)
            XCTAssertEqual([stored?.status.rawValue, stored?.design.rawValue], ["open", "before-after"])
            let found = try await SurveyResponse.query(on: db).filter(\.$stage == .before).first()
            let response = try XCTUnwrap(found)
            try await assertUnknownValueIsAnError(
                SurveyResponse.self, id: response.requireID(), column: "stage", on: db)
            try await assertUnknownValueIsAnError(Survey.self, id: survey.requireID(), column: "design", on: db)
            let other = try await Surveys.create(
                partnershipID: pid, title: "Other", templateKey: "scam-awareness-older-people", design: nil,
                by: .system("test"), on: db)
            try await assertUnknownValueIsAnError(Survey.self, id: other.requireID(), column: "status", on: db)
        }
    }

    func testGameSessionsAndMessages() async throws {
        try await withTestDatabase { db, hasher in
            let pid = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            let scenario = try XCTUnwrap(ScenarioLibrary.shipped.scenario("scam-week"))
            let session = GameSession(
                partnershipID: pid, code: "ABCD12", scenario: scenario, title: "Scam week", eventID: nil,
                facilitatorID: nil, surveyID: nil)
            try await session.create(on: db)
            let read = try await GameSession.query(on: db).filter(\.$status == .lobby).count()
            XCTAssertEqual(read, 1)
            try await assertUnknownValueIsAnError(GameSession.self, id: session.requireID(), column: "status", on: db)
            // A message in the outbox too (an unknown status had read as "failed").
            try await Outbox.enqueue(
                Outbox.Draft(
                    kind: .bookingConfirmation, partnershipID: pid, recipient: "sam@example.org",
                    letter: Letter(subject: "Hello", greeting: "Hello,", blocks: [], signature: ["Test"]),
                    idempotencyKey: "typed"), on: db)
            let message = try await OutboxMessage.query(on: db).filter(\.$status == .queued).first()
            try await assertUnknownValueIsAnError(
                OutboxMessage.self, id: try XCTUnwrap(message).requireID(), column: "status", on: db)
        }
    }

    func testIndicators() async throws {
        try await withTestDatabase { db, hasher in
            let pid = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            let actor = ActingUser(id: nil, email: "c@x.test")
            let made = try await Indicators.create(
                partnershipID: pid, title: "Friends made", source: .friends, direction: .down, by: actor, on: db)
            let stored = try await Indicator.query(on: db).filter(\.$source == .friends).first()
            XCTAssertEqual(stored?.direction, .down)
            try await assertUnknownValueIsAnError(Indicator.self, id: made.requireID(), column: "direction", on: db)
            let other = try await Indicators.create(
                partnershipID: pid, title: "People engaged", source: .peopleEngaged, direction: .up, by: actor, on: db)
            try await assertUnknownValueIsAnError(Indicator.self, id: other.requireID(), column: "source", on: db)
        }
    }

    func testCrimeRules() async throws {
        try await withTestDatabase { db, hasher in
            let pid = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            let kind = try XCTUnwrap(CrimeRule.Kind.allCases.first)
            let rule = CrimeRule(
                partnershipID: pid, number: 900, position: 900, kind: kind, pattern: "typed", themeID: nil, cyber: nil)
            try await rule.create(on: db)
            let stored = try await CrimeRule.query(on: db).filter(\.$kind == kind).filter(\.$number == 900).first()
            XCTAssertEqual(stored?.kind, kind)
            try await assertUnknownValueIsAnError(CrimeRule.self, id: rule.requireID(), column: "kind", on: db)
        }
    }

    /// A member's role read as a `Role`: an unknown value had read as "viewer" in the member list and invitations,
    /// and silently dropped the membership when signing in.
    func testRoles() async throws {
        try await withTestDatabase { db, hasher in
            let pid = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            let coordinators = try await Membership.query(on: db).filter(\.$partnership.$id == pid)
                .filter(\.$role == .coordinator).with(\.$user).all()
            XCTAssertEqual(coordinators.map(\.user.email), ["coordinator@alpha.test"])
            let analysts = try await Membership.query(on: db).filter(\.$partnership.$id == pid)
                .filter(\.$role == .analyst).all()
            let analyst = try XCTUnwrap(analysts.first)
            try await assertUnknownValueIsAnError(Membership.self, id: analyst.requireID(), column: "role", on: db)
            let coordinatorID = try coordinators[0].user.requireID()
            let invitation = Invitation(
                partnershipID: pid, email: "new@example.org", role: .officer, tokenHash: "x",
                createdByID: coordinatorID,
                now: Date(), expiresAt: Date().addingTimeInterval(86_400))
            try await invitation.create(on: db)
            let readInvitation = try await Invitation.find(invitation.requireID(), on: db)
            XCTAssertEqual(readInvitation?.role, .officer)
            try await assertUnknownValueIsAnError(Invitation.self, id: invitation.requireID(), column: "role", on: db)
            let viewers = try await Membership.query(on: db).filter(\.$partnership.$id == pid)
                .filter(\.$role == .viewer).all()
            let viewer = try XCTUnwrap(viewers.first)
            try await RoleGrants.request(
                on: db, partnershipID: pid, userID: viewer.$user.id, role: .safeguarding, by: .system("test"),
                now: Date())
            let grants = try await RoleGrant.query(on: db).filter(\.$role == .safeguarding).all()
            let grant = try XCTUnwrap(grants.first)
            try await assertUnknownValueIsAnError(RoleGrant.self, id: grant.requireID(), column: "role", on: db)
        }
    }

    /// The scrutiny review's evidence, comments, recommendations and their updates, a session's "was it fun?"
    /// answer and a partner's kind: read as their types (an unknown comment resolution had read as "not yet
    /// resolved", an unknown recommendation status as "not started", an unknown rating dropped out of the figures).
    func testScrutinyFeedbackAndPartners() async throws {
        try await withTestDatabase { db, hasher in
            try await Fixture.demo(on: db, hasher: hasher)
            try await DemoPlan.load(on: db, today: CalendarDay("2026-11-23")!)
            let id = try await Fixture.demoID(on: db)
            let reviews = try await ScrutinyReviews.all(partnershipID: id, on: db)
            let review = try XCTUnwrap(reviews.first)
            let evidence = try await ScrutinyReviews.evidence(of: review, on: db)
            let comments = try await ScrutinyReviews.comments(of: review, on: db)
            let recommendations = try await Recommendation.query(on: db).filter(\.$review.$id == review.requireID())
                .sort(\.$number).all()
            let updates = try await RecommendationUpdate.query(on: db).all()
            XCTAssertFalse(evidence.isEmpty || comments.count < 2 || recommendations.count < 2 || updates.isEmpty)
            let implemented = try await Recommendation.query(on: db).filter(\.$status == .implemented).count()
            XCTAssertEqual(implemented, recommendations.filter { $0.status == .implemented }.count)
            try await assertUnknownValueIsAnError(
                ReviewEvidence.self, id: evidence[0].requireID(), column: "kind", on: db)
            try await assertUnknownValueIsAnError(
                ReviewComment.self, id: comments[0].requireID(), column: "kind", on: db)
            try await assertUnknownValueIsAnError(
                ReviewComment.self, id: comments[1].requireID(), column: "resolution", on: db)
            try await assertUnknownValueIsAnError(
                Recommendation.self, id: recommendations[0].requireID(), column: "response", on: db)
            try await assertUnknownValueIsAnError(
                Recommendation.self, id: recommendations[1].requireID(), column: "status", on: db)
            try await assertUnknownValueIsAnError(
                RecommendationUpdate.self, id: updates[0].requireID(), column: "status", on: db)

            let partners = try await PartnerOrganisation.query(on: db).filter(\.$partnership.$id == id).all()
            XCTAssertTrue(partners.contains { $0.kind == .police })
            try await assertUnknownValueIsAnError(
                PartnerOrganisation.self, id: partners[0].requireID(), column: "kind", on: db)

            let event = try await Events.create(
                Events.Draft(
                    title: "Talk", kind: .talk, venue: "Library", area: "Darlington",
                    startsAt: Date().addingTimeInterval(-7200), endsAt: Date().addingTimeInterval(-3600), capacity: 10,
                    status: .published),
                partnershipID: id, by: .system("test"), on: db
            ).requireID()
            try await SessionFeedbacks.record(eventID: event, partnershipID: id, rating: "fun", comment: "", on: db)
            let given = try await SessionFeedback.query(on: db).all()
            let feedback = try XCTUnwrap(given.first)
            XCTAssertEqual(feedback.rating, .fun)
            try await assertUnknownValueIsAnError(
                SessionFeedback.self, id: feedback.requireID(), column: "rating", on: db)
        }
    }
}
