import FluentKit
import Foundation

/// A clearly fictional scrutiny review of young people and cybercrime for the demo partnership: evidence, the
/// draft's comments (one still open) and six recommendations at different stages, two of whose dates slipped.
enum DemoScrutiny {
    static func load(partnershipID id: UUID, today: CalendarDay, actor: ActingUser, on db: any Database) async throws {
        func day(_ offset: Int) -> String { today.adding(days: offset).iso }
        let review = try await ScrutinyReviews.save(
            nil, partnershipID: id,
            fields: [
                "title": "Young people and cybercrime",
                "scope":
                    "How partners identify young people whose online activity is drifting towards offending, what diverts them, and how their skills can be steered to positive uses.",
                "members": "Cllr A. Morgan (chair)\nCllr B. Singh\nCllr C. Davies\nCllr D. O’Neill",
                "starts": day(-420), "ends": day(-210),
                "draft": "Draft report, version 0.3 (committee papers, item 7).", "shared": day(-240),
                "reviewers":
                    "Cyber Protect lead, Demo Constabulary\nVice-principal, Demo College\nYouth services manager, Demo County Council",
            ], by: actor, on: db)
        let evidence: [(Int, ReviewEvidence.Kind, String, String, String)] = [
            (
                -400, .deskResearch, "National Crime Agency",
                "Reports on young people's pathways into cybercrime: gaming communities, cheats and booter services are common first steps.",
                "NCA publications (public)"
            ),
            (
                -380, .meeting, "Demo Constabulary — Cyber Protect",
                "About 20 young people a year are referred for low-level computer misuse; most are 13–17 and male.",
                "Meeting notes, 12 pages"
            ),
            (
                -350, .focusGroup, "Demo College students",
                "Students knew little about the Computer Misuse Act; several had been offered paid ‘boosting’ or cheat tools.",
                "Focus group summary"
            ),
            (
                -330, .meeting, "Demo Valley Academy Trust",
                "Schools want a clear referral route and staff training; filtering alerts are rarely followed up.",
                "Meeting notes"
            ),
            (
                -300, .siteVisit, "Demo University capture-the-flag club",
                "Members described the club as the thing that kept them on the right side of the line.", "Visit record"
            ),
            (
                -280, .written, "Youth services", "Youth workers lack confidence discussing online offending.",
                "Written submission"
            ),
        ]
        for (offset, kind, organisation, heard, source) in evidence {
            try await ScrutinyReviews.addEvidence(
                to: review,
                fields: [
                    "evidence-day": day(offset), "evidence-kind": kind.rawValue,
                    "evidence-organisation": organisation, "evidence-heard": heard, "evidence-source": source,
                ],
                by: actor, on: db)
        }
        let reviewers = review.reviewerList
        let comments: [(Int, ReviewComment.Kind, String, String, ReviewComment.Resolution, String)] = [
            (
                0, .accuracy, "Paragraph 3.2", "The referral figure is about 20 a year, not 200.", .changed,
                "Corrected to ‘about 20 a year’."
            ),
            (
                1, .comment, "Section 5", "The college already runs a cyber security course that could be named.",
                .changed, "Course named in section 5."
            ),
            (
                2, .comment, "Recommendation 4", "Youth workers would need paid time for training.", .noChange,
                "A matter for the response; noted in the covering report."
            ),
            (0, .accuracy, "Appendix B", "The date of the Cyber Choices launch is wrong.", .open, ""),
        ]
        for (reviewer, kind, section, text, _, _) in comments {
            try await ScrutinyReviews.addComment(
                to: review,
                fields: [
                    "comment-reviewer": reviewers[reviewer], "comment-day": day(-228), "comment-kind": kind.rawValue,
                    "comment-section": section, "comment-text": text,
                ], by: actor, on: db)
        }
        let stored = try await ScrutinyReviews.comments(of: review, on: db)
        for (comment, (_, _, _, _, resolution, note)) in zip(stored, comments) where resolution != .open {
            try await ScrutinyReviews.resolve(
                comment, in: review, resolution: resolution.rawValue, note: note, by: actor, on: db)
        }
        try await recommendations(review, today: today, actor: actor, on: db)
    }

    static func recommendations(_ review: ScrutinyReview, today: CalendarDay, actor: ActingUser, on db: any Database)
        async throws
    {
        func day(_ offset: Int) -> String { today.adding(days: offset).iso }
        let texts: [(String, String)] = [
            (
                "Agree one referral route for young people at risk of cyber offending, used by all schools and the college.",
                "Cabinet Member for Communities"
            ),
            (
                "Train designated safeguarding leads in every secondary school to recognise online offending.",
                "Demo Valley Academy Trust"
            ),
            (
                "Fund a capture-the-flag club in each district, run with the university.",
                "Cabinet Member for Children and Young People"
            ),
            ("Give youth workers paid time for training on online radicalisation and offending.", "Youth services"),
            (
                "Include the Computer Misuse Act in the college's induction for all students.",
                "Demo College of Further Education"
            ),
            (
                "Report progress on these recommendations to the committee every six months.",
                "Community Safety Partnership"
            ),
        ]
        for (text, owner) in texts {
            try await ScrutinyReviews.addRecommendation(
                to: review, fields: ["recommendation-text": text, "recommendation-owner": owner], by: actor, on: db)
        }
        let items = try await ScrutinyReviews.recommendations(of: review, on: db)
        // (response, reason, responded, target) then updates (day, status, new target)
        let plans: [(Recommendation.Response, String, Int, Int?, [(Int, Recommendation.Status, Int?, String)])] = [
            (
                .accepted, "", -180, -100,
                [
                    (-150, .inProgress, nil, "Draft route agreed with schools."),
                    (-110, .implemented, nil, "Route live; 9 referrals received."),
                ]
            ),
            (
                .accepted, "", -180, -60,
                [
                    (-120, .inProgress, nil, "Training designed with Cyber Protect."),
                    (-70, .inProgress, -20, "Two schools postponed; date moved."),
                    (-25, .inProgress, 45, "Final cohort moved to the spring term."),
                ]
            ),
            (
                .partial, "One club, not one per district, within the current budget.", -180, -20,
                [(-90, .inProgress, nil, "University club open; second venue sought.")]
            ),
            (.rejected, "No budget for paid training time this year; e-learning offered instead.", -180, nil, []),
            (.accepted, "", -180, 120, []),
            (.awaiting, "", 0, nil, []),
        ]
        for (item, (response, reason, responded, target, updates)) in zip(items, plans) {
            if response != .awaiting {
                try await ScrutinyReviews.respond(
                    item, in: review,
                    fields: [
                        "response": response.rawValue, "reason": reason, "responded": day(responded),
                        "target": target.map(day) ?? "",
                    ], by: actor, on: db)
            }
            for (offset, status, newTarget, note) in updates {
                try await ScrutinyReviews.addUpdate(
                    to: item, in: review,
                    fields: [
                        "day": day(offset), "status": status.rawValue, "note": note,
                        "target": newTarget.map(day) ?? "",
                    ], by: actor, on: db)
            }
        }
    }
}
