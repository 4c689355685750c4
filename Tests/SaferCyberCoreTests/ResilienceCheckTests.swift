import FluentKit
import Foundation
import SQLKit
import TestSupport
import XCTest

@testable import SaferCyberCore

/// Scoring and prioritisation (checked against sums worked by hand), the question files, storing checks and
/// re-takes, consent, and the partnership's figures recounted from the rows, including suppression.
final class ResilienceCheckTests: XCTestCase {
    static func question(_ id: String, weight: Int, effort: CheckSet.Effort, cost: CheckSet.Cost) -> CheckSet.Question {
        .init(
            id: id, text: "Question \(id)?", guidance: "Guidance", weight: weight,
            action: .init(text: "Do \(id)", effort: effort, cost: cost))
    }

    /// Area A: q1 (weight 3), q2 (1). Area B: q3 (2), q4 (1), q5 (2), q6 (1).
    static let small = CheckSet(
        format: CheckSet.format, id: "test", version: 1, title: "Test", audience: "Testers", minutes: 5, intro: "Intro",
        areas: [
            .init(
                id: "a", title: "Area A", why: "Why A",
                questions: [
                    question("q1", weight: 3, effort: .some, cost: .free),
                    question("q2", weight: 1, effort: .quick, cost: .free),
                ]),
            .init(
                id: "b", title: "Area B", why: "Why B",
                questions: [
                    question("q3", weight: 2, effort: .quick, cost: .low),
                    question("q4", weight: 1, effort: .quick, cost: .medium),
                    question("q5", weight: 2, effort: .project, cost: .free),
                    question("q6", weight: 1, effort: .quick, cost: .free),
                ]),
        ])

    func testScoresAreWeightedSharesWorkedOutByHand() {
        let answers: [String: CheckScoring.Answer] = [
            "q1": .partly, "q2": .yes, "q3": .dontKnow, "q4": .no, "q5": .no, "q6": .no,
        ]
        let result = CheckScoring.score(Self.small, answers)
        // A: (3 × 0.5 + 1 × 1) / 4 = 62.5 → 63 (halves round up). B: nothing earned → 0. Overall: 2.5 / 10 = 25.
        XCTAssertEqual(result.areas.map(\.score), [63, 0])
        XCTAssertEqual(result.areas.map(\.band), [.gaps, .atRisk])
        XCTAssertEqual(result.overall, 25)
        XCTAssertEqual(result.band, .atRisk)
        let perfect = CheckScoring.score(
            Self.small, Dictionary(uniqueKeysWithValues: Self.small.questions.map { ($0.id, .yes) }))
        XCTAssertEqual(perfect.overall, 100)
        XCTAssertEqual(perfect.band, .good)
        XCTAssertEqual(CheckScoring.Band.of(80), .good)
        XCTAssertEqual(CheckScoring.Band.of(79), .gaps)
        XCTAssertEqual(CheckScoring.Band.of(50), .gaps)
        XCTAssertEqual(CheckScoring.Band.of(49), .atRisk)
        // An unanswered question counts as "don't know": q6 missing changes nothing here (it was "no").
        var missing = answers
        missing["q6"] = nil
        XCTAssertEqual(CheckScoring.score(Self.small, missing).overall, 25)
    }

    func testActionsPutQuickWinsFirstThenTheBiggestGaps() {
        let answers: [String: CheckScoring.Answer] = [
            "q1": .partly, "q2": .yes, "q3": .dontKnow, "q4": .no, "q5": .no, "q6": .no,
        ]
        let actions = CheckScoring.actions(Self.small, answers)
        // Quick wins (quick and free/low): q3 (gap 2), q6 (gap 1). Then q5 (gap 2), q1 (gap 3 × 0.5 = 1.5), q4 (gap 1; medium cost).
        XCTAssertEqual(actions.map(\.questionID), ["q3", "q6", "q5", "q1", "q4"])
        XCTAssertEqual(actions.map(\.gap), [2, 1, 2, 1.5, 1])
        XCTAssertEqual(actions.map(\.isQuickWin), [true, true, false, false, false])
        XCTAssertEqual(actions.first?.answer, .dontKnow)
        XCTAssertFalse(actions.contains { $0.questionID == "q2" }, "nothing to do where the answer is yes")
        // Equal gaps: less effort first, then less cost, then the order of the questions.
        let ties = CheckScoring.actions(
            Self.small, ["q1": .yes, "q2": .yes, "q3": .yes, "q4": .no, "q5": .partly, "q6": .yes])
        XCTAssertEqual(ties.map(\.questionID), ["q4", "q5"], "q4 (quick, gap 1) before q5 (project, gap 1)")
    }

