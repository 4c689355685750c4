import Fluent
import Foundation
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

/// Issue 23: a coordinator writes commentary and issues a quarter's report; the issued report keeps its figures and
/// text whatever is imported later, the page says what has changed since, and the PDF is made on the server.
final class BoardReportIssueTests: XCTestCase {
    private func importFrauds(_ count: Int, prefix: String, into id: UUID, _ app: Application) async throws {
        let rows = (0..<count).map {
            "DUR/\(prefix)/\($0),2024-0\($0 % 3 + 1)-\(String(format: "%02d", $0 % 27 + 1)),53A,Fraud by false representation,Y,35-44,person,N,,Open,Phone call"
        }
        let summary = try await CrimeImporter.run(
            source: MemoryByteSource(([SampleExtractHeader.header] + rows).joined(separator: "\n") + "\n"),
            partnershipID: id,
            options: CrimeImportOptions(profile: .forceExtract, fileName: "\(prefix).csv", actor: .system("test")),
            on: app.db)
        XCTAssertEqual(summary.status, .imported, summary.message)
        try await CrimeCoverage.confirm(
            importID: summary.importID, partnershipID: id, completeTo: 202403, actor: .system("test"), on: app.db)
    }

    func testAnIssuedReportStaysAsItWasAndSaysWhatChangedSince() async throws {
        try await withApp { app in
            let id = try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher).requireID()
            try await importFrauds(12, prefix: "A", into: id, app)
            let coordinator = Browser(app)
            try await coordinator.signIn("coordinator@alpha.test")
            let before = try await coordinator.get("/app/p/alpha/report?quarter=20241")
            XCTAssertTrue(before.body.contains("Issue this report"))
            XCTAssertTrue(
                before.body.contains("Board report, Q4 2023–24 (Jan–Mar 2024)"), "named in the council's year")

            // Commentary, escaped wherever it is shown.
            let saved = try await coordinator.post(
                "/app/p/alpha/report/commentary",
                ["quarter": "20241", "section": "crime", "comment": "Fraud calls rose <script>alert(1)</script>."])
            XCTAssertEqual(saved.status, .seeOther)
            let issued = try await coordinator.post("/app/p/alpha/report/issue", ["quarter": "20241"])
            XCTAssertEqual(issued.status, .seeOther)
            let frozen = try await coordinator.get("/app/p/alpha/report?quarter=20241")
            XCTAssertTrue(frozen.body.contains("Issued on"), frozen.body)
            XCTAssertTrue(frozen.body.contains("Fraud calls rose &lt;script&gt;alert(1)&lt;/script&gt;."))
            XCTAssertFalse(frozen.body.contains("<script>alert(1)"))
            XCTAssertTrue(frozen.body.contains("No figure has changed since it was issued."))
            XCTAssertTrue(frozen.body.contains("<dd>12</dd>"), "the issued crime count")
            XCTAssertFalse(frozen.body.contains("Issue this report"), "issued once")

            // A later import adds 8 records to the same quarter: the issued report keeps 12, the live one says 20.
            try await importFrauds(8, prefix: "B", into: id, app)
            let after = try await coordinator.get("/app/p/alpha/report?quarter=20241")
            XCTAssertTrue(after.body.contains("<dd>12</dd>"), "the issued report is unchanged")
            XCTAssertFalse(after.body.contains("<dd>20</dd>"))
            XCTAssertTrue(
                after.body.contains("Crime picture – Cyber-related crimes recorded: 12 when issued, 20 now"), after.body
            )
            let live = try await coordinator.get("/app/p/alpha/report?quarter=20241&live=1")
            XCTAssertTrue(live.body.contains("<dd>20</dd>"), "today's figures on request")
            let csv = try await coordinator.get("/app/p/alpha/report/figures.csv?quarter=20241")
            XCTAssertTrue(csv.body.contains("\"Cyber-related crimes recorded\",\"\",\"12\""), csv.body)

            // Nothing about an issued report can change.
            let late = try await coordinator.post(
                "/app/p/alpha/report/commentary", ["quarter": "20241", "section": "crime", "comment": "Rewritten"])
            XCTAssertEqual(late.status, .unprocessableEntity)
            XCTAssertTrue(late.body.contains("its commentary can no longer change"))
            let again = try await coordinator.post("/app/p/alpha/report/issue", ["quarter": "20241"])
            XCTAssertEqual(again.status, .unprocessableEntity)
            XCTAssertTrue(again.body.contains("already been issued"))
            // A quarter that has not ended cannot be issued.
            let early = try await coordinator.post(
                "/app/p/alpha/report/issue", ["quarter": "\(Quarter.of(date: Date()))"])
            XCTAssertEqual(early.status, .unprocessableEntity)
            XCTAssertTrue(early.body.contains("once the quarter has ended"))
            let audited = try await AuditEntry.query(on: app.db).filter(\.$entity == "board-report").count()
            XCTAssertEqual(audited, 2, "the commentary and the issue")

            // The viewer sees the issued report but no commentary or issue controls.
            let viewer = Browser(app)
            try await viewer.signIn("viewer@alpha.test")
            let read = try await viewer.get("/app/p/alpha/report?quarter=20241")
            XCTAssertTrue(read.body.contains("<dd>12</dd>"))
            XCTAssertFalse(read.body.contains("Save commentary"))
        }
    }

    func testThePDFIsMadeOnTheServerWithPageNumbers() async throws {
        try await withApp { app in
            let id = try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher).requireID()
            try await importFrauds(12, prefix: "A", into: id, app)
            XCTAssertNotNil(app.config.chromiumPath, "scripts/require-tools installs Chromium")
            let coordinator = Browser(app)
            try await coordinator.signIn("coordinator@alpha.test")
            let page = try await coordinator.get("/app/p/alpha/report?quarter=20241")
            XCTAssertTrue(page.body.contains("Download as PDF (A4)"))
            let pdf = try await coordinator.get("/app/p/alpha/report/report.pdf?quarter=20241")
            XCTAssertEqual(pdf.status, .ok)
            XCTAssertEqual(pdf.headers.contentType?.subType, "pdf")
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pdf-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = folder.appendingPathComponent("r.pdf")
            try Data(pdf.bytes).write(to: file)
            let text = try Self.pdftotext(file.path)
            XCTAssertTrue(text.contains("Board report, Q4 2023–24 (Jan–Mar 2024)"), text)
            XCTAssertTrue(text.contains("The crime picture"))
            XCTAssertTrue(text.contains("Page 1 of"), "page numbers: \(text)")
        }
    }

    static func pdftotext(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/pdftotext")
        process.arguments = ["-layout", path, "-"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
