import Foundation
import NIOConcurrencyHelpers
import SaferCyberCore
import SaferCyberViews

/// Prints a board report to PDF on the server with headless Chromium (issue 23): A4, the print stylesheet, page
/// numbers from its `@page` margin boxes. One at a time per process; a report that takes over a minute is abandoned.
enum ReportPDF {
    struct Unavailable: Error, CustomStringConvertible {
        let description: String
    }

    /// The browser to use: CHROMIUM_PATH when set ("none": no PDFs), else the first one installed.
    static func locate(_ configured: String?) -> String? {
        if let configured, !configured.isEmpty {
            return configured == "none" ? nil : configured
        }
        return ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    private static let gate = AsyncMutex()
    /// Requests waiting for or holding the gate; beyond `queueLimit` more are turned away at once (review: any
    /// viewer could queue PDFs without end).
    private static let waiting = NIOLockedValueBox(0)
    static let queueLimit = 3

    /// The PDF of a self-contained HTML document.
    static func make(html: String, chromium: String?, timeout: TimeInterval = 60) async throws -> Data {
        guard let chromium else {
            throw Unavailable(description: "PDFs cannot be made here: no Chromium is installed (CHROMIUM_PATH).")
        }
        let admitted = waiting.withLockedValue { count -> Bool in
            guard count < queueLimit else { return false }
            count += 1
            return true
        }
        guard admitted else {
            throw Unavailable(description: "Other PDFs are being made just now. Please try again in a minute.")
        }
        defer { waiting.withLockedValue { $0 -= 1 } }
        return try await gate.withLock {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "safercyber-pdf-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let page = folder.appendingPathComponent("report.html")
            let out = folder.appendingPathComponent("report.pdf")
            try html.write(to: page, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: chromium)
            var arguments = [
                "--headless", "--disable-gpu", "--no-pdf-header-footer", "--no-first-run", "--disable-extensions",
                "--user-data-dir=\(folder.appendingPathComponent("profile").path)",
                "--print-to-pdf=\(out.path)", page.absoluteString,
            ]
            // Chromium refuses to run as root without this (containers, CI).
            if geteuid() == 0 { arguments.insert("--no-sandbox", at: 0) }
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                process.terminationHandler = { _ in continuation.resume() }
                do { try process.run() } catch {
                    process.terminationHandler = nil
                    continuation.resume(throwing: error)
                }
                DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
                    if process.isRunning { process.terminate() }
                }
            }
            guard let data = try? Data(contentsOf: out), data.starts(with: Array("%PDF".utf8)) else {
                throw Unavailable(description: "Chromium did not produce a PDF.")
            }
            return data
        }
    }

    /// The report as a standalone document (stylesheet inside), from its body's HTML.
    static func document(title: String, body: String) -> String {
        ReportCommand.selfContained(BoardReportPage.document(title: title, bodyHTML: body))
    }
}
