import FluentKit
import Foundation

/// A small, clearly fictional set of referrals at every stage for the demo partnership. Loaded only when a
/// safeguarding key is configured (the records are encrypted like real ones).
public enum DemoReferrals {
    struct Case {
        var daysAgo: Int, person: String, age: String, school: String, area: String
        var concerns: [Referral.Concern], risk: Referral.Risk, reason: String, partner: String
        var route: Referral.Route = .none
        var interventions: [(ReferralIntervention.Kind, Int?, Int?)] = []  // planned / delivered, days after received
        var pathways: [(ReferralPathway.Kind, Int, Bool?)] = []
        var outcome: (Referral.Outcome, Int)? = nil
        var followUps: (Referral.FollowUp?, Referral.FollowUp?) = (nil, nil)
    }

    static let cases: [Case] = [
        Case(
            daysAgo: 400, person: "Demo A. (fictional)", age: "14 to 15", school: "Demo Academy", area: "Consett",
            concerns: [.booters], risk: .medium,
            reason: "Paid for a booter to knock a classmate offline", partner: "Demo Academy Trust",
            interventions: [(.cyberChoices, 7, 12), (.mentoring, 20, 30)], pathways: [(.ctfClub, 35, true)],
            outcome: (.diverted, 120),
            followUps: (.noFurtherConcern, .noFurtherConcern)),
        Case(
            daysAgo: 380, person: "Demo B. (fictional)", age: "16 to 17", school: "Demo College", area: "Durham",
            concerns: [.unauthorisedAccess, .cheats],
            risk: .medium, reason: "Cracking gaming accounts and selling them", partner: "Demo College",
            interventions: [(.diversionVisit, 5, 9)], pathways: [(.collegeCourse, 40, true)], outcome: (.diverted, 150),
            followUps: (.noFurtherConcern, .notKnown)),
        Case(
            daysAgo: 300, person: "Demo C. (fictional)", age: "12 to 13", school: "Demo Primary", area: "Seaham",
            concerns: [.cheats], risk: .low,
            reason: "", partner: "Demo County Council", interventions: [(.schoolSupport, 10, 14)],
            outcome: (.noFurtherConcern, 60), followUps: (.noFurtherConcern, nil)),
        Case(
            daysAgo: 260, person: "Demo D. (fictional)", age: "16 to 17", school: "Demo College", area: "Darlington",
            concerns: [.malware, .tools], risk: .high,
            reason: "Sharing a remote-access tool on a forum; contact with older offenders online",
            partner: "Demo Constabulary", route: .safeguarding,
            interventions: [(.cyberChoices, 3, 6), (.mentoring, 14, 21)], pathways: [(.youthProgramme, 60, false)],
            outcome: (.escalated, 90),
            followUps: (.reReferred, nil)),
        Case(
            daysAgo: 200, person: "Demo E. (fictional)", age: "14 to 15", school: "Demo Academy", area: "Consett",
            concerns: [.booters, .tools], risk: .medium,
            reason: "Running a booter service from a chat server", partner: "Demo Constabulary",
            interventions: [(.cyberChoices, 8, 15)], pathways: [(.codingClub, 30, true)], outcome: (.diverted, 100),
            followUps: (.noFurtherConcern, nil)),
        Case(
            daysAgo: 170, person: "Demo F. (fictional)", age: "18 to 24", school: "Demo University", area: "Durham",
            concerns: [.fraud, .furtherOffences], risk: .high,
            reason: "Carding with stolen logins", partner: "Demo Constabulary",
            interventions: [(.diversionVisit, 4, 10)],
            outcome: (.disengaged, 70)),
        Case(
            daysAgo: 140, person: "Demo G. (fictional)", age: "14 to 15", school: "Demo Academy",
            area: "Bishop Auckland", concerns: [.unauthorisedAccess],
            risk: .low, reason: "", partner: "Demo Academy Trust", interventions: [(.workshop, 6, 11)],
            pathways: [(.ctfClub, 20, true)],
            outcome: (.diverted, 60)),
        Case(
            daysAgo: 120, person: "Demo H. (fictional)", age: "16 to 17", school: "Demo College", area: "Durham",
            concerns: [.tools], risk: .medium,
            reason: "Buying stolen streaming logins and reselling them", partner: "Demo College", route: .prevent,
            interventions: [(.cyberChoices, 9, 16), (.mentoring, 30, nil)], pathways: [(.workExperience, 45, nil)]),
        Case(
            daysAgo: 70, person: "Demo I. (fictional)", age: "12 to 13", school: "Demo Academy", area: "Seaham",
            concerns: [.cheats, .malware], risk: .low,
            reason: "", partner: "Demo County Council", interventions: [(.schoolSupport, 7, 12)],
            pathways: [(.codingClub, 25, true)]),
        Case(
            daysAgo: 40, person: "Demo J. (fictional)", age: "14 to 15", school: "Demo Academy", area: "Consett",
            concerns: [.booters], risk: .medium,
            reason: "Threatened to knock a streamer offline", partner: "Demo Constabulary",
            interventions: [(.cyberChoices, 10, nil)]),
        Case(
            daysAgo: 12, person: "Demo K. (fictional)", age: "16 to 17", school: "Demo College", area: "Darlington",
            concerns: [.unauthorisedAccess, .fraud],
            risk: .high, reason: "Accessed a relative's bank app and moved money", partner: "Demo College"),
    ]

