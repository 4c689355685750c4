import FluentKit
import Foundation
import TestSupport
import XCTest

@testable import SaferCyberCore

/// The plan on a real database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set).
final class PlanTests: XCTestCase {
    func draft(_ partnershipID: UUID, on db: any Database) async throws -> PlanActions.Draft {
        let choices = try await PlanActions.Choices.load(partnershipID: partnershipID, on: db)
        var d = PlanActions.Draft()
        d.title = "Scam talks"
        d.objective = choices.objectives.first!.uuidString
        d.leadPartner = try await PartnerOrganisation.query(on: db).filter(\.$partnership.$id == partnershipID).first()!
            .requireID().uuidString
        d.themes = [choices.themes.first!.uuidString]
        d.audiences = [choices.audiences.first!.uuidString]
        return d
    }

    func testCreateChecksEveryFieldAndKeepsHistory() async throws {
        try await withTestDatabase { db, hasher in
            // setup
            try await Fixture.demo(on: db, hasher: hasher)
            let id = try await Fixture.demoID(on: db)
            let actor = ActingUser.system("test")
            // act: a draft with every kind of mistake
            var bad = PlanActions.Draft()
            bad.objective = UUID().uuidString
            bad.starts = "1/5/2026"
            bad.due = "1/4/2026"
            bad.funding = "grant"
            bad.amount = "lots"
            bad.rag = "red"
            bad.milestones = [("", "31/2/2026", false)]
            do {
                try await PlanActions.create(partnershipID: id, draft: bad, by: actor, on: db)
                XCTFail("accepted a bad draft")
            } catch let errors as FieldErrors {
                XCTAssertEqual(
                    Set(errors.problems.map(\.field)),
                    [
                        "title", "objective", "leadPartner", "themes", "audiences", "due", "milestone-0-title",
                        "milestone-0-due", "funder",
                        "amount", "ragReason",
                    ])
            }
            let stored = try await PlanAction.query(on: db).count()
            XCTAssertEqual(stored, 0, "nothing half-saved")
            // act: two good ones, then a status change through the form and a progress update
            let first = try await PlanActions.create(
                partnershipID: id, draft: try await draft(id, on: db), by: actor, on: db)
            var second = try await draft(id, on: db)
            second.amount = "1,250.5"
            second.funding = "core"
            second.funder = "Community safety budget"
            let made = try await PlanActions.create(partnershipID: id, draft: second, by: actor, on: db)
            second.status = "in-progress"
            try await PlanActions.update(made, draft: second, by: actor, on: db)
            try await PlanActions.addUpdate(
                made, day: "", note: "Two talks held", evidence: "https://example.org/photos\n", status: "in-progress",
                rag: "amber", ragReason: "One venue cancelled", by: actor, on: db)
            do {
                try await PlanActions.addUpdate(
                    made, day: "", note: "x", evidence: "javascript:alert(1)", status: "complete", rag: "",
                    ragReason: "", by: actor, on: db)
                XCTFail("accepted a script link as evidence")
            } catch let errors as FieldErrors { XCTAssertEqual(errors.problems.map(\.field), ["evidence"]) }
            // check
            XCTAssertEqual([first.number, made.number], [1, 2])
            let reloaded = try await PlanAction.find(made.requireID(), partnershipID: id, on: db)!
            XCTAssertEqual(reloaded.amountPence, 125_050)
            XCTAssertEqual(reloaded.status, .inProgress, "the refused update changed nothing")
            XCTAssertEqual(reloaded.rating, .amber)
            let history = try await PlanActions.updates(of: [made.requireID()], on: db)
            XCTAssertEqual(history.map(\.status.rawValue), ["planned", "in-progress", "in-progress"])
            XCTAssertEqual(history.last?.evidenceLinks, ["https://example.org/photos"])
            let other = try await Partnerships.create(on: db, slug: "other", name: "Other", by: actor)
            let seenFromOther = try await PlanAction.find(made.requireID(), partnershipID: other.requireID(), on: db)
            XCTAssertNil(seenFromOther, "another partnership cannot reach the action")
            let audited = try await AuditEntry.query(on: db).filter(\.$entity == "plan-action").count()
            XCTAssertEqual(audited, 4)
            // Status, rating and funding are typed fields (issue 18): an unknown value is an error, not "planned",
            // "unrated" or "none".
            XCTAssertEqual(reloaded.funding, .core)
            for column in ["status", "rag", "funding"] {
                let fresh = try await PlanActions.create(
                    partnershipID: id, draft: try await draft(id, on: db), by: actor, on: db)
                try await assertUnknownValueIsAnError(PlanAction.self, id: fresh.requireID(), column: column, on: db)
                try await db.sql.delete(from: PlanAction.schema).where("id", .equal, fresh.requireID()).run()
            }
            // And the updates' status and rating (one column each, on two of the three updates).
            XCTAssertEqual(history.map(\.rating), [.unrated, .unrated, .amber], "rated amber by the progress update")
            for (update, column) in zip(history, ["status", "rag"]) {
                try await assertUnknownValueIsAnError(ActionUpdate.self, id: update.requireID(), column: column, on: db)
            }
        }
    }

