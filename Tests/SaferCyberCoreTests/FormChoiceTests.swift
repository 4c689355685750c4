import FluentKit
import Foundation
import TestSupport
import XCTest

@testable import SaferCyberCore

/// Issue 18: a value outside a list's choices (a tampered or stale form) is refused with a clear error, not quietly
/// taken as the default ("lottery" funding had been saved as "no funding needed", a "purple" rating as none, a
/// referral handed on to "police" as not handed on).
final class FormChoiceTests: XCTestCase {
    func testAChoiceIsEmptyKnownOrRefused() {
        var errors = FieldErrors()
        XCTAssertEqual(errors.choice(" ", "funding", empty: PlanAction.Funding.none, message: "Choose"), .none)
        XCTAssertEqual(errors.choice("grant", "funding", empty: PlanAction.Funding.none, message: "Choose"), .grant)
        XCTAssertTrue(errors.isEmpty)
        XCTAssertEqual(errors.choice("lottery", "funding", empty: PlanAction.Funding.none, message: "Choose"), .none)
        XCTAssertEqual(errors.problems, [.init(field: "funding", message: "Choose")])
    }

    func testPlanActionsAndReferralsRefuseValuesOutsideTheirChoices() async throws {
        try await withTestDatabase { db, hasher in
            try await Fixture.demo(on: db, hasher: hasher)
            let alpha = try await Fixture.demoID(on: db)
            let choices = try await PlanActions.Choices.load(partnershipID: alpha, on: db)
            let partners = try await PartnerOrganisation.query(on: db).filter(\.$partnership.$id == alpha).all()
            var draft = PlanActions.Draft()
            draft.title = "Scam talks"
            draft.objective = try XCTUnwrap(choices.objectives.first).uuidString
            draft.leadPartner = try XCTUnwrap(partners.first).requireID().uuidString
            draft.themes = [try XCTUnwrap(choices.themes.first).uuidString]
            draft.audiences = [try XCTUnwrap(choices.audiences.first).uuidString]
            // The same draft with known values is saved (so the refusal below is the values').
            var good = draft
            good.funding = "core"
            good.rag = "green"
            try await PlanActions.create(partnershipID: alpha, draft: good, by: .system("test"), on: db)
            draft.funding = "lottery"
            draft.rag = "purple"
            do {
                try await PlanActions.create(partnershipID: alpha, draft: draft, by: .system("test"), on: db)
                XCTFail("saved an action with unknown funding and rating")
            } catch let errors as FieldErrors {
                XCTAssertNotNil(errors.message(for: "funding"))
                XCTAssertNotNil(errors.message(for: "rag"))
            }
            let saved = try await PlanAction.query(on: db).count()
            XCTAssertEqual(saved, 1, "only the good draft is saved")

            var referral = SafeguardingTests.draft("Sam Example")
            referral.route = "police"
            let cipher = try FieldCipher(keys: FieldCipher.newKey(id: "k1"))
            do {
                _ = try await Referrals.create(
                    referral, partnershipID: alpha, cipher: cipher, by: .system("test"), on: db)
                XCTFail("saved a referral handed on to an unknown route")
            } catch let errors as FieldErrors {
                XCTAssertNotNil(errors.message(for: "route"))
            }
            let referrals = try await Referral.query(on: db).filter(\.$partnership.$id == alpha).count()
            XCTAssertEqual(referrals, 0)
        }
    }
}
