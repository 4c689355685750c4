import Fluent
import Foundation
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

/// Issue 19: on an import's page, a partnership with more than one area says which areas the file covers.
final class CrimeAreaCoverageRouteTests: XCTestCase {
    func testTheImportPageAsksWhichAreasTheFileCovers() async throws {
        try await withApp { app in
            let id = try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher).requireID()
            try await Fixture.twoAreaGeography(on: app.db)
            let rows = [
                "N/1,2024-01-10,53A,Fraud,Y,25-34,person,N,E01035001,Open,Call",
                "O/1,2024-02-10,53A,Fraud,Y,25-34,person,N,E01035002,Open,Call",
            ]
            let summary = try await CrimeImporter.run(
                source: MemoryByteSource(([SampleExtractHeader.header] + rows).joined(separator: "\n") + "\n"),
                partnershipID: id,
                options: CrimeImportOptions(profile: .forceExtract, fileName: "x.csv", actor: .system("t")),
                on: app.db)
            let path = "/app/p/alpha/crime/imports/\(summary.importID.uuidString)"
            let coordinator = Browser(app)
            try await coordinator.signIn("coordinator@alpha.test")
            let page = try await coordinator.get(path)
            XCTAssertTrue(page.body.contains("Areas the file holds every crime for"))
            XCTAssertTrue(page.body.contains("Newtown (E06099998)"))

            // Nothing ticked: refused, shown again with the error and nothing ticked, nothing saved.
            let refused = try await coordinator.post(path, ["complete-to": "202403"])
            XCTAssertEqual(refused.status, .unprocessableEntity)
            XCTAssertTrue(refused.body.contains("Choose at least one area the file holds every crime for"))
            XCTAssertFalse(refused.body.contains("checked"))
            var entry = try await CrimeImport.find(summary.importID, on: app.db)
            XCTAssertNil(entry?.coveredAreas)

            // One area: saved, audited; every area ticked is the whole partnership again.
            let one = try await coordinator.post(path, pairs: [("complete-to", "202403"), ("areas", "E06099998")])
            XCTAssertEqual(one.status, .seeOther)
            entry = try await CrimeImport.find(summary.importID, on: app.db)
            XCTAssertEqual(entry?.coveredAreas, "E06099998")
            let whole = try await CrimeCoverage.load(partnershipID: id, on: app.db)
            XCTAssertFalse(whole.isComplete(quarter: 20241), "Oldtown is not covered by any file")
            let audit = try await AuditEntry.query(on: app.db).filter(\.$entity == "crime-import").all()
            XCTAssertTrue(audit.contains { $0.summary.contains("for 1 area") })
        }
    }
}