    /// The demo plan: about 25 actions, the deliberate Northtown duplicate, a reviewed duplicate, gaps, meetings,
    /// and a scrutiny review whose figures are recounted here from the demo's own table.
    func testDemoPlanFlagsAndScrutinyFigures() async throws {
        try await withTestDatabase { db, hasher in
            try await Fixture.demo(on: db, hasher: hasher)
            let today = CalendarDay("2026-11-23")!
            try await DemoPlan.load(on: db, today: today)
            try await DemoPlan.load(on: db, today: today)  // idempotent
            let id = try await Fixture.demoID(on: db)
            let actions = try await PlanActions.all(partnershipID: id, on: db)
            XCTAssertEqual(actions.count, DemoPlan.rows.count)
            XCTAssertEqual(actions.map(\.status), DemoPlan.rows.map(\.status))
            XCTAssertEqual(actions.map(\.rating), DemoPlan.rows.map(\.rag))

            let checks = try await PlanChecks.run(partnershipID: id, quarter: 20263, on: db)
            let number = Dictionary(uniqueKeysWithValues: actions.map { ($0.id!, $0.number) })
            let groups = checks.duplicates.map { Set($0.actions.compactMap { number[$0] }) }
            XCTAssertTrue(groups.contains([2, 3, 22]), "scam talks for older people in Northtown: \(groups)")
            XCTAssertTrue(groups.contains([8, 9]), "the breakfast and the Cyber Essentials support: \(groups)")
            XCTAssertFalse(
                groups.contains { $0.contains(10) && $0.contains(11) }, "the same partner twice is not a duplicate")
            XCTAssertEqual(checks.reviews.count, 1)
            XCTAssertEqual(checks.unresolved.count, checks.gaps.count + checks.duplicates.count - 1)
            XCTAssertFalse(checks.fromCrimePicture, "no crime data loaded in this test")
            XCTAssertEqual(
                checks.gaps.map(\.title), [],
                "every theme and audience has an open action (the gaps come from the crime picture)")

            let overdue = PlanViews.overdue(actions.map(\.facts), today: today).map(\.number)
            XCTAssertEqual(overdue, [13, 8], "oldest due date first")
            let meetings = try await PlanMeetings.all(partnershipID: id, on: db)
            XCTAssertEqual(meetings.count, 2)
            XCTAssertEqual(actions.filter { $0.meetingID != nil }.map(\.number), [16, 21])

            let review = try await ScrutinyReviews.all(partnershipID: id, on: db).first!
            let (rows, summary) = try await ScrutinyReviews.progress(of: review, asOf: today, on: db)
            XCTAssertEqual(summary.total, 6)
            XCTAssertEqual(summary.byResponse, [.accepted: 3, .partial: 1, .rejected: 1, .awaiting: 1])
            XCTAssertEqual(rows.filter(\.overdue).map(\.number), [3])
            XCTAssertEqual(rows.map(\.slips), [0, 2, 0, 0, 0, 0])
            XCTAssertEqual(rows[0].status, .implemented)
            let evidence = try await ScrutinyReviews.evidence(of: review, on: db)
            let comments = try await ScrutinyReviews.comments(of: review, on: db)
            XCTAssertEqual(evidence.count, 6)
            XCTAssertEqual(comments.filter { $0.resolution == .open }.count, 1)
            // The board report's plan table, recounted from the demo's own rows: at today every action exists with its
            // final status; at the end of the quarter before, only actions started by then, none of them complete yet.
            let now = try await PlanProgress.asOf(today, partnershipID: id, on: db)
            XCTAssertEqual(now.reduce(0) { $0 + $1.actions }, DemoPlan.rows.count)
            XCTAssertEqual(
                now.reduce(0) { $0 + ($1.byStatus[.complete] ?? 0) },
                DemoPlan.rows.filter { $0.status == .complete }.count)
            XCTAssertEqual(now.reduce(0) { $0 + $1.red }, 1)
            XCTAssertEqual(now.reduce(0) { $0 + $1.overdue }, 2)
            let september = CalendarDay.lastDay(ofQuarter: 20263)
            let then = try await PlanProgress.asOf(september, partnershipID: id, on: db)
            // An action is on the plan from the day it was added: 5 days before its start (or 35 days ago if it has none).
            let existed = DemoPlan.rows.filter { today.adding(days: min($0.starts ?? -30, 0) - 5) <= september }.count
            XCTAssertEqual(then.reduce(0) { $0 + $1.actions }, existed)
            // Finished actions are closed on their due date: the video (100 days ago) and the freshers' stall (60 days ago).
            XCTAssertEqual(then.reduce(0) { $0 + ($1.byStatus[.complete] ?? 0) }, 2)
            XCTAssertEqual(
                then.reduce(0) { $0 + ($1.byStatus[.cancelled] ?? 0) }, 0,
                "the trusted trader module was cancelled in October")
            // A year earlier, none of it had been responded to yet.
            let before = try await ScrutinyReviews.progress(of: review, asOf: today.adding(days: -365), on: db)
            XCTAssertEqual(before.summary.byResponse, [.awaiting: 6])
        }
    }
}