    func testShippedChecksCoverTheControlsAndTheFilesAreValidated() throws {
        let library = CheckLibrary.shipped
        XCTAssertTrue(library.rejected.isEmpty, "\(library.rejected)")
        let business = try XCTUnwrap(library.latest("small-organisation"))
        let school = try XCTUnwrap(library.latest("school"))
        XCTAssertEqual(
            business.areas.map(\.id),
            [
                "firewalls", "configuration", "access", "malware", "updates", "backups", "phishing", "payments",
                "incident",
            ])
        XCTAssertEqual(
            school.areas.map(\.id),
            business.areas.map(\.id) + ["pupil-data", "accounts", "safeguarding-online", "filtering"])
        XCTAssertTrue((15...30).contains(business.questions.count), "about ten minutes")
        for set in [business, school] {
            XCTAssertEqual(Set(set.questions.map(\.id)).count, set.questions.count)
            XCTAssertTrue(set.questions.allSatisfy { !$0.guidance.isEmpty && !$0.action.text.isEmpty })
        }
        let broken = """
            {"format": "safercyber-check-1", "id": "x", "version": 1, "title": "T", "audience": "A", "minutes": 10, "intro": "I",
             "areas": [{"id": "a", "title": "A", "why": "W", "questions": [
               {"id": "q", "text": "Q?", "guidance": "G", "weight": 5, "action": {"text": "Do", "effort": "quick", "cost": "cheap"}},
               {"id": "q", "text": "Q?", "guidance": "G", "weight": 1, "action": {"text": "Do", "effort": "quick", "cost": "free"}}]}]}
            """
        guard case .failure(let shape) = CheckFile.read(Data(broken.utf8)) else { return XCTFail() }
        XCTAssertEqual(
            shape.problems.map(\.description),
            [
                "line 3, areas[0].questions[0].weight: should be between 1 and 3, not 5",
                "line 3, areas[0].questions[0].action.cost: “cheap” is not one of: free, low, medium, high",
            ])
        let fixed = broken.replacingOccurrences(of: "\"weight\": 5", with: "\"weight\": 2").replacingOccurrences(
            of: "cheap", with: "low")
        guard case .failure(let duplicate) = CheckFile.read(Data(fixed.utf8)) else { return XCTFail() }
        XCTAssertEqual(
            duplicate.problems.map(\.description),
            ["line 4, areas[0].questions[1].id: “q” is used twice; question ids must be different"])
    }