    @discardableResult
    public static func load(on db: any Database, cipher: FieldCipher, today: CalendarDay = .today()) async throws
        -> Bool
    {
        guard let partnership = try await Partnerships.find(on: db, slug: DemoPartnership.slug), partnership.isDemo
        else { return false }
        let id = try partnership.requireID()
        if try await Referral.query(on: db).filter(\.$partnership.$id == id).count() > 0 { return true }
        let partners = try await PartnerOrganisation.query(on: db).filter(\.$partnership.$id == id).all()
        let actor = ActingUser(id: nil, email: "safeguarding@demo.test")
        for c in cases {
            let received = today.adding(days: -c.daysAgo)
            var d = Referrals.Draft()
            d.receivedOn = received.iso
            d.person = c.person
            d.ageBand = c.age
            d.school = c.school
            d.area = c.area
            d.referrer = "Demo officer (fictional)"
            d.referrerPartner =
                partners.first {
                    $0.name.localizedCaseInsensitiveContains(c.partner.replacingOccurrences(of: "Demo ", with: ""))
                }?.id?.uuidString ?? ""
            d.concerns = c.concerns.map(\.rawValue)
            d.consentYoungPerson = "given"
            d.consentParent = c.age == "18 to 24" ? "not-sought" : "given"
            d.risk = c.risk.rawValue
            d.riskReason = c.reason
            d.route = c.route.rawValue
            d.handedOn = c.route == .none ? "" : received.adding(days: 2).iso
            d.nextReviewOn = c.outcome == nil ? today.adding(days: 14).iso : ""
            let referral = try await Referrals.create(d, partnershipID: id, cipher: cipher, by: actor, on: db)
            for (kind, planned, delivered) in c.interventions {
                try await Referrals.addIntervention(
                    referral, kind: kind.rawValue, plannedOn: planned.map { received.adding(days: $0).iso } ?? "",
                    deliveredOn: delivered.map { received.adding(days: $0).iso } ?? "", note: "Fictional demo note",
                    cipher: cipher, by: actor, on: db)
            }
            for (kind, offered, taken) in c.pathways {
                try await Referrals.addPathway(
                    referral, kind: kind.rawValue, offeredOn: received.adding(days: offered).iso,
                    takenUp: taken.map { $0 ? "yes" : "no" } ?? "", note: "", cipher: cipher, by: actor, on: db)
            }
            if let (outcome, after) = c.outcome {
                try await Referrals.close(
                    referral, outcome: outcome.rawValue, on: received.adding(days: after).iso, by: actor, on: db)
                if let six = c.followUps.0 {
                    try await Referrals.followUp(referral, months: 6, result: six.rawValue, by: actor, on: db)
                }
                if let twelve = c.followUps.1 {
                    try await Referrals.followUp(referral, months: 12, result: twelve.rawValue, by: actor, on: db)
                }
            }
        }
        return true
    }
}
