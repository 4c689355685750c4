import FluentKit
import Foundation
import SaferCyberCore
import TestSupport
import XCTest

/// Issue 23: an issued board report is frozen; what changed since is listed figure by figure.
final class IssuedReportsTests: XCTestCase {
    func testChangesAreListedFigureByFigure() {
        let issued = [
            ["Q1", "Crime picture", "Cyber-related crimes recorded", "", "12", "rule"],
            ["Q1", "Delivery", "Attendances", "", "40", "rule"],
            ["Q1", "Delivery", "Sessions", "Objective A", "3", "rule"],
        ]
        let live = [
            ["Q1", "Crime picture", "Cyber-related crimes recorded", "", "20", "rule"],
            ["Q1", "Delivery", "Attendances", "", "40", "rule"],
            ["Q1", "Delivery", "Sessions", "Objective B", "1", "rule"],
        ]
        XCTAssertEqual(
            IssuedReports.changes(issued: issued, live: live),
            [
                "Crime picture – Cyber-related crimes recorded: 12 when issued, 20 now",
                "Delivery – Sessions – Objective A: 3 when issued, no longer in the report",
                "Delivery – Sessions – Objective B: not in the issued report, 1 now",
            ])
        XCTAssertEqual(IssuedReports.changes(issued: issued, live: issued), [])
    }

    func testCommentaryIsLimitedAndFrozenWithTheReport() async throws {
        try await withTestDatabase { db, _ in
            let partnership = try await Partnerships.create(on: db, slug: "north", name: "North", by: .system("t"))
            let id = try partnership.requireID()
            let now = ISO8601DateFormatter().date(from: "2026-12-04T12:00:00Z")!
            do {
                try await IssuedReports.setComment(
                    String(repeating: "x", count: IssuedReports.commentLimit + 1), section: .crime, partnershipID: id,
                    quarter: 20263, by: .system("t"), on: db, now: now)
                XCTFail("too long")
            } catch let errors as FieldErrors {
                XCTAssertEqual(errors.problems.first?.field, "comment-crime")
            }
            // Control characters become spaces; a blank comment clears it.
            try await IssuedReports.setComment(
                "Rose\u{0007} sharply\r\n\nSee annex", section: .crime, partnershipID: id, quarter: 20263,
                by: .system("t"), on: db, now: now)
            let saved = try await IssuedReports.comments(partnershipID: id, quarter: 20263, on: db)
            XCTAssertEqual(saved[.crime], "Rose  sharply\n\nSee annex")
            // Oct–Dec 2026 has not ended on 4 December 2026.
            do {
                try await IssuedReports.issue(
                    partnershipID: id, quarter: 20264, html: "<p>x</p>", figures: [], issuedBy: "Jo",
                    by: .system("t"), on: db, now: now)
                XCTFail("not ended")
            } catch let errors as FieldErrors {
                XCTAssertEqual(errors.problems.first?.field, "quarter")
            }
            try await IssuedReports.issue(
                partnershipID: id, quarter: 20263, html: "<p>x</p>", figures: [["a", "b", "c", "d", "1", "r"]],
                issuedBy: "Jo", by: .system("t"), on: db, now: now)
            let issued = try await IssuedReports.find(partnershipID: id, quarter: 20263, on: db)
            XCTAssertEqual(issued.map(IssuedReports.figures(of:)), [["a", "b", "c", "d", "1", "r"]])
            do {
                try await IssuedReports.setComment(
                    "Later", section: .crime, partnershipID: id, quarter: 20263, by: .system("t"), on: db, now: now)
                XCTFail("frozen")
            } catch is FieldErrors {}
            let quarters = try await IssuedReports.issuedQuarters(partnershipID: id, on: db)
            XCTAssertEqual(quarters, [20263])
        }
    }
}