    /// Issue 20, case 8: with `secure_delete` off, erased details stayed in the file's free space (and so in
    /// backups). Now the bytes are gone from the file once the change is checkpointed.
    func testErasedDetailsLeaveNoBytesInTheSQLiteFile() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sc-erase-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let marker = "erase-me-\(UUID().uuidString.prefix(8).lowercased())"
        try await withFileDatabase(folder: folder) { db, hasher in
            let alpha = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            let check = try await ResilienceChecks.record(
                Self.small, answers: Dictionary(uniqueKeysWithValues: Self.small.questions.map { ($0.id, .yes) }),
                partnershipID: alpha, on: db)
            var details = ResilienceChecks.Details()
            details.consent = true
            details.followUp = true
            details.area = "Durham"
            details.organisation = "Org " + marker
            details.name = "Sam " + marker
            details.email = marker + "@example.org"
            try await ResilienceChecks.describe(check, details, areas: ["Durham"], on: db)
            let sql = db.sql
            try await sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
            let before = try Data(contentsOf: URL(fileURLWithPath: folder + "/safercyber.sqlite"))
            XCTAssertNotNil(before.range(of: Data(marker.utf8)), "the details were written to the file")

            try await ResilienceChecks.describe(check, ResilienceChecks.Details(), areas: ["Durham"], on: db)
            try await sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
        }
        let after = try Data(contentsOf: URL(fileURLWithPath: folder + "/safercyber.sqlite"))
        XCTAssertNil(after.range(of: Data(marker.utf8)), "erased details must not remain in the file")
    }

    /// Review of issue 19: an organisation can change its sector, size or area through its private link at any time,
    /// and a viewer's figures are those as at the end of the latest complete quarter; read from the check's details
    /// now, one change after the quarter moved "Charity" from 6 to 5 and "Retail" from 5 to 6 between two versions
    /// of the same quarter's figures. The details as they stood at the quarter's end are kept with their time.
    func testDetailsChangedAfterTheQuarterDoNotMoveItsFigures() async throws {
        try await withTestDatabase { db, hasher in
            let alpha = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            let set = Self.small
            let answers = Dictionary(uniqueKeysWithValues: set.questions.map { ($0.id, CheckScoring.Answer.yes) })
            let quarter = Quarter.lastComplete()
            let span = Quarter.span(quarter)
            let during = span.start.addingTimeInterval(10 * 86_400)
            var checks: [ResilienceCheck] = []
            for index in 0..<11 {
                let check = try await ResilienceChecks.record(
                    set, answers: answers, partnershipID: alpha, at: during, on: db)
                var details = ResilienceChecks.Details()
                details.consent = true
                details.sector = index < 6 ? "charity" : "retail"
                try await ResilienceChecks.describe(check, details, areas: [], at: during, on: db)
                checks.append(check)
            }
            func groups(_ quarter: Int?) async throws -> [String: Int] {
                let figures = try await ResilienceChecks.aggregates(
                    partnershipID: alpha, set: set, quarter: quarter, on: db)
                return Dictionary(uniqueKeysWithValues: figures.bySector.map { ($0.label, $0.count) })
            }
            let before = try await groups(quarter)
            // Independently of the code: the details given during the quarter.
            XCTAssertEqual(before[ResilienceCheck.Sector.charity.label], 6)
            XCTAssertEqual(before[ResilienceCheck.Sector.retail.label], 5)
            // After the quarter, one charity says it is a shop.
            var changed = ResilienceChecks.Details()
            changed.consent = true
            changed.sector = "retail"
            try await ResilienceChecks.describe(checks[0], changed, areas: [], on: db)
            let after = try await groups(quarter)
            XCTAssertEqual(after, before, "the quarter's figures stand")
            let now = try await groups(nil)
            XCTAssertEqual(now[ResilienceCheck.Sector.charity.label], 5, "today's (staff) figures follow the change")
            XCTAssertEqual(now[ResilienceCheck.Sector.retail.label], 6)
            // Consent withdrawn: the organisation's details go, earlier ones too (a revision, the organisation's
            // choice coming first).
            try await ResilienceChecks.describe(checks[1], ResilienceChecks.Details(), areas: [], on: db)
            let left = try await CheckDetailsChange.query(on: db).filter(\.$check.$id == checks[1].requireID())
                .count()
            XCTAssertEqual(left, 0)
            let revised = try await groups(quarter)
            XCTAssertEqual(revised[ResilienceCheck.Sector.charity.label], 5)
            // Withdrawn through a re-take's link: the earlier check it carried the details over from loses them too.
            let again = try await ResilienceChecks.record(
                set, answers: answers, partnershipID: alpha, previousToken: checks[2].token, on: db)
            XCTAssertEqual(again.sector, "charity")
            try await ResilienceChecks.describe(again, ResilienceChecks.Details(), areas: [], on: db)
            let first = try await ResilienceCheck.find(checks[2].requireID(), on: db)
            XCTAssertNil(first?.sector, "the earlier check's details go with the withdrawal")
            let history = try await CheckDetailsChange.query(on: db)
                .filter(\.$check.$id ~~ [checks[2].requireID(), again.requireID()]).count()
            XCTAssertEqual(history, 0)
        }
    }

    func testRetakesKeepTheEarlierResultAndConsentGovernsDetails() async throws {
        try await withTestDatabase { db, hasher in
            let alpha = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            let set = Self.small
            do {
                _ = try await ResilienceChecks.record(set, answers: ["q1": .yes], partnershipID: alpha, on: db)
                XCTFail("every question needs an answer")
            } catch let errors as FieldErrors { XCTAssertEqual(errors.problems.count, 5) }
            let all = { (answer: CheckScoring.Answer) in
                Dictionary(uniqueKeysWithValues: set.questions.map { ($0.id, answer) })
            }
            let first = try await ResilienceChecks.record(set, answers: all(.no), partnershipID: alpha, on: db)
            XCTAssertEqual(first.overall, 0)
            XCTAssertEqual(first.scores, ["a": 0, "b": 0])

            var details = ResilienceChecks.Details()
            details.sector = "retail"
            details.followUp = true
            details.name = "Sam"
            details.email = "sam@example.org"
            do {
                try await ResilienceChecks.describe(first, details, areas: ["Durham"], on: db)
                XCTFail("follow-up needs consent")
            } catch let errors as FieldErrors { XCTAssertNotNil(errors.message(for: "consent")) }
            details.consent = true
            details.area = "Somewhere typed"
            details.email = "not an email"
            do {
                try await ResilienceChecks.describe(first, details, areas: ["Durham"], on: db)
                XCTFail()
            } catch let errors as FieldErrors { XCTAssertEqual(Set(errors.problems.map(\.field)), ["area", "email"]) }
            details.area = "Durham"
            details.email = "sam@example.org"
            try await ResilienceChecks.describe(first, details, areas: ["Durham"], on: db)
            XCTAssertEqual(first.contactEmail, "sam@example.org")

            let again = try await ResilienceChecks.record(
                set, answers: all(.yes), partnershipID: alpha, previousToken: first.token, on: db)
            XCTAssertEqual(again.previousID, first.id)
            XCTAssertEqual(again.sector, "retail", "details carry over to the re-take")
            XCTAssertEqual(again.contactEmail, "sam@example.org")
            let earlier = try await ResilienceCheck.find(first.id, on: db)
            XCTAssertEqual(earlier?.superseded, true)
            // Issue 20, case 8: only a hash of the private link's secret is stored; the link still finds it.
            XCTAssertEqual(earlier?.tokenHash, Secrets.hash(first.token))
            XCTAssertNotEqual(earlier?.tokenHash, first.token)
            let byLink = try await ResilienceChecks.find(token: first.token, partnershipID: alpha, on: db)
            XCTAssertEqual(byLink?.id, first.id)
            let byHash = try await ResilienceChecks.find(token: first.tokenHash, partnershipID: alpha, on: db)
            XCTAssertNil(byHash, "a copy of the database does not open the page")
            let other = try await Fixture.partnership("beta", on: db, hasher: hasher).requireID()
            let elsewhere = try await ResilienceChecks.record(
                set, answers: all(.yes), partnershipID: other, previousToken: again.token, on: db)
            XCTAssertNil(elsewhere.previousID, "a private link does not reach into another partnership")

            // Without consent, everything is removed.
            try await ResilienceChecks.describe(again, ResilienceChecks.Details(), areas: ["Durham"], on: db)
            let cleared = try await ResilienceCheck.find(again.id, on: db)
            XCTAssertEqual(
                [cleared?.sector, cleared?.area, cleared?.contactName, cleared?.contactEmail].compactMap { $0 }, [])
            XCTAssertEqual(cleared?.followUp, false)

            let list = try await ResilienceChecks.followUps(
                partnershipID: alpha, by: .system("officer@alpha.test"), on: db)
            XCTAssertTrue(list.isEmpty, "the superseded check's request is not listed; the current one withdrew")
            let audit = try await AuditEntry.query(on: db).filter(\.$entity == "resilience-follow-up").count()
            XCTAssertEqual(audit, 1, "viewing the list is audited")
        }
    }

    func testFollowUpContactDetailsAreRemovedAfterTheirRetentionPeriod() async throws {
        try await withTestDatabase { db, hasher in
            let alpha = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            let all = Dictionary(uniqueKeysWithValues: Self.small.questions.map { ($0.id, CheckScoring.Answer.yes) })
            var details = ResilienceChecks.Details()
            details.consent = true
            details.sector = "retail"
            details.followUp = true
            details.name = "Sam"
            details.email = "sam@example.org"
            let now = Date()
            let old = try await ResilienceChecks.record(
                Self.small, answers: all, partnershipID: alpha, at: now.addingTimeInterval(-400 * 86_400), on: db)
            try await ResilienceChecks.describe(old, details, areas: [], on: db)
            let recent = try await ResilienceChecks.record(
                Self.small, answers: all, partnershipID: alpha, at: now.addingTimeInterval(-30 * 86_400), on: db)
            try await ResilienceChecks.describe(recent, details, areas: [], on: db)
            let removed = try await ResilienceChecks.applyContactRetention(months: 12, now: now, on: db)
            XCTAssertEqual(removed, 1)
            let aged = try await ResilienceCheck.find(old.id, on: db)!
            let kept = try await ResilienceCheck.find(recent.id, on: db)!
            XCTAssertNil(aged.contactEmail)
            XCTAssertNil(aged.contactName)
            XCTAssertFalse(aged.followUp)
            XCTAssertEqual(aged.sector, "retail", "the sector is not personal and stays for the figures")
            XCTAssertEqual(kept.contactEmail, "sam@example.org")
            let again = try await ResilienceChecks.applyContactRetention(months: 12, now: now, on: db)
            XCTAssertEqual(again, 0)
        }
    }

    func testFiguresAreRecountsWithSmallGroupsHidden() {
        func row(_ overall: Int, _ a: Int, _ b: Int, sector: String?, size: String? = nil, before: [String: Int]? = nil)
            -> CheckAggregates.Row
        {
            .init(overall: overall, scores: ["a": a, "b": b], sector: sector, size: size, area: nil, before: before)
        }
        // Retail 6, hospitality 5, charity 2, not given 7.
        let retail = (0..<6).map { row(40 + $0 * 10, 50 + $0, 20 + $0 * 2, sector: "retail", size: "2-9") }
        let hospitality = (0..<5).map { row(30 + $0, 10, 90, sector: "hospitality", size: "2-9") }
        let charity = [row(90, 95, 85, sector: "charity"), row(10, 5, 15, sector: "charity")]
        let unknown = (0..<7).map { row(50, 50, 50, sector: nil, before: $0 < 5 ? ["a": 20 + $0, "b": 40] : nil) }
        let rows = retail + hospitality + charity + unknown
        let figures = CheckAggregates.build(rows, areaIDs: ["a", "b"], labels: (sector: { $0 }, size: { $0 }))
        XCTAssertEqual(figures.total, 20)
        XCTAssertEqual(figures.bySector.map(\.label), ["retail", "hospitality", "charity", "Not given"])
        XCTAssertEqual(figures.bySector.map(\.count), [6, 5, 2, 7])
        // Retail: overall (40+50+60+70+80+90)/6 = 65; a = (50+…+55)/6 = 52.5 → 53; b = (20+22+…+30)/6 = 25.
        XCTAssertEqual(figures.bySector[0].overall, 65)
        XCTAssertEqual(figures.bySector[0].byArea, ["a": 53, "b": 25])
        XCTAssertNil(figures.bySector[2].overall, "charity (2) is under 5")
        XCTAssertNil(
            figures.bySector[1].overall, "hospitality (5) is hidden too, or charity could be worked out from the total")
        XCTAssertEqual(figures.bySector[3].overall, 50)
        // All 20: (390 + 160 + 100 + 350) / 20 = 50.
        XCTAssertEqual(figures.overall, 50)
        // Sizes: 11 in "2-9", 9 not given. Issue 19, case 6: published, size "not given" (9: the 7 with no sector
        // and the 2 charities) less sector "not given" (7) gave the charities' mean, (450 − 350) / 2; both size groups
        // are withheld (one alone would come back from the total).
        XCTAssertEqual(figures.bySize.map(\.count), [11, 9])
        XCTAssertEqual(figures.bySize.map { $0.overall != nil }, [false, false])
        // Weakest: only sectors whose means are published: hospitality's (withheld above) would give its means back.
        XCTAssertEqual(figures.weakest.map(\.sector), ["retail"])
        XCTAssertEqual(figures.weakest[0].areas.map(\.id), ["b", "a"])
        // Progress: 5 re-takes; a before = (20+21+22+23+24)/5 = 22, after 50.
        XCTAssertEqual(figures.retaken, 5)
        XCTAssertEqual(figures.progress.first, CheckAggregates.Progress(areaID: "a", count: 5, before: 22, after: 50))
        let fewer = CheckAggregates.build(
            Array(rows.dropLast(3)), areaIDs: ["a", "b"], labels: (sector: { $0 }, size: { $0 }))
        XCTAssertEqual(
            fewer.progress.first, CheckAggregates.Progress(areaID: "a", count: 4, before: nil, after: nil),
            "4 re-takes are too few to show")
    }

    /// An independent check of the withheld groups (issue 19, case 6): every set of organisations a reader can form
    /// from one breakdown's published groups (any union of them, the total less it, the withheld ones together) is
    /// compared with every such set of another breakdown; two that differ by 1 to threshold − 1 organisations give
    /// those organisations' scores away. It finds the reported case under the old rule (small groups and one more)
    /// and nothing under `CheckAggregates.build`, on generated organisations at thresholds 5 and 10.
    func testNoSmallGroupOfOrganisationsCanBeWorkedOutAcrossBreakdowns() {
        func readable(_ groups: [[Int]], hidden: Set<Int>, everyone: Set<Int>) -> [Set<Int>] {
            let shown = groups.indices.filter { !hidden.contains($0) }
            var sets: [Set<Int>] = []
            for mask in 1..<(1 << shown.count) {
                let union = shown.enumerated().filter { mask & (1 << $0.offset) != 0 }.reduce(into: Set<Int>()) {
                    $0.formUnion(groups[$1.element])
                }
                sets += [union, everyone.subtracting(union)]
            }
            if !hidden.isEmpty { sets.append(Set(hidden.flatMap { groups[$0] })) }
            return sets.filter { !$0.isEmpty }
        }
        func leaks(_ breakdowns: [[[Int]]], hidden: [Set<Int>], threshold: Int) -> Int {
            let everyone = Set(breakdowns[0].flatMap { $0 })
            var found = 0
            for a in breakdowns.indices {
                for b in breakdowns.indices where b > a {
                    let mine = readable(breakdowns[a], hidden: hidden[a], everyone: everyone)
                    for theirs in readable(breakdowns[b], hidden: hidden[b], everyone: everyone) {
                        found += mine.filter { (1..<threshold).contains($0.symmetricDifference(theirs).count) }.count
                    }
                }
            }
            return found
        }
        func row(_ i: Int, sector: String?, size: String?, area: String?) -> CheckAggregates.Row {
            .init(
                overall: (i * 37) % 101, scores: ["a": (i * 53) % 101], sector: sector, size: size, area: area,
                before: nil)
        }
        // The reported case: 6 retail, 5 hospitality (sized "2-9"), 2 charities and 7 with no sector (no size).
        var reported: [CheckAggregates.Row] = []
        for i in 0..<6 { reported.append(row(i, sector: "retail", size: "2-9", area: nil)) }
        for i in 6..<11 { reported.append(row(i, sector: "hospitality", size: "2-9", area: nil)) }
        for i in 11..<13 { reported.append(row(i, sector: "charity", size: nil, area: nil)) }
        for i in 13..<20 { reported.append(row(i, sector: nil, size: nil, area: nil)) }
        var generator = SplitMix64(seed: 19)
        func pick<T>(_ list: [T]) -> T { list[Int(generator.next() % UInt64(list.count))] }
        var cases: [([CheckAggregates.Row], Int)] = [(reported, 5)]
        for threshold in [5, 10] {
            for _ in 0..<40 {
                let count = 8 + Int(generator.next() % 38)
                let sectorList = ["retail", "charity", "hospitality", "manufacturing", nil]
                let sizeList = ["1", "2-9", "10-49", nil]
                let areaList = ["Seaham", "Peterlee", nil]
                cases.append(
                    (
                        (0..<count).map {
                            row(
                                $0, sector: pick(sectorList),
                                size: pick(sizeList),
                                area: pick(areaList))
                        }, threshold
                    ))
            }
        }
        var oldRuleLeaks = 0
        for (rows, threshold) in cases {
            let figures = CheckAggregates.build(
                rows, areaIDs: ["a"], labels: (sector: { $0 }, size: { $0 }), threshold: threshold)
            // The published groups, by members (the same order as the figures: the check's order, then "not given").
            func members(_ key: (CheckAggregates.Row) -> String?, _ order: [String]) -> [[Int]] {
                let keys =
                    order.filter { k in rows.contains { key($0) == k } }
                    + (rows.contains { key($0) == nil } ? [""] : [])
                return keys.map { k in rows.indices.filter { (key(rows[$0]) ?? "") == k } }
            }
            let breakdowns = [
                members(\.sector, ResilienceCheck.Sector.allCases.map(\.rawValue)),
                members(\.size, ResilienceCheck.Size.allCases.map(\.rawValue)),
                members(\.area, Set(rows.compactMap(\.area)).sorted()),
            ]
            let published = [figures.bySector, figures.bySize, figures.byArea]
            XCTAssertEqual(published.map { $0.map(\.count) }, breakdowns.map { $0.map(\.count) })
            let hidden = published.map { groups in Set(groups.indices.filter { groups[$0].overall == nil }) }
            for (groups, withheld) in zip(published, hidden) {
                for group in groups where group.count < threshold {
                    XCTAssertNil(group.overall, "a group under \(threshold) is withheld")
                }
                XCTAssertNotEqual(withheld.count, 1, "one withheld group alone comes back from the total")
            }
            XCTAssertEqual(leaks(breakdowns, hidden: hidden, threshold: threshold), 0, "\(rows.count) at \(threshold)")
            // The old rule: small groups, and the next smallest when one alone is withheld.
            let old = breakdowns.map { groups -> Set<Int> in
                var small = Set(groups.indices.filter { groups[$0].count < threshold })
                if small.count == 1, groups.count > 1,
                    let next = groups.indices.filter({ !small.contains($0) }).min(by: {
                        groups[$0].count < groups[$1].count
                    })
                {
                    small.insert(next)
                }
                return small
            }
            oldRuleLeaks += leaks(breakdowns, hidden: old, threshold: threshold)
            if rows == reported {
                XCTAssertGreaterThan(
                    leaks(breakdowns, hidden: old, threshold: 5), 0, "the checker finds the reported case")
            }
        }
        XCTAssertGreaterThan(oldRuleLeaks, 0)
    }

    /// Review findings: (1) a newer version of the check adds an area; a group's mean for it was taken over the one
    /// organisation that had answered it, and with none the mean of nothing trapped the server; (2) with everyone's
    /// per-area mean published, the progress table's re-takers (6 of 10) gave the other 4's mean by subtraction.
    func testAreaMeansNeedEnoughAnswersAndProgressLeavesNoSmallRemainder() {
        func row(_ i: Int, c: Bool, before: Bool) -> CheckAggregates.Row {
            .init(
                overall: 40 + i, scores: c ? ["a": 50 + i, "c": 17] : ["a": 50 + i], sector: "retail", size: nil,
                area: nil, before: before ? ["a": 30] : nil)
        }
        let rows = (0..<10).map { row($0, c: $0 == 0, before: $0 < 6) }
        let figures = CheckAggregates.build(rows, areaIDs: ["a", "c"], labels: (sector: { $0 }, size: { $0 }))
        XCTAssertEqual(figures.bySector.first?.byArea?["a"], 55)
        XCTAssertNil(figures.bySector.first?.byArea?["c"], "one organisation answered area c")
        XCTAssertEqual(figures.weakest.first?.areas.map(\.id), ["a"])
        let none = CheckAggregates.build(
            rows.map {
                var r = $0
                r.scores["c"] = nil
                return r
            }, areaIDs: ["a", "c"],
            labels: (sector: { $0 }, size: { $0 }))
        XCTAssertNil(none.bySector.first?.byArea?["c"], "no mean of nothing")
        XCTAssertNil(figures.progress.first?.after, "6 re-takers of 10: the other 4 would come back")
        let most = CheckAggregates.build(
            (0..<10).map { row($0, c: false, before: true) } + (10..<15).map { row($0, c: false, before: false) },
            areaIDs: ["a"], labels: (sector: { $0 }, size: { $0 }))
        XCTAssertNotNil(most.progress.first?.after, "10 re-takers and 5 others: shown")
    }

    func testDemoChecks() async throws {
        try await withTestDatabase { db, hasher in
            try await Fixture.demo(on: db, hasher: hasher, events: true)
            try await DemoResilienceChecks.load(on: db)
            try await DemoResilienceChecks.load(on: db)  // idempotent
            let id = try await Fixture.demoID(on: db)
            let rows = try await ResilienceCheck.query(on: db).filter(\.$partnership.$id == id).all()
            XCTAssertEqual(
                rows.filter { $0.previousID == nil }.count, 298, "268 businesses and charities and 30 schools")
            let retakes = rows.filter { $0.previousID != nil }
            XCTAssertGreaterThan(retakes.count, 30)
            let business = CheckLibrary.shipped.latest("small-organisation")!
            let figures = try await ResilienceChecks.aggregates(partnershipID: id, set: business, on: db)
            let current = rows.filter { $0.checkID == business.id && !$0.superseded }
            XCTAssertEqual(figures.total, current.count)
            // Third review of issue 19 (F5) and the fifth: for readers without exact counts, one complete quarter's
            // checks at a time, so that neither two visits nor two quarters' figures give each new organisation's
            // answers. Independently from the rows: checks completed in the quarter, each organisation's latest of
            // those (a re-take after the quarter leaves the one in it counted).
            var seen = Set<UUID>()
            for back in 0..<8 {
                let quarter = Quarter.adding(-back, to: Quarter.lastComplete())
                let span = Quarter.span(quarter)
                let inQuarter = rows.filter {
                    $0.checkID == business.id && $0.completedAt >= span.start && $0.completedAt < span.end
                }
                let replacedInQuarter = Set(inQuarter.compactMap(\.previousID))
                let counted = inQuarter.filter { !replacedInQuarter.contains($0.id!) }
                let figures = try await ResilienceChecks.aggregates(
                    partnershipID: id, set: business, quarter: quarter, on: db)
                XCTAssertEqual(figures.total, counted.count, Quarter.label(quarter))
                XCTAssertTrue(seen.isDisjoint(with: counted.map { $0.id! }), "no check is in two quarters' figures")
                seen.formUnion(counted.map { $0.id! })
                let retail = counted.filter { $0.sector == "retail" }
                if retail.count >= 5 {
                    XCTAssertEqual(
                        figures.bySector.first { $0.label == "Shops and retail" }?.overall,
                        CheckAggregates.mean(retail.map(\.overall)), "recounted from the quarter's rows")
                }
            }
            XCTAssertGreaterThan(seen.count, 20, "precondition: the demo's checks fall in the last eight quarters")
            let retail = current.filter { $0.sector == "retail" }
            XCTAssertEqual(
                figures.bySector.first { $0.label == "Shops and retail" }?.overall,
                CheckAggregates.mean(retail.map(\.overall)), "recounted from the rows")
            XCTAssertEqual(
                figures.weakest.first { $0.sector == "Shops and retail" }.map { Set($0.areas.map(\.id)) },
                ["backups", "updates", "incident"],
                "the demo's weak spots show up as the weakest areas")
            let improved = retakes.filter { $0.checkID == business.id }
            let before = try await ResilienceCheck.query(on: db).filter(\.$id ~~ improved.compactMap(\.previousID))
                .all()
            XCTAssertGreaterThan(
                CheckAggregates.mean(improved.map(\.overall)), CheckAggregates.mean(before.map(\.overall)),
                "re-takes improved")
        }
    }
}
